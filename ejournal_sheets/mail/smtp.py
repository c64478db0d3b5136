"""Deliver the outbox over SMTP (SSL 465, STARTTLS 587): each message once, states in the ledger.

Before a message goes out it is marked «sending»; after the server accepts it, «sent». A crash
in between leaves «sending», which the next run turns into «unknown» and does not resend.
4xx answers and network errors before the end of DATA are retried (at most 3 attempts, with
backoff); 5xx, login and TLS errors are not. A lost connection after the whole message was
handed over is in doubt: the message becomes «unknown». SMTP debug output is never switched on
and every server answer is scrubbed of the password before it is shown or stored.
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ejournal_sheets.mail.message import MailError, envelope_address, smtp_data
from ejournal_sheets.mail.outbox import (
    Entry,
    State,
    file_lock,
    now_text,
    outbox_dir,
    read_ledger,
    update_entry,
)
from ejournal_sheets.mail.secrets import missing_password, scrub, secret_forms
from ejournal_sheets.settings import Mail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
BACKOFF = (5.0, 15.0)  # seconds before the 2nd and the 3rd attempt
SEND_LOCK = ".send.lock"
PORT_HINT = ("Порт 465 — это SSL (security = \"ssl\"), порт 587 — STARTTLS "
             "(security = \"starttls\"); проверьте [mail] port и security в ejournal.toml.")
AUTH_HINT = ("Проверьте [mail] user и пароль. Яндекс, Mail.ru и Gmail пускают программы только "
             "по отдельному «паролю приложения», а не по паролю от почты. Повторных попыток не "
             "было, чтобы сервер не заблокировал ящик.")


class _Transient(Exception):
    """Not delivered, worth another attempt (4xx, network); `connect`: failed before login."""

    def __init__(self, text: str, connect: bool = False) -> None:
        super().__init__(text)
        self.text, self.connect = text, connect


class _Permanent(Exception):
    """Not delivered and another attempt would fail the same way (5xx)."""


class _Ambiguous(Exception):
    """The whole message was handed over but the server's answer never came."""


@dataclass(frozen=True)
class Outcome:
    """What became of one message in this run (for a dry run: what would be sent)."""

    message_id: str
    subject: str
    to: tuple[str, ...]
    state: State
    attempts: int = 0
    error: str = ""
    refused: tuple[tuple[str, str], ...] = ()
    retry: bool = False  # not delivered now; the next `send` tries again


@dataclass(frozen=True)
class SendReport:
    """One `send` run: outcomes, messages left in doubt, and what stopped the run, if anything."""

    outcomes: tuple[Outcome, ...] = ()
    unknown: tuple[Entry, ...] = ()  # «unknown» messages not resent (see --retry-unknown)
    dry_run: bool = False
    error: str = ""  # Russian message of a failure that stopped the run (exit code 3)
    hint: str = ""

    @property
    def sent(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.state is State.SENT)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.state in (State.FAILED, State.UNKNOWN))

    @property
    def refused(self) -> tuple[tuple[str, str], ...]:
        return tuple(pair for o in self.outcomes for pair in o.refused)

    @property
    def complete(self) -> bool:
        """Everything due was delivered to every recipient and nothing is in doubt."""
        return not (self.failed or self.refused or self.unknown or self.error)


def send_outbox(
    state_dir: Path,
    mail: Mail,
    password: str | None,
    dry_run: bool = False,
    *,
    retry_unknown: bool = False,
    sleep: Callable[[float], object] = time.sleep,
    ssl_context: ssl.SSLContext | None = None,
) -> SendReport:
    """Send what is queued (and, with `retry_unknown`, what is in doubt) once; never twice."""
    outbox = outbox_dir(state_dir)
    with file_lock(outbox / SEND_LOCK, wait=False):
        _mark_interrupted(outbox)
        entries = list(read_ledger(outbox).values())
        due = [e for e in entries if _is_due(e, retry_unknown)]
        unknown = tuple(e for e in entries if e.state is State.UNKNOWN and not retry_unknown)
        if not due:
            return SendReport((), unknown, dry_run)
        check_settings(mail, password, dry_run)
        if dry_run:
            planned = tuple(Outcome(e.message_id, e.subject, e.to, e.state) for e in due)
            return SendReport(planned, unknown, dry_run)
        sender = envelope_address(mail.sender or mail.user)
        session = _Session(mail, password, ssl_context or ssl.create_default_context())
        outcomes: list[Outcome] = []
        try:
            for entry in due:
                outcomes.append(_deliver(session, outbox, entry, sender, sleep))
        except MailError as exc:
            log.error("Отправка остановлена: %s", exc)
            return SendReport(tuple(outcomes), unknown, error=exc.message, hint=exc.hint)
        finally:
            session.close()
    return SendReport(tuple(outcomes), unknown)


