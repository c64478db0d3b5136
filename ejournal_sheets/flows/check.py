"""The check job: read the class workbook, run every check, write «Замечания.xlsx»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.checks import Context, run_checks
from ejournal_sheets.problems import Report
from ejournal_sheets.reports.problems_xlsx import write_problems
from ejournal_sheets.workbook import read_class
from ejournal_sheets.workspace import Workspace

PROBLEMS_FILE = "Замечания.xlsx"


@dataclass(frozen=True)
class CheckResult:
    report: Report
    output: Path | None


def check_class(workspace: Workspace, today: date, write: bool = True) -> CheckResult:
    """Problems of the class workbook, sorted; with `write`, also «Замечания.xlsx» for the date."""
    record, problems = read_class(workspace.workbook)
    if record.sheets_found:
        problems.extend(run_checks(record, Context(workspace.settings, today)))
    report = Report.of(problems)
    output = None
    if write:
        target = workspace.output_dir(today) / PROBLEMS_FILE
        output = write_problems(target, report.problems, inputs=workspace.inputs())
    return CheckResult(report, output)
