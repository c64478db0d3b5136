"""Options and printing shared by the commands (spans, school mode, summaries)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ejournal_sheets.cli import (
    EXIT_FAILURE,
    EXIT_OK,
    Options,
    echo,
)

if TYPE_CHECKING:
    from ejournal_sheets.flows.weekly import WeeklyResult
    from ejournal_sheets.settings import DateRange


class LazyChoice(click.Choice[str]):
    """A click.Choice whose choices come from a function called when they are first needed
    (the command's help or its arguments), so that registering the command imports no flow."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load: Callable[[], Iterable[str]] | None = load
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        if self._load is not None:
            self._choices = tuple(self._load())
            self._load = None
        return self._choices

    @choices.setter
    def choices(self, value: Iterable[str]) -> None:
        self._choices = tuple(value)


def span_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--week / --from / --to, shared by the commands that look at a week."""
    function = click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d", "%d.%m.%Y"]),
                            help="Конец периода (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).")(function)
    function = click.option("--from", "date_from",
                            type=click.DateTime(["%Y-%m-%d", "%d.%m.%Y"]),
                            help="Начало периода (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).")(function)
    return click.option("--week", help="Неделя, например 2026-W48 (по умолчанию — текущая "
                                       "учебная неделя).")(function)


def chosen_span(options: Options, week: str | None, date_from: Any, date_to: Any) -> DateRange:
    """The week or range the teacher asked for, or the school week of today."""
    from ejournal_sheets.dates import parse_week, school_week
    from ejournal_sheets.settings import DateRange

    if week and (date_from or date_to):
        raise click.UsageError("Укажите либо --week, либо --from/--to, но не вместе.")
    if week:
        return parse_week(week)
    if date_from or date_to:
        if not (date_from and date_to):
            raise click.UsageError("Укажите обе даты: --from и --to.")
        start, end = date_from.date(), date_to.date()
        if end < start:
            raise click.UsageError("Дата --to раньше даты --from.")
        return DateRange(f"{start:%d.%m}–{end:%d.%m.%Y}", start, end)
    return school_week(options.today)


def print_outputs(options: Options, outputs: Iterable[Path], skipped: Iterable[str] = ()) -> None:
    for note in skipped:
        echo(options, f"Не сделано: {note}", level=-1)
    echo(options, "Файлы:", level=-1)
    for path in outputs:
        echo(options, f"  {path}", level=-1)


def school_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--school ПАПКА and --jobs N: the same work for every class of a school folder."""
    function = click.option("--jobs", type=click.IntRange(1, 16), default=None,
                            help="Сколько классов обрабатывать одновременно (по умолчанию — "
                                 "по числу ядер, не больше 2).")(function)
    return click.option("--school", "school", type=click.Path(path_type=Path), default=None,
                        help="Папка школы: выполнить для всех классов в её подпапках "
                             "(общие настройки — в school.toml).")(function)


def run_for_school(options: Options, flow: str, school: Path, jobs: int | None,
                   **flow_options: Any) -> int:
    """A flow over every class of a school folder; one class's failure never stops others."""
    from ejournal_sheets.school import describe, run_school

    result = run_school(flow, school, options.today, jobs=jobs, **flow_options)
    for line in describe(result):
        echo(options, line, level=-1)
    if any(not run.ok for run in result.per_class):
        return EXIT_FAILURE
    return EXIT_OK


def print_week_summary(options: Options, result: WeeklyResult) -> None:
    """A few lines the teacher reads first: what needs doing this week."""
    echo(options, f"Неделя {result.span.title}:", level=-1)
    if result.reconciliation is not None:
        _print_counts(options, "Посещаемость — находок",
                      Counter(f.kind.label for f in result.reconciliation.findings))
        _print_counts(options, "Список класса и журнал — расхождений",
                      Counter(m.kind.label for m in result.reconciliation.mismatches))
    if result.filling is not None:
        behind = [r.subject for r in result.filling.rows if r.issues]
        names = f" ({', '.join(behind)})" if behind else ""
        echo(options, f"  Заполнение журнала — предметов с замечаниями: {len(behind)} "
                      f"из {len(result.filling.rows)}{names}", level=-1)
    if result.activity is not None:
        echo(options, f"  Электронный дневник — активных семей: "
                      f"{result.activity.families_active} из {result.activity.families_total}",
             level=-1)


def _print_counts(options: Options, title: str, counts: Counter[str]) -> None:
    echo(options, f"  {title}: {sum(counts.values())}", level=-1)
    for label, count in sorted(counts.items()):
        echo(options, f"    • {label}: {count}", level=-1)
