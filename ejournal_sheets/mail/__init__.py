"""Mail (DESIGN §7): messages built as .eml, queued in the workspace outbox, sent over SMTP.

    message_id = queue_message(workspace, key="weekly:2026-W48:administration",
                               sender=sender_of(settings), to=administration_of(settings),
                               subject=…, body=…, attachments=[summary_xlsx])
    queue_messages(workspace, [Draft(f"info:Ч2:{path.name}", sender, (letter.email,), …)])
    report = send_outbox(workspace.state_dir, settings.mail, find_password(settings.mail))
"""

from ejournal_sheets.mail.message import MailError, build_message
from ejournal_sheets.mail.outbox import (
    Draft,
    Entry,
    State,
    administration_of,
    list_outbox,
    outbox_dir,
    queue_message,
    queue_messages,
    sender_of,
)
from ejournal_sheets.mail.secrets import find_password, require_password
from ejournal_sheets.mail.smtp import Outcome, SendReport, send_outbox

__all__ = [
    "Draft",
    "Entry",
    "MailError",
    "Outcome",
    "SendReport",
    "State",
    "administration_of",
    "build_message",
    "find_password",
    "list_outbox",
    "outbox_dir",
    "queue_message",
    "queue_messages",
    "require_password",
    "send_outbox",
    "sender_of",
]
