"""Who gets which letter (issue 5, item 4): families on the roll, addressees, e-mail permission.

- A family is a student on the roll that day (has a № and is enrolled) with the parents listed
  for them on «Родители», in the workbook's order.
- A letter to a family goes to its first parent, or to each parent with `per_parent`; a family
  without a parent row gets one letter addressed to «родители (законные представители)».
- E-mail only when the parent chose «email», has an address, agreed to electronic informing
  («Да» on «Согласия») and has not withdrawn the personal-data consent (checks.email_allowed).
- Weekly extracts (2.34): families where a parent chose «бумага»; with `include_inactive` also
  families none of whose parents has ever opened the e-diary (the activity review's «не заходил
  ни разу»). The extract goes to the parent on paper, else to the first parent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ejournal_sheets.activity import ActivityReport, Status
from ejournal_sheets.checks.common import email_allowed
from ejournal_sheets.model import Channel, ClassRecord, Parent, Student
from ejournal_sheets.names import clean_spaces


@dataclass(frozen=True)
class Family:
    """A student on the roll and their parents as «Родители» lists them."""

    student: Student
    parents: tuple[Parent, ...]

    @property
    def on_paper(self) -> bool:
        """Some parent is informed on paper («бумага»)."""
        return any(p.channel is Channel.PAPER for p in self.parents)


def families(class_: ClassRecord, day: date) -> list[Family]:
    """Families of the students enrolled on `day`, in roll order."""
    return [Family(s, class_.parents_of(s.number)) for s in class_.students
            if s.number is not None and s.enrolled_on(day)]


def addressees(family: Family, per_parent: bool = False) -> tuple[Parent | None, ...]:
    """The first parent, or every parent; (None,) for a family without parents."""
    if not family.parents:
        return (None,)
    return family.parents if per_parent else family.parents[:1]


def email_for(class_: ClassRecord, parent: Parent | None) -> str | None:
    """The parent's address when they may be informed by e-mail, else None."""
    if parent is None or parent.channel is not Channel.EMAIL or not parent.email:
        return None
    return parent.email if email_allowed(class_, parent) else None


def never_visiting(report: ActivityReport) -> frozenset[int]:
    """№ of the students whose parents (all of them) never opened the e-diary."""
    statuses: dict[int, list[Status]] = {}
    for user in report.parents:
        if user.student.number is not None:
            statuses.setdefault(user.student.number, []).append(user.status)
    return frozenset(number for number, found in statuses.items()
                     if found and all(s is Status.NEVER for s in found))


def weekly_families(found: Sequence[Family], never: frozenset[int] = frozenset()
                    ) -> list[Family]:
    """Families on paper, and those in `never` (students' №), in roll order."""
    return [f for f in found if f.on_paper or f.student.number in never]


def paper_parent(family: Family) -> Parent | None:
    """The parent a weekly extract is addressed to: the first on paper, else the first one."""
    on_paper = [p for p in family.parents if p.channel is Channel.PAPER]
    return next(iter(on_paper or family.parents), None)


def recipient_label(parent: Parent | None, student: Student) -> str:
    """«Иванова Мария Петровна (мать), Иванов Пётр» — a line of the batch manifest."""
    child = clean_spaces(f"{student.last_name or ''} {student.first_name or ''}")
    if parent is None:
        return f"родители (законные представители), {child}"
    relation = clean_spaces(parent.relation or "")
    return f"{parent.name} ({relation}), {child}" if relation else f"{parent.name}, {child}"
