"""`send` against a real SMTP server (aiosmtpd on 127.0.0.1): STARTTLS, SSL, login, answers.

The server is started by the tests on a free port; a self-signed certificate is made here.
Retries never sleep for real: `send_outbox` takes the sleep function.
"""

from __future__ import annotations

import base64
import email
import email.policy
import logging
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from ejournal_sheets.cli import run
from ejournal_sheets.mail import State, list_outbox, queue_message, send_outbox
from ejournal_sheets.mail import smtp as smtp_module
from ejournal_sheets.mail.outbox import file_lock, outbox_dir
from ejournal_sheets.settings import Mail

USER = "teacher@school17.ru"
PASSWORD = "Пароль-для-теста 7Б!"  # non-ASCII on purpose: sent as UTF-8
DEPUTY = "zam@school17.ru"
PARENT = "ivanova@example.ru"
SUBJECT = ("Еженедельная сводка 7Б за неделю 23.11.2026 – 28.11.2026: посещаемость, "
           "заполнение журнала, активность родителей и список риска")
XLSX_NAME = "Сводка для администрации 7Б, неделя 2026-W48 (посещаемость, журнал).xlsx"


# ---------------------------------------------------------------- the server


@dataclass
class Recorder:
    """aiosmtpd handler and authenticator: keeps what it got, answers as a test scripts it."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    data_answers: list[str] = field(default_factory=list)  # answers to DATA before «250»
    refuse: dict[str, str] = field(default_factory=dict)  # recipient → answer to RCPT
    drop_after_data: int = 0  # close the connection without answering this many DATAs
    logins: int = 0

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        self.logins += 1
        good = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
                and auth_data.password == PASSWORD.encode())
        return AuthResult(success=good, handled=False)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after_data:
            self.drop_after_data -= 1
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  envelope.original_content))
            server.transport.close()
            return "250 never seen"
        if self.data_answers:
            return self.data_answers.pop(0)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.original_content))
        return "250 2.0.0 Accepted"


@dataclass
class Server:
    recorder: Recorder
    port: int
    security: str
    cafile: Path

    def mail(self, **changes: Any) -> Mail:
        mail = Mail(host="127.0.0.1", port=self.port, security=self.security, user=USER,
                    sender=f"Алексеева Мария Сергеевна <{USER}>", timeout=5)
        return replace(mail, **changes)

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cafile))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (cert.pem, key.pem)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _certificate_with_cryptography(cert, key)
    except ImportError:
        if shutil.which("openssl") is None:
            pytest.skip("neither cryptography nor openssl is available for a test certificate")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                        "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True,
                       capture_output=True)
    return cert, key


def _certificate_with_cryptography(cert: Path, key: Path) -> None:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now().astimezone()
    made = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(private.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            # Key identifiers keep the certificate valid under VERIFY_X509_STRICT (3.13+).
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(private.public_key()),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                private.public_key()), critical=False)
            .sign(private, hashes.SHA256()))
    cert.write_bytes(made.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))


def start_server(security: str, certificate: tuple[Path, Path],
                 **extra: Any) -> tuple[Controller, Server]:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    recorder = Recorder()
    port = free_port()
    options: dict[str, Any] = {"authenticator": recorder, "server_hostname": "mail.test"}
    if security == "ssl":  # TLS from the first byte; AUTH is then already encrypted
        options.update(ssl_context=context, auth_require_tls=False)
    else:
        options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **options, **extra)
    controller.start()
    return controller, Server(recorder, port, security, cert)


@pytest.fixture(params=["starttls", "ssl"])
def server(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Iterator[Server]:
    """A real SMTP server on 127.0.0.1: STARTTLS (as on port 587) and SSL (as on 465)."""
    controller, started = start_server(request.param, certificate)
    yield started
    controller.stop()


@pytest.fixture
def starttls(certificate: tuple[Path, Path]) -> Iterator[Server]:
    controller, started = start_server("starttls", certificate)
    yield started
    controller.stop()


@pytest.fixture
def ssl_server(certificate: tuple[Path, Path]) -> Iterator[Server]:
    controller, started = start_server("ssl", certificate)
    yield started
    controller.stop()


# ---------------------------------------------------------------- helpers


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A class folder with ejournal.toml; its attachment lies outside the state folder."""
    root = tmp_path / "7Б"
    (root / ".ejournal").mkdir(parents=True)
    (root / "output").mkdir()
    (root / "output" / XLSX_NAME).write_bytes(bytes(range(256)) * 40 + b"\r\n.\r\n.end")
    (root / "output" / "Письмо.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    return root


def write_config(root: Path, server: Server, **mail: Any) -> None:
    values = {"host": "127.0.0.1", "port": server.port, "security": server.security,
              "user": USER, "sender": f"Алексеева М. С. <{USER}>",
              "password_env": "EJ_TEST_SMTP_PASSWORD", "use_keyring": False, "timeout": 5,
              **mail}
    lines = [f"{k} = {v}" if isinstance(v, int) and not isinstance(v, bool)
             else f"{k} = {str(v).lower()}" if isinstance(v, bool) else f'{k} = "{v}"'
             for k, v in values.items()]
    (root / "ejournal.toml").write_text(
        '[school]\nname = "МБОУ СОШ № 17"\n\n[class]\nname = "7Б"\n\n[mail]\n'
        + "\n".join(lines) + "\n", encoding="utf-8")


def queue_two(root: Path) -> tuple[str, str]:
    state = root / ".ejournal"
    summary = queue_message(state, key="weekly:2026-W48:administration", sender=USER,
                            to=[DEPUTY], subject=SUBJECT, body="Во вложении сводка за неделю.",
                            attachments=[root / "output" / XLSX_NAME])
    letter = queue_message(state, key="info:Ч2:05", sender=USER,
                           to=[f"Иванова Мария Петровна <{PARENT}>"],
                           subject="Информационное письмо: Иванов Пётр, 2 четверть",
                           body="Уважаемая Мария Петровна!", attachments=[
                               root / "output" / "Письмо.docx"])
    return summary, letter


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def send(root: Path, server: Server, sleep: Callable[[float], object] | None = None,
         password: str = PASSWORD, **options: Any) -> smtp_module.SendReport:
    return send_outbox(root / ".ejournal", server.mail(), password,
                       sleep=Sleeps() if sleep is None else sleep,
                       ssl_context=server.context(), **options)


def states(root: Path) -> list[State]:
    return [entry.state for entry in list_outbox(root / ".ejournal")]


# ---------------------------------------------------------------- delivery


def test_delivers_once_with_exact_attachments(workspace: Path, server: Server) -> None:
    summary_id, letter_id = queue_two(workspace)
    report = send(workspace, server)
    assert report.complete and [o.state for o in report.outcomes] == [State.SENT, State.SENT]
    assert server.recorder.logins == 1  # one login for the whole run
    (sender, rcpts, raw), (_, parent_rcpts, parent_raw) = server.recorder.messages
    assert sender == USER and rcpts == [DEPUTY] and parent_rcpts == [PARENT]
    assert email.message_from_bytes(parent_raw)["Message-ID"] == letter_id
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == SUBJECT and message["Message-ID"] == summary_id
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == XLSX_NAME
    assert attachment.get_payload(decode=True) == (workspace / "output" / XLSX_NAME).read_bytes()
    entries = list_outbox(workspace / ".ejournal")
    assert [e.state for e in entries] == [State.SENT, State.SENT]
    eml = (outbox_dir(workspace / ".ejournal") / entries[0].file).read_bytes()
    assert raw == eml  # the server got exactly the .eml file (dot-stuffing undone)
    assert entries[0].sent and entries[0].delivered == (DEPUTY,)
    assert entries[1].delivered == (f"Иванова Мария Петровна <{PARENT}>",)

    again = send(workspace, server)
    assert again.outcomes == () and again.complete
    assert len(server.recorder.messages) == 2 and server.recorder.logins == 1


def test_wrong_password_is_one_attempt_and_a_clear_message(workspace: Path,
                                                            server: Server) -> None:
    queue_two(workspace)
    sleeps = Sleeps()
    report = send(workspace, server, sleeps, password="неверный пароль")
    assert server.recorder.logins == 1 and sleeps == []
    assert "не принял логин teacher@school17.ru и пароль" in report.error
    assert "«паролю приложения»" in report.hint
    assert "неверный пароль" not in report.error + report.hint
    assert states(workspace) == [State.QUEUED, State.QUEUED]
    assert server.recorder.messages == []


def test_login_mechanism_when_plain_is_not_offered(workspace: Path,
                                                   certificate: tuple[Path, Path]) -> None:
    controller, only_login = start_server("starttls", certificate,
                                          auth_exclude_mechanism=["PLAIN"])
    try:
        queue_two(workspace)
        wrong = send(workspace, only_login, password="не тот")
        assert "не принял логин" in wrong.error and only_login.recorder.logins == 1
        assert send(workspace, only_login).complete and only_login.recorder.logins == 2
        assert len(only_login.recorder.messages) == 2
    finally:
        controller.stop()


def test_451_is_retried_then_delivered(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    starttls.recorder.data_answers = ["451 4.3.0 Try again later"]
    sleeps = Sleeps()
    report = send(workspace, starttls, sleeps)
    assert sleeps == [smtp_module.BACKOFF[0]]
    assert [o.attempts for o in report.outcomes] == [2, 1] and report.complete
    assert len(starttls.recorder.messages) == 2


def test_4xx_to_the_end_is_failed_for_now_and_tried_next_run(workspace: Path,
                                                              starttls: Server) -> None:
    queue_message(workspace / ".ejournal", key="k", sender=USER, to=[DEPUTY], subject=SUBJECT,
                  body="текст")
    starttls.recorder.data_answers = ["451 4.7.1 Greylisted"] * 3
    sleeps = Sleeps()
    (outcome,) = send(workspace, starttls, sleeps).outcomes
    assert outcome.state is State.FAILED and outcome.retry and outcome.attempts == 3
    assert sleeps == list(smtp_module.BACKOFF) and "451 4.7.1 Greylisted" in outcome.error
    assert starttls.recorder.messages == []
    (again,) = send(workspace, starttls).outcomes
    assert again.state is State.SENT and len(starttls.recorder.messages) == 1


def test_a_second_send_at_the_same_time_is_refused(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    outbox = outbox_dir(workspace / ".ejournal")
    with file_lock(outbox / smtp_module.SEND_LOCK, wait=False), \
            pytest.raises(smtp_module.MailError, match="другой запуск"):
        send(workspace, starttls)
    assert starttls.recorder.messages == [] and states(workspace) == [State.QUEUED] * 2


def test_refused_recipient_is_reported_while_the_other_gets_the_mail(
        workspace: Path, starttls: Server) -> None:
    nobody = "nobody@school17.ru"
    queue_message(workspace / ".ejournal", key="k", sender=USER, to=[DEPUTY, nobody],
                  subject=SUBJECT, body="текст")
    starttls.recorder.refuse[nobody] = "550 5.1.1 No such user"
    sleeps = Sleeps()
    report = send(workspace, starttls, sleeps)
    (outcome,) = report.outcomes
    assert outcome.state is State.SENT and sleeps == []
    assert report.refused == ((nobody, "550 5.1.1 No such user"),) and not report.complete
    assert [rcpts for _, rcpts, _ in starttls.recorder.messages] == [[DEPUTY]]
    assert send(workspace, starttls).outcomes == ()  # the deputy never gets it twice


def test_5xx_on_data_fails_without_retry(workspace: Path, starttls: Server) -> None:
    queue_message(workspace / ".ejournal", key="k", sender=USER, to=[DEPUTY], subject=SUBJECT,
                  body="текст")
    starttls.recorder.data_answers = ["554 5.7.1 Message rejected as spam"]
    sleeps = Sleeps()
    report = send(workspace, starttls, sleeps)
    (outcome,) = report.outcomes
    assert outcome.state is State.FAILED and outcome.attempts == 1 and sleeps == []
    assert "554 5.7.1 Message rejected as spam" in outcome.error
    (entry,) = list_outbox(workspace / ".ejournal")
    assert entry.state is State.FAILED and not entry.retry
    assert send(workspace, starttls).outcomes == ()  # a permanent refusal is not resent


def test_network_drop_before_the_end_of_data_is_retried(
        workspace: Path, starttls: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    queue_message(workspace / ".ejournal", key="k", sender=USER, to=[DEPUTY], subject=SUBJECT,
                  body="текст")
    calls = {"n": 0}
    original = smtp_module._Session.transmit

    def flaky(self: Any, sender: str, recipients: list[str], data: bytes) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            self.open().sock.shutdown(socket.SHUT_RDWR)  # the line drops before MAIL FROM
        return original(self, sender, recipients, data)

    monkeypatch.setattr(smtp_module._Session, "transmit", flaky)
    sleeps = Sleeps()
    report = send(workspace, starttls, sleeps)
    assert report.complete and report.outcomes[0].attempts == 2
    assert sleeps == [smtp_module.BACKOFF[0]]
    assert len(starttls.recorder.messages) == 1


def test_lost_answer_after_data_is_unknown_not_resent(workspace: Path,
                                                      starttls: Server) -> None:
    queue_message(workspace / ".ejournal", key="k", sender=USER, to=[DEPUTY], subject=SUBJECT,
                  body="текст")
    starttls.recorder.drop_after_data = 1
    sleeps = Sleeps()
    report = send(workspace, starttls, sleeps)
    assert [o.state for o in report.outcomes] == [State.UNKNOWN] and sleeps == []
    again = send(workspace, starttls)
    assert again.outcomes == () and len(again.unknown) == 1 and not again.complete
    assert len(starttls.recorder.messages) == 1


def test_crash_between_sending_and_sent_leaves_unknown(workspace: Path, starttls: Server,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    queue_two(workspace)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt  # the process dies right after the server took the message

    with monkeypatch.context() as patch:
        patch.setattr(smtp_module, "_finish", crash)
        with pytest.raises(KeyboardInterrupt):
            send(workspace, starttls)
    assert states(workspace) == [State.SENDING, State.QUEUED]
    assert len(starttls.recorder.messages) == 1

    report = send(workspace, starttls)
    assert [e.subject for e in report.unknown] == [SUBJECT]
    assert [o.state for o in report.outcomes] == [State.SENT]  # only the other message
    assert states(workspace) == [State.UNKNOWN, State.SENT]
    assert len(starttls.recorder.messages) == 2
    assert send(workspace, starttls).outcomes == ()  # still not resent on its own

    resent = send(workspace, starttls, retry_unknown=True)
    assert [o.state for o in resent.outcomes] == [State.SENT] and resent.complete
    assert len(starttls.recorder.messages) == 3


def test_a_damaged_eml_is_not_sent(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    first = list_outbox(workspace / ".ejournal")[0]
    eml = outbox_dir(workspace / ".ejournal") / first.file
    eml.write_bytes(eml.read_bytes()[:500])  # cut short, as a power loss might leave it
    report = send(workspace, starttls)
    assert [o.state for o in report.outcomes] == [State.FAILED, State.SENT]
    assert "повреждён" in report.outcomes[0].error
    assert len(starttls.recorder.messages) == 1


# ---------------------------------------------------------------- TLS and connection errors


def test_ssl_on_a_starttls_port_gives_the_hint(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    start = time.monotonic()
    report = send_outbox(workspace / ".ejournal", starttls.mail(security="ssl"), PASSWORD,
                         sleep=Sleeps(), ssl_context=starttls.context())
    assert time.monotonic() - start < 5
    assert "защищённое соединение" in report.error and "465" in report.hint
    assert "587" in report.hint and states(workspace) == [State.QUEUED, State.QUEUED]


def test_starttls_on_an_ssl_port_gives_the_hint_within_the_timeout(workspace: Path,
                                                                   ssl_server: Server) -> None:
    queue_two(workspace)
    sleeps = Sleeps()
    start = time.monotonic()
    report = send_outbox(workspace / ".ejournal", ssl_server.mail(security="starttls",
                                                                  timeout=1),
                         PASSWORD, sleep=sleeps, ssl_context=ssl_server.context())
    assert time.monotonic() - start < 3 and sleeps == []
    assert "не ответил" in report.error and "465" in report.hint and "587" in report.hint
    assert states(workspace) == [State.QUEUED, State.QUEUED]


def test_untrusted_certificate_is_not_retried(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    sleeps = Sleeps()
    report = send_outbox(workspace / ".ejournal", starttls.mail(), PASSWORD, sleep=sleeps,
                         ssl_context=ssl.create_default_context())  # the test CA not trusted
    assert "Сертификат" in report.error and sleeps == []
    assert starttls.recorder.logins == 0 and states(workspace)[0] is State.QUEUED


def test_connection_refused_is_a_clear_error(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    sleeps = Sleeps()
    report = send_outbox(workspace / ".ejournal", starttls.mail(port=free_port()), PASSWORD,
                         sleep=sleeps, ssl_context=starttls.context())
    assert "не принимает подключения" in report.error and "465" in report.hint
    assert sleeps == []


def test_no_password_over_an_unencrypted_line(workspace: Path, starttls: Server) -> None:
    queue_two(workspace)
    mail = starttls.mail(host="smtp.example.ru", security="none")
    with pytest.raises(smtp_module.MailError, match="без шифрования"):
        send_outbox(workspace / ".ejournal", mail, PASSWORD)


# ---------------------------------------------------------------- the commands


def invoke(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    code = run(["-w", str(root), *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_commands_send_once_and_never_show_the_password(
        workspace: Path, ssl_server: Server, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("SSL_CERT_FILE", str(ssl_server.cafile))  # trust the test certificate
    write_config(workspace, ssl_server)
    queue_two(workspace)
    outputs = []

    code, out = invoke(capsys, workspace, "send")
    outputs.append(out)
    assert code == 3 and "Не найден пароль почты teacher@school17.ru" in out
    assert "EJ_TEST_SMTP_PASSWORD" in out and "Traceback" not in out

    monkeypatch.setenv("EJ_TEST_SMTP_PASSWORD", "не тот пароль")
    code, out = invoke(capsys, workspace, "-v", "send")
    outputs.append(out)
    assert code == 3 and "не принял логин" in out and ssl_server.recorder.logins == 1

    monkeypatch.setenv("EJ_TEST_SMTP_PASSWORD", PASSWORD)
    code, out = invoke(capsys, workspace, "send", "--dry-run")
    outputs.append(out)
    assert code == 0 and "Будет отправлено писем: 2" in out
    assert ssl_server.recorder.messages == []

    code, out = invoke(capsys, workspace, "-v", "send")
    outputs.append(out)
    assert code == 0 and "Отправлено: 2, не отправлено: 0" in out
    code, out = invoke(capsys, workspace, "send")
    outputs.append(out)
    assert code == 0 and "Писем для отправки нет." in out
    assert len(ssl_server.recorder.messages) == 2  # each message once across the runs

    code, out = invoke(capsys, workspace, "outbox")
    outputs.append(out)
    assert code == 0 and out.count("отправлено") >= 2 and XLSX_NAME[:20] in out

    secrets = [PASSWORD, base64.b64encode(PASSWORD.encode()).decode(),
               base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()]
    ours = [r.getMessage() for r in caplog.records if r.name != "mail.log"]  # not the server's
    assert any("отправлено" in line for line in ours)
    for secret in secrets:
        assert all(secret not in text for text in outputs + ours)
        for path in workspace.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert secret.encode() not in data and secret.encode("utf-8") not in data, path


def test_send_exit_code_1_when_a_recipient_is_refused(
        workspace: Path, ssl_server: Server, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ssl_server.cafile))
    monkeypatch.setenv("EJ_TEST_SMTP_PASSWORD", PASSWORD)
    write_config(workspace, ssl_server)
    queue_two(workspace)
    ssl_server.recorder.refuse[PARENT] = "550 5.1.1 Mailbox unavailable"
    code, out = invoke(capsys, workspace, "send")
    assert code == 1
    assert f"адрес Иванова Мария Петровна <{PARENT}> отклонён: 550 5.1.1" in out
    code, out = invoke(capsys, workspace, "outbox")
    assert code == 0 and "550 5.1.1 Mailbox unavailable" in out


def test_outbox_of_an_empty_workspace(workspace: Path, starttls: Server,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    write_config(workspace, starttls)
    code, out = invoke(capsys, workspace, "outbox")
    assert code == 0 and "Исходящих писем нет." in out
    code, out = invoke(capsys, workspace, "send")
    assert code == 0 and "Писем для отправки нет." in out
    assert not outbox_dir(workspace / ".ejournal").joinpath("ledger.json").exists()
