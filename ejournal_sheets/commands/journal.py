"""Commands on the journal exports: reconcile, weekly, monthly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    chosen_span,
    print_outputs,
    print_week_summary,
    run_for_school,
    school_option,
    span_options,
)


@command(name="reconcile")
@span_options
@click.pass_obj
def reconcile(options: Options, week: str | None, date_from: Any, date_to: Any) -> int:
    """Сверить посещаемость и список класса с журналом.

    Читает выгрузки из папки журнал/ и сравнивает их с рабочей книгой: коды
    пропусков с листом «Пропуски», уроки с датами прибытия и выбытия и с
    группами, список класса со списком журнала. Пишет Сверка_посещаемости.xlsx
    (по листу на каждого учителя) и Замечания.xlsx.

    \b
    Пример:
      ejournal -w 7Б reconcile
      ejournal -w 7Б reconcile --week 2026-W48
      ejournal -w 7Б reconcile --from 2026-11-16 --to 2026-11-28
    """
    from ejournal_sheets.flows.weekly import run_reconcile

    span = chosen_span(options, week, date_from, date_to)
    result = run_reconcile(options.open(), options.today, span)
    print_report(options, result.report, as_json=False)
    print_week_summary(options, result)
    print_outputs(options, result.outputs, result.skipped)
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK


@command(name="weekly")
@span_options
@school_option
@click.pass_obj
def weekly(options: Options, week: str | None, date_from: Any, date_to: Any,
           school: Path | None, jobs: int | None) -> int:
    """Еженедельная работа классного руководителя.

    Проверка рабочей книги, сверка посещаемости, контроль заполнения журнала
    учителями, активность родителей и учеников в электронном дневнике.
    Все файлы — в output/<дата>/.

    \b
    Пример:
      ejournal -w 7Б weekly
      ejournal -w 7Б weekly --week 2026-W47
      ejournal weekly --school Школа/     (все классы и «Сводка по школе»)
    """
    from ejournal_sheets.flows.weekly import run_weekly

    span = chosen_span(options, week, date_from, date_to)
    if school is not None:
        return run_for_school(options, "weekly", school, jobs, span=span)
    result = run_weekly(options.open(), options.today, span)
    print_report(options, result.report, as_json=False)
    print_week_summary(options, result)
    print_outputs(options, result.outputs, result.skipped)
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK


@command(name="monthly")
@click.pass_obj
def monthly(options: Options) -> int:
    """Ежемесячная сверка данных класса.

    Проверяет рабочую книгу и показывает, что изменилось в ней с прошлой
    сверки (ученики, телефоны, почта, адреса, способы информирования,
    согласия, группы). Напоминает, если сверка не проводилась больше месяца.
    Пишет Изменения_данных.xlsx и Замечания.xlsx.

    \b
    Пример:
      ejournal -w 7Б monthly
    """
    from ejournal_sheets.flows.monthly import run_monthly

    result = run_monthly(options.open(), options.today)
    print_report(options, result.report, as_json=False)
    if result.changes is not None:
        since = (f"с {result.changes.previous:%d.%m.%Y}" if result.changes.previous
                 else "— первая сверка")
        echo(options, f"Изменений в данных {since}: {len(result.changes.changes)}.", level=-1)
        if result.changes.reminder:
            echo(options, result.changes.reminder, level=-1)
    print_outputs(options, result.outputs)
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK
