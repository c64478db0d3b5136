"""The check job: read the class workbook, run every check, write «Замечания.xlsx»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.flows.common import PROBLEMS_FILE, read_workbook, write_problems_report
from ejournal_sheets.problems import Report
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.workspace import Workspace

__all__ = ["PROBLEMS_FILE", "CheckResult", "check_class"]


@dataclass(frozen=True)
class CheckResult:
    report: Report
    output: Path | None


def check_class(workspace: Workspace, today: date, write: bool = True) -> CheckResult:
    """Problems of the class workbook, sorted; with `write`, also «Замечания.xlsx» for the date."""
    _, problems = read_workbook(workspace, today)
    report = Report.of(problems, sheet_order=[spec.name for spec in SHEETS])
    output = write_problems_report(workspace, today, report) if write else None
    return CheckResult(report, output)
