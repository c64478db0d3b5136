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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class DayCount:
    """A student's lessons of one day while on the roll: held, missed by kind, lates."""

    day: date
    held: int
    ill: int
    excused: int
    unexcused: int
    lates: int

    @property
    def missed(self) -> int:
        return self.ill + self.excused + self.unexcused


def day_counts(student: Student, cells_by_lesson: Mapping[Lesson, Cell | None],
               notes: Sequence[AbsenceNote]) -> tuple[DayCount, ...]:
    """The student's days (on the roll) in date order: each lesson classified once, so any
    span's tally is a sum over days (tally_days)."""
    days: dict[date, list[int]] = {}  # held, ill, excused, unexcused, lates
    for lesson, cell in cells_by_lesson.items():
        day = lesson.date
        if not student.enrolled_on(day):
            continue
        counts = days.get(day)
        if counts is None:
            counts = days[day] = [0, 0, 0, 0, 0]
        counts[0] += 1
        code = cell.attendance if cell is not None else None
        if code is None:
            continue
        counts[4] += code is Attendance.LATE
        kind = classify_absence(code, day, lesson.number, notes)
        if kind is not None:
            counts[_COLUMN[kind]] += 1
    return tuple(DayCount(day, *counts) for day, counts in sorted(days.items()))


_COLUMN = {AbsenceKind.ILL: 1, AbsenceKind.EXCUSED: 2, AbsenceKind.UNEXCUSED: 3}


def tally_days(days: Sequence[DayCount], span: DateRange, day_lessons: int) -> AttendanceTally:
    """The tally over the days of `span` (see day_counts)."""
    lessons = ill = excused = unexcused = lates = missed_days = 0
    start, end = span.start, span.end
    for count in days:
        if not start <= count.day <= end:
            continue
        lessons += count.held
        ill += count.ill
        excused += count.excused
        unexcused += count.unexcused
        lates += count.lates
        missed_days += day_missed(count.missed, count.held, day_lessons)
    missed = ill + excused + unexcused
    return AttendanceTally(
        lessons=lessons, missed=missed, ill=ill, excused=excused, unexcused=unexcused,
        lates=lates, days_missed=missed_days, percent=percent(lessons - missed, lessons),
    )


def tally_attendance(student: Student, cells_by_lesson: Mapping[Lesson, Cell | None],
                     notes: Sequence[AbsenceNote], span: DateRange,
                     day_lessons: int) -> AttendanceTally:
    """Count the student's lessons (each mapped to its cell, None when nothing is written)."""
    return tally_days(day_counts(student, cells_by_lesson, notes), span, day_lessons)


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
