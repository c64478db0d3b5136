"""The class as pure data: frozen records read from the class workbook (DESIGN §2, §4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from ejournal_sheets.names import full_name, name_key
from ejournal_sheets.problems import Location
from ejournal_sheets.schema import SHEETS


class Channel(StrEnum):
    DIARY = "электронный дневник"
    EMAIL = "email"
    PAPER = "бумага"


class Reason(StrEnum):
    ILL = "болезнь"
    EXCUSED = "уважительная"
    UNEXCUSED = "без уважительной"


class Event(StrEnum):
    ARRIVED = "прибыл"
    LEFT = "выбыл"


@dataclass(frozen=True)
class Student:
    row: int
    number: int | None
    last_name: str | None
    first_name: str | None
    patronymic: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    arrival_date: date | None = None
    leaving_date: date | None = None
    study_form: str | None = None
    address: str | None = None
    name_genitive: str | None = None
    name_dative: str | None = None
    note: str | None = None

    @property
    def name(self) -> str:
        """ФИО as the teacher typed it (original spelling, for output)."""
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def key(self) -> str:
        """Normalised ФИО for matching against the journal."""
        return name_key(self.name)

    def __hash__(self) -> int:
        # Students key every register: the workbook row tells a class's students apart (equal
        # students hash equal; students of other workbooks merely share a bucket).
        return hash(self.row)

    def enrolled_on(self, day: date) -> bool:
        """On the roll that day: arrived (or no date) and not yet left."""
        arrived = self.arrival_date is None or self.arrival_date <= day
        return arrived and (self.leaving_date is None or day < self.leaving_date)


@dataclass(frozen=True)
class Parent:
    row: int
    student_number: int | None
    last_name: str | None
    first_name: str | None
    patronymic: str | None = None
    sex: str | None = None
    relation: str | None = None
    phone: str | None = None
    phone_raw: str | None = None
    email: str | None = None
    email_raw: str | None = None
    channel: Channel | None = None
    access_date: date | None = None
    note: str | None = None

    @property
    def name(self) -> str:
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class GroupMember:
    row: int
    subject: str | None
    group: str | None
    teacher: str | None
    student_number: int | None


@dataclass(frozen=True)
class Consent:
    row: int
    student_number: int | None
    parent: str | None
    pd_consent: date | None = None
    pd_withdrawn: date | None = None
    electronic: bool | None = None
    regulation_date: date | None = None


@dataclass(frozen=True)
class AbsenceNote:
    """A known reason for missed lessons; `note` is private and never leaves the workspace."""

    row: int
    student_number: int | None
    date_from: date | None
    date_to: date | None
    lessons: tuple[int, ...] = ()
    reason: Reason | None = None
    document: str | None = None
    note: str | None = None

    def covers(self, day: date, lesson: int | None = None) -> bool:
        if self.date_from is None or self.date_to is None:
            return False
        in_range = self.date_from <= day <= self.date_to
        return in_range and (not self.lessons or lesson is None or lesson in self.lessons)


@dataclass(frozen=True)
class Movement:
    row: int
    student_number: int | None
    student_name: str | None
    event: Event | None
    date: date | None
    order: str | None = None
    place: str | None = None


def frozen_columns(mapping: Mapping[str, Mapping[str, int]]) -> Mapping[str, Mapping[str, int]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in mapping.items()})


@dataclass(frozen=True)
class ClassRecord:
    """Everything the class workbook says, plus where each field was found (for locations)."""

    path: Path
    students: tuple[Student, ...] = ()
    parents: tuple[Parent, ...] = ()
    groups: tuple[GroupMember, ...] = ()
    consents: tuple[Consent, ...] = ()
    absences: tuple[AbsenceNote, ...] = ()
    movements: tuple[Movement, ...] = ()
    columns: Mapping[str, Mapping[str, int]] = field(default_factory=lambda: frozen_columns({}))
    sheets_found: frozenset[str] = frozenset()

    def where(self, sheet: str, row: int | None = None, field_name: str | None = None) -> Location:
        """Location of a field in a row, e.g. класс.xlsx:Родители:F7."""
        column = self.columns.get(sheet, {}).get(field_name) if field_name else None
        header = None
        if field_name:
            spec = next((s for s in SHEETS if s.name == sheet), None)
            header = spec.column(field_name).header if spec else None
        return Location(self.path, sheet, row, column, header)

    def student(self, number: int | None) -> Student | None:
        return next((s for s in self.students if s.number == number), None)

    def parents_of(self, number: int | None) -> tuple[Parent, ...]:
        return tuple(p for p in self.parents if p.student_number == number)

    def consents_of(self, number: int | None) -> tuple[Consent, ...]:
        return tuple(c for c in self.consents if c.student_number == number)
