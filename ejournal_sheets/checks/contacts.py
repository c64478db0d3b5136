"""Parents' phones and emails: normalised with a warning, unusable ones are errors."""

from __future__ import annotations

from collections.abc import Iterator

from ejournal_sheets.checks.common import Context, is_blank
from ejournal_sheets.model import ClassRecord
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import PARENTS

PHONE_NORMALISED = Code(
    "phone-normalised",
    Severity.WARNING,
    "Телефон приведён к единому виду",
    "Телефон «{raw}» записан не в едином виде; используется {phone}.",
    "Впишите телефон как {phone}, чтобы он одинаково читался везде.",
)
PHONE_INVALID = Code(
    "phone-invalid",
    Severity.ERROR,
    "Телефон не распознан",
    "«{raw}» не похоже на номер телефона (нужно 10 цифр после +7).",
    "Впишите один мобильный номер в виде +7 912 345-67-89 или очистите ячейку.",
)
EMAIL_TRIMMED = Code(
    "email-trimmed",
    Severity.WARNING,
    "Пробелы в адресе почты",
    "В адресе «{raw}» есть пробелы; используется «{email}».",
    "Удалите пробелы из адреса в ячейке.",
)
EMAIL_INVALID = Code(
    "email-invalid",
    Severity.ERROR,
    "Адрес почты неверный",
    "«{raw}» не является адресом электронной почты.",
    "Впишите один адрес вида name@example.ru (проверьте «@», точку и опечатки) "
    "или очистите ячейку.",
)


def check_phones_normalised(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A phone is typed in the +7XXXXXXXXXX form it is normalised to."""
    for parent in class_.parents:
        raw = parent.phone_raw
        if raw is not None and parent.phone is not None and raw != parent.phone:
            where = class_.where(PARENTS.name, parent.row, "phone")
            yield PHONE_NORMALISED(where, raw=raw, phone=parent.phone)


def check_phones_valid(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A filled phone cell holds a phone number (+7 and ten digits)."""
    for parent in class_.parents:
        if not is_blank(parent.phone_raw) and parent.phone is None:
            where = class_.where(PARENTS.name, parent.row, "phone")
            yield PHONE_INVALID(where, raw=parent.phone_raw)


def check_emails_trimmed(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """An email address has no spaces in or around it."""
    for parent in class_.parents:
        raw = parent.email_raw
        if raw is not None and parent.email is not None and "".join(raw.split()) != raw:
            where = class_.where(PARENTS.name, parent.row, "email")
            yield EMAIL_TRIMMED(where, raw=raw, email=parent.email)


def check_emails_valid(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A filled email cell holds a syntactically valid address."""
    for parent in class_.parents:
        if not is_blank(parent.email_raw) and parent.email is None:
            where = class_.where(PARENTS.name, parent.row, "email")
            yield EMAIL_INVALID(where, raw=parent.email_raw)
