"""Parents on «Родители»: each student on the roll is reachable through a working channel."""

from __future__ import annotations

from collections.abc import Iterator

from ejournal_sheets.checks.common import (
    Context,
    channel_works,
    consents_of_parent,
    repeats,
    roll,
    student_label,
)
from ejournal_sheets.model import Channel, ClassRecord, Parent
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import PARENTS, STUDENTS

PARENT_UNKNOWN_STUDENT = Code(
    "parent-unknown-student",
    Severity.ERROR,
    "Родитель ученика, которого нет в списке",
    "Родитель {parent} записан к ученику № {number}, а такого номера нет на листе «Ученики».",
    "Исправьте № ученика по листу «Ученики» или добавьте ученика туда.",
)
PARENT_DUPLICATE = Code(
    "parent-duplicate",
    Severity.WARNING,
    "Родитель записан дважды",
    "Родитель {parent} ученика № {number} записан дважды: в строках {first_row} и {row}.",
    "Удалите лишнюю строку {row}, иначе семья получит всё в двух экземплярах.",
)
STUDENT_NO_PARENT = Code(
    "student-no-parent",
    Severity.ERROR,
    "У ученика нет родителей в списке",
    "У ученика {student} нет ни одного родителя на листе «Родители».",
    "Добавьте на лист «Родители» строку с № ученика {number} и способом информирования.",
)
STUDENT_NO_CHANNEL = Code(
    "student-no-channel",
    Severity.ERROR,
    "Семья не получит сведений",
    "Сведения об ученике {student} не дойдут ни до одного родителя: {parents}.",
    "Для email нужны адрес и согласие на электронное информирование, для электронного "
    "дневника — дата выдачи доступа; или выберите одному из родителей «бумага».",
)
PARENT_EMAIL_MISSING = Code(
    "parent-email-missing",
    Severity.ERROR,
    "Выбран email, но адреса нет",
    "У родителя {parent} выбран способ «email», но действующего адреса почты нет.",
    "Впишите адрес в столбец «Email» или выберите другой способ информирования.",
)
PARENT_EMAIL_NO_CONSENT = Code(
    "parent-email-no-consent",
    Severity.ERROR,
    "Выбран email без согласия",
    "У родителя {parent} выбран способ «email», но на листе «Согласия» нет его «Да» "
    "в столбце «Согласие на электронное информирование».",
    "Получите письменное согласие и отметьте «Да» на листе «Согласия» (ФИО родителя — "
    "как на листе «Родители») или выберите способ «бумага».",
)
DIARY_ACCESS_MISSING = Code(
    "diary-access-missing",
    Severity.WARNING,
    "Доступ к электронному дневнику не выдан",
    "У родителя {parent} выбран электронный дневник, но дата выдачи доступа не указана.",
    "Выдайте логин и пароль и впишите дату в столбец «Доступ к ЭД выдан»; "
    "до тех пор родитель сведений не получает.",
)


def parents_on_roll(class_: ClassRecord, context: Context) -> Iterator[Parent]:
    """Parents of students on the roll: the families that get messages."""
    numbers = {s.number for s in roll(class_, context.today)}
    return (p for p in class_.parents if p.student_number in numbers)


def check_parent_students_known(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A parent's № ученика is on «Ученики»."""
    for parent in class_.parents:
        if parent.student_number is not None and class_.student(parent.student_number) is None:
            where = class_.where(PARENTS.name, parent.row, "student_number")
            yield PARENT_UNKNOWN_STUDENT(where, parent=parent.name, number=parent.student_number)


def _parent_key(parent: Parent) -> tuple[int, str] | None:
    if parent.student_number is None or not parent.last_name:
        return None
    return parent.student_number, parent.key


def check_parents_unique(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """The same parent (student № and normalised ФИО) is not listed twice."""
    for first, repeat in repeats(class_.parents, _parent_key):
        yield PARENT_DUPLICATE(
            class_.where(PARENTS.name, repeat.row),
            parent=repeat.name,
            number=repeat.student_number,
            first_row=first.row,
            row=repeat.row,
        )


def check_students_have_parents(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Every student on the roll has at least one parent row."""
    for student in roll(class_, context.today):
        if not class_.parents_of(student.number):
            yield STUDENT_NO_PARENT(
                class_.where(STUDENTS.name, student.row),
                student=student_label(student),
                number=student.number,
            )


def _describe(parent: Parent) -> str:
    return f"{parent.name} ({parent.channel or 'способ не выбран'})"


def check_students_reachable(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Every student on the roll has a parent with a working channel."""
    for student in roll(class_, context.today):
        parents = class_.parents_of(student.number)
        if parents and not any(channel_works(class_, p) for p in parents):
            yield STUDENT_NO_CHANNEL(
                class_.where(STUDENTS.name, student.row),
                student=student_label(student),
                parents="; ".join(map(_describe, parents)),
            )


def check_email_addresses(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A parent who chose email has a valid email address."""
    for parent in parents_on_roll(class_, context):
        if parent.channel is Channel.EMAIL and parent.email is None:
            where = class_.where(PARENTS.name, parent.row, "channel")
            yield PARENT_EMAIL_MISSING(where, parent=parent.name)


def check_email_consents(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A parent who chose email said «Да» to electronic informing on «Согласия»."""
    for parent in parents_on_roll(class_, context):
        # Only the «Да» is checked here: a withdrawn consent is consent-withdrawn's (an error
        # for email), not reported twice.
        consents = consents_of_parent(class_, parent)
        if parent.channel is Channel.EMAIL and not any(c.electronic is True for c in consents):
            where = class_.where(PARENTS.name, parent.row, "channel")
            yield PARENT_EMAIL_NO_CONSENT(where, parent=parent.name)


def check_diary_access(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A parent who chose the e-diary has a «Доступ к ЭД выдан» date."""
    for parent in parents_on_roll(class_, context):
        if parent.channel is Channel.DIARY and parent.access_date is None:
            where = class_.where(PARENTS.name, parent.row, "access_date")
            yield DIARY_ACCESS_MISSING(where, parent=parent.name)
