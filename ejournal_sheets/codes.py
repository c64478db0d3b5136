"""Canonical codes of the e-journal (DESIGN §6): attendance and marks, pure data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Attendance(StrEnum):
    """What a lesson cell says about presence; the value is the official short code."""

    ILL = "Б"  # по болезни
    EXCUSED = "УП"  # по уважительной причине
    UNEXCUSED = "НП"  # без уважительной причины
    ABSENT = "н"  # отсутствовал, причина ещё не известна
    LATE = "ОП"  # опоздал
    EXEMPT = "ОСВ"  # освобождён

    @property
    def is_absence(self) -> bool:
        return self in (Attendance.ILL, Attendance.EXCUSED, Attendance.UNEXCUSED,
                        Attendance.ABSENT)


class MarkKind(StrEnum):
    """Kinds of entries in the marks part of a cell."""

    GRADE = "отметка"  # 1–5
    DEBT = "точка"  # «.» — долг, работа не сдана
    PASS = "зач"
    FAIL = "незач"
    NOT_ASSESSED = "н/а"
    EXEMPT = "осв"


@dataclass(frozen=True, slots=True)
class Mark:
    """One mark; `value` is 1–5 for grades (a «4+» or «4-» counts as 4), None otherwise."""

    kind: MarkKind
    value: int | None = None
    weight: float = 1.0
    text: str = ""

    def __str__(self) -> str:
        return self.text or (str(self.value) if self.value is not None else self.kind.value)

    @property
    def attested(self) -> bool:
        """Counts in N of the subject formulas: grades 2–5 and н/а (DESIGN §6)."""
        return (self.kind is MarkKind.GRADE and (self.value or 0) >= 2) or \
            self.kind is MarkKind.NOT_ASSESSED
