"""Movement on «Движение»: each event names a known student and agrees with «Ученики»."""

from __future__ import annotations

from collections.abc import Iterator

from ejournal_sheets.checks.common import Context, fmt_date, repeats, student_label
from ejournal_sheets.model import ClassRecord, Event, Movement, Student
from ejournal_sheets.names import full_name, name_key
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import MOVEMENTS, STUDENTS

MOVEMENT_UNKNOWN_STUDENT = Code(
    "movement-unknown-student",
    Severity.ERROR,
    "Движение ученика, которого нет в списке",
    "Ученик «{student}» из строки {row} не найден на листе «Ученики».",
    "Исправьте № или ФИО по листу «Ученики»; прибывшего ученика сначала добавьте туда.",
)
MOVEMENT_AMBIGUOUS_STUDENT = Code(
    "movement-ambiguous-student",
    Severity.ERROR,
    "По ФИО подходят несколько учеников",
    "ФИО «{name}» подходит нескольким ученикам: {students}.",
    "Заполните столбец «№ ученика» номером из листа «Ученики».",
)
MOVEMENT_NAME_MISMATCH = Code(
    "movement-name-mismatch",
    Severity.ERROR,
    "№ и ФИО указывают на разных учеников",
    "В строке {row} указан № {number} — это {student}, а ФИО — «{name}».",
    "Исправьте № или ФИО, чтобы они относились к одному ученику.",
)
MOVEMENT_DATE_MISMATCH = Code(
    "movement-date-mismatch",
    Severity.ERROR,
    "Дата движения не совпадает с листом «Ученики»",
    "Ученик {student} {event} {date}, а на листе «Ученики» {what} {expected}.",
    "Сверьте дату с приказом и исправьте её здесь или в столбце «{header}» листа «Ученики».",
)
MOVEMENT_MISSING = Code(
    "movement-missing",
    Severity.WARNING,
    "Движение не записано",
    "У ученика {student} {header} {date}, а на листе «Движение» нет события «{event}».",
    "Добавьте на лист «Движение» строку: № {number}, «{event}», {date}, № приказа.",
)
MOVEMENT_DUPLICATE = Code(
    "movement-duplicate",
    Severity.WARNING,
    "Движение записано дважды",
    "Событие «{event}» {date} ученика {student} записано дважды: в строках {first_row} и {row}.",
    "Удалите лишнюю строку {row}.",
)

_STUDENT_DATE = {Event.ARRIVED: "arrival_date", Event.LEFT: "leaving_date"}


def _named(student: Student, text: str) -> bool:
    """The text is the student's ФИО, with or without the patronymic."""
    short = full_name(student.last_name, student.first_name)
    return name_key(text) in {student.key, name_key(short)}


def _by_name(class_: ClassRecord, text: str | None) -> tuple[Student, ...]:
    if not text or not text.strip():
        return ()
    return tuple(s for s in class_.students if _named(s, text))


def student_of(class_: ClassRecord, movement: Movement) -> Student | None:
    """The student a movement row is about: by №, else by a ФИО that fits exactly one."""
    if movement.student_number is not None:
        return class_.student(movement.student_number)
    found = _by_name(class_, movement.student_name)
    return found[0] if len(found) == 1 else None


def check_movement_students_known(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A movement's № is on «Ученики», or its ФИО matches a student."""
    for movement in class_.movements:
        number, name = movement.student_number, movement.student_name
        if number is not None and class_.student(number) is None:
            where = class_.where(MOVEMENTS.name, movement.row, "student_number")
            yield MOVEMENT_UNKNOWN_STUDENT(where, student=f"№ {number}", row=movement.row)
        elif number is None and name and name.strip() and not _by_name(class_, name):
            where = class_.where(MOVEMENTS.name, movement.row, "student_name")
            yield MOVEMENT_UNKNOWN_STUDENT(where, student=name, row=movement.row)


def check_movement_names_unambiguous(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A movement named only by ФИО fits one student, not several namesakes."""
    for movement in class_.movements:
        found = _by_name(class_, movement.student_name)
        if movement.student_number is None and len(found) > 1:
            where = class_.where(MOVEMENTS.name, movement.row, "student_name")
            yield MOVEMENT_AMBIGUOUS_STUDENT(
                where, name=movement.student_name, students=", ".join(map(student_label, found))
            )


def check_movement_names_match(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """When both № and ФИО are given they name the same student."""
    for movement in class_.movements:
        student, name = class_.student(movement.student_number), movement.student_name
        if movement.student_number is None or student is None or not name or not name.strip():
            continue
        if not _named(student, name):
            where = class_.where(MOVEMENTS.name, movement.row, "student_name")
            yield MOVEMENT_NAME_MISMATCH(
                where, row=movement.row, number=student.number, student=student.name, name=name
            )


def check_movement_dates(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A «прибыл»/«выбыл» date equals the student's Дата прибытия/Дата выбытия."""
    for movement in class_.movements:
        student = student_of(class_, movement)
        if student is None or movement.event is None or movement.date is None:
            continue
        field = _STUDENT_DATE[movement.event]
        expected = getattr(student, field)
        if movement.date != expected:
            header = STUDENTS.column(field).header
            where = class_.where(MOVEMENTS.name, movement.row, "date")
            yield MOVEMENT_DATE_MISMATCH(
                where,
                student=student_label(student),
                event=movement.event.value,
                date=fmt_date(movement.date),
                header=header,
                what=header.lower(),
                expected=fmt_date(expected),
            )


def check_movements_recorded(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """An arrival or leaving in this school year has its event on «Движение»."""
    year = context.settings.year
    recorded = {(student_of(class_, m), m.event) for m in class_.movements}
    for student in class_.students:
        for event, field in _STUDENT_DATE.items():
            day = getattr(student, field)
            if day is None or not year.start <= day <= year.end or (student, event) in recorded:
                continue
            where = class_.where(STUDENTS.name, student.row, field)
            yield MOVEMENT_MISSING(
                where,
                student=student_label(student),
                header=STUDENTS.column(field).header.lower(),
                date=fmt_date(day),
                event=event.value,
                number=student.number,
            )


def _event_key(class_: ClassRecord, movement: Movement) -> tuple[int, Event, object] | None:
    student = student_of(class_, movement)
    if student is None or movement.event is None or movement.date is None:
        return None
    return student.row, movement.event, movement.date


def check_movements_unique(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """The same event of a student on the same date is recorded once."""
    for first, repeat in repeats(class_.movements, lambda m: _event_key(class_, m)):
        student = student_of(class_, repeat)
        yield MOVEMENT_DUPLICATE(
            class_.where(MOVEMENTS.name, repeat.row),
            event=repeat.event.value if repeat.event else "",
            date=fmt_date(repeat.date),
            student=student_label(student) if student else "",
            first_row=first.row,
            row=repeat.row,
        )
