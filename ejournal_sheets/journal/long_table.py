"""Long table (one row per event): Дата, Предмет, Ученик, Отметка / Пропуск, Вес, № урока…"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ejournal_sheets.codes import Attendance, Mark
from ejournal_sheets.journal.layouts import (
    CHOICE_INVALID,
    Detected,
    Layout,
    ReadContext,
    Row,
    data_rows,
    missing,
    open_layout,
    prefer_text,
    row_date,
    row_int,
    row_number,
)
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal.tokens import parse_lesson_cell
from ejournal_sheets.journal_model import Cell, Journal, Lesson, merge_cells
from ejournal_sheets.names import name_key
from ejournal_sheets.problems import Problem

_ATTENDANCE_CODES = "н, Б, УП, НП, ОП, ОСВ (отметки пишутся в столбце «Отметка»)"

LessonId = tuple[date, str, str, int | None]


@dataclass(frozen=True)
class _Event:
    """A row read: the lesson it belongs to (before slots are known) and the student's cell."""

    lesson: Lesson
    student: str
    marks: tuple[Mark, ...]
    attendance: Attendance | None
    cell: Row
    column: str

    @property
    def lesson_id(self) -> LessonId:
        key = self.lesson.key
        return key[0], key[1], key[2], self.lesson.number


def read_long_table(table: Table, context: ReadContext,
        found: Detected | None = None) -> tuple[Journal, list[Problem]]:
    """One Cell per student and lesson (rows of the same lesson merged); the lessons are the
    distinct date + subject + group + number."""
    found, problems = open_layout(table, context, Layout.LONG_TABLE, found)
    if found is None:
        return Journal(), problems
    events = [e for row in data_rows(table, found)
              if (e := _event(row, context, problems)) is not None]
    lessons = _lessons(events)
    rows: dict[tuple[LessonId, str], list[Cell]] = {}
    for e in events:
        cell = Cell(lessons[e.lesson_id], e.student, e.marks, e.attendance,
                    e.cell.where(e.column))
        rows.setdefault((e.lesson_id, name_key(e.student)), []).append(cell)
    cells = tuple(found[0] if len(found) == 1 else merge_cells(found, found[0].lesson)
                  for found in rows.values())
    return Journal(lessons=tuple(lessons.values()), cells=cells), problems


def _event(row: Row, context: ReadContext, problems: list[Problem]) -> _Event | None:
    if missing(row, ("Дата", "Предмет", "Ученик"), problems):
        return None
    day = row_date(row, "Дата", context, problems)
    if day is None:
        return None
    weight = row_number(row, "Вес", problems, example="1 или 1,5")
    if weight is not None and weight <= 0:
        weight = None
    lesson = Lesson(day, row.text("Предмет"), row.optional("Учитель"), row.optional("Группа"),
                    number=row_int(row, "№ урока", problems), topic=row.known("Тема урока"),
                    homework=row.known("Домашнее задание"), where=row.where("Дата"))
    marks, attendance = _marks(row, context, 1.0 if weight is None else weight, problems)
    column = "Отметка" if row.text("Отметка") or not row.text("Пропуск") else "Пропуск"
    return _Event(lesson, row.text("Ученик"), marks, attendance, row, column)


def _marks(row: Row, context: ReadContext, weight: float,
           problems: list[Problem]) -> tuple[tuple[Mark, ...], Attendance | None]:
    """Marks and attendance from «Отметка» (both may be there) and «Пропуск» (attendance only)."""
    marks: tuple[Mark, ...] = ()
    attendance = None
    if row.text("Отметка"):
        found, attendance, notes = parse_lesson_cell(row.value("Отметка"), row.where("Отметка"),
                                                     context.double_marks, weight)
        marks = tuple(found)
        problems += notes
    if row.text("Пропуск"):
        found, absence, notes = parse_lesson_cell(row.value("Пропуск"), row.where("Пропуск"),
                                                  context.double_marks)
        problems += notes
        if found:
            problems.append(CHOICE_INVALID(row.where("Пропуск"), value=row.text("Пропуск"),
                                           header="Пропуск", allowed=_ATTENDANCE_CODES))
        attendance = absence or attendance
    return marks, attendance


def _lessons(events: list[_Event]) -> dict[LessonId, Lesson]:
    """One Lesson per distinct id, its slot the rank of its number among that day's lessons."""
    first: dict[LessonId, Lesson] = {}
    for event in events:
        known = first.get(event.lesson_id)
        first[event.lesson_id] = event.lesson if known is None else _fill(known, event.lesson)
    numbers: dict[tuple[date, str, str], list[int | None]] = {}
    for lesson_id in first:
        numbers.setdefault(lesson_id[:3], []).append(lesson_id[3])
    slots = {day: sorted(found, key=lambda n: -1 if n is None else n)
             for day, found in numbers.items()}
    return {lesson_id: replace(lesson, slot=slots[lesson_id[:3]].index(lesson_id[3]) + 1)
            for lesson_id, lesson in first.items()}


def _fill(lesson: Lesson, other: Lesson) -> Lesson:
    """The first row's lesson, with the teacher, topic and homework a later row adds."""
    teacher = lesson.teacher or other.teacher
    topic = prefer_text(lesson.topic, other.topic)
    homework = prefer_text(lesson.homework, other.homework)
    if (teacher, topic, homework) == (lesson.teacher, lesson.topic, lesson.homework):
        return lesson  # every student's row repeats the lesson: usually nothing to add
    return replace(lesson, teacher=teacher, topic=topic, homework=homework)
