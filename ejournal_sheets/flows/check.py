"""The check job: read the class workbook, run every check, write «Замечания.xlsx»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.checks import Context, run_checks
from ejournal_sheets.problems import Problem, Report, Severity
from ejournal_sheets.reports.problems_xlsx import write_problems
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.workbook import read_class
from ejournal_sheets.workspace import Workspace

PROBLEMS_FILE = "Замечания.xlsx"


@dataclass(frozen=True)
class CheckResult:
    report: Report
    output: Path | None


def _cell(problem: Problem) -> tuple[str | None, int | None, int | None]:
    return (problem.where.sheet, problem.where.row, problem.where.column)


def _new_cells(read: list[Problem], checked: list[Problem]) -> list[Problem]:
    """Check problems, minus those at a cell the reader already rejected (one message a cell)."""
    rejected = {_cell(p) for p in read if p.severity is Severity.ERROR and p.where.column}
    return [p for p in checked if not p.where.column or _cell(p) not in rejected]


def check_class(workspace: Workspace, today: date, write: bool = True) -> CheckResult:
    """Problems of the class workbook, sorted; with `write`, also «Замечания.xlsx» for the date."""
    record, problems = read_class(workspace.workbook)
    if record.sheets_found:
        checked = run_checks(record, Context(workspace.settings, today))
        problems.extend(_new_cells(problems, checked))
    report = Report.of(problems, sheet_order=[spec.name for spec in SHEETS])
    output = None
    if write:
        target = workspace.output_dir(today) / PROBLEMS_FILE
        output = write_problems(target, report.problems, inputs=workspace.inputs())
    return CheckResult(report, output)
