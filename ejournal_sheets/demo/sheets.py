"""The demo roster laid out as class-workbook rows: {sheet: [{field: value}, …]} in schema terms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ejournal_sheets.demo.roster import DemoStudent, Roster
from ejournal_sheets.schema import (
    ABSENCES,
    CONSENTS,
    GROUPS,
    MOVEMENTS,
    PARENTS,
    SHEETS,
    STUDENTS,
    SheetSpec,
)

Row = dict[str, object]
Rows = dict[str, list[Row]]


def render_rows(roster: Roster, absences: Sequence[Row]) -> Rows:
    """Every sheet's rows in sheet order; each row has every field of its sheet (None = blank)."""
    rows = {
        STUDENTS.name: [student_row(s) for s in roster.students],
        PARENTS.name: list(parent_rows(roster.students)),
        GROUPS.name: list(group_rows(roster)),
        CONSENTS.name: list(consent_rows(roster.students)),
        ABSENCES.name: [row_of(ABSENCES, **note) for note in absences],
        MOVEMENTS.name: list(movement_rows(roster)),
    }
    return {spec.name: rows[spec.name] for spec in SHEETS}


def row_of(spec: SheetSpec, **values: object) -> Row:
    """A row with every field of `spec`; an unknown field is a bug here, so it raises."""
    fields = [column.field for column in spec.columns]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"{spec.name} has no fields {sorted(unknown)}")
    return {field: values.get(field) for field in fields}


def student_row(student: DemoStudent) -> Row:
    person, child = student.child.person, student.child
    return row_of(
        STUDENTS, number=student.number, last_name=person.last_name,
        first_name=person.first_name, patronymic=person.patronymic, sex=person.sex,
        birth_date=child.birth_date, arrival_date=student.arrival_date,
        leaving_date=student.leaving_date, study_form=student.study_form, address=child.address,
    )  # fmt: skip


def parent_rows(students: Sequence[DemoStudent]) -> Iterator[Row]:
    for student in students:
        for relative in student.family:
            person = relative.person
            yield row_of(
                PARENTS, student_number=student.number, last_name=person.last_name,
                first_name=person.first_name, patronymic=person.patronymic, sex=person.sex,
                relation=relative.relation, phone=relative.phone, email=relative.email,
                channel=relative.channel.value, access_date=relative.access_date,
            )  # fmt: skip


def consent_rows(students: Sequence[DemoStudent]) -> Iterator[Row]:
    """One row per parent, in the order of «Родители»."""
    for student in students:
        for relative in student.family:
            yield row_of(
                CONSENTS, student_number=student.number, parent=relative.person.full_name,
                pd_consent=relative.consent_date, pd_withdrawn=relative.withdrawn_date,
                electronic="Да" if relative.electronic else "Нет",
                regulation_date=relative.regulation_date,
            )  # fmt: skip


def group_rows(roster: Roster) -> Iterator[Row]:
    for group in roster.groups:
        for number in group.members:
            yield row_of(GROUPS, subject=group.subject, group=group.name, teacher=group.teacher,
                         student_number=number)  # fmt: skip


def movement_rows(roster: Roster) -> Iterator[Row]:
    for move in roster.moves:
        yield row_of(
            MOVEMENTS,
            student_number=move.number,
            student_name=move.name,
            event=move.event.value,
            date=move.day,
            order=move.order,
            place=move.place,
        )
