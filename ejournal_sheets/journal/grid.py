"""Subject grid («журнал предмета»): students × dated lesson columns, period marks at the end."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ejournal_sheets.journal.headers import cell_text, is_summary, looks_like_date, period_name
from ejournal_sheets.journal.layouts import (
    DATE_INVALID,
    VALUE_MISSING,
    Detected,
    Layout,
    ReadContext,
    open_layout,
)
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal.tokens import parse_lesson_cell, parse_period_mark
from ejournal_sheets.journal_model import Cell, Journal, Lesson, PeriodMark, SubjectRoll
from ejournal_sheets.problems import Code, Location, Problem, Severity

HEADER_BLANK = Code(
    "journal-header-blank", Severity.ERROR, "Столбец без даты урока",
    "В журнале предмета над столбцом с записями нет даты урока; столбец не прочитан.",
    "Впишите дату урока (ДД.ММ) в заголовок столбца или выгрузите журнал предмета заново.")
_PLACE = "заголовке столбца урока"
_GENERIC_SHEET = re.compile(r"^(лист|sheet|таблица|table)\s*\d*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Title:
    subject: str
    teacher: str | None
    group: str | None


@dataclass
class _Columns:
    """What each column after «Ученик» holds: a lesson, a period mark, or nothing to read."""

    lessons: dict[int, Lesson] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_grid(table: Table, context: ReadContext,
        found: Detected | None = None) -> tuple[Journal, list[Problem]]:
    """Lessons, cells, the roll and period marks of one subject grid."""
    found, problems = open_layout(table, context, Layout.GRID, found)
    if found is None:
        return Journal(), problems
    title = _title(table, found)
    columns = _columns(table, found, title, context)
    problems += columns.problems
    students: list[str] = []
    cells: list[Cell] = []
    marks: list[PeriodMark] = []
    for row in range(found.row + 1, len(table.rows)):
        name = _student(table, row, found, columns, problems)
        if name is None:
            continue
        students.append(name)
        cells += _lesson_cells(table, row, name, columns, context, problems)
        marks += _period_marks(table, row, name, title, columns, problems)
    roll = SubjectRoll(title.subject, title.teacher, title.group, tuple(students),
                       Location(table.path, table.sheet))
    journal = Journal(lessons=tuple(columns.lessons.values()), cells=tuple(cells),
                      rolls=(roll,), period_marks=tuple(marks))
    return journal, problems


def _title(table: Table, found: Detected) -> _Title:
    def value(label: str) -> str | None:
        title = found.titles.get(label)
        return title.value if title else None

    return _Title(value("Предмет") or fallback_subject(table), value("Учитель"), value("Группа"))


def _columns(table: Table, found: Detected, title: _Title, context: ReadContext) -> _Columns:
    """Sort the header cells after «Ученик» into lessons (slots by date) and period columns."""
    columns = _Columns()
    slots: Counter[object] = Counter()
    width = max((len(line) for line in table.rows[found.row:]), default=0)
    for index in range(found.columns["Ученик"] + 1, width):
        value = table.value(found.row, index)
        text = cell_text(value)
        where = table.where(found.row, index, text or None)
        columns.headers[index] = text
        if not text:
            if _has_data(table, found.row, index):
                columns.problems.append(HEADER_BLANK(where))
        elif looks_like_date(value):
            day, why = context.date_of(value)
            if day is None:
                columns.problems.append(DATE_INVALID(where, value=text, place=_PLACE, why=why))
                continue
            slots[day] += 1
            columns.lessons[index] = Lesson(day, title.subject, title.teacher, title.group,
                                            slot=slots[day], where=where)
        elif period := period_name(text, context.period_kind):
            columns.periods[index] = period
        elif not is_summary(text):
            columns.problems.append(DATE_INVALID(where, value=text, place=_PLACE, why=""))
    return columns


def _has_data(table: Table, header_row: int, column: int) -> bool:
    return any(cell_text(table.value(row, column)) for row in range(header_row + 1,
                                                                     len(table.rows)))


def _student(table: Table, row: int, found: Detected, columns: _Columns,
             problems: list[Problem]) -> str | None:
    """The student of a data row; None for blank and footer rows (and a nameless row: error)."""
    column = found.columns["Ученик"]
    name = cell_text(table.value(row, column))
    if name:
        return None if is_summary(name) else name
    data = [*columns.lessons, *columns.periods]
    if any(cell_text(table.value(row, index)) for index in data):
        problems.append(VALUE_MISSING(table.where(row, column, "Ученик"), header="Ученик"))
    return None


def _lesson_cells(table: Table, row: int, student: str, columns: _Columns,
                  context: ReadContext, problems: list[Problem]) -> list[Cell]:
    cells = []
    line = table.rows[row]
    for index, lesson in columns.lessons.items():
        value = line[index] if index < len(line) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        where = table.where(row, index, columns.headers[index])
        marks, attendance, found = parse_lesson_cell(value, where, context.double_marks)
        problems += found
        cells.append(Cell(lesson, student, tuple(marks), attendance, where))
    return cells


def _period_marks(table: Table, row: int, student: str, title: _Title, columns: _Columns,
                  problems: list[Problem]) -> list[PeriodMark]:
    marks = []
    for index, period in columns.periods.items():
        value = table.value(row, index)
        if not cell_text(value):
            continue
        where = table.where(row, index, columns.headers[index])
        mark, found = parse_period_mark(value, where)
        problems += found
        if mark is not None:
            marks.append(PeriodMark(student, title.subject, period, mark, title.teacher, where))
    return marks


def fallback_subject(table: Table) -> str:
    """A grid's subject when no «Предмет:» line: the sheet name, else the file name."""
    sheet = (table.sheet or "").strip()
    return sheet if sheet and not _GENERIC_SHEET.match(sheet) else table.path.stem
