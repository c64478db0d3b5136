"""Who carries the planted categories of the current period, and the absences of the н/а one.

The cast is chosen from the rows before the journal problems are planted (those then leave it
alone), among students here all period, in class, spelled right and hosting no workbook problem
(the `reserved` ones): the strongest gets one «4», the next two are отличники, the one closest
to a хорошист gets one «3», the weakest a «2», and one with no note in the period is not
attested in a subject whose lessons they miss for treatment (illness notes, each for those
lessons only, all before the week the weekly check looks at). The one-subject categories fall
on the student's weakest subjects; the four subjects differ and none is the laggard's.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ejournal_sheets.demo.journal_data import current_period
from ejournal_sheets.demo.journal_marks import read_notes, subject_mean
from ejournal_sheets.demo.journal_pupils import draw_ability
from ejournal_sheets.demo.journal_records import STREAM, Pupil
from ejournal_sheets.demo.roster import SUBJECT
from ejournal_sheets.demo.sheets import row_of
from ejournal_sheets.demo.timetable import LONG_TABLE_SUBJECTS, SUBJECTS, slots_between
from ejournal_sheets.model import Reason
from ejournal_sheets.names import full_name, has_latin
from ejournal_sheets.schema import ABSENCES

Rows = Mapping[str, Sequence[Mapping[str, object]]]

ONE_FOUR, ONE_THREE = "с одной «4»", "с одной «3»"
FAILING, NOT_ATTESTED = "неуспевающий", "не аттестован"
LAGGARD = "Физика"  # its teacher stopped filling the journal (journal_plants)
GOOD_ABILITY = 4.15  # the «с одной 3» student: the closest to this mean mark
EXCELLENT = 2  # отличники besides the one with a single «4»
ALL: tuple[str, ...] = tuple(s for s, _, _ in SUBJECTS if s != LAGGARD)
# With several lessons a week: a «2» stands on several low marks.
SEVERAL: tuple[str, ...] = tuple(s for s, _, per_week in SUBJECTS
                                 if per_week >= 2 and s != LAGGARD)  # fmt: skip
# Subjects the н/а falls on: two lessons a week, so the misses are many and the marks few;
# kept as grids, as the student's few marks may be two in one lesson (filling.py reads one
# row of a long table per lesson and student).
TREATED: tuple[str, ...] = tuple(s for s, _, per_week in SUBJECTS if per_week == 2
                                 and s != LAGGARD and s not in LONG_TABLE_SUBJECTS)  # fmt: skip
TREATMENT = "Курс лечебных процедур"


@dataclass(frozen=True)
class Part:
    """One planted category: the student's № on «Ученики», the category and its subject."""

    number: int
    category: str
    subject: str


@dataclass(frozen=True)
class Cast:
    """The planted categories and the students made отличники (none in the clean demo)."""

    parts: tuple[Part, ...] = ()
    excellent: tuple[int, ...] = ()

    @property
    def numbers(self) -> tuple[int, ...]:
        """Every student of the cast."""
        return (*(part.number for part in self.parts), *self.excellent)

    def part(self, category: str) -> Part:
        return next(part for part in self.parts if part.category == category)


@dataclass(frozen=True)
class PlantedCategory:
    """A student planted into a category of the current period, with the subject it is for."""

    student: str  # ФИО as on «Ученики»
    category: str  # ONE_FOUR, ONE_THREE, FAILING or NOT_ATTESTED
    subject: str
    teacher: str  # the subject's teacher (of the student's group for a split subject)


