"""Messages (.eml) with Cyrillic subjects and attachment names, the outbox and its ledger."""

from __future__ import annotations

import email
import email.policy
import json
import re
import time
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from urllib.parse import unquote

import pytest

from ejournal_sheets.mail import (
    Draft,
    MailError,
    State,
    administration_of,
    build_message,
    list_outbox,
    queue_message,
    queue_messages,
    sender_of,
)
from ejournal_sheets.mail.message import rfc2231_disposition
from ejournal_sheets.mail.outbox import LEDGER_NAME, file_name, outbox_dir, update_entry
from ejournal_sheets.mail.secrets import find_password, require_password, scrub, secret_forms
from ejournal_sheets.settings import ClassInfo, Mail, School, Settings

SENDER = "Алексеева Мария Сергеевна <teacher@school17.ru>"
DEPUTY = "zam@school17.ru"
LONG_SUBJECT = ("Еженедельная сводка 7Б за неделю 23.11.2026 – 28.11.2026: посещаемость, "
                "заполнение журнала, активность родителей и список риска")

# Subjects where the default policy of Python 3.11 loses or adds a space when folding: a space
# right before a Latin word or a quote, several spaces, a long unbreakable word, an emoji.
SUBJECTS = (
    LONG_SUBJECT,
    "Еженедельная за письмо «Иванов» письмо ИНФОРМАЦИОННОЕ заполнение журнала 7Б класса школы",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx a Еженедельная сводка "
    "«Иванов» за b родителей посещаемость, a 7Б Ёлкин ИНФОРМАЦИОННОЕ of риски",
    "Сводка  с двумя  пробелами   и тремя, Report of the week 2026-W48 для администрации школы",
    " ведущий пробел и хвостовой ",
    "Итоги Ч2: " + "ъ" * 90 + " конец",
    "Письмо 😀 с эмодзи и =?utf-8?q?похожим?= на кодировку текстом и табуляцией\tвнутри",
    "Short ASCII subject",
    "",
)


def parse(data: bytes) -> Message:
    return email.message_from_bytes(data, policy=email.policy.default)


def legacy_subject(data: bytes) -> str:
    """The subject as an RFC 2047 decoder other than the modern policy reads it."""
    return str(make_header(decode_header(email.message_from_bytes(data)["Subject"])))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "xlsx": tmp_path / "Сводка для администрации 7Б за неделю 2026-W48 (посещаемость, "
                          "заполнение журнала, активность).xlsx",
        "docx": tmp_path / "05_Информационное письмо; «Иванов» 'Пётр'.docx",
        "ascii": tmp_path / "summary.pdf",
    }
    for number, path in enumerate(made.values()):
        path.write_bytes(bytes(range(256)) * (number + 3) + b"\r\n.\r\n\n.\n" + b"\x00" * 7)
    return made


@pytest.mark.parametrize("subject", SUBJECTS)
def test_subject_round_trips_exactly(subject: str) -> None:
    data = build_message(SENDER, [DEPUTY], subject, "текст", [], "school17.ru")
    assert parse(data)["Subject"] == subject
    assert legacy_subject(data) == subject


def test_message_is_seven_bit_crlf_with_short_lines(files: dict[str, Path]) -> None:
    data = build_message(SENDER, [DEPUTY, "Иванова М. П. <iv@школа.рф>"], LONG_SUBJECT,
                         "Здравствуйте!\nВо вложении сводка.", list(files.values()),
                         "school17.ru")
    assert data.isascii()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
    message = parse(data)
    assert message["From"].addresses[0].display_name == "Алексеева Мария Сергеевна"
    assert [a.addr_spec for a in message["To"].addresses] == [DEPUTY,
                                                              "iv@xn--80atdl2c.xn--p1ai"]
    assert re.fullmatch(r"<\d{8}T\d{6}\.[0-9a-f]{16}@school17\.ru>", message["Message-ID"])
    assert message["Date"].datetime.tzinfo is not None
    # Text is canonical CRLF before base64 (RFC 2045), so every client shows the line breaks.
    text = message.get_body(("plain",)).get_content()
    assert text == "Здравствуйте!\r\nВо вложении сводка."


