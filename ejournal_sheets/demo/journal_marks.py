"""One student's cells in one course: absences from the «Пропуски» notes, then marks.

The marks keep the journal-filling rules (DESIGN §6): at least the pro-rated minimum in the
period so far, and never more than MAX_RUN attended lessons in a row without a mark.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ejournal_sheets.demo.journal_records import STREAM, Entry, Grade, Lesson, Pupil
from ejournal_sheets.demo.journal_topics import TEST_WORK
from ejournal_sheets.demo.timetable import LONG_TABLE_SUBJECTS, Course, Slot
from ejournal_sheets.model import Reason
from ejournal_sheets.settings import DateRange, Rules
from ejournal_sheets.stats import required_marks as norm_by_today

CODES: dict[str, str] = {Reason.ILL.value: "Б", Reason.EXCUSED.value: "УП",
                         Reason.UNEXCUSED.value: "НП"}  # fmt: skip
MARK_SHARE = 0.3  # chance of a mark in an ordinary lesson attended
DOUBLE_SHARE = 0.06  # of those, a second mark in the same lesson («4/5»)
LATE_SHARE, DEBT_SHARE = 0.006, 0.008  # «ОП» and «.» on days no note covers
MAX_RUN = Rules.no_mark_lessons - 2  # unmarked lessons in a row, with a margin
SPREAD = 0.75  # of single marks around the student's mean


@dataclass(frozen=True)
class Noted:
    """A «Пропуски» note as the journal should show it: days, lessons (none = all), code."""

    number: int
    first: date
    last: date
    lessons: frozenset[int]
    code: str

    def covers_day(self, day: date) -> bool:
        return self.first <= day <= self.last

    def covers(self, slot: Slot) -> bool:
        return self.covers_day(slot.day) and (not self.lessons or slot.number in self.lessons)


def read_notes(rows: Sequence[Mapping[str, object]]) -> tuple[Noted, ...]:
    """The notes of «Пропуски» rows (all of them are well-formed in the demo)."""
    return tuple(
        Noted(int(str(row["student_number"])), _day(row["date_from"]), _day(row["date_to"]),
              parse_lessons(row["lessons"]), CODES[str(row["reason"])])
        for row in rows
    )  # fmt: skip


def parse_lessons(value: object) -> frozenset[int]:
    """«3, 4» → {3, 4}; «3-5» → {3, 4, 5}; empty → {} (the whole day)."""
    numbers: set[int] = set()
    for part in re.split(r"[,;\s]+", str(value or "").strip()):
        if "-" in part:
            low, high = part.split("-", 1)
            numbers.update(range(int(low), int(high) + 1))
        elif part:
            numbers.add(int(part))
    return frozenset(numbers)


def _day(value: object) -> date:
    if not isinstance(value, date):
        raise ValueError(f"a demo note without a date: {value!r}")
    return value


def note_code(notes: Sequence[Noted], number: int | None, slot: Slot) -> str:
    """The code a note gives the student's lesson, "" when no note covers it."""
    return next((n.code for n in notes if n.number == number and n.covers(slot)), "")


def required_marks(period: DateRange, today: date, min_marks: int = Rules.min_marks) -> int:
    """The norm the filling control applies by today (the same formula, from stats)."""
    return norm_by_today(min_marks, period, period.start, today)


def subject_mean(seed: int, pupil: Pupil, subject: str) -> float:
    """The student's mean mark in a subject: their ability, a little better or worse."""
    rng = random.Random(f"{STREAM}:{seed}:mean:{subject}:{pupil.key}")
    return pupil.ability + rng.uniform(-0.35, 0.35)


def pupil_entries(
    pupil: Pupil, course: Course, lessons: Sequence[Lesson], notes: Sequence[Noted],
    required: int, seed: int,
) -> list[Entry]:  # fmt: skip
    """The student's filled cells in the course's lessons (sorted) while enrolled."""
    rng = random.Random(f"{STREAM}:{seed}:marks:{course.title}:{pupil.key}")
    held = [lesson for lesson in lessons if pupil.enrolled_on(lesson.slot.day)]
    codes = {lesson.slot: note_code(notes, pupil.number, lesson.slot) for lesson in held}
    marked = _marked(rng, held, codes, required)
    # Back after a long absence with too few lessons left: two marks in some lessons.
    doubles = set(rng.sample(sorted(marked), min(max(0, required - len(marked)), len(marked))))
    mean = subject_mean(seed, pupil, course.subject)
    entries = []
    for lesson in held:
        slot = lesson.slot
        extra = _late_or_debt(rng.random(), slot, pupil.name)  # drawn always: stable streams
        if codes[slot]:
            entries.append(Entry(slot, pupil.name, code=codes[slot]))
        elif slot in marked:
            grades = _grades(rng, lesson, mean, slot in doubles)
            entries.append(Entry(slot, pupil.name, grades=grades))
        elif extra and not day_noted(notes, pupil.number, slot.day):
            entries.append(extra)
    return entries


def day_noted(notes: Sequence[Noted], number: int | None, day: date) -> bool:
    """A note of the student covers the day, or some lessons of it."""
    return any(note.number == number and note.covers_day(day) for note in notes)


def _marked(
    rng: random.Random, held: Sequence[Lesson], codes: Mapping[Slot, str], required: int
) -> set[Slot]:
    """Lessons that get a mark: tests, a random share, no long runs, and enough in all."""
    marked = {
        lesson.slot for lesson in held
        if not codes[lesson.slot] and (_is_test(lesson) or rng.random() < MARK_SHARE)
    }  # fmt: skip
    run = 0  # lessons since the last mark, missed ones included
    for lesson in held:
        if lesson.slot in marked:
            run = 0
        elif not codes[lesson.slot] and run >= MAX_RUN:
            marked.add(lesson.slot)
            run = 0
        else:
            run += 1
    spare = [lesson.slot for lesson in held if not codes[lesson.slot] and lesson.slot not in marked]
    rng.shuffle(spare)
    while len(marked) < required and spare:
        marked.add(spare.pop())
    return marked


def _is_test(lesson: Lesson) -> bool:
    return lesson.work == TEST_WORK


def _grades(rng: random.Random, lesson: Lesson, mean: float, double: bool) -> tuple[Grade, ...]:
    first = Grade(draw_mark(rng, mean), grade_weight(lesson), lesson.work)
    if (not _is_test(lesson) and rng.random() < DOUBLE_SHARE) or double:
        return first, Grade(draw_mark(rng, mean), 1, "Домашняя работа")
    return (first,)


def grade_weight(lesson: Lesson) -> int:
    """2 for a test in a subject kept as a long table (its «Вес» column says so), else 1:
    a grid cannot show weights, so the journal's reader counts its marks with weight 1."""
    return 2 if _is_test(lesson) and lesson.slot.course.subject in LONG_TABLE_SUBJECTS else 1


def draw_mark(rng: random.Random, mean: float) -> int:
    """A mark 2–5 around the student's mean."""
    return max(2, min(5, round(rng.gauss(mean, SPREAD))))


def _late_or_debt(draw: float, slot: Slot, student: str) -> Entry | None:
    """Now and then a late arrival («ОП») or a debt («.») in a lesson without a mark."""
    if draw < LATE_SHARE:
        return Entry(slot, student, code="ОП")
    if draw < LATE_SHARE + DEBT_SHARE:
        return Entry(slot, student, debt=True)
    return None
