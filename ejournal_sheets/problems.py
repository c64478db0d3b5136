"""Problems in the teacher's data: codes, locations and records, collected, never raised."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is; the value is what the teacher reads."""

    ERROR = "ошибка"
    WARNING = "предупреждение"
    INFO = "сведение"

    @property
    def rank(self) -> int:
        return {"ошибка": 0, "предупреждение": 1, "сведение": 2}[self.value]


def column_letter(column: int) -> str:
    """1 → A, 27 → AA, as Excel names columns."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: file, sheet, 1-based row and column as Excel shows them."""

    path: Path
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    header: str | None = None

    @property
    def cell(self) -> str:
        """`F7`, `F` (whole column), `7` (whole row) or empty."""
        letter = column_letter(self.column) if self.column else ""
        number = str(self.row) if self.row else ""
        return f"{letter}{number}"

    def __str__(self) -> str:
        parts = [self.path.name]
        if self.sheet:
            parts.append(self.sheet)
        if self.cell:
            parts.append(self.cell)
        return ":".join(parts)


@dataclass(frozen=True)
class Code:
    """A kind of problem: stable id, default severity, Russian message and hint templates."""

    id: str
    severity: Severity
    title: str
    message: str
    hint: str = ""

    def __call__(
        self, where: Location, severity: Severity | None = None, /, **values: object
    ) -> Problem:
        """The problem at `where`; `severity` overrides the code's default for this case."""
        return Problem(
            code=self.id,
            message=self.message.format(**values),
            hint=self.hint.format(**values),
            where=where,
            severity=severity or self.severity,
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the teacher's data, with where it is and what to do."""

    code: str
    message: str
    where: Location
    severity: Severity = Severity.ERROR
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.severity}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.name.lower(),
            "file": str(self.where.path),
            "sheet": self.where.sheet,
            "cell": self.where.cell or None,
            "row": self.where.row,
            "column": self.where.header,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Report:
    """Problems of one run, sorted for reading, with counts per severity."""

    problems: tuple[Problem, ...] = field(default=())

    @classmethod
    def of(cls, problems: Iterable[Problem], sheet_order: Sequence[str] = ()) -> Report:
        """Unique problems by file, sheet (in `sheet_order`, then by name), row, column."""
        rank = {name: index for index, name in enumerate(sheet_order)}

        def key(p: Problem) -> tuple[object, ...]:
            where = p.where
            sheet = (rank.get(where.sheet or "", len(rank)), where.sheet or "")
            return (str(where.path), sheet, where.row or 0, where.column or 0,
                    p.severity.rank, p.code)

        return cls(tuple(sorted(dict.fromkeys(problems), key=key)))

    def counts(self) -> Counter[Severity]:
        return Counter(p.severity for p in self.problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def flatten(problems: Iterable[Problem]) -> list[tuple[str, str | None, str]]:
    """(code, sheet, cell) triples: what tests assert on, not the wording."""
    return [(p.code, p.where.sheet, p.where.cell) for p in problems]
