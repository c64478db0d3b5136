"""Marks and attendance codes in journal cells → canonical codes (DESIGN §6).

The table of accepted tokens is the one in docs/journal_formats.md. A lesson cell holds
several tokens (`н 2`, `4/5`); a Latin look-alike in an upper-case code (`HП`) is read with a
warning, and anything else not in the table is an error — never guessed. Parsing is cached per
distinct text, since a school's 300 k cells hold a few dozen distinct texts.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.journal.table import Value
from ejournal_sheets.problems import Code, Location, Problem, Severity

TOKEN_UNKNOWN = Code(
    "token-unknown", Severity.ERROR, "Непонятная отметка или код посещаемости",
    "В ячейке {cell} непонятное значение «{token}».",
    "Впишите {accepted}. Другие значения программа не угадывает.")
TOKEN_LOOKALIKE = Code(
    "token-lookalike", Severity.WARNING, "Латинская буква в коде",
    "В ячейке {cell} код «{token}» набран с латинскими буквами, прочитан как «{code}».",
    "Исправьте код в журнале: наберите его русскими буквами.")
TOKEN_CONFLICT = Code(
    "token-conflict", Severity.ERROR, "Два кода посещаемости в одной ячейке",
    "В ячейке {cell} два разных кода посещаемости: {codes}.",
    "Оставьте в журнале один код: н, Б, УП, НП, ОП или ОСВ.")

DOUBLE_MARKS = ("две", "первая", "вторая", "среднее")
"""How `4/5` counts: two marks, only the first, only the second, one mark with the mean."""

_LESSON_ACCEPTED = ("отметку 1–5 (можно 5+, 4-, две отметки 4/5), «.» (долг), зач, незач, н/а "
                    "или код посещаемости: н, Б, УП, НП, ОП, ОСВ (а также б, болезнь, у, ув, П, "
                    "ОТ, оп, о, осв)")
_PERIOD_ACCEPTED = "отметку 1–5 (можно 5+, 4-), н/а, осв, зач или незач"

_ATTENDANCE: dict[str, Attendance] = {
    "б": Attendance.ILL, "Б": Attendance.ILL, "болезнь": Attendance.ILL, "Ill": Attendance.ILL,
    "у": Attendance.EXCUSED, "ув": Attendance.EXCUSED, "УП": Attendance.EXCUSED,
    "П": Attendance.EXCUSED, "Pass": Attendance.EXCUSED,
    "НП": Attendance.UNEXCUSED, "ОТ": Attendance.UNEXCUSED,
    "н": Attendance.ABSENT, "Н": Attendance.ABSENT, "Absent": Attendance.ABSENT,
    "оп": Attendance.LATE, "ОП": Attendance.LATE, "о": Attendance.LATE, "О": Attendance.LATE,
    "Late": Attendance.LATE,
    "осв": Attendance.EXEMPT, "ОСВ": Attendance.EXEMPT,
}  # fmt: skip
_MARK_WORDS: dict[str, tuple[MarkKind, str]] = {
    ".": (MarkKind.DEBT, "."), "точка": (MarkKind.DEBT, "."),
    "зач": (MarkKind.PASS, ""), "незач": (MarkKind.FAIL, ""),
    "н/а": (MarkKind.NOT_ASSESSED, ""), "на": (MarkKind.NOT_ASSESSED, ""),
}  # fmt: skip
_PERIOD_WORDS: dict[str, MarkKind] = {
    "н/а": MarkKind.NOT_ASSESSED, "на": MarkKind.NOT_ASSESSED,
    "осв": MarkKind.EXEMPT, "ОСВ": MarkKind.EXEMPT,
    "зач": MarkKind.PASS, "незач": MarkKind.FAIL,
}  # fmt: skip
# Only upper-case Latin letters drawn like Cyrillic ones; `h`, `y`, `o` are errors.
_LOOKALIKES = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")
_SEPARATORS = re.compile(r"[\s,;]+")
_GRADE = re.compile(r"([1-5])([-+−–]?)")
_DOUBLE = re.compile(r"([1-5][-+−–]?)/([1-5][-+−–]?)")

# A problem before it has a cell: its code and the values of its message.
Issue = tuple[Code, tuple[tuple[str, str], ...]]
_Lesson = tuple[tuple[Mark, ...], Attendance | None, tuple[Issue, ...]]


def parse_lesson_cell(
    value: Value, where: Location, double_marks: str = "две", weight: float = 1.0
) -> tuple[tuple[Mark, ...], Attendance | None, tuple[Problem, ...]]:
    """Marks, attendance and problems of one lesson cell; an empty cell is ((), None, ())."""
    if value is None:
        return (), None, ()
    text = value if type(value) is str else _value_text(value)
    marks, attendance, issues = _parse_lesson(text, double_marks, weight)
    if not issues:
        return marks, attendance, ()
    return marks, attendance, _located(issues, where)


def parse_period_mark(value: Value, where: Location) -> tuple[Mark | None, tuple[Problem, ...]]:
    """A period mark (1–5 with ±, н/а, осв, зач, незач) and its problems; empty → (None, ())."""
    if value is None:
        return None, ()
    text = value if type(value) is str else _value_text(value)
    mark, issues = _parse_period(text)
    return mark, (_located(issues, where) if issues else ())


def _located(issues: tuple[Issue, ...], where: Location) -> tuple[Problem, ...]:
    cell = where.cell or "—"
    return tuple(code(where, cell=cell, **dict(values)) for code, values in issues)


def _value_text(value: Value) -> str:
    """A non-text cell as the teacher sees it in Excel (a float 4.0 is «4», 4.5 stays «4.5»)."""
    if isinstance(value, bool):
        return "ИСТИНА" if value else "ЛОЖЬ"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


@lru_cache(maxsize=8192)
def _parse_lesson(text: str, double_marks: str, weight: float) -> _Lesson:
    """The pure, cached part of parse_lesson_cell: problems are (code, values) data."""
    if double_marks not in DOUBLE_MARKS:
        raise ValueError(f"double_marks: {double_marks!r} not in {DOUBLE_MARKS}")
    marks: list[Mark] = []
    seen: dict[Attendance, str] = {}  # attendance → the token that said it
    issues: list[Issue] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        found, code = _lesson_token(token, double_marks, weight)
        if found is None:
            issues.append(_unknown(token, _LESSON_ACCEPTED))
            continue
        if code != token:
            issues.append((TOKEN_LOOKALIKE, (("token", token), ("code", code))))
        if isinstance(found, Attendance):
            seen.setdefault(found, token)
        else:
            marks.extend(found)
    attendance = next(iter(seen)) if len(seen) == 1 else None
    if len(seen) > 1:
        codes = ", ".join(f"«{token}»" for token in seen.values())
        issues.append((TOKEN_CONFLICT, (("codes", codes),)))
    return tuple(marks), attendance, tuple(issues)


def _lesson_token(
    token: str, double_marks: str, weight: float
) -> tuple[Attendance | tuple[Mark, ...] | None, str]:
    """What a token means (None if nothing) and the code read, look-alikes replaced."""
    found = _lesson_meaning(token, double_marks, weight)
    if found is not None:
        return found, token
    code = token.translate(_LOOKALIKES)
    if code == token:
        return None, token
    return _lesson_meaning(code, double_marks, weight), code


def _lesson_meaning(
    token: str, double_marks: str, weight: float
) -> Attendance | tuple[Mark, ...] | None:
    if token in _ATTENDANCE:
        return _ATTENDANCE[token]
    if token in _MARK_WORDS:
        kind, shown = _MARK_WORDS[token]
        return (Mark(kind, None, weight, shown),)
    grade = _grade(token, weight)
    if grade is not None:
        return (grade,)
    double = _DOUBLE.fullmatch(token)
    if double is None:
        return None
    first, second = (_grade(part, weight) for part in double.groups())
    assert first is not None and second is not None
    return _double(first, second, double_marks, weight)


def _grade(token: str, weight: float) -> Mark | None:
    """`5`, `5+`, `4-` (also with a typographic minus) → a grade counted as its digit."""
    match = _GRADE.fullmatch(token)
    if match is None:
        return None
    digit, sign = match.groups()
    text = f"{digit}{'+' if sign == '+' else '-'}" if sign else ""
    return Mark(MarkKind.GRADE, int(digit), weight, text)


def _double(first: Mark, second: Mark, double_marks: str, weight: float) -> tuple[Mark, ...]:
    """`4/5` under the «double marks» setting."""
    if double_marks == "первая":
        return (first,)
    if double_marks == "вторая":
        return (second,)
    if double_marks == "среднее":
        total = (first.value or 0) + (second.value or 0)
        return (Mark(MarkKind.GRADE, (total + 1) // 2, weight),)  # 4.5 → 5: half rounds up
    return first, second


def _unknown(token: str, accepted: str) -> Issue:
    return (TOKEN_UNKNOWN, (("token", token), ("accepted", accepted)))


@lru_cache(maxsize=1024)
def _parse_period(text: str) -> tuple[Mark | None, tuple[Issue, ...]]:
    """The pure, cached part of parse_period_mark."""
    token = " ".join(text.split())
    if not token:
        return None, ()
    mark = _period_meaning(token)
    if mark is not None:
        return mark, ()
    code = token.translate(_LOOKALIKES)
    mark = _period_meaning(code) if code != token else None
    if mark is None:
        return None, (_unknown(token, _PERIOD_ACCEPTED),)
    return mark, ((TOKEN_LOOKALIKE, (("token", token), ("code", code))),)


def _period_meaning(token: str) -> Mark | None:
    if token in _PERIOD_WORDS:
        return Mark(_PERIOD_WORDS[token])
    return _grade(token, 1.0)
