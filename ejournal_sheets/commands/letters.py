"""Letters: letters, slips, incident, template-check."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ejournal_sheets.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PRINT_LEVEL,
    Options,
    command,
    echo,
    print_report,
)
from ejournal_sheets.commands.common import LazyChoice

if TYPE_CHECKING:
    from ejournal_sheets.flows.letters import LettersResult

KIND_HELP = ("Вид писем: info — информационные письма (2.33), weekly — выписки для семей без "
             "ЭД (2.34), risk — уведомления о неуспешной ситуации (2.29), memo — памятки об "
             "ЭД, slips — листки доступа и реестр выдачи, movement — уведомление "
             "администратору о прибытии/выбытии (2.35).")


def letter_kinds() -> tuple[str, ...]:
    """The kinds for letters --kind (imports the letters flow: only when they are needed)."""
    from ejournal_sheets.flows.letters import KINDS

    return KINDS


def template_kinds() -> tuple[str, ...]:
    """The kinds that have a letter template, for template-check --kind."""
    from ejournal_sheets.letters.templates import TEMPLATES

    return tuple(spec.kind for spec in TEMPLATES)


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
    from ejournal_sheets.letters.templates import template_spec

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
@click.option("--kind", required=True, type=LazyChoice(letter_kinds), help=KIND_HELP)
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
    from ejournal_sheets.dates import parse_week
    from ejournal_sheets.flows.letters import run_letters
    from ejournal_sheets.letters.templates import template_spec

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
    from ejournal_sheets.flows.letters import run_letters
    from ejournal_sheets.letters.templates import template_spec

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
    from ejournal_sheets.flows.letters import run_incident
    from ejournal_sheets.letters.deadline import WEEKDAYS

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
@click.option("--kind", type=LazyChoice(template_kinds),
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
    from ejournal_sheets.letters.render import check_file
    from ejournal_sheets.letters.templates import template_spec

    kinds = list(template_kinds())
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
    from ejournal_sheets.letters.templates import template_spec

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
