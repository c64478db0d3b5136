"""The outbox: `.ejournal/outbox/<message-id>.eml` files and a ledger of their states.

The ledger (`ledger.json`, written atomically under a lock) is the only record of what was sent,
so a re-run never sends a message twice. States: queued → sending → sent | failed; a message
left «sending» by a crash becomes «unknown» and is resent only when the teacher asks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ejournal_sheets.errors import OutputError
from ejournal_sheets.mail.message import MailError, build_message, domain_of, new_message_id
from ejournal_sheets.safe_io import write_text_atomic

if TYPE_CHECKING:
    from ejournal_sheets.settings import Settings
    from ejournal_sheets.workspace import Workspace

OUTBOX_DIR = "outbox"
LEDGER_NAME = "ledger.json"
LEDGER_LOCK = ".ledger.lock"
VERSION = 1


class State(StrEnum):
    """Where a message is; `label` is what the teacher reads."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"queued": "в очереди", "sending": "отправляется", "sent": "отправлено",
                "failed": "не отправлено", "unknown": "неизвестно"}[self.value]


# A message still in these states gets a new content when queued again under its key.
REPLACEABLE = (State.QUEUED, State.FAILED)


@dataclass(frozen=True)
class Entry:
    """One message of the outbox as the ledger records it (times are ISO 8601 with offset)."""

    message_id: str
    key: str
    state: State
    to: tuple[str, ...]
    subject: str
    attachments: tuple[str, ...]
    file: str
    created: str
    sent: str = ""
    attempts: int = 0
    error: str = ""  # the last error, in Russian
    retry: bool = False  # a failure that the next `send` tries again (4xx, network)
    delivered: tuple[str, ...] = ()  # recipients the server accepted the message for
    refused: tuple[tuple[str, str], ...] = ()  # (address, the server's answer)
    size: int = 0  # bytes of the .eml file, checked before sending

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["state"] = self.state.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        values["state"] = State(values["state"])
        for name in ("to", "attachments", "delivered"):
            values[name] = tuple(values.get(name, ()))
        values["refused"] = tuple(tuple(pair) for pair in values.get("refused", ()))
        return cls(**values)


def outbox_dir(where: Workspace | Path) -> Path:
    """`<state_dir>/outbox` for a workspace or for its state folder (`.ejournal`)."""
    state_dir = where.state_dir if hasattr(where, "state_dir") else Path(where)
    return Path(state_dir) / OUTBOX_DIR


def now_text(now: datetime | None = None) -> str:
    return (now or datetime.now()).astimezone().isoformat(timespec="seconds")


def file_name(message_id: str) -> str:
    """`<20261127T150000.3f9a@school.ru>` → `20261127T150000.3f9a@school.ru.eml`."""
    return re.sub(r"[^A-Za-z0-9.@_-]", "_", message_id.strip("<>")) + ".eml"


@dataclass(frozen=True)
class Draft:
    """A message to queue; `key` names it («weekly:2026-W48:administration») so queuing it
    again never makes a second copy."""

    key: str
    sender: str
    to: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Path, ...] = ()


def queue_message(
    where: Workspace | Path,
    *,
    key: str,
    sender: str,
    to: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[Path] = (),
    now: datetime | None = None,
) -> str:
    """Put a message in the outbox once per `key` and return its Message-ID.

    A key already queued (or failed) gets the new content under the same Message-ID; a key
    already sent, being sent or in doubt is left alone, so nothing is ever sent twice.
    """
    draft = Draft(key, sender, tuple(to), subject, body, tuple(Path(p) for p in attachments))
    return queue_messages(where, [draft], now)[0]


def queue_messages(where: Workspace | Path, drafts: Sequence[Draft],
                   now: datetime | None = None) -> tuple[str, ...]:
    """`queue_message` for a whole batch (1,200 parent letters): one ledger write in the end."""
    outbox = outbox_dir(where)
    known = {entry.key: entry for entry in read_ledger(outbox).values()}  # newest per key
    ids: list[str] = []
    fresh: dict[str, Entry] = {}
    for draft in drafts:
        existing = known.get(draft.key) if draft.key else None
        if existing is not None and existing.state not in REPLACEABLE:
            ids.append(existing.message_id)
            continue
        message_id = (existing.message_id if existing is not None
                      else new_message_id(domain_of(draft.sender)))
        data = build_message(draft.sender, draft.to, draft.subject, draft.body,
                             draft.attachments, message_id=message_id, date=now)
        entry = Entry(message_id=message_id, key=draft.key or message_id, state=State.QUEUED,
                      to=draft.to, subject=draft.subject,
                      attachments=tuple(p.name for p in draft.attachments),
                      file=file_name(message_id), created=now_text(now), size=len(data))
        # The file first: a ledger entry never points at a missing message.
        _write_file(outbox / entry.file, data)
        known[entry.key] = fresh[message_id] = entry
        ids.append(message_id)
    if fresh:
        _sync()
        with ledger(outbox) as entries:
            for message_id, entry in fresh.items():
                current = entries.get(message_id)
                # A `send` that took the message meanwhile wins; the new file is only a copy.
                if current is None or current.state in REPLACEABLE:
                    entries[message_id] = entry
    return tuple(ids)


