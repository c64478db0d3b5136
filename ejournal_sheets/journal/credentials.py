"""Access credentials («реквизиты доступа»): ФИО, Роль, Логин, Пароль / код активации, Ученик."""

from __future__ import annotations

from ejournal_sheets.journal.headers import ROLE_CHOICES, role_of
from ejournal_sheets.journal.layouts import (
    CHOICE_INVALID,
    Detected,
    Layout,
    ReadContext,
    Row,
    data_rows,
    missing,
    open_layout,
)
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal_model import Credential, Journal
from ejournal_sheets.problems import Problem


def read_credentials(table: Table, context: ReadContext,
        found: Detected | None = None) -> tuple[Journal, list[Problem]]:
    """One Credential per parent or student row; staff rows are left out."""
    found, problems = open_layout(table, context, Layout.CREDENTIALS, found)
    if found is None:
        return Journal(), problems
    credentials = [c for row in data_rows(table, found)
                   if (c := _credential(row, problems)) is not None]
    return Journal(credentials=tuple(credentials)), problems


def _credential(row: Row, problems: list[Problem]) -> Credential | None:
    if missing(row, ("ФИО", "Роль", "Логин"), problems):
        return None
    role = role_of(row.text("Роль"))
    if role is None:
        problems.append(CHOICE_INVALID(row.where("Роль"), value=row.text("Роль"), header="Роль",
                                       allowed=ROLE_CHOICES))
        return None
    if not role:
        return None
    # A password is kept exactly as written (cell_text only drops a float's «.0»).
    return Credential(row.text("ФИО"), role, row.text("Логин"), row.optional("Пароль"),
                      row.optional("Ученик"), row.where("ФИО"))
