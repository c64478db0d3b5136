"""The journal the planted problems are written into: cells and rolls edited in place."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from ejournal_sheets.demo.journal_cast import LAGGARD
from ejournal_sheets.demo.journal_grades import Key, period_mark, weighted_average
from ejournal_sheets.demo.journal_marks import draw_mark
from ejournal_sheets.demo.journal_plan import Plan
from ejournal_sheets.demo.journal_records import DemoJournal, Entry, Grade, Pupil
from ejournal_sheets.demo.timetable import Slot


class Bench:
    """The journal being changed: cells and rolls that the planters edit in place."""

    def __init__(self, journal: DemoJournal, plan: Plan, rng: random.Random) -> None:
        self.journal, self.plan, self.rng = journal, plan, rng
        self.cells = dict(journal.cells())
        self.rolls = {roll.course: list(roll.students) for roll in journal.rolls}
        self.lessons = {lesson.slot: lesson for lesson in journal.lessons}
        self.by_number = {p.number: p for p in journal.pupils if p.number is not None}
        self.fixed: set[Key] = set()  # the cells of planted marks

    def pupil(self, number: int) -> Pupil:
        return self.by_number[number]

    def slots(
        self, pupil: Pupil, days: Sequence[date], test: Callable[[Entry | None], bool],
        keep: Callable[[Slot], bool] = lambda slot: True,
    ) -> list[Slot]:  # fmt: skip
        """The pupil's lessons on those days (never the laggard's) that `keep` keeps and whose
        cell passes `test`."""
        return [slot for slot in self.lessons
                if slot.day in days and pupil.takes(slot.course) and keep(slot)
                and slot.course.subject != LAGGARD and test(self.cells.get((slot, pupil.name)))]

    def choose(
        self, pupil: Pupil, days: Sequence[date], test: Callable[[Entry | None], bool],
        keep: Callable[[Slot], bool] = lambda slot: True,
    ) -> tuple[Slot, Entry | None]:  # fmt: skip
        """One of `slots(…)` at random, and its cell."""
        slots = self.slots(pupil, days, test, keep)
        if not slots:
            raise ValueError(f"no lesson of {pupil.name} on {days} to plant a problem in")
        slot = self.rng.choice(slots)
        return slot, self.cells.get((slot, pupil.name))

    def mark(self, slot: Slot, pupil: Pupil) -> int:
        """Give the pupil a mark in the lesson (listing them in its grid); return the mark.

        It is the mark their grades in the subject round to (drawn when they have none), so
        the period mark is the same whether the average counts it or not.
        """
        subject = slot.course.subject
        average = weighted_average(grade for (s, name), entry in self.cells.items()
                                   if name == pupil.name and s.course.subject == subject
                                   for grade in entry.grades)  # fmt: skip
        mark = draw_mark(self.rng, pupil.ability) if average is None else period_mark(average)
        self.cells[slot, pupil.name] = Entry(slot, pupil.name, grades=(Grade(mark),))
        self.fixed.add((slot, pupil.name))
        self.enrol(slot, pupil.name)
        return mark

    def enrol(self, slot: Slot, name: str) -> None:
        """List a student in the course's grid (in the journal's order)."""
        order = [pupil.name for pupil in self.journal.pupils]
        names = {*self.rolls[slot.course], name}
        self.rolls[slot.course] = sorted(names, key=order.index)

    def result(self) -> DemoJournal:
        """The journal with the edits."""
        rolls = tuple(replace(roll, students=tuple(self.rolls[roll.course]))
                      for roll in self.journal.rolls)  # fmt: skip
        entries = tuple(sorted(self.cells.values(), key=lambda e: (e.slot, e.student)))
        lessons = tuple(sorted(self.lessons.values(), key=lambda lesson: lesson.slot))
        return replace(self.journal, entries=entries, rolls=rolls, lessons=lessons)