def test_attachments_keep_names_and_bytes(files: dict[str, Path]) -> None:
    data = build_message(SENDER, [DEPUTY], "Сводка", "текст", list(files.values()),
                         "school17.ru")
    parts = list(parse(data).iter_attachments())
    assert [p.get_filename() for p in parts] == [p.name for p in files.values()]
    assert [p.get_payload(decode=True) for p in parts] == [p.read_bytes()
                                                           for p in files.values()]
    assert parts[0].get_content_type() == ("application/vnd.openxmlformats-officedocument."
                                           "spreadsheetml.sheet")
    # What Thunderbird writes and Outlook reads: RFC 2231 continuations and an RFC 2047 name.
    raw = data.decode("ascii")
    assert "filename*0*=utf-8''%D0%A1%D0%B2" in raw and "filename*1*=" in raw
    assert 'name="=?utf-8?b?' in raw
    assert parse(data).get_content_type() == "multipart/mixed"


def test_rfc2231_continuations_are_cut_between_characters() -> None:
    name = "я" * 40 + "€😀.xlsx"
    header = rfc2231_disposition(name)
    pieces = re.findall(r"filename\*\d+\*=(?:utf-8'')?([^;]+)", header)
    assert len(pieces) > 1
    assert "".join(unquote(piece) for piece in pieces) == name
    assert all(unquote(piece, errors="strict") for piece in pieces)  # each piece decodes alone
    message = email.message_from_string(f"Content-Disposition: {header}\n\n")
    assert message.get_filename() == name


def test_bad_addresses_are_refused_in_russian() -> None:
    for address in ("не адрес", "иван@school.ru", ""):
        with pytest.raises(MailError, match=r"(?i)адрес"):
            build_message(SENDER, [address], "Тема", "текст", [], "school17.ru")
    with pytest.raises(MailError, match="нет получателей"):
        build_message(SENDER, [], "Тема", "текст", [], "school17.ru")


def test_missing_attachment_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MailError, match="вложение"):
        build_message(SENDER, [DEPUTY], "Тема", "текст", [tmp_path / "нет.xlsx"], "x.ru")


def test_twelve_hundred_parent_messages_build_fast(tmp_path: Path) -> None:
    letter = tmp_path / "Информационное письмо родителям ученика 7Б класса.docx"
    letter.write_bytes(bytes(range(256)) * 160)  # 40 KB, a typical one-page letter
    start = time.perf_counter()
    for number in range(1200):
        build_message(SENDER, [f"parent{number}@example.ru"],
                      f"Информационное письмо об успеваемости за 2 четверть: ученик {number}",
                      "Уважаемая Мария Ивановна!\nВо вложении письмо.", [letter], "school17.ru")
    assert time.perf_counter() - start < 3.0


# ---------------------------------------------------------------- outbox and ledger


def queue(state_dir: Path, key: str, files: dict[str, Path], subject: str = LONG_SUBJECT,
          to: tuple[str, ...] = (DEPUTY,)) -> str:
    return queue_message(state_dir, key=key, sender=SENDER, to=to, subject=subject,
                         body="Во вложении сводка.", attachments=[files["xlsx"]],
                         now=datetime(2026, 11, 27, 15, 0))


def test_queue_writes_eml_and_ledger(tmp_path: Path, files: dict[str, Path]) -> None:
    state = tmp_path / ".ejournal"
    message_id = queue(state, "weekly:2026-W48:administration", files)
    (entry,) = list_outbox(state)
    assert entry.message_id == message_id and entry.state is State.QUEUED
    assert entry.to == (DEPUTY,) and entry.subject == LONG_SUBJECT
    assert entry.attachments == (files["xlsx"].name,)
    assert entry.created.startswith("2026-11-27T15:00:00")
    eml = outbox_dir(state) / entry.file
    assert eml.name == file_name(message_id) and eml.suffix == ".eml"
    message = parse(eml.read_bytes())
    assert message["Message-ID"] == message_id and message["Subject"] == LONG_SUBJECT
    ledger = json.loads((outbox_dir(state) / LEDGER_NAME).read_text(encoding="utf-8"))
    assert ledger["messages"][0]["state"] == "queued"
    assert not list(outbox_dir(state).glob("*.tmp*")), "atomic writes leave no temp files"


def test_same_key_is_not_duplicated(tmp_path: Path, files: dict[str, Path]) -> None:
    key = "weekly:2026-W48:administration"
    first = queue(tmp_path, key, files)
    again = queue(tmp_path, key, files, subject="Сводка (исправленная)")
    assert again == first and len(list_outbox(tmp_path)) == 1
    assert list_outbox(tmp_path)[0].subject == "Сводка (исправленная)"  # not sent: updated
    update_entry(outbox_dir(tmp_path), first, state=State.SENT)
    assert queue(tmp_path, key, files, subject="Третья попытка") == first
    (entry,) = list_outbox(tmp_path)
    assert entry.state is State.SENT and entry.subject == "Сводка (исправленная)"
    other = queue(tmp_path, "weekly:2026-W49:administration", files)
    assert other != first and len(list_outbox(tmp_path)) == 2
    assert len(list(outbox_dir(tmp_path).glob("*.eml"))) == 2


