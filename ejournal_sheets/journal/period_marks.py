"""Period marks («итоговые отметки»): wide (students × subjects) or long (one row per mark)."""

from __future__ import annotations

from ejournal_sheets.codes import Mark
from ejournal_sheets.journal.headers import cell_text, is_summary, period_name
from ejournal_sheets.journal.layouts import (
    CHOICE_INVALID,
    Detected,
    Layout,
    ReadContext,
    Row,
    data_rows,
    missing,
    open_layout,
)
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal.tokens import parse_period_mark
from ejournal_sheets.journal_model import Journal, PeriodMark
from ejournal_sheets.problems import Problem

_PERIODS = "Ч1–Ч4 (или I–IV, «1 четверть»), Т1–Т3, П1–П2, Год, Экзамен, Итог"


def read_period_marks(table: Table, context: ReadContext,
        found: Detected | None = None) -> tuple[Journal, list[Problem]]:
    """Period marks of either form; the period of the wide form comes from its title or sheet."""
    found, problems = open_layout(table, context, Layout.PERIOD_MARKS, found)
    if found is None:
        return Journal(), problems
    read = _wide if found.form == "period-wide" else _long
    marks = read(table, found, context, problems)
    return Journal(period_marks=tuple(marks)), problems


def _long(table: Table, found: Detected, context: ReadContext,
          problems: list[Problem]) -> list[PeriodMark]:
    marks = []
    for row in data_rows(table, found):
        if not row.text("Отметка") or missing(row, ("Ученик", "Предмет", "Период"), problems):
            continue
        period = period_name(row.text("Период"), context.period_kind)
        if period is None:
            problems.append(CHOICE_INVALID(row.where("Период"), value=row.text("Период"),
                                           header="Период", allowed=_PERIODS))
            continue
        mark = _mark(row, problems)
        if mark is not None:
            marks.append(PeriodMark(row.text("Ученик"), row.text("Предмет"), period, mark,
                                    row.optional("Учитель"), row.where("Отметка")))
    return marks


def _mark(row: Row, problems: list[Problem]) -> Mark | None:
    mark, found = parse_period_mark(row.value("Отметка"), row.where("Отметка"))
    problems += found
    return mark


def _wide(table: Table, found: Detected, context: ReadContext,
          problems: list[Problem]) -> list[PeriodMark]:
    subjects = _subject_columns(table, found)
    marks = []
    for row in data_rows(table, found):
        name = row.text("Ученик")
        if not name or is_summary(name):
            if not name and any(cell_text(table.value(row.index, c)) for c in subjects):
                missing(row, ("Ученик",), problems)
            continue
        for column, subject in subjects.items():
            value = table.value(row.index, column)
            if not cell_text(value):
                continue
            where = table.where(row.index, column, subject)
            mark, notes = parse_period_mark(value, where)
            problems += notes
            if mark is not None and found.period is not None:
                marks.append(PeriodMark(name, subject, found.period, mark, where=where))
    return marks


def _subject_columns(table: Table, found: Detected) -> dict[int, str]:
    """Column index → subject for the header cells after «Ученик» (summaries left out)."""
    header = table.rows[found.row]
    return {index: cell_text(value) for index, value in enumerate(header)
            if index > found.columns["Ученик"] and cell_text(value)
            and not is_summary(cell_text(value))}
