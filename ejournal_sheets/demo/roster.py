"""The demo class as a whole: numbered students with families, movement and English groups."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ejournal_sheets.dates import school_week
from ejournal_sheets.demo.families import Relative, date_family, draw_family
from ejournal_sheets.demo.people import Child
from ejournal_sheets.demo.roles import Roles
from ejournal_sheets.model import Event
from ejournal_sheets.settings import DateRange, default_periods, school_year_start

ARRIVED_FROM = "МБОУ СОШ № 3 г. Заречный"
LEFT_TO = "МАОУ «Лицей № 2» г. Екатеринбург"
FIRST_ORDER = 12  # number of the first order on students in September
SUBJECT = "Английский язык"
GROUPS: tuple[tuple[str, str], ...] = (
    ("1 группа", "Смирнова Елена Викторовна"),
    ("2 группа", "Козлов Андрей Петрович"),
)


@dataclass(frozen=True)
class DemoStudent:
    """A numbered student of the demo class with family and, for movers, the dates."""

    number: int
    child: Child
    family: tuple[Relative, ...]
    arrival_date: date | None = None
    leaving_date: date | None = None
    study_form: str = "очная"


@dataclass(frozen=True)
class Move:
    """A row of «Движение»: who arrived or left, when, by which order, from or to where."""

    number: int
    name: str
    event: Event
    day: date
    order: str
    place: str


@dataclass(frozen=True)
class Group:
    """A group of a split subject and the students in it."""

    subject: str
    name: str
    teacher: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class Roster:
    """The whole demo class before it is laid out as workbook rows."""

    students: tuple[DemoStudent, ...]
    moves: tuple[Move, ...]
    groups: tuple[Group, ...]


def draw_roster(
    rng: random.Random, dates: random.Random, children: Sequence[Child], roles: Roles,
    days: Sequence[date], today: date,
) -> Roster:  # fmt: skip
    """Number the class list 1…N, give each student a dated family, place the two movers.

    People come from `rng` and dates from `dates`, so the class stays the same whatever day
    it is built on; only the dates move with `days` (the past school days) and `today`.
    """
    arrival, leaving = _move_days(dates, days, today)
    taken: set[str] = set()
    students = []
    for index, child in enumerate(children):
        family = draw_family(rng, child, index, roles, taken)
        start = arrival if index == roles.arrived else None
        family = date_family(dates, family, days, start, withdrawn=index == roles.withdrawn)
        students.append(
            DemoStudent(
                number=index + 1,
                child=child,
                family=family,
                arrival_date=days[arrival] if index == roles.arrived else None,
                leaving_date=days[leaving] if index == roles.left else None,
                study_form="на дому" if index == roles.at_home else "очная",
            )
        )
    moves = sorted(
        (
            _move(students[roles.arrived], Event.ARRIVED, days[arrival], ARRIVED_FROM, days[0]),
            _move(students[roles.left], Event.LEFT, days[leaving], LEFT_TO, days[0]),
        ),
        key=lambda move: (move.day, move.number),
    )
    groups = draw_groups(rng, [s.number for s in students])
    return Roster(tuple(students), tuple(moves), groups)


def _move_days(rng: random.Random, days: Sequence[date], today: date) -> tuple[int, int]:
    """Indices of the arrival and leaving school days, two different days.

    Inside the period containing `today` (after its first day) and before the week the
    weekly check looks at, so the statements of the period show both; without two such days
    (early in a period, in the holidays) the arrival falls mid-way so far and the leaving later.
    """
    inside = _days_inside(days, today)
    if len(inside) >= 2:
        arrival, leaving = rng.sample(inside, 2)
        return arrival, leaving
    count = len(days)
    arrival = rng.randrange(max(count // 3, 5), max(2 * count // 3, 6))
    leaving = rng.randrange(max(count // 2, 8), count - 1)
    return arrival, leaving


def _days_inside(days: Sequence[date], today: date) -> list[int]:
    """Indices of the days after the current period's first day and before the checked week.

    The last two days stay out: a family's later dates need two school days after arrival.
    """
    period = current_period_of(today)
    if period is None:
        return []
    monday = checked_monday(days, today)
    return [index for index, day in enumerate(days[:-2]) if period.start < day < monday]


def current_period_of(today: date) -> DateRange | None:
    """The default period containing `today`, None in the holidays."""
    return next((p for p in default_periods(school_year_start(today)) if today in p), None)


def checked_monday(days: Sequence[date], today: date) -> date:
    """Monday of the week the weekly check looks at: `school_week(today)`, or the latest
    earlier week with a school day when holidays left that one without lessons so far."""
    monday = school_week(today).start
    while days and monday > days[0] and not any(monday <= day for day in days):
        monday -= timedelta(weeks=1)
    return monday


def _move(student: DemoStudent, event: Event, day: date, place: str, first_day: date) -> Move:
    # Orders are numbered through the year; two events never share a number.
    number = FIRST_ORDER + 2 * (day - first_day).days + (event is Event.LEFT)
    order = f"№ {number}-у от {day:%d.%m.%Y}"
    return Move(student.number, student.child.person.full_name, event, day, order, place)


def draw_groups(rng: random.Random, numbers: Sequence[int]) -> tuple[Group, ...]:
    """Split the class into the two English groups, each student in exactly one."""
    shuffled = rng.sample(list(numbers), len(numbers))
    half = (len(shuffled) + 1) // 2
    parts = (shuffled[:half], shuffled[half:])
    return tuple(
        Group(SUBJECT, name, teacher, tuple(sorted(part)))
        for (name, teacher), part in zip(GROUPS, parts, strict=True)
    )