def test_a_batch_of_parent_letters_is_queued_fast_and_once(tmp_path: Path) -> None:
    letter = tmp_path / "Информационное письмо.docx"
    letter.write_bytes(bytes(range(256)) * 160)
    drafts = [Draft(f"info:Ч2:{n:04d}", SENDER, (f"parent{n}@example.ru",),
                    f"Информационное письмо об успеваемости: ученик {n}", "Во вложении письмо.",
                    (letter,)) for n in range(1200)]
    start = time.perf_counter()
    ids = queue_messages(tmp_path, [*drafts, drafts[0]])  # a repeat inside the batch, too
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, elapsed
    assert len(set(ids)) == 1200 and ids[-1] == ids[0]
    assert len(list_outbox(tmp_path)) == 1200
    assert len(list(outbox_dir(tmp_path).glob("*.eml"))) == 1200
    assert queue_messages(tmp_path, drafts[:3]) == ids[:3]
    assert len(list_outbox(tmp_path)) == 1200


def test_who_sends_and_who_gets_the_administration_mail() -> None:
    school = School(deputy_email="zam@school17.ru")
    teacher = ClassInfo(name="7Б", teacher="Алексеева М. С.", teacher_email="t@school17.ru")
    assert sender_of(Settings(school=school, class_=teacher)) == "Алексеева М. С. <t@school17.ru>"
    assert sender_of(Settings(mail=Mail(sender="Кл. рук. <k@s.ru>"), class_=teacher)) == (
        "Кл. рук. <k@s.ru>")
    assert sender_of(Settings(mail=Mail(user="u@s.ru"))) == "u@s.ru"
    assert sender_of(Settings()) is None
    assert administration_of(Settings(school=school)) == ("zam@school17.ru",)
    both = Mail(administration='Завуч <z@s.ru>, "Петров, П. П." <p@s.ru>')
    to = administration_of(Settings(mail=both, school=school))
    assert to == ("Завуч <z@s.ru>", '"Петров, П. П." <p@s.ru>')
    parsed = parse(build_message(SENDER, to, "Тема", "текст", [], "s.ru"))["To"]
    assert [(a.display_name, a.addr_spec) for a in parsed.addresses] == [
        ("Завуч", "z@s.ru"), ("Петров, П. П.", "p@s.ru")]


def test_damaged_ledger_is_an_error_not_an_empty_outbox(tmp_path: Path,
                                                         files: dict[str, Path]) -> None:
    queue(tmp_path, "k", files)
    (outbox_dir(tmp_path) / LEDGER_NAME).write_text("{ сломано", encoding="utf-8")
    with pytest.raises(MailError, match="повреждён"):
        list_outbox(tmp_path)


# ---------------------------------------------------------------- password


def test_password_from_environment_then_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    mail = Mail(user="teacher@school17.ru", password_env="EJ_TEST_PASSWORD")
    stored: dict[tuple[str, str], str] = {("ejournal-sheets", mail.user): "из-хранилища"}

    class FakeKeyring:
        @staticmethod
        def get_password(service: str, user: str) -> str | None:
            return stored.get((service, user))

    monkeypatch.setitem(__import__("sys").modules, "keyring", FakeKeyring)
    assert find_password(mail, {"EJ_TEST_PASSWORD": "из-переменной"}) == "из-переменной"
    assert find_password(mail, {}) == "из-хранилища"
    assert find_password(Mail(user=mail.user, use_keyring=False), {}) is None
    assert require_password(Mail(), {}) is None  # no login, no password needed


def test_broken_keyring_means_no_password_and_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    class BrokenKeyring:
        @staticmethod
        def get_password(service: str, user: str) -> str | None:
            raise RuntimeError("No recommended backend was available")

    monkeypatch.setitem(__import__("sys").modules, "keyring", BrokenKeyring)
    mail = Mail(user="teacher@school17.ru", password_env="EJ_TEST_PASSWORD")
    with pytest.raises(MailError) as caught:
        require_password(mail, {})
    assert "EJ_TEST_PASSWORD" in caught.value.hint
    assert "keyring set ejournal-sheets teacher@school17.ru" in caught.value.hint


def test_scrub_removes_every_form_of_the_password() -> None:
    forms = secret_forms("teacher", "Сек рет-42")
    answer = f"535 bad {forms[0]} and {forms[-1]} and Сек рет-42"
    cleaned = scrub(answer, forms)
    assert "Сек рет-42" not in cleaned and all(f not in cleaned for f in forms)
