"""Mail: outbox and send."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from ejournal_sheets.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Options,
    command,
    echo,
)

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
