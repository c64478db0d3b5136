"""Exceptions that stop a run; each carries a one-line Russian message for the teacher."""

from __future__ import annotations

from pathlib import Path

from ejournal_sheets.problems import Code, Location, Problem, Severity


class EjournalError(Exception):
    """Base of everything the CLI turns into a one-line Russian message (exit code 3)."""

    exit_code = 3

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class FileRejected(EjournalError):
    """An input file that cannot be read safely; readers turn it into a Problem."""

    def __init__(
        self, code: Code, path: Path, severity: Severity | None = None, **values: object
    ) -> None:
        self.problem: Problem = code(Location(path), severity, **values)
        super().__init__(f"{path.name}: {self.problem.message}", self.problem.hint)
        self.path = path


class SettingsError(EjournalError):
    """ejournal.toml is broken or has an unknown or invalid setting."""


class WorkspaceError(EjournalError):
    """The workspace folder is missing, incomplete, or would be overwritten."""


class OutputError(EjournalError):
    """An output cannot be written (locked by Excel, equal to an input, no space)."""
