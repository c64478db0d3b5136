"""The `ejournal` subcommands; each parses its options, calls one flow and prints the result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from ejournal_sheets.cli import EXIT_OK, EXIT_PROBLEMS, Options, command, echo, print_report
from ejournal_sheets.dates import parse_week, school_week
from ejournal_sheets.flows.check import check_class
from ejournal_sheets.flows.monthly import run_monthly
from ejournal_sheets.flows.period import run_period
from ejournal_sheets.flows.weekly import WeeklyResult, run_reconcile, run_weekly
from ejournal_sheets.settings import DateRange
from ejournal_sheets.statements.registry import select
from ejournal_sheets.workspace import init_workspace, open_workspace


@command(name="init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--class", "class_name", required=True, help="Класс, например 7Б.")
@click.option("--school", required=True, help="Название школы.")
@click.option("--teacher", default="", help="ФИО классного руководителя.")
@click.pass_obj
def init(options: Options, folder: Path, class_name: str, school: str, teacher: str) -> int:
    """Создать рабочую папку класса.

    Создаёт ejournal.toml (настройки с пояснениями), класс.xlsx (рабочая книга
    из шаблона), папки журнал/ и output/. Существующую папку не перезаписывает.

    \b
    Пример:
      ejournal init 7Б --class 7Б --school "МБОУ СОШ № 1" --teacher "Алексеева М.С."
    """
    workspace = init_workspace(folder, class_name, school, options.today, teacher)
    echo(options, f"Рабочая папка класса {class_name} создана: {workspace.root}")
    echo(options, f"  Заполните рабочую книгу: {workspace.workbook}")
    echo(options, f"  Проверьте настройки:      {workspace.root / 'ejournal.toml'}")
    echo(options, f"  Затем проверьте данные:   ejournal -w {folder} check")
    return EXIT_OK


@command(name="check")
@click.option("--json", "as_json", is_flag=True, help="Вывести замечания в формате JSON.")
@click.option("--dry-run", is_flag=True, help="Только показать замечания, файл не записывать.")
@click.pass_obj
def check(options: Options, as_json: bool, dry_run: bool) -> int:
    """Проверить рабочую книгу класса.

    Печатает замечания в виде «класс.xlsx:Родители:F7: …» и записывает их
    в output/<дата>/Замечания.xlsx. Исходный файл не изменяется.
    Код выхода 1, если есть ошибки.

    \b
    Пример:
      ejournal -w 7Б check
      ejournal -w 7Б check --json > замечания.json
    """
    workspace = options.open()
    result = check_class(workspace, options.today, write=not dry_run)
    print_report(options, result.report, as_json)
    if result.output and not as_json:
        echo(options, f"Замечания записаны: {result.output}")
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK


@command(name="demo")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output/demo"),
              show_default=True, help="Куда положить демонстрационный класс.")
@click.option("--clean", is_flag=True, help="Демо-класс без нарочно внесённых ошибок.")
@click.pass_obj
def demo(options: Options, out: Path, clean: bool) -> int:
    """Создать демонстрационный класс и выполнить на нём еженедельную работу и ведомости.

    Строит вымышленный 7Б (27 учеников, родители, группы, согласия, пропуски,
    движение) и выгрузки электронного журнала за четверть, с нарочно внесёнными
    ошибками и расхождениями, выполняет ejournal weekly и строит семь ведомостей
    за текущую четверть. Печатает, где лежат результаты. Папку --out программа
    считает своей и перезаписывает.

    \b
    Пример:
      ejournal demo
      ejournal demo --out /tmp/демо --clean
    """
    from ejournal_sheets.demo import build_demo, demo_date

    day = demo_date(options.today)
    built = build_demo(out, day, plant_problems=not clean)
    workspace = open_workspace(out)
    result = run_weekly(workspace, day)
    period = run_period(workspace, day, preliminary=False)
    print_report(options, result.report, as_json=False)
    echo(options, "")
    echo(options, f"Демонстрационный класс 7Б: {out} (дата: {day:%d.%m.%Y})", level=-1)
    echo(options, f"  Рабочая книга: {out / 'класс.xlsx'}; выгрузки журнала: {out / 'журнал'}",
         level=-1)
    echo(options, f"  Нарочно внесено: ошибок в книге {len(built.planted)}, расхождений с "
                  f"журналом {len(built.planted_findings)}.", level=-1)
    print_week_summary(options, result)
    print_outputs(options, result.outputs, result.skipped)
    statements_dir = next((p.parent for p in period.outputs if p.parent.name == "Ведомости"),
                          None)
    if statements_dir is not None:
        echo(options, f"Ведомости за {period.period.name} ({period.period.title}), семь файлов: "
                      f"{statements_dir}", level=-1)
    echo(options, f"Повторить: ejournal -w {out} weekly; ejournal -w {out} statements --final",
         level=-1)
    return EXIT_OK


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
    span = chosen_span(options, week, date_from, date_to)
    result = run_reconcile(options.open(), options.today, span)
    print_report(options, result.report, as_json=False)
    print_week_summary(options, result)
    print_outputs(options, result.outputs, result.skipped)
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK


@command(name="weekly")
@span_options
@click.pass_obj
def weekly(options: Options, week: str | None, date_from: Any, date_to: Any) -> int:
    """Еженедельная работа классного руководителя.

    Проверка рабочей книги, сверка посещаемости, контроль заполнения журнала
    учителями, активность родителей и учеников в электронном дневнике.
    Все файлы — в output/<дата>/.

    \b
    Пример:
      ejournal -w 7Б weekly
      ejournal -w 7Б weekly --week 2026-W47
    """
    span = chosen_span(options, week, date_from, date_to)
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
@click.pass_obj
def statements(options: Options, period_name: str | None, preliminary: bool | None,
               only: tuple[str, ...]) -> int:
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
    """
    try:
        select(only)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    result = run_period(options.open(), options.today, period_name, preliminary, only)
    print_report(options, result.report, as_json=False)
    kind = "предварительный отчёт" if result.preliminary else "итоговые ведомости"
    echo(options, f"Период {result.period.name} ({result.period.title}): {kind}.", level=-1)
    print_outputs(options, result.outputs, result.skipped)
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK
