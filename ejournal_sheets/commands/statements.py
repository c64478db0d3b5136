"""The statements command (duty 2.43)."""

from __future__ import annotations

from pathlib import Path

import click

from ejournal_sheets.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Options,
    command,
    echo,
    print_report,
)
from ejournal_sheets.commands.common import (
    print_outputs,
    run_for_school,
    school_option,
)


@command(name="statements")
@click.option("--period", "period_name", help="Учебный период: Ч1, Ч2, … (по умолчанию — "
                                              "текущий; в каникулы — только что закончившийся).")
@click.option("--preliminary/--final", default=None,
              help="Предварительный отчёт (до конца периода) или итоговые ведомости. "
                   "По умолчанию — по дате: до конца периода предварительный.")
@click.option("--only", multiple=True, help="Только эти ведомости (номер или ключ: 1 attendance, "
                                            "2 preliminary, 3 report, 4 results, 5 marks, "
                                            "6 attendance-summary, 7 movement); можно "
                                            "повторять.")
@school_option
@click.pass_obj
def statements(options: Options, period_name: str | None, preliminary: bool | None,
               only: tuple[str, ...], school: Path | None, jobs: int | None) -> int:
    """Ведомости классного руководителя за учебный период (обязанность 2.43).

    До конца периода — предварительный отчёт с прогнозом отметок и рисками;
    после — семь ведомостей: посещаемость по месяцам, предварительный отчёт,
    отчёт классного руководителя, итоги успеваемости, сводные ведомости
    успеваемости и посещаемости, движение обучающихся. Файлы — в
    output/<дата>/Ведомости/, готовы к печати на A4.

    \b
    Пример:
      ejournal -w 7Б statements --period Ч2
      ejournal -w 7Б statements --period Ч2 --preliminary
      ejournal -w 7Б statements --period Ч1 --final --only results --only 7
      ejournal statements --school Школа/ --period Ч2 --final
    """
    from ejournal_sheets.flows.period import run_period
    from ejournal_sheets.statements.registry import select

    try:
        select(only)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if school is not None:
        return run_for_school(options, "period", school, jobs, period_name=period_name,
                              preliminary=preliminary, only=only)
    result = run_period(options.open(), options.today, period_name, preliminary, only)
    print_report(options, result.report, as_json=False)
    kind = "предварительный отчёт" if result.preliminary else "итоговые ведомости"
    echo(options, f"Период {result.period.name} ({result.period.title}): {kind}.", level=-1)
    print_outputs(options, result.outputs, result.skipped)
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK
