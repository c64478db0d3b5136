"""Lessons export («контроль заполнения»): one row per lesson with its topic and homework."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ejournal_sheets.journal.layouts import (
    CHOICE_INVALID,
    Detected,
    Layout,
    ReadContext,
    Row,
    data_rows,
    missing,
    open_layout,
    row_date,
    row_int,
)
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal_model import Journal, Lesson
from ejournal_sheets.names import header_key, name_key
from ejournal_sheets.problems import Problem

_YES = ("да", "+", "1", "true", "выставлены", "есть", "yes", "v", "✓")
_NO = ("нет", "-", "0", "false", "не выставлены", "no", "—", "–")


def read_lessons(table: Table, context: ReadContext,
        found: Detected | None = None) -> tuple[Journal, list[Problem]]:
    """A Lesson per row; two rows of one subject on one date are slots 1 and 2 in row order."""
    found, problems = open_layout(table, context, Layout.LESSONS, found)
    if found is None:
        return Journal(), problems
    slots: Counter[tuple[date, str, str]] = Counter()
    lessons = []
    for row in data_rows(table, found):
        lesson = _lesson(row, context, problems)
        if lesson is None:
            continue
        day = (lesson.date, name_key(lesson.subject), name_key(lesson.group or ""))
        slots[day] += 1
        lessons.append(Lesson(lesson.date, lesson.subject, lesson.teacher, lesson.group,
                              slots[day], lesson.number, lesson.topic, lesson.homework,
                              lesson.marks_set, lesson.where))
    return Journal(lessons=tuple(lessons)), problems


def _lesson(row: Row, context: ReadContext, problems: list[Problem]) -> Lesson | None:
    if missing(row, ("Дата", "Предмет"), problems):
        return None
    day = row_date(row, "Дата", context, problems)
    if day is None:
        return None
    return Lesson(day, row.text("Предмет"), row.optional("Учитель"), row.optional("Группа"),
                  number=row_int(row, "№ урока", problems),
                  topic=row.known("Тема"), homework=row.known("Домашнее задание"),
                  marks_set=_yes_no(row, problems), where=row.where("Дата"))


def _yes_no(row: Row, problems: list[Problem]) -> bool | None:
    """«Отметки выставлены»: да/нет (also +/-, 1/0); None when empty or not understood."""
    value = row.value("Отметки выставлены")
    if isinstance(value, bool):
        return value
    key = header_key(row.text("Отметки выставлены"))
    if not key:
        return None
    if key in _YES or key in _NO:
        return key in _YES
    problems.append(CHOICE_INVALID(row.where("Отметки выставлены"),
                                   value=row.text("Отметки выставлены"),
                                   header="Отметки выставлены", allowed="да, нет"))
    return None
