"""The `ejournal` subcommands; each parses its options, calls one flow and prints the result."""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from ejournal_sheets.cli import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PROBLEMS,
    PRINT_LEVEL,
    Options,
    command,
    echo,
    print_report,
)
from ejournal_sheets.dates import parse_week, school_week
from ejournal_sheets.flows.check import check_class
from ejournal_sheets.flows.letters import (
    KINDS,
    LettersResult,
    run_demo_letters,
    run_incident,
    run_letters,
)
from ejournal_sheets.flows.monthly import run_monthly
from ejournal_sheets.flows.period import run_period
from ejournal_sheets.flows.weekly import WeeklyResult, run_reconcile, run_weekly
from ejournal_sheets.letters.deadline import WEEKDAYS
from ejournal_sheets.letters.render import check_file
from ejournal_sheets.letters.templates import TEMPLATES, template_spec
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
    ошибками и расхождениями, выполняет ejournal weekly, строит семь ведомостей
    за текущую четверть и письма всех видов (PDF — только общих файлов для
    печати). Печатает, где лежат результаты. Папку --out программа
    считает своей и перезаписывает.

    \b
    Пример:
      ejournal demo
      ejournal demo --out /tmp/демо --clean
    """
    from ejournal_sheets.demo import build_demo, demo_date
    from ejournal_sheets.flows.common import read_inputs
    from ejournal_sheets.flows.delivery import (
        deliver_letters,
        deliver_statements,
        deliver_weekly,
    )
    from ejournal_sheets.mail import list_outbox, outbox_dir

    day = demo_date(options.today)
    built = build_demo(out, day, plant_problems=not clean)
    workspace = open_workspace(out)
    inputs = read_inputs(workspace, day)
    result = run_weekly(workspace, day, inputs=inputs)
    period = run_period(workspace, day, preliminary=False, inputs=inputs)
    summary = deliver_weekly(workspace, day, result.span, result)
    deliver_statements(workspace, period.period, period.outputs)
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
    letters = run_demo_letters(workspace, day)
    print_demo_letters(options, letters)
    info = next(r for r in letters if r.kind == "info")
    deliver_letters(workspace, f"info:{period.period.name}",
                    f"Информационное письмо классного руководителя за {period.period.name}",
                    info)
    echo(options, f"Сводка для администрации: {summary.outputs[0]}", level=-1)
    echo(options, f"Исходящие письма (не отправлены, .eml открываются в Outlook/Thunderbird): "
                  f"{len(list_outbox(workspace))} — {outbox_dir(workspace)}; отправить: "
                  f"ejournal -w {out} send", level=-1)
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


# ---------------------------------------------------------------- letters (issue 5)

KIND_HELP = ("Вид писем: info — информационные письма (2.33), weekly — выписки для семей без "
             "ЭД (2.34), risk — уведомления о неуспешной ситуации (2.29), memo — памятки об "
             "ЭД, slips — листки доступа и реестр выдачи, movement — уведомление "
             "администратору о прибытии/выбытии (2.35).")


@contextlib.contextmanager
def progress_bar(options: Options, label: str) -> Iterator[Callable[[int, int], None]]:
    """A click progress bar (on stderr) fed by a flow's (done, total) callback."""
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if options.verbosity < 0:
            return
        if not bars:
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            bars.append(bar.__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def print_letters(options: Options, result: LettersResult) -> None:
    """The batch in a few lines: counts, the print file, its PDF, the folder."""
    for note in result.skipped:
        echo(options, note, level=-1)
    if result.folder is None:
        return
    title = template_spec(result.kind).title
    if result.letters > 1:
        email = (f", по email {result.by_email} — они уйдут из исходящих" if result.by_email
                 else "")
        echo(options, f"{title}: {result.letters} (на печать {result.printed}{email}).",
             level=-1)
    else:
        echo(options, f"{title}: готово.", level=-1)
    echo(options, f"Папка: {result.folder}", level=-1)
    shown = result.outputs if options.verbosity > 0 else [
        p for p in result.outputs if p == result.print_file or p.suffix in (".pdf", ".xlsx")]
    for path in shown:
        echo(options, f"  {path.name}", level=-1)


def letters_exit(result: LettersResult) -> int:
    return EXIT_PROBLEMS if result.report.has_errors else EXIT_OK


@command(name="letters")
@click.option("--kind", required=True, type=click.Choice(KINDS), help=KIND_HELP)
@click.option("--period", "period_name", help="Учебный период: Ч1, Ч2, … (по умолчанию — "
                                              "текущий).")
@click.option("--week", help="Неделя выписки, например 2026-W48 (по умолчанию — текущая "
                             "учебная неделя).")
@click.option("--inactive/--no-inactive", default=None,
              help="Выписки также семьям, которые не заходят в электронный дневник "
                   "(по умолчанию — как [letters] weekly_for_inactive).")
@click.option("--no-pdf", is_flag=True, help="Не делать PDF общего файла.")
@click.pass_obj
def letters(options: Options, kind: str, period_name: str | None, week: str | None,
            inactive: bool | None, no_pdf: bool) -> int:
    """Подготовить письма родителям или администрации.

    Для каждого получателя — свой docx (05_Иванов_Пётр.docx), для печати —
    один общий файл (каждое письмо с новой страницы) и его PDF, если
    установлен LibreOffice; список писем и способ доставки — в Состав.xlsx.
    Письма семьям, выбравшим email и давшим согласие, отмечены «email» и в
    общий файл не входят. Файлы — в output/<дата>/Письма/<вид>/. Свой шаблон
    можно положить в папку шаблоны/ рабочей папки (например шаблоны/info.docx);
    перед печатью он проверяется, и при ошибке в поле не пишется ни одного файла.

    \b
    Пример:
      ejournal -w 7Б letters --kind info --period Ч2
      ejournal -w 7Б letters --kind weekly --week 2026-W48
      ejournal -w 7Б letters --kind movement --no-pdf
    """
    span = parse_week(week) if week else None
    with progress_bar(options, template_spec(kind).title) as update:
        result = run_letters(options.open(), options.today, kind, period_name, span,
                             pdf=not no_pdf, include_inactive=inactive, progress=update)
    print_report(options, result.report, as_json=False)
    print_letters(options, result)
    return letters_exit(result)


@command(name="slips")
@click.option("--no-pdf", is_flag=True, help="Не делать PDF.")
@click.pass_obj
def slips(options: Options, no_pdf: bool) -> int:
    """Листки с логинами и паролями (4 на листе A4) и реестр выдачи.

    То же, что ejournal letters --kind slips: берёт выгрузку реквизитов
    доступа из папки журнал/, печатает листки с линиями отреза и пишет
    Реестр_выдачи_доступа.xlsx для подписей получателей (паролей в реестре
    нет). Файлы — в output/<дата>/Письма/Листки доступа/.

    \b
    Пример:
      ejournal -w 7Б slips
    """
    with progress_bar(options, template_spec("slips").title) as update:
        result = run_letters(options.open(), options.today, "slips", pdf=not no_pdf,
                             progress=update)
    print_report(options, result.report, as_json=False)
    print_letters(options, result)
    return letters_exit(result)


@command(name="incident")
@click.option("--detected", required=True,
              type=click.DateTime(["%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d", "%d.%m.%Y"]),
              help="Когда обнаружено нарушение: «ГГГГ-ММ-ДД ЧЧ:ММ» или «ДД.ММ.ГГГГ ЧЧ:ММ».")
@click.option("--what", required=True, help="Что произошло (одним-двумя предложениями).")
@click.option("--accounts", default="", help="Чьи учётные записи затронуты (ФИО, роль, логин).")
@click.option("--actions", default="", help="Что уже сделано (удалено сообщение, сменён пароль).")
@click.option("--no-pdf", is_flag=True, help="Не делать PDF.")
@click.pass_obj
def incident(options: Options, detected: Any, what: str, accounts: str, actions: str,
             no_pdf: bool) -> int:
    """Уведомление о нарушении конфиденциальности учётных данных.

    Готовит уведомление директору и в техподдержку электронного журнала со
    сроком «не позднее одного рабочего дня» по производственному календарю
    РФ (с переносами выходных) и печатает этот срок. Файл — в
    output/<дата>/Письма/Нарушение конфиденциальности/.

    \b
    Пример:
      ejournal -w 7Б incident --detected "2026-11-27 14:00" --what "Пароль родителя
        опубликован в чате класса" --accounts "Соколов И. В., родитель" --actions
        "Сообщение удалено, пароль сменён"
    """
    if detected.date() > options.today:
        raise click.UsageError(f"Дата обнаружения {detected:%d.%m.%Y} позже сегодняшней.")
    result = run_incident(options.open(), options.today, detected, what, accounts, actions,
                          pdf=not no_pdf)
    print_report(options, result.report, as_json=False)
    if result.deadline is not None:
        echo(options, f"Срок уведомления: {result.deadline:%d.%m.%Y} "
                      f"({WEEKDAYS[result.deadline.weekday()]}) — {result.rule}.", level=-1)
    print_letters(options, result)
    return letters_exit(result)


@command(name="template-check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice([spec.kind for spec in TEMPLATES]),
              help="Вид письма, для которого шаблон (по умолчанию — по имени файла: "
                   "info.docx → info).")
@click.pass_obj
def template_check(options: Options, file: Path, kind: str | None) -> int:
    """Проверить шаблон письма после правки в Word или LibreOffice.

    Подставляет в шаблон образец письма его вида и сообщает о каждом
    неверном поле (с тегом, как он набран, и списком полей, которые есть),
    незакрытом {% if %} или {% for %}, запрещённом теге. Код выхода 1, если
    есть замечания, 0 — если шаблон в порядке. Файл не изменяется.

    \b
    Пример:
      ejournal template-check шаблоны/info.docx
      ejournal template-check мой_шаблон.docx --kind risk
    """
    kinds = [spec.kind for spec in TEMPLATES]
    kind = kind or (file.stem if file.stem in kinds else None)
    if kind is None:
        raise click.UsageError(f"По имени файла не понять вид письма; укажите его: --kind "
                               f"({', '.join(kinds)}).")
    problems = check_file(file, template_spec(kind).sample)
    for problem in problems:
        echo(options, str(problem), level=-1)
    if problems:
        echo(options, f"Замечаний: {len(problems)}. Шаблон «{template_spec(kind).title}» "
                      "нельзя использовать, пока они не исправлены.", level=-1)
        return EXIT_PROBLEMS
    echo(options, f"Шаблон {file.name} в порядке: все поля письма «{template_spec(kind).title}» "
                  "на месте.", level=-1)
    return EXIT_OK


def print_demo_letters(options: Options, results: list[LettersResult]) -> None:
    """One line per kind of letter the demo made, then their common folder."""
    for result in results:
        for problem in result.report.problems:
            if problem.code.startswith("pdf-"):
                echo(options, str(problem), level=PRINT_LEVEL[problem.severity])
    made = [r for r in results if r.folder is not None]
    if not made:
        return
    echo(options, f"Письма: {made[0].folder.parent if made[0].folder else ''}", level=-1)
    for result in results:
        title = template_spec(result.kind).title
        if result.folder is None:
            echo(options, f"  {title}: {' '.join(result.skipped)}", level=-1)
            continue
        pdf = " + PDF" if any(p.suffix == ".pdf" for p in result.outputs) else ""
        count = f" — {result.letters}" if result.letters > 1 else ""
        echo(options, f"  {result.folder.name}/{count}"
                      f" ({result.print_file.name if result.print_file else '—'}{pdf})",
             level=-1)


# ---------------------------------------------------------------- schedule (issue 6)

from datetime import datetime  # noqa: E402

from ejournal_sheets.flows.schedule import (  # noqa: E402
    DAILY_CHECK,
    OFF,
    SERIES,
    DueRun,
    log_path,
    run_plan,
    serve,
)


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
    now = moment or datetime.combine(options.today, datetime.now().time().replace(microsecond=0))
    clock = (lambda: now) if moment else None  # a pinned moment pins the recorded times too
    done = run_plan(options.open(), now, clock=clock, pdf=not no_pdf)
    print_due(options, done)
    if any(result.failed for result in done.results):
        return EXIT_FAILURE
    return EXIT_PROBLEMS if any(result.has_errors for result in done.results) else EXIT_OK


def print_due(options: Options, done: DueRun) -> None:
    """What ran (with each job's summary table), what was missed, what failed, what waits."""
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


# ---------------------------------------------------------------- mail (issue 6)

SEND_HELP_TAIL = ("ejournal send --retry-unknown — только если получатель подтвердил, что "
                  "письма нет.")


@command(name="outbox")
@click.pass_obj
def outbox(options: Options) -> int:
    """Показать исходящие письма и их состояние.

    Письма, которые подготовили weekly, statements и letters, лежат в папке
    .ejournal/outbox/ рабочей папки (файлы .eml открываются в Outlook и
    Thunderbird). Таблица: состояние (в очереди, отправлено, не отправлено,
    неизвестно), дата, кому, тема, вложения; под ней — причины ошибок и
    отклонённые адреса. Ничего не отправляет.

    \b
    Пример:
      ejournal -w 7Б outbox
    """
    from ejournal_sheets.mail import list_outbox, outbox_dir

    workspace = options.open()
    entries = list_outbox(workspace)
    if not entries:
        echo(options, "Исходящих писем нет.", level=-1)
        return EXIT_OK
    rows = [("Состояние", "Дата", "Кому", "Тема", "Вложения")]
    for entry in entries:
        rows.append((entry.state.label, _short_time(entry.sent or entry.created),
                     _clip(", ".join(entry.to), 32), _clip(entry.subject, 48),
                     _clip(", ".join(entry.attachments) or "—", 40)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        echo(options, "  ".join(cell.ljust(width) for cell, width in zip(row, widths,
                                                                          strict=True)).rstrip(),
             level=-1)
    for entry in entries:
        if entry.error and entry.state.value in ("failed", "unknown", "queued"):
            echo(options, f"«{entry.subject}»: {entry.error}", level=-1)
        for address, answer in entry.refused:
            echo(options, f"«{entry.subject}»: адрес {address} отклонён — {answer}", level=-1)
    counts = Counter(entry.state.label for entry in entries)
    echo(options, "Итого: " + ", ".join(f"{label} {count}" for label, count in counts.items())
         + f". Папка: {outbox_dir(workspace)}", level=-1)
    return EXIT_OK


@command(name="send")
@click.option("--dry-run", is_flag=True, help="Только показать, что будет отправлено.")
@click.option("--retry-unknown", is_flag=True,
              help="Отправить ещё раз письма в состоянии «неизвестно» (отправка прервалась, и "
                   "неясно, дошли ли они). Сначала уточните у получателя, что письма нет.")
@click.pass_obj
def send(options: Options, dry_run: bool, retry_unknown: bool) -> int:
    """Отправить исходящие письма через почтовый сервер.

    Берёт письма из .ejournal/outbox/ и отправляет их через сервер из
    раздела [mail] ejournal.toml (порт 465 — SSL, 587 — STARTTLS). Каждое
    письмо уходит один раз: повторный запуск отправленные не трогает, а
    письмо, отправка которого прервалась, помечается «неизвестно» и само
    не отправляется. Временные ошибки сервера (4xx) и сбои сети повторяются
    до трёх раз; отказ сервера (5xx), неверный пароль и ошибки шифрования —
    нет. Пароль — из переменной окружения, названной в [mail] password_env,
    или из хранилища паролей системы (keyring set ejournal-sheets ЛОГИН);
    в файлах и параметрах команды его нет, на экран он не выводится.
    Код выхода: 0 — всё отправлено, 1 — есть неотправленные письма или
    отклонённые адреса, 3 — отправка невозможна (нет пароля, сервер недоступен).

    \b
    Пример:
      ejournal -w 7Б send --dry-run
      ejournal -w 7Б send
      ejournal -w 7Б send --retry-unknown
    """
    from ejournal_sheets.mail import MailError, find_password, send_outbox

    workspace = options.open()
    mail = workspace.settings.mail
    password = find_password(mail) if mail.user else None
    report = send_outbox(workspace.state_dir, mail, password, dry_run,
                         retry_unknown=retry_unknown)
    print_send_report(options, report, password_missing=bool(mail.user and not password))
    if report.error:
        raise MailError(report.error, report.hint)
    return EXIT_OK if report.complete else EXIT_PROBLEMS


def print_send_report(options: Options, report: Any, password_missing: bool = False) -> None:
    """What went out, what did not and why, what is in doubt; then the counts."""
    if report.dry_run:
        echo(options, f"Будет отправлено писем: {len(report.outcomes)} (проверка, ничего не "
                      "отправлено).", level=-1)
        for outcome in report.outcomes:
            echo(options, f"  «{outcome.subject}» → {', '.join(outcome.to)}", level=-1)
        if password_missing and report.outcomes:
            echo(options, "  Пароль почты не найден — без него отправка не получится.", level=-1)
    for outcome in () if report.dry_run else report.outcomes:
        line = f"  {outcome.state.label}: «{outcome.subject}» → {', '.join(outcome.to)}"
        again = " (повторится при следующем запуске send)" if outcome.retry else ""
        echo(options, line + (f" — {outcome.error}" if outcome.error else "") + again, level=-1)
        for address, answer in outcome.refused:
            echo(options, f"    адрес {address} отклонён: {answer}", level=-1)
    for entry in report.unknown:
        echo(options, f"  неизвестно, дошло ли письмо «{entry.subject}» → "
                      f"{', '.join(entry.to)}; само оно больше не отправится. "
                      f"{SEND_HELP_TAIL}", level=-1)
    if not (report.outcomes or report.unknown or report.error):
        echo(options, "Писем для отправки нет.", level=-1)
    elif not report.dry_run:
        echo(options, f"Отправлено: {len(report.sent)}, не отправлено: {len(report.failed)}, "
                      f"адресов отклонено: {len(report.refused)}, неизвестно: "
                      f"{len(report.unknown)}.", level=-1)


def _short_time(text: str) -> str:
    """ISO time from the ledger → «27.11.2026 15:02»."""
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(text):%d.%m.%Y %H:%M}"
    except ValueError:
        return text


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
