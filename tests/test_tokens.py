"""Marks and attendance codes of journal cells (the token table of docs/journal_formats.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.journal.table import Value
from ejournal_sheets.journal.tokens import parse_lesson_cell, parse_period_mark
from ejournal_sheets.problems import Location, Severity, flatten

WHERE = Location(Path("алгебра.xlsx"), "Алгебра", 3, 4)  # D3
A = Attendance
G = MarkKind.GRADE


def grade(value: int, text: str = "", weight: float = 1.0) -> Mark:
    return Mark(G, value, weight, text)


def kind(mark_kind: MarkKind, text: str = "") -> Mark:
    return Mark(mark_kind, None, 1.0, text)


@pytest.mark.parametrize(("value", "marks", "attendance"), [
    (None, (), None),
    ("", (), None),
    ("   ", (), None),
    ("5", (grade(5),), None),
    (" 4 ", (grade(4),), None),
    (4, (grade(4),), None),
    (3.0, (grade(3),), None),
    ("5+", (grade(5, "5+"),), None),
    ("4-", (grade(4, "4-"),), None),
    ("3−", (grade(3, "3-"),), None),  # a typographic minus from autocorrect
    ("4/5", (grade(4), grade(5)), None),
    ("н 2", (grade(2),), A.ABSENT),
    ("2 н", (grade(2),), A.ABSENT),
    ("н, 5; 4", (grade(5), grade(4)), A.ABSENT),
    ("н н", (), A.ABSENT),
    (".", (kind(MarkKind.DEBT, "."),), None),
    ("точка", (kind(MarkKind.DEBT, "."),), None),
    ("зач", (kind(MarkKind.PASS),), None),
    ("незач", (kind(MarkKind.FAIL),), None),
    ("н/а", (kind(MarkKind.NOT_ASSESSED),), None),
    ("на", (kind(MarkKind.NOT_ASSESSED),), None),
    ("ОП 5", (grade(5),), A.LATE),
])
def test_lesson_cells(value: Value, marks: tuple[Mark, ...], attendance: A | None) -> None:
    assert parse_lesson_cell(value, WHERE) == (marks, attendance, ())


@pytest.mark.parametrize(("tokens", "attendance"), [
    (("б", "Б", "болезнь", "Ill"), A.ILL),
    (("у", "ув", "УП", "П", "Pass"), A.EXCUSED),
    (("НП", "ОТ"), A.UNEXCUSED),
    (("н", "Н", "Absent"), A.ABSENT),
    (("оп", "ОП", "о", "О", "Late"), A.LATE),
    (("осв", "ОСВ"), A.EXEMPT),
])
def test_attendance_codes_of_the_table(tokens: tuple[str, ...], attendance: A) -> None:
    for token in tokens:
        assert parse_lesson_cell(token, WHERE) == ((), attendance, ()), token


@pytest.mark.parametrize(("token", "attendance", "code"), [
    ("H", A.ABSENT, "Н"),
    ("HП", A.UNEXCUSED, "НП"),
    ("OT", A.UNEXCUSED, "ОТ"),
    ("O", A.LATE, "О"),
    ("OП", A.LATE, "ОП"),
    ("OCB", A.EXEMPT, "ОСВ"),
    ("PП", None, ""),  # «РП» is not a code either: an error, not a guess
])
def test_latin_lookalikes_map_with_a_warning(token: str, attendance: A | None, code: str) -> None:
    marks, got, problems = parse_lesson_cell(token, WHERE)
    assert (marks, got) == ((), attendance)
    if attendance is None:
        assert flatten(problems) == [("token-unknown", "Алгебра", "D3")]
        return
    assert flatten(problems) == [("token-lookalike", "Алгебра", "D3")]
    assert problems[0].severity is Severity.WARNING
    assert f"«{token}»" in problems[0].message and f"«{code}»" in problems[0].message


@pytest.mark.parametrize("value", ["h", "y", "o", "2н", "нн", "6", "0", "Б5", "Н/А", "4.5",
                                   "болен", 4.5, 6, 0, date(2026, 4, 5), True])
def test_unknown_tokens_are_errors_never_guesses(value: Value) -> None:
    marks, attendance, problems = parse_lesson_cell(value, WHERE)
    assert (marks, attendance) == ((), None)
    assert flatten(problems) == [("token-unknown", "Алгебра", "D3")]
    problem = problems[0]
    assert problem.severity is Severity.ERROR
    assert "D3" in problem.message
    assert "НП" in problem.hint and "н/а" in problem.hint  # the accepted codes


def test_unknown_message_shows_the_value_as_excel_does() -> None:
    shown = {value: parse_lesson_cell(value, WHERE)[2][0].message
             for value in ("h", 6, 4.5, date(2026, 4, 5))}
    assert shown == {
        "h": "В ячейке D3 непонятное значение «h».",
        6: "В ячейке D3 непонятное значение «6».",
        4.5: "В ячейке D3 непонятное значение «4.5».",
        date(2026, 4, 5): "В ячейке D3 непонятное значение «05.04.2026».",
    }


def test_known_tokens_survive_an_unknown_neighbour() -> None:
    marks, attendance, problems = parse_lesson_cell("н 6", WHERE)
    assert (marks, attendance) == ((), A.ABSENT)
    assert flatten(problems) == [("token-unknown", "Алгебра", "D3")]
    assert "«6»" in problems[0].message


def test_two_attendance_codes_conflict() -> None:
    marks, attendance, problems = parse_lesson_cell("н Б", WHERE)
    assert (marks, attendance) == ((), None)
    assert flatten(problems) == [("token-conflict", "Алгебра", "D3")]
    assert "«н», «Б»" in problems[0].message


def test_lookalike_and_conflict_are_both_reported() -> None:
    _, attendance, problems = parse_lesson_cell("H ОП", WHERE)
    assert attendance is None
    assert [p.code for p in problems] == ["token-lookalike", "token-conflict"]


@pytest.mark.parametrize(("setting", "marks"), [
    ("две", (grade(4, "4+", 2.0), grade(5, "", 2.0))),
    ("первая", (grade(4, "4+", 2.0),)),
    ("вторая", (grade(5, "", 2.0),)),
    ("среднее", (grade(5, "", 2.0),)),  # 4.5 rounds half up
])
def test_double_mark_settings_and_weight(setting: str, marks: tuple[Mark, ...]) -> None:
    assert parse_lesson_cell("4+/5", WHERE, setting, 2.0) == (marks, None, ())


def test_double_mark_mean_of_an_even_sum() -> None:
    assert parse_lesson_cell("3/5", WHERE, "среднее")[0] == (grade(4),)
    assert parse_lesson_cell("2/3", WHERE, "среднее")[0] == (grade(3),)


def test_unknown_double_mark_setting_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="double_marks"):
        parse_lesson_cell("4/5", WHERE, "обе")


def test_problems_carry_each_cell_although_parses_are_cached() -> None:
    other = Location(Path("алгебра.xlsx"), "Алгебра", 7, 2)
    first = parse_lesson_cell("y", WHERE)[2]
    second = parse_lesson_cell("y", other)[2]
    assert flatten(first + second) == [("token-unknown", "Алгебра", "D3"),
                                       ("token-unknown", "Алгебра", "B7")]


# --- period marks -----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "mark"), [
    (None, None),
    ("  ", None),
    ("5", grade(5)),
    (4, grade(4)),
    (3.0, grade(3)),
    ("4+", grade(4, "4+")),
    ("3-", grade(3, "3-")),
    ("н/а", kind(MarkKind.NOT_ASSESSED)),
    ("на", kind(MarkKind.NOT_ASSESSED)),
    ("осв", kind(MarkKind.EXEMPT)),
    ("ОСВ", kind(MarkKind.EXEMPT)),
    ("зач", kind(MarkKind.PASS)),
    ("незач", kind(MarkKind.FAIL)),
])
def test_period_marks(value: Value, mark: Mark | None) -> None:
    assert parse_period_mark(value, WHERE) == (mark, ())


@pytest.mark.parametrize("value", ["4/5", ".", "н", "Б", "6", "0", "5 4", "h", 2.5, 7])
def test_period_mark_errors(value: Value) -> None:
    mark, problems = parse_period_mark(value, WHERE)
    assert mark is None
    assert flatten(problems) == [("token-unknown", "Алгебра", "D3")]
    assert "осв" in problems[0].hint and "НП" not in problems[0].hint


def test_period_mark_lookalike() -> None:
    mark, problems = parse_period_mark("OCB", WHERE)
    assert mark == kind(MarkKind.EXEMPT)
    assert flatten(problems) == [("token-lookalike", "Алгебра", "D3")]
