"""The weekly job (DESIGN §8): checks → attendance reconciliation → filling control → activity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ejournal_sheets.activity import ActivityReport, ActivitySnapshot, review_activity
from ejournal_sheets.dates import current_period, school_week
from ejournal_sheets.filling import FillingReport, control_filling
from ejournal_sheets.flows.common import Inputs, read_inputs, write_problems_report
from ejournal_sheets.history import load_latest, save_snapshot
from ejournal_sheets.problems import Report
from ejournal_sheets.reconcile import Finding, RosterMismatch, compare_roster, reconcile_attendance
from ejournal_sheets.reports.activity_xlsx import write_activity
from ejournal_sheets.reports.filling_xlsx import write_filling
from ejournal_sheets.reports.reconciliation_xlsx import write_reconciliation
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.settings import DateRange
from ejournal_sheets.workspace import Workspace

RECONCILIATION_FILE = "Сверка_посещаемости.xlsx"
FILLING_FILE = "Контроль_заполнения.xlsx"
ACTIVITY_FILE = "Активность_ЭД.xlsx"
ACTIVITY_HISTORY = "activity"


@dataclass(frozen=True)
class Reconciliation:
    findings: tuple[Finding, ...]
    mismatches: tuple[RosterMismatch, ...]


@dataclass(frozen=True)
class WeeklyResult:
    """What one weekly run found and wrote; `skipped` says in Russian what was not done."""

    span: DateRange
    report: Report
    reconciliation: Reconciliation | None = None
    filling: FillingReport | None = None
    activity: ActivityReport | None = None
    outputs: tuple[Path, ...] = ()
    skipped: tuple[str, ...] = field(default=())


def reconcile(inputs: Inputs, span: DateRange, today: date) -> tuple[Reconciliation, Report]:
    """Roster ↔ journal and attendance for the span; name warnings join the report."""
    mismatches, problems = compare_roster(inputs.class_, inputs.journal, today)
    findings = reconcile_attendance(inputs.class_, inputs.journal, span)
    report = Report.of([*inputs.report.problems, *problems],
                       sheet_order=[spec.name for spec in SHEETS])
    return Reconciliation(findings, mismatches), report


def write_reconciliation_report(workspace: Workspace, today: date, span: DateRange,
                                result: Reconciliation) -> Path:
    settings = workspace.settings
    return write_reconciliation(workspace.output_dir(today) / RECONCILIATION_FILE,
                                result.findings, result.mismatches, span, settings.class_.name,
                                settings.school.name, inputs=workspace.inputs())


def run_reconcile(workspace: Workspace, today: date, span: DateRange | None = None,
                  inputs: Inputs | None = None) -> WeeklyResult:
    """`ejournal reconcile`: Замечания.xlsx and Сверка_посещаемости.xlsx for the span."""
    span = span or school_week(today)
    inputs = inputs or read_inputs(workspace, today)
    if not inputs.class_readable:
        return _unreadable(workspace, today, span, inputs)
    result, report = reconcile(inputs, span, today)
    outputs = (write_problems_report(workspace, today, report),
               write_reconciliation_report(workspace, today, span, result))
    return WeeklyResult(span, report, reconciliation=result, outputs=outputs)


def run_weekly(workspace: Workspace, today: date, span: DateRange | None = None,
               inputs: Inputs | None = None) -> WeeklyResult:
    """The main job: every weekly report of the class, each written atomically; `inputs`
    when the caller has already read the workbook and the journal (school mode, the demo)."""
    span = span or school_week(today)
    inputs = inputs or read_inputs(workspace, today)
    if not inputs.class_readable:
        return _unreadable(workspace, today, span, inputs)
    result, report = reconcile(inputs, span, today)
    outputs = [write_reconciliation_report(workspace, today, span, result)]
    skipped: list[str] = []
    filling = _filling(workspace, inputs, span, today)
    if filling is None:
        skipped.append("Контроль заполнения: сегодняшняя дата не попадает ни в один учебный "
                       "период из ejournal.toml.")
    else:
        outputs.append(_write_filling(workspace, today, span, filling))
    activity = _activity(workspace, inputs, span, today)
    outputs.append(_write_activity(workspace, today, span, activity))
    outputs.insert(0, write_problems_report(workspace, today, report))
    return WeeklyResult(span, report, result, filling[0] if filling else None, activity,
                        tuple(outputs), tuple(skipped))


def _unreadable(workspace: Workspace, today: date, span: DateRange,
                inputs: Inputs) -> WeeklyResult:
    skipped = ("Рабочая книга класса не прочитана — сверка и отчёты не построены; "
               "исправьте ошибки в файле и запустите снова.",)
    return WeeklyResult(span, inputs.report,
                        outputs=(write_problems_report(workspace, today, inputs.report),),
                        skipped=skipped)


def _filling(workspace: Workspace, inputs: Inputs, span: DateRange,
             today: date) -> tuple[FillingReport, DateRange] | None:
    settings = workspace.settings
    period = current_period(settings.year, min(today, span.end))
    if period is None:
        return None
    report = control_filling(inputs.journal, inputs.class_, span, period, today, settings.rules,
                             class_name=settings.class_.name,
                             class_teacher=settings.class_.teacher)
    return report, period


def _write_filling(workspace: Workspace, today: date, span: DateRange,
                   filling: tuple[FillingReport, DateRange]) -> Path:
    settings = workspace.settings
    report, period = filling
    return write_filling(workspace.output_dir(today) / FILLING_FILE, report,
                         settings.class_.name, settings.school.name, span, period,
                         inputs=workspace.inputs())


def _activity(workspace: Workspace, inputs: Inputs, span: DateRange,
              today: date) -> ActivityReport:
    """Activity against last week's snapshot; this week's is kept for the next run."""
    found = load_latest(workspace.state_dir, ACTIVITY_HISTORY, span.name)
    previous = ActivitySnapshot.from_dict(found[1]) if found else None
    report = review_activity(inputs.journal, inputs.class_, span, today,
                             workspace.settings.rules, previous)
    save_snapshot(workspace.state_dir, ACTIVITY_HISTORY, span.name, report.snapshot().to_dict())
    return report


def _write_activity(workspace: Workspace, today: date, span: DateRange,
                    report: ActivityReport) -> Path:
    settings = workspace.settings
    return write_activity(workspace.output_dir(today) / ACTIVITY_FILE, report,
                          settings.class_.name, settings.school.name, span,
                          inputs=workspace.inputs())
