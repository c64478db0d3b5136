"""The current period's marks: the journal's grades nudged into each student's band, then rounded.

Every student on the journal's roll at `today` gets a mark in every subject they attend (the
split one by group): the weighted average of their grades in it, Σ(mark·weight) / Σ(weight) with
the weights the exports show, rounded by the default thresholds 2.5 / 3.5 / 4.5 (a threshold
itself rounds up). Before that the grades move one step at a time, the lowest up or the highest
down, until the mark falls into the student's band: 3–5 for everyone (nobody fails unplanned),
5 for the отличники and the «с одной 4» student, 4–5 for the «с одной 3» one, and the planted
subject its 4, 3 or 2. Marks a journal problem planted stay as they are; the others move until
the average rounds the same with and without them. The planted «н/а» is the one mark not from
an average; a subject without grades (the laggard's Физика early in a period) gets the
student's usual mark in it, within the band.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from ejournal_sheets.demo.journal_cast import (
    FAILING,
    NOT_ATTESTED,
    ONE_FOUR,
    ONE_THREE,
    Cast,
)
from ejournal_sheets.demo.journal_marks import subject_mean
from ejournal_sheets.demo.journal_records import (
    NOT_ATTESTED_MARK,
    DemoJournal,
    Entry,
    Grade,
    PeriodMark,
    Pupil,
)
from ejournal_sheets.demo.timetable import SUBJECTS, Slot, courses_of
from ejournal_sheets.settings import Rules

Key = tuple[Slot, str]  # a cell: the lesson and the journal's name of the student
Band = tuple[int, int]  # the lowest and the highest period mark allowed
EVERYONE: Band = (3, 5)
EXCELLENT: Band = (5, 5)
SUBJECT_BANDS: dict[str, Band | None] = {ONE_FOUR: (4, 4), ONE_THREE: (3, 3), FAILING: (2, 2),
                                         NOT_ATTESTED: None}  # fmt: skip
OTHER_SUBJECTS: dict[str, Band] = {ONE_FOUR: EXCELLENT, ONE_THREE: (4, 5)}
THRESHOLDS = Rules.thresholds
PRECISION = 9  # averages are compared after rounding away float noise
MAX_STEPS = 500


def period_mark(average: float) -> int:
    """2 below the first threshold, then 3, 4, 5 from each threshold on."""
    value = round(average, PRECISION)
    return 2 + sum(1 for threshold in THRESHOLDS if value >= threshold)


def weighted_average(grades: Iterable[Grade]) -> float | None:
    """Σ(mark·weight) / Σ(weight); None without grades."""
    total = weights = 0
    for grade in grades:
        total += grade.value * grade.weight
        weights += grade.weight
    return total / weights if weights else None


def attended_subjects(pupil: Pupil) -> tuple[str, ...]:
    """The subjects the student attends: all, the split one through their group."""
    return tuple(subject for subject, _, _ in SUBJECTS
                 if any(pupil.takes(course) for course in courses_of(subject)))  # fmt: skip


def band_of(cast: Cast, number: int | None, subject: str) -> Band | None:
    """The marks allowed to the student in the subject; None: the planted «н/а»."""
    part = next((p for p in cast.parts if p.number == number), None)
    if part is not None and part.subject == subject:
        return SUBJECT_BANDS[part.category]
    if number in cast.excellent:
        return EXCELLENT
    return OTHER_SUBJECTS.get(part.category, EVERYONE) if part else EVERYONE


def grade_current(
    journal: DemoJournal, cast: Cast, fixed: Collection[Key], seed: int
) -> DemoJournal:
    """The journal with its grades nudged into the bands and the current period's marks."""
    cells = journal.cells()
    keys: dict[tuple[str, str], list[Key]] = {}
    for key in sorted(cells):
        keys.setdefault((key[1], key[0].course.subject), []).append(key)
    marks = []
    for pupil in journal.pupils:
        if not pupil.enrolled_on(journal.today):
            continue
        for subject in attended_subjects(pupil):
            band = band_of(cast, pupil.number, subject)
            mine = keys.get((pupil.name, subject), [])
            usual = period_mark(subject_mean(seed, pupil, subject))
            value = NOT_ATTESTED_MARK if band is None else fit(cells, mine, fixed, band, usual)
            marks.append(PeriodMark(journal.period.name, pupil.name, subject, value))
    entries = tuple(cells[entry.slot, entry.student] for entry in journal.entries)
    return replace(journal, entries=entries, period_marks=(*journal.period_marks, *marks))


def fit(
    cells: dict[Key, Entry], keys: Sequence[Key], fixed: Collection[Key], band: Band, usual: int
) -> int:
    """Move the grades of `keys` (not the `fixed` ones) until their average — with and
    without the fixed ones — rounds to one mark within `band`; return that mark."""
    low, high = band
    free = [key for key in keys if key not in fixed]
    views = [view for view in (keys, free) if _grades(cells, view)]
    if not views:
        return min(max(usual, low), high)
    for _ in range(MAX_STEPS):
        marks = [period_mark(weighted_average(_grades(cells, view)) or 0) for view in views]
        target = min(max(marks[0], low), high)
        if all(mark == target for mark in marks):
            return target
        _step(cells, free, 1 if min(marks) < target else -1)
    raise ValueError(f"the grades of {keys[0][1]} in {keys[0][0].course.subject} do not fit "
                     f"the marks {low}–{high}")  # fmt: skip


def _grades(cells: dict[Key, Entry], keys: Iterable[Key]) -> list[Grade]:
    return [grade for key in keys for grade in cells[key].grades]


def _step(cells: dict[Key, Entry], keys: Sequence[Key], direction: int) -> None:
    """Raise the lowest grade below 5 (direction 1) or lower the highest above 2 (-1) by one;
    of equal ones, the earliest."""
    movable = [(grade.value * direction, order, index)
               for order, key in enumerate(keys)
               for index, grade in enumerate(cells[key].grades)
               if 2 <= grade.value + direction <= 5]  # fmt: skip
    if not movable:
        raise ValueError(f"no grade of {keys[0][1] if keys else '?'} can move by {direction}")
    _, order, index = min(movable)
    entry = cells[keys[order]]
    grades = list(entry.grades)
    grades[index] = replace(grades[index], value=grades[index].value + direction)
    cells[keys[order]] = replace(entry, grades=tuple(grades))
