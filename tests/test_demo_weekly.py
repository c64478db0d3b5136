"""The demo weekly run finds every planted case (teacher, date, lesson) and nothing else."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.demo import DemoBuild, build_demo
from ejournal_sheets.flows.weekly import WeeklyResult, run_weekly
from ejournal_sheets.workspace import open_workspace
from tests.conftest import TODAY

ATTENDANCE = {"code-mismatch", "present-while-noted", "unexplained", "outside-enrolment",
              "wrong-group"}
ROSTER = {"journal-only", "workbook-only", "arrived-not-in-journal", "departed-in-journal"}
LAGGARD = {"marks-missing", "lesson-no-topic"}


def run(tmp_path: Path, plant: bool) -> tuple[DemoBuild, WeeklyResult]:
    built = build_demo(tmp_path / "demo", TODAY, plant_problems=plant)
    return built, run_weekly(open_workspace(tmp_path / "demo"), TODAY)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoBuild, WeeklyResult]:
    return run(tmp_path_factory.mktemp("planted"), True)


def test_every_planted_attendance_case_is_found_and_nothing_else(planted) -> None:
    built, result = planted
    assert result.reconciliation is not None
    found = sorted((str(f.kind), f.date, f.lesson.number, f.subject, f.teacher, f.student)
                   for f in result.reconciliation.findings)
    expected = sorted((p.kind, p.date, p.lesson_number, p.subject, p.teacher, p.student)
                      for p in built.planted_findings if p.kind in ATTENDANCE)
    assert found == expected
    assert len(found) == 6


def test_every_roster_mismatch_is_found(planted) -> None:
    built, result = planted
    assert result.reconciliation is not None
    found = sorted((str(m.kind), m.student_name) for m in result.reconciliation.mismatches)
    expected = sorted((p.kind, p.student) for p in built.planted_findings if p.kind in ROSTER)
    assert found == expected


def test_name_variants_are_warned(planted) -> None:
    built, result = planted
    warned = [p for p in result.report.problems if p.code == "journal-name-variant"]
    names = {p.student for p in built.planted_findings if p.kind == "journal-name-variant"}
    assert len(warned) == len(names) == 2
    for name in names:
        assert sum(name in p.message for p in warned) == 1


def test_only_the_laggard_teacher_gets_a_reminder(planted) -> None:
    built, result = planted
    assert result.filling is not None
    teachers = {p.teacher for p in built.planted_findings if p.kind in LAGGARD}
    behind = {(r.subject, r.teacher) for r in result.filling.rows if r.issues}
    assert behind == {("Физика", teacher) for teacher in teachers}
    assert [r.teacher for r in result.filling.reminders] == list(teachers)


def test_journal_exports_read_without_problems(planted) -> None:
    _, result = planted
    journal_codes = {p.code for p in result.report.problems
                     if p.where.path.name != "класс.xlsx"}
    assert journal_codes == {"journal-name-variant"}


def test_teacher_sheets_list_their_lessons(planted) -> None:
    built, result = planted
    path = next(p for p in result.outputs if p.name == "Сверка_посещаемости.xlsx")
    book = openpyxl.load_workbook(path)
    texts = {sheet.title: " ".join(str(c.value) for row in sheet.iter_rows() for c in row
                                   if c.value is not None) for sheet in book.worksheets}
    for case in built.planted_findings:
        if case.kind in ATTENDANCE - {"unexplained"}:
            surname = case.teacher.split()[0]
            sheet = next(name for name in texts if name.startswith(surname))
            assert case.student in texts[sheet] and str(case.date) in texts[sheet]
    unexplained = next(p for p in built.planted_findings if p.kind == "unexplained")
    assert unexplained.student in texts["Без объяснения"]
    assert "ОРВИ" not in " ".join(texts.values())


def test_clean_demo_has_no_findings_at_all(tmp_path: Path) -> None:
    built, result = run(tmp_path, False)
    assert built.planted_findings == () and built.planted == ()
    assert result.reconciliation is not None and result.filling is not None
    assert result.reconciliation.findings == ()
    assert result.reconciliation.mismatches == ()
    assert [r.subject for r in result.filling.rows if r.issues] == []
    assert {p.severity.name for p in result.report.problems} <= {"INFO"}
