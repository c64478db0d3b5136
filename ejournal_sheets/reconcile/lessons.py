"""Lessons as the journal holds them: one identity across exports, their rolls, merged cells."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from ejournal_sheets.codes import Attendance
from ejournal_sheets.journal_model import Cell, Journal, Lesson, SubjectRoll
from ejournal_sheets.names import name_key
from ejournal_sheets.reconcile.groups import teacher_key

LessonId = tuple[date, str, str, int, str]


def lesson_id(lesson: Lesson) -> LessonId:
    """The journal's identity of a lesson (date, subject, group, slot) plus its teacher.

    The teacher tells apart two groups' lessons when an export names no group.
    """
    return (*lesson.key, teacher_key(lesson.teacher))


def recorded(cell: Cell | None) -> bool:
    """The cell holds a mark or an attendance code (an empty cell says «was there»)."""
    return cell is not None and (bool(cell.marks) or cell.attendance is not None)


def all_lessons(journal: Journal) -> Iterator[Lesson]:
    """Lessons of the lessons list and of every cell (a long table has only the latter)."""
    yield from journal.lessons
    yield from (cell.lesson for cell in journal.cells)


def lessons_by_id(lessons: Iterable[Lesson]) -> dict[LessonId, Lesson]:
    """One lesson per identity; a teacher or lesson number missing in one export is filled in."""
    found: dict[LessonId, Lesson] = {}
    seen: set[int] = set()  # cells of one lesson share its Lesson: each object counted once
    for lesson in lessons:
        if id(lesson) in seen:
            continue
        seen.add(id(lesson))
        key = lesson_id(lesson)
        first = found.setdefault(key, lesson)
        if first is not lesson and (first.number is None or first.where is None):
            found[key] = replace(
                first,
                number=first.number if first.number is not None else lesson.number,
                where=first.where or lesson.where,
            )
    return found


def _same_sheet(roll: SubjectRoll, lesson: Lesson) -> bool:
    if roll.where is None or lesson.where is None:
        return True
    return (roll.where.path, roll.where.sheet) == (lesson.where.path, lesson.where.sheet)


def roll_matches(roll: SubjectRoll, lesson: Lesson) -> bool:
    """The roll is the grid this lesson was read from: subject, group, teacher and sheet agree."""
    teachers = teacher_key(roll.teacher), teacher_key(lesson.teacher)
    return (
        name_key(roll.subject) == name_key(lesson.subject)
        and name_key(roll.group or "") == name_key(lesson.group or "")
        and (not all(teachers) or teachers[0] == teachers[1])
        and _same_sheet(roll, lesson)
    )


def journal_says(cell: Cell | None) -> str:
    """What the journal shows, briefly: «н», «Б 4», «5», «ОП», or «был на уроке»."""
    if cell is None or not recorded(cell):
        return "был на уроке"
    parts = [cell.attendance.value] if cell.attendance is not None else []
    parts.extend(str(mark) for mark in cell.marks)
    return " ".join(parts)


def is_absent(cell: Cell | None) -> Attendance | None:
    """The absence code of the cell (Б, УП, НП, н), or None when the student was there."""
    if cell is None or cell.attendance is None or not cell.attendance.is_absence:
        return None
    return cell.attendance
