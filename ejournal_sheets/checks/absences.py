"""Absence notes on «Пропуски»: known student, sensible dates within the enrolment.

Messages here never quote «Примечание»: health details never leave the workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ejournal_sheets.checks.common import Context, fmt_date, student_label
from ejournal_sheets.model import ClassRecord, Student
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import ABSENCES

ABSENCE_UNKNOWN_STUDENT = Code(
    "absence-unknown-student",
    Severity.ERROR,
    "Пропуск ученика, которого нет в списке",
    "Пропуск записан к ученику № {number}, а такого номера нет на листе «Ученики».",
    "Исправьте № ученика по листу «Ученики».",
)
ABSENCE_DATES_REVERSED = Code(
    "absence-dates-reversed",
    Severity.ERROR,
    "Дата «По» раньше даты «С»",
    "Пропуск с {date_from} по {date_to}: последний день раньше первого.",
    "Поменяйте даты местами или исправьте опечатку.",
)
ABSENCE_OUTSIDE_ENROLMENT = Code(
    "absence-outside-enrolment",
    Severity.WARNING,
    "Пропуск вне времени обучения в классе",
    "Пропуск ученика {student} с {date_from} по {date_to} выходит за время его обучения "
    "в классе ({enrolment}).",
    "Проверьте даты пропуска и даты прибытия и выбытия на листе «Ученики»; дни вне "
    "обучения в отчётах не учитываются.",
)


def check_absence_students_known(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """An absence note's № ученика is on «Ученики»."""
    for note in class_.absences:
        if note.student_number is not None and class_.student(note.student_number) is None:
            where = class_.where(ABSENCES.name, note.row, "student_number")
            yield ABSENCE_UNKNOWN_STUDENT(where, number=note.student_number)


def check_absence_dates_order(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """«По» is not before «С»."""
    for note in class_.absences:
        if note.date_from and note.date_to and note.date_to < note.date_from:
            where = class_.where(ABSENCES.name, note.row, "date_to")
            yield ABSENCE_DATES_REVERSED(
                where, date_from=fmt_date(note.date_from), date_to=fmt_date(note.date_to)
            )


def _enrolment(student: Student) -> str:
    arrived = f"дата прибытия {fmt_date(student.arrival_date)}" if student.arrival_date else ""
    left = f"дата выбытия {fmt_date(student.leaving_date)}" if student.leaving_date else ""
    return ", ".join(part for part in (arrived, left) if part)


def _outside_field(first: date, last: date, student: Student) -> str | None:
    """The date cell that falls outside arrival..leaving (the leaving day is not enrolled)."""
    if student.arrival_date and first < student.arrival_date:
        return "date_from"
    if student.leaving_date and last >= student.leaving_date:
        return "date_to"
    return None


def check_absences_within_enrolment(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """An absence falls between the student's arrival and leaving dates."""
    for note in class_.absences:
        student = class_.student(note.student_number)
        first, last = note.date_from, note.date_to
        if student is None or first is None or last is None or last < first:
            continue
        field = _outside_field(first, last, student)
        if field:
            where = class_.where(ABSENCES.name, note.row, field)
            yield ABSENCE_OUTSIDE_ENROLMENT(
                where,
                student=student_label(student),
                date_from=fmt_date(first),
                date_to=fmt_date(last),
                enrolment=_enrolment(student),
            )
