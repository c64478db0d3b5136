"""Who gets mail (issue 6, item 2): the administration gets the weekly summary and the
statements; parents get letters by e-mail only with the email channel and consent (the
letter's `email` is set by the recipients' rules); everything goes to the outbox first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.flows.common import read_inputs
from ejournal_sheets.flows.letters import LettersResult
from ejournal_sheets.flows.weekly import WeeklyResult
from ejournal_sheets.letters.context import letter_inputs, risk_letters
from ejournal_sheets.mail import Draft, administration_of, queue_messages, sender_of
from ejournal_sheets.reports.weekly_summary_xlsx import (
    FILE_NAME,
    Risk,
    WeekSummary,
    write_weekly_summary,
)
from ejournal_sheets.settings import DateRange
from ejournal_sheets.workspace import Workspace

SUMMARY_SUBJECT = "{class_name}: итоги недели {week} — классный руководитель {teacher}"
STATEMENTS_SUBJECT = "{class_name}: ведомости за {period} — классный руководитель {teacher}"
NO_ADDRESS = ("Письмо администрации не поставлено в исходящие: не указан адрес — "
              "впишите [mail] administration или [school] deputy_email в ejournal.toml.")
NO_SENDER = ("Письмо не поставлено в исходящие: не указан отправитель — впишите [mail] sender "
             "или [class] teacher_email в ejournal.toml.")


@dataclass(frozen=True)
class Delivery:
    """What a job put in the outbox and wrote for it; `skipped` in Russian."""

    outputs: tuple[Path, ...] = ()
    queued: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def weekly_risks(workspace: Workspace, today: date, week: DateRange) -> list[Risk]:
    """The risk list of the week, exactly as the risk notices would word it."""
    inputs = read_inputs(workspace, today)
    letters = risk_letters(letter_inputs(inputs.class_, inputs.journal, workspace.settings,
                                         today, week=week))
    return [Risk(str(letter.context["student"]["name"]),  # type: ignore[index]
                 str(row["name"]), str(row["teacher"]), str(row["risk"]))
            for letter in letters for row in letter.context["subjects"]]  # type: ignore[attr-defined]


def deliver_weekly(workspace: Workspace, today: date, week: DateRange,
                   weekly: WeeklyResult) -> Delivery:
    """Сводка_за_неделю.xlsx, and a message with it to the administration in the outbox."""
    settings = workspace.settings
    reconciliation = weekly.reconciliation
    summary = WeekSummary(settings.class_.name, settings.school.name, settings.class_.teacher,
                          week, reconciliation.findings if reconciliation else (),
                          reconciliation.mismatches if reconciliation else (), weekly.filling,
                          weekly.activity, weekly_risks(workspace, today, week), weekly.report)
    target = write_weekly_summary(workspace.output_dir(today) / FILE_NAME, summary,
                                  workspace.inputs())
    subject = SUMMARY_SUBJECT.format(class_name=settings.class_.name, week=week.title,
                                     teacher=settings.class_.teacher)
    body = ("Добрый день!\n\nНаправляю итоги недели по классу "
            f"{settings.class_.name} ({week.title}): сверку посещаемости, контроль заполнения "
            "журнала, активность в электронном дневнике, список рисков и число замечаний к "
            f"данным — во вложении.\n\n{settings.class_.teacher}")
    queued, skipped = _queue_admin(workspace, f"weekly:{week.name}:administration", subject,
                                   body, [target])
    return Delivery((target,), queued, skipped)


def deliver_statements(workspace: Workspace, period: DateRange,
                       statements: Sequence[Path]) -> Delivery:
    """The period's statements to the administration, one message with every file."""
    settings = workspace.settings
    files = [p for p in statements if p.suffix == ".xlsx" and p.parent.name == "Ведомости"]
    if not files:
        return Delivery()
    subject = STATEMENTS_SUBJECT.format(class_name=settings.class_.name, period=period.name,
                                        teacher=settings.class_.teacher)
    body = (f"Добрый день!\n\nНаправляю ведомости класса {settings.class_.name} за "
            f"{period.name} ({period.title}) — {len(files)} файлов во вложении.\n\n"
            f"{settings.class_.teacher}")
    queued, skipped = _queue_admin(workspace, f"period:{period.name}:administration", subject,
                                   body, files)
    return Delivery((), queued, skipped)


def deliver_letters(workspace: Workspace, key: str, subject: str,
                    result: LettersResult) -> Delivery:
    """Letters whose family agreed to e-mail, each to its parent (never the print file)."""
    if not result.emailed:
        return Delivery()
    sender = sender_of(workspace.settings)
    if sender is None:
        return Delivery(skipped=(NO_SENDER,))
    body = ("Здравствуйте!\n\nВо вложении — письмо классного руководителя. Если у Вас есть "
            f"вопросы, ответьте на это письмо.\n\n{workspace.settings.class_.teacher}")
    drafts = [Draft(f"{key}:{docx.name}", sender, (address,), subject, body, (docx,))
              for docx, address, _ in result.emailed]
    return Delivery((), queue_messages(workspace, drafts))


def _queue_admin(workspace: Workspace, key: str, subject: str, body: str,
                 attachments: Sequence[Path]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    settings = workspace.settings
    to, sender = administration_of(settings), sender_of(settings)
    if not to:
        return (), (NO_ADDRESS,)
    if sender is None:
        return (), (NO_SENDER,)
    draft = Draft(key, sender, to, subject, body, tuple(attachments))
    return queue_messages(workspace, [draft]), ()
