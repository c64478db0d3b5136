"""The monthly job (duties 2.28, 2.36): check the workbook and report what changed in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.changes import MonthlyChanges, run_monthly_changes
from ejournal_sheets.flows.common import read_workbook, write_problems_report
from ejournal_sheets.problems import Report
from ejournal_sheets.reports.changes_xlsx import write_changes
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.workspace import Workspace

CHANGES_FILE = "Изменения_данных.xlsx"


@dataclass(frozen=True)
class MonthlyResult:
    report: Report
    changes: MonthlyChanges | None
    outputs: tuple[Path, ...]


def run_monthly(workspace: Workspace, today: date) -> MonthlyResult:
    """Checks, then the changes since the last snapshot; a new snapshot is kept for next time."""
    record, problems = read_workbook(workspace, today)
    changes = None
    outputs: list[Path] = []
    if record.sheets_found:
        changes = run_monthly_changes(record, workspace.state_dir, today)
        problems.extend(changes.problems)
        settings = workspace.settings
        outputs.append(write_changes(workspace.output_dir(today) / CHANGES_FILE, changes,
                                     settings.class_.name, settings.school.name, today,
                                     inputs=workspace.inputs()))
    report = Report.of(problems, sheet_order=[spec.name for spec in SHEETS])
    outputs.insert(0, write_problems_report(workspace, today, report))
    return MonthlyResult(report, changes, tuple(outputs))
