"""The demo's period marks for the statements: both periods written, the current one rounded from
the grades, the planted categories exactly as recorded, the movement inside the period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.codes import MarkKind
from ejournal_sheets.dates import school_week
from ejournal_sheets.demo import DemoBuild, build_demo, make_class_rows
from ejournal_sheets.demo.journal_marks import read_notes
from ejournal_sheets.demo.journal_plants import LAGGARD, DemoJournalBuild, make_demo_journal
from ejournal_sheets.demo.journal_records import DemoJournal, Grade, Pupil
from ejournal_sheets.demo.planting import hosts
from ejournal_sheets.demo.school_days import is_school_day
from ejournal_sheets.demo.timetable import SUBJECTS
from ejournal_sheets.journal.reader import read_journal
from ejournal_sheets.names import name_key
from ejournal_sheets.settings import load_settings
from tests.conftest import TODAY

NAMES = [subject for subject, _, _ in SUBJECTS]
TEACHERS = {subject: teacher for subject, teacher, _ in SUBJECTS}
CATEGORIES = ["с одной «4»", "с одной «3»", "неуспевающий", "не аттестован"]
CASES = [(TODAY, 7), (TODAY, 1), (date(2026, 12, 2), 7), (date(2027, 2, 10), 3),
         (date(2026, 11, 20), 7), (date(2027, 4, 30), 5)]  # fmt: skip
Marks = dict[str, dict[str, object]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoBuild]:
    root = tmp_path_factory.mktemp("periods")
    return root, build_demo(root, TODAY)


@cache
def made(today: date, seed: int, plant: bool = True) -> DemoJournalBuild:
    demo = make_class_rows(today, seed, plant_problems=plant)
    return make_demo_journal(demo.rows, today, seed, "7Б", plant, hosts(demo.planted, demo.rows))


def read_marks(path: Path) -> tuple[str, tuple[object, ...], Marks]:
    """Title, header and {student: {subject: value}} of a wide period-marks file."""
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = rows[3]
    return str(rows[0][0]), header, {str(row[0]): dict(zip(NAMES, row[1:], strict=True))
                                     for row in rows[4:]}  # fmt: skip


def rounded(grades: Iterable[Grade]) -> int | None:
    """The weighted average rounded by 2.5 / 3.5 / 4.5 (a threshold rounds up)."""
    pairs = [(g.value, g.weight) for g in grades]
    if not pairs:
        return None
    average = round(sum(v * w for v, w in pairs) / sum(w for _, w in pairs), 9)
    return 2 + sum(average >= t for t in (2.5, 3.5, 4.5))


Lesson = tuple[date, int, str]  # date, number, teacher (the two English groups meet together)


def grades_of(journal: DemoJournal, name: str, subject: str, skip: frozenset[Lesson] = frozenset()
              ) -> list[Grade]:  # fmt: skip
    return [g for e in journal.entries if e.student == name and e.slot.course.subject == subject
            and (e.slot.day, e.slot.number, e.slot.course.teacher) not in skip
            for g in e.grades]  # fmt: skip


def on_roll(journal: DemoJournal) -> list[Pupil]:
    return [p for p in journal.pupils if p.enrolled_on(journal.today)]


def category(marks: Mapping[str, object]) -> str:
    """DESIGN §6, first match wins."""
    values = list(marks.values())
    if "н/а" in values:
        return "не аттестован"
    if 2 in values:
        return "неуспевающий"
    if values.count(3) == 1:
        return "с одной «3»"
    if 3 in values:
        return "троечник"
    if values.count(4) == 1:
        return "с одной «4»"
    return "хорошист" if 4 in values else "отличник"


def planted_lessons(build: DemoJournalBuild, pupil: Pupil) -> frozenset[Lesson]:
    """Lessons of the planted journal problems about the student (marks that are mistakes)."""
    return frozenset((f.date, f.lesson_number, f.teacher or "") for f in build.planted_findings
                     if f.student == pupil.workbook_name and f.date and f.lesson_number)


# --- the files -------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["Ч1", "Ч2"])
def test_both_files_carry_their_period_and_the_marks_written(built, period: str) -> None:
    root, demo = built
    title, header, marks = read_marks(root / "журнал" / f"Итоговые_{period}.xlsx")
    assert title == f"Период: {period}" and header == ("Ученик", *NAMES)
    assert marks == {s: {n: v for n, v in m.items() if v is not None}
                     for s, m in demo.journal.marks_of(period).items()}
    assert demo.journal.mark_periods == ("Ч1", "Ч2") and demo.journal.period.name == "Ч2"


def test_every_student_on_the_roll_has_a_current_mark_in_every_subject(built) -> None:
    root, demo = built
    _, _, marks = read_marks(root / "журнал" / "Итоговые_Ч2.xlsx")
    assert list(marks) == [p.name for p in on_roll(demo.journal)]
    for student, mine in marks.items():
        assert all(mine[s] in (2, 3, 4, 5, "н/а") for s in NAMES), student
    departed = next(p for p in demo.journal.pupils if p.leaving)
    assert departed.leaving < TODAY and departed.name not in marks
    gone = {f.student for f in demo.planted_findings
            if f.kind in ("workbook-only", "arrived-not-in-journal")}  # fmt: skip
    assert len(gone) == 2 and not {name_key(s or "") for s in gone} & set(map(name_key, marks))


def test_previous_marks_keep_their_profile(built) -> None:
    root, demo = built
    _, _, marks = read_marks(root / "журнал" / "Итоговые_Ч1.xlsx")
    end = date(2026, 10, 24)
    assert list(marks) == [p.name for p in on_roll(demo.journal) if p.enrolled_on(end)]
    values = Counter(v for mine in marks.values() for v in mine.values())
    assert set(values) == {3, 4, 5} and sum(values.values()) == len(marks) * len(NAMES)


# --- current marks from the grades -----------------------------------------------------------


@pytest.mark.parametrize(("today", "seed"), CASES)
@pytest.mark.parametrize("plant", [True, False])
def test_current_marks_are_the_rounded_weighted_averages(today: date, seed: int,
                                                         plant: bool) -> None:  # fmt: skip
    build = made(today, seed, plant)
    journal = build.journal
    marks = journal.marks_of(journal.period.name)
    planted = {(p.student, p.subject) for p in build.planted_categories
               if p.category == "не аттестован"}  # fmt: skip
    for pupil in on_roll(journal):
        for subject in NAMES:
            value = marks[pupil.name][subject]
            if (pupil.workbook_name, subject) in planted:
                assert value == "н/а"
                continue
            expected = rounded(grades_of(journal, pupil.name, subject))
            if expected is None:  # no grade at all: only the laggard's subject, within 3–5
                assert plant and subject == LAGGARD and value in (3, 4, 5)
                continue
            assert value == expected, (pupil.name, subject)
            mistakes = planted_lessons(build, pupil)
            assert rounded(grades_of(journal, pupil.name, subject, mistakes)) in (None, expected)


def test_the_program_reads_the_same_averages_from_the_exports(built) -> None:
    root, demo = built
    journal, _ = read_journal(root / "журнал", load_settings(root / "ejournal.toml"))
    found: dict[tuple[str, str], list[Grade]] = {}
    for cell in journal.cells:
        for mark in cell.marks:
            if mark.kind is MarkKind.GRADE and mark.value is not None:
                key = (name_key(cell.student), name_key(cell.lesson.subject))
                found.setdefault(key, []).append(Grade(mark.value, int(mark.weight)))
    for student, mine in demo.journal.marks_of("Ч2").items():
        for subject, value in mine.items():
            grades = found.get((name_key(student), name_key(subject)), [])
            if value != "н/а" and grades:
                assert rounded(grades) == value, (student, subject)


# --- planted categories ----------------------------------------------------------------------


def test_planted_categories_are_recorded_once_each_for_other_students(built) -> None:
    _, demo = built
    planted = demo.planted_categories
    assert [p.category for p in planted] == CATEGORIES
    assert len({p.student for p in planted}) == len({p.subject for p in planted}) == 4
    assert LAGGARD not in {p.subject for p in planted}
    others = {f.student for f in demo.planted_findings}
    numbers = {s["number"]: s for s in demo.rows["Ученики"]}
    busy = {numbers[n]["last_name"] for n in hosts(demo.planted, demo.rows)}
    for item in planted:
        assert item.student not in others and item.student.split()[0] not in busy
        student = next(s for s in numbers.values() if item.student.startswith(
            f"{s['last_name']} {s['first_name']}"))  # fmt: skip
        assert not student["arrival_date"] and not student["leaving_date"]
        group = {g["student_number"]: g["teacher"] for g in demo.rows["Группы"]}
        assert item.teacher == (TEACHERS[item.subject] or group[student["number"]])


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_each_planted_category_holds_exactly(today: date, seed: int) -> None:
    build = made(today, seed)
    marks = build.journal.marks_of(build.journal.period.name)
    pupils = {p.workbook_name: p for p in build.journal.pupils}
    alone = {"с одной «4»": (4, {5}), "с одной «3»": (3, {4, 5}), "неуспевающий": (2, {3, 4, 5}),
             "не аттестован": ("н/а", {3, 4, 5})}  # fmt: skip
    for item in build.planted_categories:
        mine = dict(marks[pupils[item.student].name])
        own, rest = alone[item.category]
        assert mine.pop(item.subject) == own, item
        assert set(mine.values()) <= rest, item
        assert category(marks[pupils[item.student].name]) == item.category
    counts = Counter(category(mine) for mine in marks.values())
    assert counts["неуспевающий"] == counts["не аттестован"] == 1
    assert all(counts[name] for name in ("отличник", "с одной «4»", "хорошист", "с одной «3»",
                                         "троечник")), counts  # fmt: skip


def test_the_failing_mark_stands_on_low_grades(built) -> None:
    _, demo = built
    item = next(p for p in demo.planted_categories if p.category == "неуспевающий")
    pupil = next(p for p in demo.journal.pupils if p.workbook_name == item.student)
    grades = grades_of(demo.journal, pupil.name, item.subject)
    assert len(grades) >= 3 and rounded(grades) == 2


def test_not_attested_has_few_marks_and_many_noted_absences(built) -> None:
    _, demo = built
    item = next(p for p in demo.planted_categories if p.category == "не аттестован")
    journal = demo.journal
    pupil = next(p for p in journal.pupils if p.workbook_name == item.student)
    cells = journal.cells()
    lessons = [x.slot for x in journal.lessons if x.slot.course.subject == item.subject]
    row = [cells.get((slot, pupil.name)) for slot in lessons]
    missed = [slot for slot, e in zip(lessons, row, strict=True) if e and e.code == "Б"]
    assert len(grades_of(journal, pupil.name, item.subject)) < 3
    assert len(missed) >= 0.3 * len(lessons) and len(missed) >= 3
    notes = [n for n in read_notes(demo.rows["Пропуски"]) if n.number == pupil.number]
    week = school_week(TODAY)
    for slot in missed:
        assert slot.day < week.start
        assert any(n.covers(slot) and n.code == "Б" for n in notes)
    other = [e for e in journal.entries if e.student == pupil.name and e.code
             and e.slot.course.subject != item.subject]  # fmt: skip
    assert other == []  # the notes name the subject's lessons only


# --- movement --------------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_movement_inside_the_period_and_before_the_checked_week(today: date, seed: int) -> None:
    build = made(today, seed)
    period, week = build.journal.period, school_week(today)
    moves = build.rows["Движение"]
    assert sorted(str(m["event"]) for m in moves) == ["выбыл", "прибыл"]
    students = {s["number"]: s for s in build.rows["Ученики"]}
    for move in moves:
        day = move["date"]
        assert isinstance(day, date) and period.start < day < week.start and is_school_day(day)
        field = "arrival_date" if move["event"] == "прибыл" else "leaving_date"
        assert students[move["student_number"]][field] == day
        assert f"{day:%d.%m.%Y}" in str(move["order"])
    kinds = {f.kind for f in build.planted_findings}
    assert {"outside-enrolment", "departed-in-journal", "arrived-not-in-journal"} <= kinds


def test_clean_demo_has_no_planted_categories() -> None:
    build = made(TODAY, 7, False)
    marks = build.journal.marks_of("Ч2")
    assert build.planted_categories == ()
    assert len(marks) == 27 - 1  # all but the one who left
    assert {v for mine in marks.values() for v in mine.values()} <= {3, 4, 5}
