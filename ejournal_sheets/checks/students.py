"""The roll on «Ученики»: unique numbers and students, plausible dates and ages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ejournal_sheets.checks.common import Context, fmt_date, repeats, student_label, years
from ejournal_sheets.model import ClassRecord, Student
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import STUDENTS

STUDENT_NUMBER_DUPLICATE = Code(
    "student-number-duplicate",
    Severity.ERROR,
    "Номер ученика повторяется",
    "Номер {number} стоит у двух учеников: в строках {first_row} и {row}.",
    "Дайте каждому ученику свой номер; номер, уже использованный на других листах, не меняйте.",
)
STUDENT_DUPLICATE = Code(
    "student-duplicate",
    Severity.ERROR,
    "Ученик записан дважды",
    "Ученик {name} ({birth}) записан дважды: в строках {first_row} и {row}.",
    "Удалите лишнюю строку {row}, перенеся из неё недостающие сведения в строку {first_row}.",
)
STUDENT_NAMESAKE = Code(
    "student-namesake",
    Severity.WARNING,
    "Однофамильцы с одинаковым ФИО",
    "В строках {first_row} и {row} ученики с одинаковым ФИО «{name}», но разными датами "
    "рождения ({first_birth} и {birth}).",
    "Если это один ученик — удалите лишнюю строку; если разные — проверьте, что в журнале "
    "их можно различить (по дате рождения).",
)
BIRTH_DATE_FUTURE = Code(
    "birth-date-future",
    Severity.ERROR,
    "Дата рождения в будущем",
    "Дата рождения {birth} у ученика {student} ещё не наступила.",
    "Исправьте дату рождения (проверьте год).",
)
AGE_IMPLAUSIBLE = Code(
    "age-implausible",
    Severity.WARNING,
    "Возраст необычен для класса",
    "Ученику {student} на 1 сентября {year} г. было {age}, а в {grade} классе обычно "
    "учатся в {expected}.",
    "Проверьте дату рождения ({birth}); если она верна, ничего делать не нужно.",
)
LEAVING_BEFORE_ARRIVAL = Code(
    "leaving-before-arrival",
    Severity.ERROR,
    "Выбытие раньше прибытия",
    "У ученика {student} дата выбытия {leaving} раньше даты прибытия {arrival}.",
    "Исправьте одну из дат по приказу о прибытии или выбытии.",
)


def check_student_numbers_unique(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Each student has their own № on «Ученики»."""
    for first, repeat in repeats(class_.students, lambda s: s.number):
        where = class_.where(STUDENTS.name, repeat.row, "number")
        yield STUDENT_NUMBER_DUPLICATE(
            where, number=repeat.number, first_row=first.row, row=repeat.row
        )


def _name_key(student: Student) -> str | None:
    return student.key if student.last_name and student.first_name else None


def check_students_unique(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """The same student (normalised ФИО and birth date) is not on the roll twice."""
    for first, repeat in repeats(class_.students, _name_key):
        if first.birth_date is not None and first.birth_date == repeat.birth_date:
            yield STUDENT_DUPLICATE(
                class_.where(STUDENTS.name, repeat.row),
                name=repeat.name,
                birth=fmt_date(repeat.birth_date),
                first_row=first.row,
                row=repeat.row,
            )


def check_namesakes(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Two students with the same ФИО and different birth dates are pointed out."""
    for first, repeat in repeats(class_.students, _name_key):
        if first.birth_date is None or first.birth_date != repeat.birth_date:
            where = class_.where(STUDENTS.name, repeat.row, "last_name")
            yield STUDENT_NAMESAKE(
                where,
                name=repeat.name,
                first_row=first.row,
                row=repeat.row,
                first_birth=fmt_date(first.birth_date),
                birth=fmt_date(repeat.birth_date),
            )


def check_birth_dates_past(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A birth date is not in the future."""
    for student in class_.students:
        if student.birth_date is not None and student.birth_date > context.today:
            where = class_.where(STUDENTS.name, student.row, "birth_date")
            yield BIRTH_DATE_FUTURE(
                where, birth=fmt_date(student.birth_date), student=student_label(student)
            )


def age_on(birth: date, day: date) -> int:
    """Full years of age on a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_ages(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Age on 1 September is within grade + 6 ± (1 + age_tolerance) years."""
    grade = context.settings.class_.grade
    if grade is None:
        return
    september = date(context.settings.year.start.year, 9, 1)
    expected = grade + 6
    spread = 1 + context.settings.rules.age_tolerance
    for student in class_.students:
        birth = student.birth_date
        if birth is None or birth > context.today:
            continue
        age = age_on(birth, september)
        if abs(age - expected) > spread:
            where = class_.where(STUDENTS.name, student.row, "birth_date")
            yield AGE_IMPLAUSIBLE(
                where,
                student=student_label(student),
                year=september.year,
                age=years(age),
                grade=grade,
                expected=years(expected),
                birth=fmt_date(birth),
            )


def check_leaving_after_arrival(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A leaving date is not before the arrival date."""
    for student in class_.students:
        arrival, leaving = student.arrival_date, student.leaving_date
        if arrival is not None and leaving is not None and leaving < arrival:
            where = class_.where(STUDENTS.name, student.row, "leaving_date")
            yield LEAVING_BEFORE_ARRIVAL(
                where,
                student=student_label(student),
                leaving=fmt_date(leaving),
                arrival=fmt_date(arrival),
            )
