"""The demo's statements against an independent recomputation from the demo's own data.

Nothing here uses the program's formulas: the expected figures are computed from the marks
the demo wrote (DemoBuild.journal.marks_of), with DESIGN §6 written out again below.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.demo import DemoBuild, build_demo
from ejournal_sheets.flows.period import run_period
from ejournal_sheets.workspace import open_workspace
from tests.conftest import TODAY

TWINS = str.maketrans({"o": "о", "e": "е", "a": "а", "c": "с", "p": "р", "x": "х", "ё": "е"})


def plain(name: str) -> str:
    return " ".join(name.casefold().translate(TWINS).split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoBuild, Path]:
    root = tmp_path_factory.mktemp("statements") / "7Б"
    built = build_demo(root, TODAY)
    result = run_period(open_workspace(root), TODAY, "Ч2", preliminary=False)
    folder = next(p.parent for p in result.outputs if p.parent.name == "Ведомости")
    return built, folder


def on_roll(built: DemoBuild, day: date) -> dict[str, str]:
    """Journal-style «фамилия имя» key → workbook ФИО of the students enrolled that day."""
    found = {}
    for row in built.rows["Ученики"]:
        arrived, left = row["arrival_date"], row["leaving_date"]
        if (arrived is None or arrived <= day) and (left is None or day < left):
            found[plain(f"{row['last_name']} {row['first_name']}")] = (
                f"{row['last_name']} {row['first_name']} {row['patronymic']}")
    return found


def expected_rows(built: DemoBuild) -> dict[str, tuple[object, ...]]:
    roll = on_roll(built, TODAY)
    by_subject: dict[str, Counter[object]] = {}
    for student, marks in built.journal.marks_of("Ч2").items():
        if plain(student) in roll:
            for subject, mark in marks.items():
                by_subject.setdefault(subject, Counter())[mark] += 1
    rows = {}
    for subject, counts in by_subject.items():
        n5, n4, n3, n2, na = (counts[5], counts[4], counts[3], counts[2], counts["н/а"])
        n = n5 + n4 + n3 + n2 + na
        graded = n5 + n4 + n3 + n2
        rows[subject] = (n, n5, n4, n3, n2, na,
                         round(round((n5 + n4 + n3) / n * 100, 1) / 100, 4),
                         round(round((n5 + n4) / n * 100, 1) / 100, 4),
                         round(round((100 * n5 + 64 * n4 + 36 * n3 + 16 * n2 + 7 * na) / n, 1)
                               / 100, 4),
                         round((5 * n5 + 4 * n4 + 3 * n3 + 2 * n2) / graded, 2))
    return rows


def test_results_statement_matches_a_recomputation(demo) -> None:
    built, folder = demo
    sheet = openpyxl.load_workbook(folder / "Итоги_успеваемости_7Б_2-я_четверть.xlsx").worksheets[0]
    shown = {row[0]: tuple(row[2:12]) for row in sheet.iter_rows(values_only=True)
             if row[0] and isinstance(row[2], int)}
    expected = expected_rows(built)
    assert {k: v for k, v in shown.items() if k in expected} == expected
    assert len(expected) == 16
    total = shown["Итого по классу"]
    assert total[0] == sum(v[0] for v in expected.values())
    assert total[4] == sum(v[4] for v in expected.values()) == 1  # the planted «2»
    assert total[5] == sum(v[5] for v in expected.values()) == 1  # the planted н/а


def test_report_names_each_planted_category_with_subject_and_teacher(demo) -> None:
    built, folder = demo
    book = openpyxl.load_workbook(folder / "Отчёт_классного_руководителя_7Б_2-я_четверть.xlsx")
    rows = [row for row in book["Категории"].iter_rows(values_only=True)]
    for case in built.planted_categories:
        row = next(r for r in rows if r[2] == case.student)
        assert case.subject in (row[3] or "") and case.teacher in (row[3] or ""), row


def test_movement_statement_counts(demo) -> None:
    built, folder = demo
    sheet = openpyxl.load_workbook(folder / "Движение_обучающихся_7Б_2-я_четверть.xlsx"
                                   ).worksheets[0]
    counts = {str(row[1]).split(" (")[0]: row[2] for row in sheet.iter_rows(values_only=True)
              if isinstance(row[0], int) and isinstance(row[2], int)}
    start, arrived, left, end = (counts["На начало периода"], counts["Прибыло"],
                                 counts["Выбыло"], counts["На конец периода"])
    students = built.rows["Ученики"]
    period_start = date(2026, 11, 5)
    assert arrived == sum(1 for s in students if s["arrival_date"]
                          and period_start < s["arrival_date"] <= TODAY) == 1
    assert left == sum(1 for s in students if s["leaving_date"]
                       and period_start < s["leaving_date"] <= TODAY) == 1
    assert end == start + arrived - left == len(on_roll(built, TODAY))
