"""The demo's run leaves an outbox: the administration's message carries the weekly summary,
its Cyrillic subject and attachment name round-trip exactly; parents get e-mail only with
consent; nothing is sent."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.cli import run
from ejournal_sheets.mail import list_outbox, outbox_dir
from ejournal_sheets.workspace import open_workspace
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outbox") / "demo"
    assert run(["--today", TODAY.isoformat(), "-q", "demo", "--out", str(root)]) == 0
    return root


def test_administration_gets_the_weekly_summary(demo: Path) -> None:
    workspace = open_workspace(demo)
    entry = next(e for e in list_outbox(workspace) if e.key == "weekly:2026-W48:administration")
    assert entry.state == "queued" and entry.to == ("zavuch@school1.zarechny.example",)
    message = email.message_from_bytes((outbox_dir(workspace) / entry.file).read_bytes(),
                                       policy=policy.default)
    expected = ("7Б: итоги недели 23.11.2026 – 28.11.2026 — классный руководитель "
                "Алексеева Марина Сергеевна")
    assert message["Subject"] == expected == entry.subject
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "Сводка_за_неделю.xlsx"
    summary = demo / "output" / TODAY.isoformat() / "Сводка_за_неделю.xlsx"
    assert attachment.get_content() == summary.read_bytes()
    rows = {r[0]: r[1] for r in openpyxl.load_workbook(summary)["Сводка"].iter_rows(
        min_row=5, values_only=True)}
    assert rows["Находок сверки посещаемости (по листу на учителя в "
                "Сверка_посещаемости.xlsx)"] == 6


def test_statements_and_parent_letters_are_queued_only_with_consent(demo: Path) -> None:
    entries = list_outbox(open_workspace(demo))
    statements = next(e for e in entries if e.key == "period:Ч2:administration")
    assert len(statements.attachments) == 7
    parents = [e for e in entries if e.key.startswith("info:Ч2:")]
    assert parents and all(len(e.to) == 1 for e in parents)
    book = openpyxl.load_workbook(demo / "класс.xlsx")
    emails = {row[7].value: row[8].value for row in book["Родители"].iter_rows(min_row=2)}
    for entry in parents:
        address = entry.to[0].split("<")[-1].rstrip(">")
        assert emails[address] == "email"  # the email channel …
    # … and the parent who chose email without consent gets nothing electronically
    assert "kseniya.morozova@yandex.ru" not in {e.to[0] for e in parents}
    assert all(e.state == "queued" for e in entries)