def choose_cast(rows: Rows, today: date, seed: int, reserved: Collection[int] = ()) -> Cast:
    """The cast for the period containing `today`; `reserved` students (other plants) never."""
    rng = random.Random(f"{STREAM}:{seed}:cast")
    pool = sorted(_eligible(rows, reserved), key=lambda n: (-draw_ability(seed, f"№{n}"), n))
    if len(pool) < EXCELLENT + 4:
        raise ValueError("В демонстрационном классе мало учеников для итоговых категорий.")
    top, excellent, weakest = pool[0], tuple(pool[1:EXCELLENT + 1]), pool[-1]
    rest = pool[EXCELLENT + 1:-1]
    good = min(rest, key=lambda n: (abs(draw_ability(seed, f"№{n}") - GOOD_ABILITY), n))
    rest.remove(good)
    absent = rng.choice(_without_notes(rows, rest, today) or rest)
    treated = rng.choice(TREATED)
    taken = [treated]
    parts = [Part(number, category, _weakest(seed, number, taken, subjects))
             for number, category, subjects in ((top, ONE_FOUR, ALL), (good, ONE_THREE, ALL),
                                                (weakest, FAILING, SEVERAL))]  # fmt: skip
    return Cast((*parts, Part(absent, NOT_ATTESTED, treated)), excellent)


def _eligible(rows: Rows, reserved: Collection[int]) -> list[int]:
    """Here all year, in class (not «на дому»), spelled right, hosting no other plant."""
    return [int(str(s["number"])) for s in rows["Ученики"]
            if not s["arrival_date"] and not s["leaving_date"] and s["study_form"] == "очная"
            and not has_latin(f"{s['last_name']} {s['first_name']}")
            and int(str(s["number"])) not in reserved]  # fmt: skip


def _without_notes(rows: Rows, numbers: Sequence[int], today: date) -> list[int]:
    """Students no «Пропуски» note touches in the current period."""
    period = current_period(today)[1]
    noted = {note.number for note in read_notes(rows["Пропуски"])
             if note.first <= period.end and note.last >= period.start}  # fmt: skip
    return [n for n in numbers if n not in noted]


def _weakest(seed: int, number: int, taken: list[str], subjects: Sequence[str]) -> str:
    """The student's weakest of `subjects` not taken yet; it is taken now."""
    pupil = Pupil(number=number, name="", full_name="", ability=draw_ability(seed, f"№{number}"))
    weakest = min((s for s in subjects if s not in taken),
                  key=lambda s: subject_mean(seed, pupil, s))  # fmt: skip
    taken.append(weakest)
    return weakest


def planted_categories(cast: Cast, rows: Rows) -> tuple[PlantedCategory, ...]:
    """The cast's parts as (ФИО, category, subject, teacher)."""
    students = {s["number"]: s for s in rows["Ученики"]}
    return tuple(
        PlantedCategory(
            full_name(*(str(students[p.number][f] or "")
                        for f in ("last_name", "first_name", "patronymic"))),
            p.category, p.subject, teacher_of(rows, p.number, p.subject))
        for p in cast.parts
    )  # fmt: skip


def teacher_of(rows: Rows, number: int, subject: str) -> str:
    """The subject's teacher; for the split subject, the teacher of the student's group."""
    if subject == SUBJECT:
        return next(str(g["teacher"]) for g in rows["Группы"] if g["student_number"] == number)
    return next(teacher for name, teacher, _ in SUBJECTS if name == subject)


def treatment_notes(
    cast: Cast, today: date, before: date, seed: int
) -> list[dict[str, object]]:
    """Illness notes of the н/а student for the subject's lessons from the period's start to
    `before` (the first day of the checked week). The student attends the subject's lessons
    of that week and gets marks there, so its teacher keeps the filling rules; when the week
    has none of them yet, the last lesson before it is attended instead."""
    if not cast.parts:
        return []
    part = cast.part(NOT_ATTESTED)
    period = current_period(today)[1]
    lessons: dict[date, list[int]] = {}
    for slot in slots_between(period.start, today):
        if slot.course.subject == part.subject:
            lessons.setdefault(slot.day, []).append(slot.number)
    days = [day for day in sorted(lessons) if day < before]
    if len(days) == len(lessons):
        days = days[:-1]
    document = f"Справка № {random.Random(f'{STREAM}:{seed}:treatment').randint(100, 999)}"
    return [row_of(ABSENCES, student_number=part.number, date_from=day, date_to=day,
                   lessons=", ".join(map(str, lessons[day])), reason=Reason.ILL.value,
                   document=document, note=TREATMENT) for day in days]  # fmt: skip
