"""The seven statements of DESIGN §7 in their order, each module imported on first use.

Every statement module has `KIND` (the file-name stem), `TITLE` and
`write(target_folder, inputs, inputs_paths=()) -> Path`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from ejournal_sheets.statements.inputs import StatementInputs


class StatementModule(Protocol):
    """What the registry needs from a statement module."""

    KIND: str
    TITLE: str

    def write(self, target_folder: Path, inputs: StatementInputs,
              inputs_paths: Iterable[Path] = ()) -> Path: ...


@dataclass(frozen=True)
class StatementSpec:
    """A statement: its number in DESIGN §7, the key `--only` takes, its module's name."""

    number: int
    key: str
    module: str

    def load(self) -> StatementModule:
        """The statement's module (imported now, so a broken one fails only its own run)."""
        found: ModuleType = importlib.import_module(self.module)
        return cast(StatementModule, found)

    def write(self, target_folder: Path, inputs: StatementInputs,
              inputs_paths: Iterable[Path] = ()) -> Path:
        return self.load().write(target_folder, inputs, inputs_paths)


_PACKAGE = "ejournal_sheets.statements"
STATEMENTS: tuple[StatementSpec, ...] = (
    StatementSpec(1, "attendance", f"{_PACKAGE}.attendance"),
    StatementSpec(2, "preliminary", f"{_PACKAGE}.preliminary"),
    StatementSpec(3, "report", f"{_PACKAGE}.report"),
    StatementSpec(4, "results", f"{_PACKAGE}.results"),
    StatementSpec(5, "marks", f"{_PACKAGE}.marks_summary"),
    StatementSpec(6, "attendance-summary", f"{_PACKAGE}.attendance_summary"),
    StatementSpec(7, "movement", f"{_PACKAGE}.movement"),
)


def select(only: Iterable[str] = ()) -> tuple[StatementSpec, ...]:
    """The statements named by key or number («results», «4»), all when none; raise
    ValueError with a Russian message naming the unknown ones and the known keys."""
    wanted = [w.strip().casefold() for w in only if w.strip()]
    if not wanted:
        return STATEMENTS
    known = {s.key: s for s in STATEMENTS} | {str(s.number): s for s in STATEMENTS}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        keys = ", ".join(f"{s.number} {s.key}" for s in STATEMENTS)
        raise ValueError(f"Неизвестная ведомость: {', '.join(unknown)}. Можно: {keys}.")
    chosen = {known[w] for w in wanted}
    return tuple(s for s in STATEMENTS if s in chosen)
