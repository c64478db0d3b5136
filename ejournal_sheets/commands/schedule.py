"""The schedule: run-due and serve."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ejournal_sheets.cli import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PROBLEMS,
    Options,
    command,
    echo,
)

if TYPE_CHECKING:
    from ejournal_sheets.flows.schedule import DueRun
    from ejournal_sheets.workspace import Workspace


@command(name="run-due")
@click.option("--no-pdf", is_flag=True, help="Не делать PDF файлов для печати.")
@click.option("--now", "moment", type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              hidden=True, help="Считать текущим этот момент (ГГГГ-ММ-ДД ЧЧ:ММ).")
@click.pass_obj
def run_due_command(options: Options, no_pdf: bool, moment: datetime | None) -> int:
    """Выполнить то, что пора и ещё не сделано (для Планировщика заданий Windows и cron).

    Еженедельная работа (с выписками для семей без ЭД) — с дня и времени из
    [schedule] ejournal.toml; ежемесячная сверка данных — с monthly_day;
    предварительный отчёт за период — за 7 дней до его конца; ведомости и
    информационные письма — с последнего дня периода. Что уже сделано, не
    повторяется: запускать можно хоть каждый час. Если компьютер был выключен,
    выполняется только последний пропущенный срок, остальные отмечаются
    «пропущено» (.ejournal/state/runs.json). Задание с ошибкой повторяется при
    следующем запуске. Код выхода 0 — всё сделано, 1 — в данных есть ошибки,
    3 — задание не выполнено.

    \b
    Пример:
      ejournal -w 7Б run-due
      ejournal -w 7Б run-due --no-pdf
    """
    from ejournal_sheets.flows.schedule import run_plan

    now = moment or datetime.combine(options.today, datetime.now().time().replace(microsecond=0))
    clock = (lambda: now) if moment else None  # a pinned moment pins the recorded times too
    done = run_plan(options.open(), now, clock=clock, pdf=not no_pdf)
    print_due(options, done)
    if any(result.failed for result in done.results):
        return EXIT_FAILURE
    return EXIT_PROBLEMS if any(result.has_errors for result in done.results) else EXIT_OK


def print_due(options: Options, done: DueRun) -> None:
    """What ran (with each job's summary table), what was missed, what failed, what waits."""
    from ejournal_sheets.flows.schedule import OFF, SERIES

    ran = [r for r in done.results if not r.failed]
    if ran:
        echo(options, "Выполнено:", level=-1)
        for result in ran:
            for line in result.summary_lines:
                echo(options, f"  {line}", level=-1)
            if result.manifest is not None:
                echo(options, f"    Отчёт о запуске: {result.manifest}", level=-1)
    for job in done.plan.due:
        if job.missed:
            echo(options, f"Пропущено ({OFF}): {SERIES[job.job]} {', '.join(job.missed)} — "
                          f"выполнен только последний срок, {job.key}.", level=-1)
    failed = [r for r in done.results if r.failed]
    if failed:
        echo(options, "Не выполнено (повтор — при следующем запуске):", level=-1)
        for result in failed:
            echo(options, f"  {result.summary_lines[0]}: {result.error}", level=-1)
    if done.plan.notes:
        echo(options, "Не запускалось:" if done.results else "Ничего не пора делать:", level=-1)
        for note in done.plan.notes:
            echo(options, f"  {note}", level=-1)


@command(name="serve")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path), metavar="[ПАПКА]...")
@click.option("--no-pdf", is_flag=True, help="Не делать PDF файлов для печати.")
@click.pass_obj
def serve_command(options: Options, folders: tuple[Path, ...], no_pdf: bool) -> int:
    """Работать по расписанию, пока не остановят (Ctrl+C).

    Сразу проверяет, что пора сделать (то же, что run-due), затем — каждый
    день в 07:00 и в день и время еженедельной работы из [schedule]. Пишет
    журнал работы в .ejournal/ejournal.log рабочей папки (без личных данных и
    паролей); ошибка задания записывается туда, а работа продолжается. Можно
    указать несколько рабочих папок. После правки [schedule] перезапустите.

    \b
    Пример:
      ejournal -w 7Б serve
      ejournal serve 7А 7Б
    """
    from ejournal_sheets.flows.schedule import DAILY_CHECK, log_path
    from ejournal_sheets.workspace import open_workspace

    workspaces = [open_workspace(folder) for folder in folders] or [options.open()]
    for workspace in workspaces:
        plan = workspace.settings.schedule
        echo(options, f"Работа по расписанию: {workspace.root} — еженедельно {plan.weekly_day} "
                      f"{plan.weekly_time}, проверка сроков каждый день в {DAILY_CHECK}. "
                      f"Журнал работы: {log_path(workspace)}", level=-1)
    echo(options, "Остановить: Ctrl+C.", level=-1)
    try:
        serve(workspaces, pdf=not no_pdf)
    except KeyboardInterrupt:
        echo(options, "Остановлено.", level=-1)
    return EXIT_OK


def serve(workspaces: Sequence[Workspace], *, pdf: bool = True) -> int:
    """The schedule loop of flows.schedule, imported only when `ejournal serve` runs."""
    from ejournal_sheets.flows.schedule import serve as serve_loop

    return serve_loop(workspaces, pdf=pdf)
