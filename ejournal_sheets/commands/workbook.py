"""Commands about the class workbook: init, check, demo."""

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
    print_week_summary,
)
from ejournal_sheets.commands.letters import print_demo_letters


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
    from ejournal_sheets.workspace import init_workspace

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
    from ejournal_sheets.flows.check import check_class

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
    from ejournal_sheets.flows.letters import run_demo_letters
    from ejournal_sheets.flows.period import run_period
    from ejournal_sheets.flows.weekly import run_weekly
    from ejournal_sheets.mail import list_outbox, outbox_dir
    from ejournal_sheets.workspace import open_workspace

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