def _is_due(entry: Entry, retry_unknown: bool) -> bool:
    return (entry.state is State.QUEUED
            or (entry.state is State.FAILED and entry.retry)
            or (entry.state is State.UNKNOWN and retry_unknown))


def _mark_interrupted(outbox: Path) -> None:
    """«sending» left by a crashed run → «unknown»: the server may or may not have it."""
    for entry in read_ledger(outbox).values():
        if entry.state is State.SENDING:
            update_entry(outbox, entry.message_id, state=State.UNKNOWN, error=(
                "Отправка прервалась, неизвестно, получил ли сервер письмо. Уточните у "
                "получателя; отправить ещё раз: ejournal send --retry-unknown."))


def check_settings(mail: Mail, password: str | None, dry_run: bool = False) -> None:
    """[mail] has what sending needs; a password never goes over an unencrypted line."""
    if not mail.host.strip():
        raise MailError("Не указан почтовый сервер: [mail] host в ejournal.toml.",
                        "Например: host = \"smtp.yandex.ru\", port = 465, security = \"ssl\".")
    if not (mail.sender or mail.user):
        raise MailError("Не указан адрес отправителя: [mail] sender в ejournal.toml.",
                        "Например: sender = \"Алексеева М. С. <teacher@school.ru>\".")
    envelope_address(mail.sender or mail.user)
    if mail.user and not password and not dry_run:
        raise missing_password(mail)
    if mail.user and mail.security == "none" and not _is_loopback(mail.host):
        raise MailError("Пароль почты нельзя передавать без шифрования (security = \"none\").",
                        PORT_HINT)


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _deliver(session: _Session, outbox: Path, entry: Entry, sender: str,
             sleep: Callable[[float], object]) -> Outcome:
    """One message: mark «sending», up to three attempts, then record what happened."""
    try:
        raw = (outbox / entry.file).read_bytes()
    except OSError:
        raw = b""
    if not raw or (entry.size and len(raw) != entry.size):
        return _finish(outbox, entry, State.FAILED, 0, error=(
            f"Файл письма {entry.file} в папке исходящих пропал или повреждён — подготовьте "
            "письмо заново (запустите ту же команду ещё раз)."))
    data = smtp_data(raw)
    before = entry
    entry = update_entry(outbox, entry.message_id, state=State.SENDING)
    delivered = list(entry.delivered)
    pending = [a for a in entry.to if a not in delivered]
    refused: dict[str, str] = {}
    error, retry, attempts = "", False, 0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        if attempt > 1:
            sleep(BACKOFF[attempt - 2])
        attempts = attempt
        try:
            accepted, rejected = session.transmit(sender, pending, data)
        except _Transient as exc:
            error, retry = exc.text, True
            if exc.connect and attempt == MAX_ATTEMPTS:
                stop = MailError(f"Не удалось подключиться к почтовому серверу: {exc.text}.",
                                 "Проверьте подключение к интернету и [mail] host.")
                _stopped(outbox, before, entry, delivered, pending, attempts, stop)
            continue
        except _Permanent as exc:
            error, retry = str(exc), False
            break
        except _Ambiguous as exc:
            return _finish(outbox, entry, State.UNKNOWN, attempt, error=str(exc),
                           delivered=tuple(delivered))
        except MailError as exc:
            _stopped(outbox, before, entry, delivered, pending, attempts, exc)
        delivered += accepted
        refused.update({a: text for a, (code, text) in rejected.items() if code >= 500})
        pending = [a for a, (code, _) in rejected.items() if code < 500]
        error = "; ".join(f"{a}: {rejected[a][1]}" for a in pending)
        retry = bool(pending)
        if not pending:
            break
    if delivered:
        refused.update({a: error for a in pending})  # 4xx to the end: reported, not resent
        return _finish(outbox, entry, State.SENT, attempts, delivered=tuple(delivered),
                       refused=tuple(refused.items()), sent=now_text())
    if refused and not error:
        error = "Все адресаты отклонены сервером."
    return _finish(outbox, entry, State.FAILED, attempts, error=error, retry=retry,
                   refused=tuple(refused.items()))


