"""What every job starts with: the class workbook and the journal exports, and their problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ejournal_sheets.checks import Context, run_checks
from ejournal_sheets.journal.reader import read_journal
from ejournal_sheets.journal_model import Journal
from ejournal_sheets.model import ClassRecord
from ejournal_sheets.problems import Problem, Report, Severity
from ejournal_sheets.reports.problems_xlsx import write_problems
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.settings import DateRange, Settings
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.workbook import read_class
from ejournal_sheets.workspace import Workspace

PROBLEMS_FILE = "Замечания.xlsx"


@dataclass(frozen=True)
class Inputs:
    """The class and its journal as read today, with every problem found reading them."""

    class_: ClassRecord
    journal: Journal
    report: Report
    _statements: dict[tuple[object, ...], StatementInputs] = field(
        default_factory=dict, compare=False, repr=False)

    def statement_inputs(self, settings: Settings, period: DateRange,
                         previous: DateRange | None, today: date) -> StatementInputs:
        """The statements' inputs of a period, made once per reading: the statements, the
        letters and the school summary of one run share its attendance register."""
        key = (id(settings), period, previous, today)
        if key not in self._statements:
            self._statements[key] = StatementInputs(self.class_, self.journal, settings, period,
                                                    previous, today)
        return self._statements[key]

    @property
    def class_readable(self) -> bool:
        """False when the workbook could not be opened at all (then nothing is compared)."""
        return bool(self.class_.sheets_found)


def _cell(problem: Problem) -> tuple[str | None, int | None, int | None]:
    return (problem.where.sheet, problem.where.row, problem.where.column)


def _new_cells(read: list[Problem], checked: list[Problem]) -> list[Problem]:
    """Check problems, minus those at a cell the reader already rejected (one message a cell)."""
    rejected = {_cell(p) for p in read if p.severity is Severity.ERROR and p.where.column}
    return [p for p in checked if not p.where.column or _cell(p) not in rejected]


def read_workbook(workspace: Workspace, today: date) -> tuple[ClassRecord, list[Problem]]:
    """The class workbook, checked: reader problems first, then the checks' new ones."""
    record, problems = read_class(workspace.workbook)
    if record.sheets_found:
        checked = run_checks(record, Context(workspace.settings, today))
        problems.extend(_new_cells(problems, checked))
    return record, problems


def read_inputs(workspace: Workspace, today: date, journal: bool = True) -> Inputs:
    """Workbook (checked) and, with `journal`, every export in журнал/."""
    record, problems = read_workbook(workspace, today)
    exports = Journal()
    if journal:
        exports, journal_problems = read_journal(workspace.journal_dir, workspace.settings)
        problems.extend(journal_problems)
    report = Report.of(problems, sheet_order=[spec.name for spec in SHEETS])
    return Inputs(record, exports, report)


def write_problems_report(workspace: Workspace, today: date, report: Report) -> Path:
    """output/<date>/Замечания.xlsx with every problem of the run."""
    target = workspace.output_dir(today) / PROBLEMS_FILE
    return write_problems(target, report.problems, inputs=workspace.inputs())
