"""Attendance counts of a student over a span (DESIGN §6): missed lessons by reason, days.

- Only lessons dated inside the span and while the student is on the roll count (from the
  arrival date, up to the day before the leaving date — as Student.enrolled_on says).
- Б → по болезни, УП → по уважительной, НП → без уважительной; «н» → the reason of the note on
  «Пропуски» covering the date (and lesson number), otherwise без уважительной.
- ОП is a late, not an absence; ОСВ is neither (the lesson counts as attended).
- A day is missed when the student missed all their lessons that day; with rules.day_lessons
  = k > 0 also when they missed at least k lessons that day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ejournal_sheets.codes import Attendance
from ejournal_sheets.journal_model import Cell, Lesson
from ejournal_sheets.model import AbsenceNote, Reason, Student
from ejournal_sheets.settings import DateRange
from ejournal_sheets.stats.subjects import percent


class AbsenceKind(StrEnum):
    """The three columns of missed lessons in the statements."""

    ILL = "по болезни"
    EXCUSED = "по уважительной причине"
    UNEXCUSED = "без уважительной причины"


BY_CODE = {Attendance.ILL: AbsenceKind.ILL, Attendance.EXCUSED: AbsenceKind.EXCUSED,
           Attendance.UNEXCUSED: AbsenceKind.UNEXCUSED}
BY_REASON = {Reason.ILL: AbsenceKind.ILL, Reason.EXCUSED: AbsenceKind.EXCUSED,
             Reason.UNEXCUSED: AbsenceKind.UNEXCUSED}


def classify_absence(attendance: Attendance | None, day: date, lesson_number: int | None,
                     notes: Sequence[AbsenceNote]) -> AbsenceKind | None:
    """The kind of a missed lesson; None when the student was there (ОП, ОСВ, no code).

    `notes` are the student's own notes; a note without a reason explains nothing.
    """
    if attendance is None or not attendance.is_absence:
        return None
    if attendance is not Attendance.ABSENT:
        return BY_CODE[attendance]
    for note in notes:
        if note.reason is not None and note.covers(day, lesson_number):
            return BY_REASON[note.reason]
    return AbsenceKind.UNEXCUSED


@dataclass(frozen=True)
class AttendanceTally:
    """A student's lessons held and missed over a span; `percent` is of lessons attended."""

    lessons: int
    missed: int
    ill: int
    excused: int
    unexcused: int
    lates: int
    days_missed: int
    percent: float | None


def tally_attendance(student: Student, cells_by_lesson: Mapping[Lesson, Cell | None],
                     notes: Sequence[AbsenceNote], span: DateRange,
                     day_lessons: int) -> AttendanceTally:
    """Count the student's lessons (each mapped to its cell, None when nothing is written)."""
    kinds: Counter[AbsenceKind] = Counter()
    held: Counter[date] = Counter()
    missed_on: Counter[date] = Counter()
    lates = 0
    for lesson, cell in cells_by_lesson.items():
        day = lesson.date
        if day not in span or not student.enrolled_on(day):
            continue
        held[day] += 1
        code = cell.attendance if cell is not None else None
        lates += code is Attendance.LATE
        kind = classify_absence(code, day, lesson.number, notes)
        if kind is not None:
            kinds[kind] += 1
            missed_on[day] += 1
    lessons, missed = sum(held.values()), sum(missed_on.values())
    days = sum(1 for d, n in missed_on.items() if day_missed(n, held[d], day_lessons))
    return AttendanceTally(
        lessons=lessons, missed=missed, ill=kinds[AbsenceKind.ILL],
        excused=kinds[AbsenceKind.EXCUSED], unexcused=kinds[AbsenceKind.UNEXCUSED],
        lates=lates, days_missed=days, percent=percent(lessons - missed, lessons),
    )


def day_missed(missed: int, held: int, day_lessons: int) -> bool:
    """All the day's lessons missed, or (with day_lessons = k > 0) at least k of them."""
    if missed <= 0:
        return False
    return missed >= held or (day_lessons > 0 and missed >= day_lessons)


def sum_tallies(tallies: Sequence[AttendanceTally]) -> AttendanceTally:
    """The class total of students' tallies; percent recomputed from the sums."""
    lessons = sum(t.lessons for t in tallies)
    missed = sum(t.missed for t in tallies)
    return AttendanceTally(
        lessons=lessons, missed=missed, ill=sum(t.ill for t in tallies),
        excused=sum(t.excused for t in tallies), unexcused=sum(t.unexcused for t in tallies),
        lates=sum(t.lates for t in tallies), days_missed=sum(t.days_missed for t in tallies),
        percent=percent(lessons - missed, lessons),
    )


def per_student(total: int, students: int) -> float | None:
    """«На одного ученика»: total / students on the roll; None for an empty roll."""
    return total / students if students else None
