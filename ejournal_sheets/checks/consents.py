"""Consents on «Согласия»: present, not withdrawn, not dated ahead, tied to a known parent."""

from __future__ import annotations

from collections.abc import Iterator

from ejournal_sheets.checks.common import (
    Context,
    consents_of_parent,
    fmt_date,
    repeats,
    roll,
    student_label,
    withdrawn,
)
from ejournal_sheets.model import Channel, ClassRecord, Consent
from ejournal_sheets.names import name_key
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import CONSENTS, STUDENTS

CONSENT_MISSING = Code(
    "consent-missing",
    Severity.WARNING,
    "Нет согласия на обработку ПДн",
    "Ни один родитель ученика {student} не дал согласия на обработку персональных данных.",
    "Получите согласие и впишите его дату на листе «Согласия»; до тех пор семья не получает "
    "электронных сообщений.",
)
CONSENT_WITHDRAWN = Code(
    "consent-withdrawn",
    Severity.WARNING,
    "Согласие на обработку ПДн отозвано",
    "Согласие на обработку ПДн родителя «{parent}» отозвано {date}: семья ученика № {number} "
    "не получает электронных сообщений.",
    "{action}",
)
CONSENT_FUTURE = Code(
    "consent-future",
    Severity.ERROR,
    "Дата согласия в будущем",
    "В столбце «{header}» стоит дата {date}, которая ещё не наступила.",
    "Впишите дату, когда родитель действительно подписал документ (проверьте год).",
)
CONSENT_UNKNOWN_PARENT = Code(
    "consent-unknown-parent",
    Severity.WARNING,
    "Согласие от неизвестного родителя",
    "«{parent}» не найден среди родителей ученика № {number} на листе «Родители».",
    "Впишите ФИО родителя полностью и так же, как на листе «Родители», или добавьте его туда.",
)
CONSENT_UNKNOWN_STUDENT = Code(
    "consent-unknown-student",
    Severity.ERROR,
    "Согласие для ученика, которого нет в списке",
    "Согласие записано к ученику № {number}, а такого номера нет на листе «Ученики».",
    "Исправьте № ученика по листу «Ученики».",
)
CONSENT_DUPLICATE = Code(
    "consent-duplicate",
    Severity.WARNING,
    "Согласие родителя записано дважды",
    "Согласия родителя «{parent}» ученика № {number} записаны дважды: в строках {first_row} "
    "и {row}.",
    "Оставьте одну строку на родителя с актуальными датами, лишнюю удалите.",
)

_DATES = ("pd_consent", "pd_withdrawn", "regulation_date")


def check_consents_present(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Every student on the roll has a personal-data consent date from some parent."""
    for student in roll(class_, context.today):
        if not any(c.pd_consent is not None for c in class_.consents_of(student.number)):
            yield CONSENT_MISSING(
                class_.where(STUDENTS.name, student.row), student=student_label(student)
            )


def _channels(class_: ClassRecord, consent: Consent) -> set[Channel | None]:
    """Channels of the parents this consent row belongs to."""
    parents = class_.parents_of(consent.student_number)
    return {p.channel for p in parents if consent in consents_of_parent(class_, p)}


def _withdrawn_severity(channels: set[Channel | None]) -> Severity:
    """Error while email is chosen; only a note when the parent is already on paper."""
    if Channel.EMAIL in channels:
        return Severity.ERROR
    return Severity.INFO if channels == {Channel.PAPER} else Severity.WARNING


def _withdrawn_action(channels: set[Channel | None]) -> str:
    if channels == {Channel.PAPER}:
        return "Семья уже получает сведения на бумаге — ничего менять не нужно."
    instead = " вместо «email»" if Channel.EMAIL in channels else ""
    return ("Сообщайте этой семье сведения на бумаге: на листе «Родители» выберите способ "
            f"«бумага»{instead}.")


def check_consents_withdrawn(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A withdrawn consent is pointed out: an error with email, a note when already on paper."""
    numbers = {s.number for s in roll(class_, context.today)}
    for consent in class_.consents:
        if consent.student_number in numbers and withdrawn(consent):
            channels = _channels(class_, consent)
            where = class_.where(CONSENTS.name, consent.row, "pd_withdrawn")
            yield CONSENT_WITHDRAWN(
                where,
                _withdrawn_severity(channels),
                parent=consent.parent or "—",
                date=fmt_date(consent.pd_withdrawn),
                number=consent.student_number,
                action=_withdrawn_action(channels),
            )


def check_consent_dates_past(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """No consent, withdrawal or acknowledgement date is after today."""
    for consent in class_.consents:
        for field in _DATES:
            day = getattr(consent, field)
            if day is not None and day > context.today:
                where = class_.where(CONSENTS.name, consent.row, field)
                yield CONSENT_FUTURE(where, header=where.header, date=fmt_date(day))


def check_consent_students_known(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A consent's № ученика is on «Ученики»."""
    for consent in class_.consents:
        number = consent.student_number
        if number is not None and class_.student(number) is None:
            where = class_.where(CONSENTS.name, consent.row, "student_number")
            yield CONSENT_UNKNOWN_STUDENT(where, number=number)


def check_consent_parents_known(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A consent names a parent of that student as written on «Родители»."""
    for consent in class_.consents:
        number = consent.student_number
        if not consent.parent or class_.student(number) is None:
            continue
        keys = {p.key for p in class_.parents_of(number)}
        if name_key(consent.parent) not in keys:
            where = class_.where(CONSENTS.name, consent.row, "parent")
            yield CONSENT_UNKNOWN_PARENT(where, parent=consent.parent, number=number)


def _consent_key(consent: Consent) -> tuple[int, str] | None:
    if consent.student_number is None or not consent.parent:
        return None
    return consent.student_number, name_key(consent.parent)


def check_consents_unique(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """One consent row per parent (student № and normalised ФИО)."""
    for first, repeat in repeats(class_.consents, _consent_key):
        yield CONSENT_DUPLICATE(
            class_.where(CONSENTS.name, repeat.row),
            parent=repeat.parent,
            number=repeat.student_number,
            first_row=first.row,
            row=repeat.row,
        )