def _write_file(target: Path, data: bytes) -> None:
    """Temp file + os.replace: a reader sees the old message or the new one, never half.

    No fsync per file (3 ms each, 4 s for 1,200 letters): one `_sync` before the ledger is
    written, and `send` checks each file's size against the ledger.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"Не удалось записать письмо {target.name} в папку исходящих: "
                          f"{exc.strerror or exc}.",
                          "Закройте письмо в почтовой программе и проверьте место на диске.",
                          ) from exc


def _sync() -> None:
    if hasattr(os, "sync"):  # POSIX; on Windows the ledger's own fsync is what remains
        os.sync()


def sender_of(settings: Settings) -> str | None:
    """From: [mail] sender, else the class teacher «ФИО <email>», else [mail] user."""
    mail, class_ = settings.mail, settings.class_
    if mail.sender.strip():
        return mail.sender.strip()
    if class_.teacher_email.strip():
        return address_text(class_.teacher.strip(), class_.teacher_email.strip())
    return mail.user.strip() or None


def administration_of(settings: Settings) -> tuple[str, ...]:
    """Who gets the weekly summary and the statements: [mail] administration (several
    addresses separated by commas), else the deputy director's [school] deputy_email."""
    text = settings.mail.administration.strip() or settings.school.deputy_email.strip()
    return tuple(address_text(name, email) for name, email in getaddresses([text]) if email)


def address_text(name: str, email: str) -> str:
    """«Алексеева М. С. <a@school.ru>» as a person writes it (build_message encodes it)."""
    if not name:
        return email
    if any(c in name for c in ',;:"<>@\\'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"


def find_key(entries: Sequence[Entry], key: str) -> Entry | None:
    """The newest message queued under `key`."""
    found = [entry for entry in entries if entry.key == key]
    return found[-1] if found else None


def list_outbox(where: Workspace | Path) -> tuple[Entry, ...]:
    """Every message of the outbox, oldest first."""
    return tuple(read_ledger(outbox_dir(where)).values())


def read_ledger(outbox: Path) -> dict[str, Entry]:
    """The ledger by Message-ID; a damaged ledger is an error, never silently emptied."""
    path = outbox / LEDGER_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
        return {item["message_id"]: Entry.from_json(item) for item in data["messages"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise MailError(
            f"Журнал исходящих писем {path} повреждён — неизвестно, что уже отправлено.",
            "Восстановите файл из резервной копии. Если его удалить, письма из папки "
            "исходящих не будут отправлены, пока их не подготовят заново.",
        ) from exc


def write_ledger(outbox: Path, entries: dict[str, Entry]) -> None:
    data = {"version": VERSION, "messages": [entry.as_json() for entry in entries.values()]}
    write_text_atomic(outbox / LEDGER_NAME, json.dumps(data, ensure_ascii=False, indent=1))


@contextlib.contextmanager
def ledger(outbox: Path) -> Iterator[dict[str, Entry]]:
    """Read, change in place, write back atomically — under a lock, so writers never collide."""
    with file_lock(outbox / LEDGER_LOCK, wait=True):
        entries = read_ledger(outbox)
        yield entries
        write_ledger(outbox, entries)


def update_entry(outbox: Path, message_id: str, **changes: Any) -> Entry:
    """Change fields of one entry in the ledger and return the new entry."""
    with ledger(outbox) as entries:
        entry = dataclasses.replace(entries[message_id], **changes)
        entries[message_id] = entry
    return entry


@contextlib.contextmanager
def file_lock(path: Path, *, wait: bool) -> Iterator[None]:
    """An OS lock on `path`, released by the OS if the process dies; MailError when busy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        if not _lock(handle, wait):
            raise MailError("Исходящие письма уже отправляет другой запуск ejournal send.",
                            "Дождитесь его окончания и посмотрите итог: ejournal outbox.")
        try:
            yield
        finally:
            _unlock(handle)


def _lock(handle: IO[bytes], wait: bool) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
