"""The demo class's journal for the current period, consistent with the class-workbook rows.

Lessons follow the timetable on school days from the period's start to `today`; every
student attending a lesson gets the code of the «Пропуски» note covering it, marks follow
the filling rules, and the previous period has its period marks (the current period's are
added once the grades are final: journal_grades.py).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date

from ejournal_sheets.demo.journal_access import make_credentials, make_visits
from ejournal_sheets.demo.journal_marks import (
    Noted,
    pupil_entries,
    read_notes,
    required_marks,
    subject_mean,
)
from ejournal_sheets.demo.journal_pupils import make_pupils
from ejournal_sheets.demo.journal_records import (
    STREAM,
    DemoJournal,
    Entry,
    Lesson,
    PeriodMark,
    Pupil,
    Roll,
)
from ejournal_sheets.demo.journal_topics import lesson_content
from ejournal_sheets.demo.timetable import COURSES, SUBJECTS, slots_between
from ejournal_sheets.settings import DateRange, default_periods, school_year_start

Rows = Mapping[str, Sequence[Mapping[str, object]]]
PERIOD_MARKS = (3, 5)  # lowest and highest period mark of the demo: no one fails a period


def current_period(today: date) -> tuple[int, DateRange]:
    """The default period containing `today` and its index; ValueError between periods."""
    periods = default_periods(school_year_start(today))
    for index, period in enumerate(periods):
        if today in period:
            return index, period
    raise ValueError(f"{today:%d.%m.%Y} — не учебный период (каникулы): журнал демонстрационного "
                     "класса строится на дату внутри четверти.")  # fmt: skip


def make_journal(
    rows: Rows, today: date, seed: int, class_name: str, *, missing: Collection[int] = (),
    plain_yo: Collection[int] = (), extra: Sequence[Pupil] = (),
) -> DemoJournal:  # fmt: skip
    """The journal of the period containing `today`, consistent with `rows`.

    `missing` students are left out of every export, `plain_yo` ones are written with «е»
    for «ё», and `extra` students (not on «Ученики») are listed everywhere.
    """
    index, period = current_period(today)
    pupils = make_pupils(rows, seed, missing=missing, plain_yo=plain_yo, extra=extra)
    lessons = make_lessons(period, index, today, seed)
    notes = read_notes(rows["Пропуски"])
    required = required_marks(period, today)
    # Students who left are no longer in the journal's lists (the administrator removed them).
    listed = [pupil for pupil in pupils if pupil.enrolled_on(today)]
    entries = tuple(_entries(listed, lessons, notes, required, seed))
    previous = default_periods(school_year_start(today))[index - 1] if index else None
    return DemoJournal(
        class_name=class_name,
        period=period,
        today=today,
        pupils=pupils,
        lessons=lessons,
        entries=entries,
        rolls=tuple(make_rolls(listed)),
        previous=previous.name if previous else "",
        period_marks=tuple(make_period_marks(listed, previous, seed)) if previous else (),
        visits=make_visits(pupils, today, seed),
        credentials=make_credentials(pupils, today, seed),
    )


def make_lessons(period: DateRange, index: int, today: date, seed: int) -> tuple[Lesson, ...]:
    """Every lesson from the period's start to `today`, with topic, homework, kind of work."""
    slots = slots_between(period.start, min(today, period.end))
    lessons = []
    for course in COURSES:
        rng = random.Random(f"{STREAM}:{seed}:topics:{course.title}")
        mine = [slot for slot in slots if slot.course == course]
        for number, slot in enumerate(mine):
            content = lesson_content(rng, course.subject, number, index)
            lessons.append(Lesson(slot, content.topic, content.homework, content.work))
    return tuple(sorted(lessons, key=lambda lesson: lesson.slot))


def _entries(
    pupils: Sequence[Pupil], lessons: Sequence[Lesson], notes: Sequence[Noted], required: int,
    seed: int,
) -> Iterator[Entry]:  # fmt: skip
    for course in COURSES:
        mine = [lesson for lesson in lessons if lesson.slot.course == course]
        for pupil in pupils:
            if pupil.takes(course):
                yield from pupil_entries(pupil, course, mine, notes, required, seed)


def make_rolls(pupils: Sequence[Pupil]) -> Iterator[Roll]:
    """Each course lists the students who take it (a newcomer's earlier cells stay empty)."""
    for course in COURSES:
        yield Roll(course, tuple(pupil.name for pupil in pupils if pupil.takes(course)))


def make_period_marks(
    pupils: Sequence[Pupil], previous: DateRange, seed: int
) -> Iterator[PeriodMark]:
    """A mark in every subject for each student on the roll at the previous period's end."""
    low, high = PERIOD_MARKS
    for pupil in pupils:
        if not pupil.enrolled_on(previous.end):
            continue
        rng = random.Random(f"{STREAM}:{seed}:period:{previous.name}:{pupil.key}")
        for subject, _, _ in SUBJECTS:
            mean = subject_mean(seed, pupil, subject) + rng.gauss(0, 0.25)
            yield PeriodMark(previous.name, pupil.name, subject,
                             max(low, min(high, int(mean + 0.5))))

