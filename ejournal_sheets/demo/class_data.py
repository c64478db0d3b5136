"""The demo class as class-workbook rows: 27 students, families, groups, notes, movement."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from ejournal_sheets.demo.absences import draw_absences
from ejournal_sheets.demo.people import draw_children
from ejournal_sheets.demo.planting import Planted, plant
from ejournal_sheets.demo.roles import assign_roles
from ejournal_sheets.demo.roster import Roster, draw_roster
from ejournal_sheets.demo.school_days import past_school_days
from ejournal_sheets.demo.sheets import Rows, render_rows
from ejournal_sheets.settings import ClassInfo, school_year_start

__all__ = ["CLASS_SIZE", "DemoClass", "Planted", "make_class_rows"]

CLASS_SIZE = 27
DEFAULT_GRADE = 7
SCHOOL_START_AGE = 6  # a first-grader turns 7 during the first school year
# Dates are drawn from their own stream, so the people stay the same whatever `today` is.
DATES_STREAM = "ejournal-demo-dates"


@dataclass(frozen=True)
class DemoClass:
    """Rows for build_class_workbook ({sheet: rows of {field: value}}) and the planted problems."""

    rows: Mapping[str, tuple[Mapping[str, object], ...]]
    planted: tuple[Planted, ...]


def make_class_rows(
    today: date, seed: int = 7, class_name: str = "7Б", plant_problems: bool = True
) -> DemoClass:
    """A realistic class for the school year containing `today`; the same seed, the same class.

    With `plant_problems` five cells get the problems listed in `planted`; without it the
    same rows are clean. Raises ValueError when fewer than ten school days have passed.
    """
    rng, dates = random.Random(seed), random.Random(f"{DATES_STREAM}:{seed}")
    days = past_school_days(today)
    children = draw_children(rng, CLASS_SIZE, usual_birth_year(today, class_name))
    roles = assign_roles(rng, children)
    roster = draw_roster(rng, dates, children, roles, days, today)
    rows = render_rows(roster, draw_absences(dates, days, _settled(roster)))
    planted: tuple[Planted, ...] = ()
    if plant_problems:
        rows, planted = plant(rows, roster, roles)
    return DemoClass(_frozen(rows), planted)


def usual_birth_year(today: date, class_name: str) -> int:
    """Birth year of most of the class: 2012 for a 7th grade in the 2025/26 school year."""
    grade = ClassInfo(name=class_name).grade or DEFAULT_GRADE
    return school_year_start(today) - grade - SCHOOL_START_AGE


def _settled(roster: Roster) -> list[int]:
    """Students here all year so far: the ones the absence notes are about."""
    return [s.number for s in roster.students if s.arrival_date is None and s.leaving_date is None]


def _frozen(rows: Rows) -> Mapping[str, tuple[Mapping[str, object], ...]]:
    return MappingProxyType(
        {
            sheet: tuple(MappingProxyType(row) for row in sheet_rows)
            for sheet, sheet_rows in rows.items()
        }
    )
