"""The `ejournal` subcommands; each parses its options, calls one flow and prints the result."""

from __future__ import annotations

from pathlib import Path

import click

from ejournal_sheets.cli import EXIT_OK, EXIT_PROBLEMS, Options, command, echo, print_report
from ejournal_sheets.flows.check import check_class
from ejournal_sheets.problems import Severity
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
    """Создать демонстрационный класс и проверить его.

    Строит вымышленный 7Б (27 учеников, родители, группы, согласия, пропуски,
    движение) с несколькими нарочно внесёнными ошибками и запускает проверку.
    Печатает, где лежат результаты. Папку --out программа считает своей и
    перезаписывает.

    \b
    Пример:
      ejournal demo
      ejournal demo --out /tmp/демо --clean
    """
    from ejournal_sheets.demo.build import build_demo, demo_date

    day = demo_date(options.today)
    built = build_demo(out, day, plant_problems=not clean)
    workspace = open_workspace(out)
    result = check_class(workspace, day)
    counts = result.report.counts()
    print_report(options, result.report, as_json=False)
    echo(options, "")
    echo(options, f"Демонстрационный класс 7Б создан: {workspace.root} (дата: {day:%d.%m.%Y})")
    echo(options, f"  Рабочая книга: {workspace.workbook}")
    echo(options, f"  Нарочно внесённых ошибок: {len(built.planted)}; найдено ошибок: "
                  f"{counts[Severity.ERROR]}, предупреждений: {counts[Severity.WARNING]}.")
    if result.output:
        echo(options, f"  Замечания: {result.output}")
    echo(options, f"Проверить ещё раз: ejournal -w {out} check")
    return EXIT_OK
