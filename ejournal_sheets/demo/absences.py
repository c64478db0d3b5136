"""The teacher's absence notes («Пропуски») for the demo class, on past school days."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ejournal_sheets.model import Reason

MIN_NOTES, MAX_NOTES = 6, 8
MAX_GAP_DAYS = 8  # an illness spans school days of one stretch, never a holiday


@dataclass(frozen=True)
class NoteKind:
    """One kind of note: reason, length in school days, lessons, document ({n} = its number)."""

    reason: Reason
    days: tuple[int, int] = (1, 1)
    lessons: str | None = None
    document: str | None = None
    note: str | None = None


CERTIFICATE = "Справка № {n}"
ILLNESS = NoteKind(Reason.ILL, (2, 5), document=CERTIFICATE)
KINDS: tuple[NoteKind, ...] = (
    NoteKind(Reason.ILL, (3, 5), document=CERTIFICATE, note="ОРВИ, температура 38,5"),
    ILLNESS,
    ILLNESS,
    NoteKind(Reason.EXCUSED, lessons="3, 4", document="Заявление родителей"),
    NoteKind(Reason.EXCUSED, document="Заявление родителей"),
    NoteKind(Reason.UNEXCUSED, lessons="5, 6"),
)
EXTRA_KINDS: tuple[NoteKind, ...] = (
    ILLNESS,
    NoteKind(Reason.EXCUSED, lessons="1, 2", document="Заявление родителей"),
)


@dataclass(frozen=True)
class Note:
    """One drawn note, before it becomes a «Пропуски» row."""

    number: int
    date_from: date
    date_to: date
    kind: NoteKind
    document: str | None

    def as_row(self) -> dict[str, object]:
        return {
            "student_number": self.number,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "lessons": self.kind.lessons,
            "reason": self.kind.reason.value,
            "document": self.document,
            "note": self.kind.note,
        }


def draw_absences(
    rng: random.Random, days: Sequence[date], numbers: Sequence[int]
) -> tuple[dict[str, object], ...]:
    """6–8 notes for distinct students, sorted by date: «Пропуски» rows as {field: value}."""
    count = rng.randint(MIN_NOTES, MAX_NOTES)
    kinds = [*KINDS, *(rng.choice(EXTRA_KINDS) for _ in range(count - len(KINDS)))]
    students = rng.sample(list(numbers), count)
    notes = [_note(rng, kind, number, days) for kind, number in zip(kinds, students, strict=True)]
    notes.sort(key=lambda note: (note.date_from, note.number))
    return tuple(note.as_row() for note in notes)


def _note(rng: random.Random, kind: NoteKind, number: int, days: Sequence[date]) -> Note:
    start = rng.randrange(len(days))
    end = _span_end(days, start, rng.randint(*kind.days))
    document = kind.document.format(n=rng.randint(100, 999)) if kind.document else None
    return Note(number, days[start], days[end], kind, document)


def _span_end(days: Sequence[date], start: int, length: int) -> int:
    """Index of the last day of a `length`-school-day absence that crosses no holiday."""
    end = min(start + length - 1, len(days) - 1)
    while end > start and (days[end] - days[start]).days > MAX_GAP_DAYS:
        end -= 1
    return end
