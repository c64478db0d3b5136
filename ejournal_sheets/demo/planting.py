"""The deliberate data problems of the demo: each one cell, with the code the checker gives."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ejournal_sheets.demo.names import LATIN_TWINS
from ejournal_sheets.demo.roles import Roles
from ejournal_sheets.demo.roster import DemoStudent, Roster
from ejournal_sheets.demo.sheets import Rows
from ejournal_sheets.problems import column_letter
from ejournal_sheets.schema import PARENTS, SHEETS, STUDENTS

# Cyrillic letters and the Latin letters typed instead of them by mistake.
FIRST_DATA_ROW = 2  # row 1 holds the headers


@dataclass(frozen=True)
class Planted:
    """A planted problem: checker code, sheet, field, Excel row (data from 2) and what it is."""

    code: str
    sheet: str
    field: str
    row: int
    what: str

    @property
    def cell(self) -> str:
        """The cell as Excel names it, e.g. «G14», with columns in the template's order."""
        spec = next(s for s in SHEETS if s.name == self.sheet)
        column = next(i for i, c in enumerate(spec.columns, start=1) if c.field == self.field)
        return f"{column_letter(column)}{self.row}"


@dataclass(frozen=True)
class Plant:
    """A planted problem and the value its cell gets."""

    planted: Planted
    value: object


Planter = Callable[[Roster, Roles, Rows], Plant]


def plant(rows: Rows, roster: Roster, roles: Roles) -> tuple[Rows, tuple[Planted, ...]]:
    """Rows with the five problems written in (a copy; `rows` is unchanged) and their records."""
    plants = tuple(planter(roster, roles, rows) for planter in PLANTERS)
    changed = {sheet: [dict(row) for row in sheet_rows] for sheet, sheet_rows in rows.items()}
    for item in plants:
        where = item.planted
        changed[where.sheet][where.row - FIRST_DATA_ROW][where.field] = item.value
    return changed, tuple(item.planted for item in plants)


def hosts(planted: Sequence[Planted], rows: Mapping[str, Sequence[Mapping[str, object]]]
          ) -> frozenset[int]:
    """№ of the students whose own row, or a parent's, holds a planted problem."""
    found = set()
    for item in planted:
        row = rows[item.sheet][item.row - FIRST_DATA_ROW]
        found.add(int(str(row["number"] if item.sheet == STUDENTS.name else row["student_number"])))
    return frozenset(found)


def _parent_row(rows: Rows, number: int, relation: str) -> int:
    """Excel row of a parent on «Родители»."""
    index = next(
        i for i, row in enumerate(rows[PARENTS.name])
        if row["student_number"] == number and row["relation"] == relation
    )  # fmt: skip
    return index + FIRST_DATA_ROW


def _student_row(student: DemoStudent) -> int:
    return student.number - 1 + FIRST_DATA_ROW


def phone_as_number(roster: Roster, roles: Roles, rows: Rows) -> Plant:
    """A father's phone typed as the number 89…: read and normalised with a warning."""
    student = roster.students[roles.phone_number]
    relative = student.family[-1]
    value = int("8" + relative.phone.removeprefix("+7"))
    what = f"Телефон записан числом {value}, а не текстом {relative.phone}"
    row = _parent_row(rows, student.number, relative.relation)
    return Plant(Planted("phone-normalised", PARENTS.name, "phone", row, what), value)


def latin_in_surname(roster: Roster, roles: Roles, rows: Rows) -> Plant:
    """A Latin look-alike letter inside a student's Cyrillic surname."""
    student = roster.students[roles.latin]
    surname = student.child.person.last_name
    position = next(i for i, ch in enumerate(surname) if i and ch in LATIN_TWINS)
    letter = surname[position]
    value = surname[:position] + LATIN_TWINS[letter] + surname[position + 1 :]
    what = f"В фамилии «{value}» латинская буква «{LATIN_TWINS[letter]}» вместо русской «{letter}»"
    planted = Planted("name-latin-lookalike", STUDENTS.name, "last_name", _student_row(student),
                      what)  # fmt: skip
    return Plant(planted, value)


def email_without_consent(roster: Roster, roles: Roles, rows: Rows) -> Plant:
    """A mother picks email but said «Нет» to electronic informing; the father has the e-diary."""
    student = roster.students[roles.no_consent]
    relative = student.family[0]
    what = (f"Способ информирования «email» ({relative.email}), но согласия на электронное "
            "информирование нет («Нет» на листе «Согласия»)")  # fmt: skip
    row = _parent_row(rows, student.number, relative.relation)
    return Plant(Planted("parent-email-no-consent", PARENTS.name, "channel", row, what), "email")


def invalid_email(roster: Roster, roles: Roles, rows: Rows) -> Plant:
    """An e-diary parent's email typed with a dot instead of «@»."""
    student = roster.students[roles.bad_email]
    relative = student.family[0]
    value = (relative.email or "").replace("@", ".")
    what = f"Неверный адрес почты «{value}» (нет «@») у родителя с электронным дневником"
    row = _parent_row(rows, student.number, relative.relation)
    return Plant(Planted("email-invalid", PARENTS.name, "email", row, what), value)


def birth_date_as_text(roster: Roster, roles: Roles, rows: Rows) -> Plant:
    """A birth date typed as the text «14.03.2013» instead of a date."""
    student = roster.students[roles.birth_text]
    birth: date = student.child.birth_date
    value = f"{birth:%d.%m.%Y}"
    what = f"Дата рождения записана текстом «{value}», а не датой"
    planted = Planted("date-as-text", STUDENTS.name, "birth_date", _student_row(student), what)
    return Plant(planted, value)


PLANTERS: tuple[Planter, ...] = (
    phone_as_number,
    latin_in_surname,
    email_without_consent,
    invalid_email,
    birth_date_as_text,
)