def _stopped(outbox: Path, before: Entry, entry: Entry, delivered: list[str], pending: list[str],
             attempts: int, stop: MailError) -> NoReturn:
    """The run stops mid-message: nothing of it went out → its old state; some did → «sent»."""
    if delivered:
        _finish(outbox, entry, State.SENT, attempts, delivered=tuple(delivered),
                refused=tuple((a, stop.message) for a in pending), sent=now_text())
    else:
        update_entry(outbox, entry.message_id, state=before.state, retry=before.retry,
                     error=stop.message)
    raise stop


def _finish(outbox: Path, entry: Entry, state: State, attempts: int, **changes: object) -> Outcome:
    fields = {"error": "", "retry": False, **changes}
    entry = update_entry(outbox, entry.message_id, state=state,
                         attempts=entry.attempts + attempts, **fields)
    log.info("Письмо %s «%s»: %s%s", entry.message_id, entry.subject, state.label,
             f" ({entry.error})" if entry.error else "")
    return Outcome(entry.message_id, entry.subject, entry.to, state, attempts, entry.error,
                   entry.refused, entry.retry)


class _Session:
    """One SMTP connection, opened on first use and again after a network error."""

    def __init__(self, mail: Mail, password: str | None, context: ssl.SSLContext) -> None:
        self.mail, self.password, self.context = mail, password, context
        self.secrets = secret_forms(mail.user, password)
        self.where = f"{mail.host}:{mail.port}"
        self.server: smtplib.SMTP | None = None

    def text(self, reply: bytes | str) -> str:
        """A server's answer as one line of text, with the password scrubbed out."""
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        return scrub(" ".join(reply.split()), self.secrets)

    def close(self, polite: bool = True) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        try:
            if polite:
                server.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            server.close()

    def open(self) -> smtplib.SMTP:
        if self.server is None:
            server = self._connect()
            try:
                self._secure_and_login(server)
            except BaseException:
                server.close()
                raise
            self.server = server
        return self.server

    def _connect(self) -> smtplib.SMTP:
        mail = self.mail
        try:
            if mail.security == "ssl":
                return smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout,
                                        context=self.context)
            return smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
        except smtplib.SMTPConnectError as exc:  # a greeting other than 220
            self._refuse(exc.smtp_code, exc.smtp_error, connect=True)
        except ssl.SSLError as exc:
            raise self._tls_error(exc) from None
        except socket.gaierror:
            raise MailError(f"Не найден почтовый сервер «{mail.host}».",
                            "Проверьте [mail] host в ejournal.toml и подключение к "
                            "интернету.") from None
        except ConnectionRefusedError:
            raise MailError(f"Почтовый сервер {self.where} не принимает подключения.",
                            f"Проверьте [mail] host и port. {PORT_HINT}") from None
        except smtplib.SMTPServerDisconnected:
            # Connected, but no greeting: most often an SSL port spoken to in plain text.
            raise MailError(f"Почтовый сервер {self.where} не ответил на подключение за "
                            f"{mail.timeout} с.", f"Возможно, порт ждёт шифрования другого "
                            f"вида. {PORT_HINT}") from None
        except OSError as exc:
            raise _Transient(f"{self.where}: {exc.strerror or exc}", connect=True) from None

    def _secure_and_login(self, server: smtplib.SMTP) -> None:
        try:
            self._hello(server)
            if self.mail.security == "starttls":
                if not server.has_extn("starttls"):
                    raise MailError(f"Почтовый сервер {self.where} не поддерживает STARTTLS.",
                                    PORT_HINT)
                server.starttls(context=self.context)
                self._hello(server)
        except ssl.SSLError as exc:
            raise self._tls_error(exc) from None
        except smtplib.SMTPResponseException as exc:
            self._refuse(exc.smtp_code, exc.smtp_error, connect=True)
        except OSError as exc:  # SMTPServerDisconnected, timeouts, resets
            raise _Transient(f"{self.where}: {exc.strerror or exc}", connect=True) from None
        if self.mail.user:
            try:
                self._login(server)
            except OSError as exc:  # no second try: servers lock a mailbox after a few
                raise MailError(f"Почтовый сервер {self.where} не ответил на вход "
                                f"({exc.strerror or exc}).", AUTH_HINT) from None

    def _hello(self, server: smtplib.SMTP) -> None:
        code, reply = server.ehlo()
        if code != 250:
            code, reply = server.helo()
            if code != 250:
                self._refuse(code, reply, connect=True)

    def _login(self, server: smtplib.SMTP) -> None:
        """One AUTH exchange (PLAIN, else LOGIN; UTF-8 passwords): a refusal is never retried."""
        if not server.has_extn("auth"):
            hint = PORT_HINT if self.mail.security == "none" else (
                "Проверьте [mail] host: нужен сервер отправки почты (SMTP) вашего ящика.")
            raise MailError(f"Почтовый сервер {self.where} не предлагает вход по паролю.", hint)
        offered = server.esmtp_features["auth"].upper().split()
        user, password = self.mail.user, self.password or ""
        if "PLAIN" in offered:
            code, reply = server.docmd("AUTH", "PLAIN " + _b64(f"\0{user}\0{password}"))
        elif "LOGIN" in offered:
            code, reply = server.docmd("AUTH", "LOGIN")
            for answer in (user, password):
                if code == 334:
                    code, reply = server.docmd(_b64(answer))
        else:
            raise MailError(f"Почтовый сервер {self.where} предлагает только способы входа "
                            f"{', '.join(offered)}; программа умеет PLAIN и LOGIN.",
                            "Уточните у администратора почты адрес сервера для программ.")
        if code not in (235, 503):
            log.error("Сервер %s не принял логин %s: %s", self.where, user, code)
            raise MailError(f"Почтовый сервер не принял логин {user} и пароль "
                            f"({code} {self.text(reply)}).", AUTH_HINT)

    def _refuse(self, code: int, reply: bytes | str, connect: bool = False) -> NoReturn:
        text = f"{code} {self.text(reply)}"
        if 400 <= code < 500:
            raise _Transient(text, connect=connect)
        if connect:
            raise MailError(f"Почтовый сервер {self.where} отказал: {text}.",
                            "Проверьте настройки [mail] в ejournal.toml.")
        raise _Permanent(text)

    def _tls_error(self, exc: ssl.SSLError) -> MailError:
        if isinstance(exc, ssl.SSLCertVerificationError):
            return MailError(f"Сертификат почтового сервера {self.where} не прошёл проверку "
                             f"({exc.verify_message}).",
                             "Проверьте [mail] host: имя должно совпадать с сертификатом "
                             "сервера (например smtp.yandex.ru, а не IP-адрес).")
        reason = exc.reason or exc.__class__.__name__
        return MailError(f"Не удалось установить защищённое соединение с {self.where} "
                         f"({reason}).", PORT_HINT)

    def transmit(self, sender: str, recipients: list[str],
                 data: bytes) -> tuple[list[str], dict[str, tuple[int, str]]]:
        """MAIL, RCPT for each, DATA: the accepted recipients and the refused ones with answers."""
        server = self.open()
        try:
            code, reply = server.mail(sender)
            if code != 250:
                self._abort(code, reply)
            rejected: dict[str, tuple[int, str]] = {}
            for address in recipients:
                code, reply = server.rcpt(envelope_address(address))
                if code not in (250, 251):
                    rejected[address] = (code, f"{code} {self.text(reply)}")
            accepted = [a for a in recipients if a not in rejected]
            if not accepted:
                self._reset()
                return [], rejected
            server.putcmd("data")
            code, reply = server.getreply()
            if code != 354:
                self._abort(code, reply)
            server.send(data)
        except OSError as exc:  # nothing complete was handed over: safe to try again
            self.close(polite=False)
            raise _Transient(f"связь с {self.where} прервалась: {exc}") from None
        try:
            code, reply = server.getreply()
        except OSError:
            self.close(polite=False)
            raise _Ambiguous(f"связь с {self.where} прервалась после передачи письма — "
                             "неизвестно, принял ли его сервер") from None
        if code != 250:
            self._abort(code, reply)
        return accepted, rejected

    def _abort(self, code: int, reply: bytes) -> NoReturn:
        """A refusal of the whole message: reset the session (4xx: reconnect) and raise."""
        if 400 <= code < 500:
            self.close(polite=False)
        else:
            self._reset()
        self._refuse(code, reply)

    def _reset(self) -> None:
        try:
            if self.server is not None:
                self.server.rset()
        except OSError:
            self.close(polite=False)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
