"""The period job (duty 2.43): the preliminary report before the period ends, the seven
statements after; each file written atomically under output/<date>/Ведомости/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.dates import current_period, period_range
from ejournal_sheets.errors import EjournalError
from ejournal_sheets.flows.common import Inputs, read_inputs, write_problems_report
from ejournal_sheets.problems import Report
from ejournal_sheets.settings import DateRange, Year
from ejournal_sheets.statements.registry import STATEMENTS, StatementSpec, select
from ejournal_sheets.workspace import Workspace

STATEMENTS_DIR = "Ведомости"
PRELIMINARY = "preliminary"


@dataclass(frozen=True)
class PeriodResult:
    period: DateRange
    preliminary: bool
    report: Report
    outputs: tuple[Path, ...]
    skipped: tuple[str, ...] = ()


def choose_period(year: Year, today: date, name: str | None) -> DateRange:
    """The named period, or the one containing today (in the holidays: the one just ended)."""
    if name:
        return period_range(year, name)
    found = current_period(year, today)
    if found is None:
        raise EjournalError("Сегодня нет учебного периода, и период не указан.",
                            "Укажите его: --period Ч1 (периоды — в [year] ejournal.toml).")
    return found


def previous_period(year: Year, period: DateRange) -> DateRange | None:
    earlier = [p for p in year.periods if p.end < period.start]
    return max(earlier, key=lambda p: p.end) if earlier else None


def statements_for(preliminary: bool, only: tuple[str, ...]) -> tuple[StatementSpec, ...]:
    """`--only` wins; otherwise the preliminary report alone, or all seven after the period."""
    if only:
        return select(only)
    if preliminary:
        return select((PRELIMINARY,))
    return STATEMENTS


def run_period(workspace: Workspace, today: date, period_name: str | None = None,
               preliminary: bool | None = None, only: tuple[str, ...] = (),
               inputs: Inputs | None = None) -> PeriodResult:
    """Statements of the period; `preliminary` None means «before the period's end»."""
    settings = workspace.settings
    period = choose_period(settings.year, today, period_name)
    early = today < period.end if preliminary is None else preliminary
    specs = statements_for(early, only)
    inputs = inputs or read_inputs(workspace, today)
    outputs = [write_problems_report(workspace, today, inputs.report)]
    if not inputs.class_readable:
        return PeriodResult(period, early, inputs.report, tuple(outputs),
                            ("Рабочая книга класса не прочитана — ведомости не построены.",))
    statement_inputs = inputs.statement_inputs(settings, period,
                                               previous_period(settings.year, period), today)
    folder = workspace.output_dir(today) / STATEMENTS_DIR
    for spec in specs:
        outputs.append(spec.write(folder, statement_inputs, workspace.inputs()))
    return PeriodResult(period, early, inputs.report, tuple(outputs))
