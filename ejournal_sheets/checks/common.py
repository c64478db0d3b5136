"""What every check shares: the context, the roll, consent matching, duplicates, date wording."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from ejournal_sheets.model import Channel, ClassRecord, Consent, Parent, Student
from ejournal_sheets.names import name_key
from ejournal_sheets.problems import Problem
from ejournal_sheets.schema import (
    ABSENCES,
    CONSENTS,
    GROUPS,
    MOVEMENTS,
    PARENTS,
    STUDENTS,
    SheetSpec,
)
from ejournal_sheets.settings import Settings

R = TypeVar("R")


@dataclass(frozen=True)
class Context:
    """What a check may know besides the workbook: the settings and a fixed «today»."""

    settings: Settings
    today: date


Check = Callable[[ClassRecord, Context], Iterator[Problem]]


class Row(Protocol):
    """Any record read from a sheet: it knows its 1-based Excel row."""

    @property
    def row(self) -> int: ...


def sheet_records(class_: ClassRecord) -> tuple[tuple[SheetSpec, tuple[Row, ...]], ...]:
    """Each sheet of the workbook with the records read from it."""
    return (
        (STUDENTS, class_.students),
        (PARENTS, class_.parents),
        (GROUPS, class_.groups),
        (CONSENTS, class_.consents),
        (ABSENCES, class_.absences),
        (MOVEMENTS, class_.movements),
    )


def is_blank(value: object) -> bool:
    """None, an empty or all-space string, or an empty tuple (no lessons listed)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == ()


def on_roll(student: Student, today: date) -> bool:
    """On the roll: has a № and has not left (no leaving date, or it is still ahead)."""
    left = student.leaving_date is not None and student.leaving_date <= today
    return student.number is not None and not left


def roll(class_: ClassRecord, today: date) -> Iterator[Student]:
    """Students on the roll today."""
    return (s for s in class_.students if on_roll(s, today))


def repeats(records: Iterable[R], key: Callable[[R], Hashable | None]) -> Iterator[tuple[R, R]]:
    """(first, repeat) for every record whose non-empty key was already seen."""
    first: dict[Hashable, R] = {}
    for record in records:
        value = key(record)
        if value is None:
            continue
        if value in first:
            yield first[value], record
        else:
            first[value] = record


def withdrawn(consent: Consent) -> bool:
    """Consent withdrawn, unless a newer consent date in the same row shows it was given again."""
    if consent.pd_withdrawn is None:
        return False
    return consent.pd_consent is None or consent.pd_withdrawn >= consent.pd_consent


def consents_of_parent(class_: ClassRecord, parent: Parent) -> tuple[Consent, ...]:
    """Consent rows of this parent: same student № and the same normalised ФИО."""
    return tuple(
        c
        for c in class_.consents_of(parent.student_number)
        if c.parent and name_key(c.parent) == parent.key
    )


def email_allowed(class_: ClassRecord, parent: Parent) -> bool:
    """Agreed to electronic informing and has not withdrawn the personal-data consent."""
    consents = consents_of_parent(class_, parent)
    agreed = any(c.electronic is True for c in consents)
    return agreed and not any(withdrawn(c) for c in consents)


def channel_works(class_: ClassRecord, parent: Parent) -> bool:
    """Paper always reaches the family; email and the e-diary only when set up and allowed."""
    if parent.channel is Channel.PAPER:
        return True
    if parent.channel is Channel.EMAIL:
        return parent.email is not None and email_allowed(class_, parent)
    if parent.channel is Channel.DIARY:
        return parent.access_date is not None
    return False


def fmt_date(day: date | None) -> str:
    """27.11.2026, or «не указана»."""
    return f"{day:%d.%m.%Y}" if day else "не указана"


def student_label(student: Student) -> str:
    """«№ 3 Иванов Иван Иванович», as the teacher finds the student on the sheet."""
    return f"№ {student.number} {student.name}".strip()


def years(count: int) -> str:
    """13 лет, 21 год, 22 года."""
    tens, units = count % 100, count % 10
    if units == 1 and tens != 11:
        word = "год"
    elif 2 <= units <= 4 and not 12 <= tens <= 14:
        word = "года"
    else:
        word = "лет"
    return f"{count} {word}"
