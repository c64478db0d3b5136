"""Visits to the e-diary («посещение ЭД»): one row per login, or one row per user (aggregated)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from ejournal_sheets.journal.headers import ROLE_CHOICES, cell_text, role_of
from ejournal_sheets.journal.layouts import (
    CHOICE_INVALID,
    DATE_INVALID,
    Detected,
    Layout,
    ReadContext,
    Row,
    data_rows,
    missing,
    open_layout,
    row_int,
)
from ejournal_sheets.journal.table import Table, Value
from ejournal_sheets.journal_model import Journal, Visit
from ejournal_sheets.names import header_key, name_key
from ejournal_sheets.problems import Problem

_RU = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NEVER = ("никогда", "нет", "не входил", "не входила", "-", "—", "–")


@dataclass(frozen=True)
class _User:
    user: str
    role: str
    student: str | None

    @property
    def key(self) -> tuple[str, str, str]:
        return name_key(self.user), self.role, name_key(self.student or "")


def read_visits(table: Table, context: ReadContext,
        found: Detected | None = None) -> tuple[Journal, list[Problem]]:
    """A login export gives one Visit per login (count None, so a week's logins can be
    counted); an aggregate export one Visit per user with its count and last visit."""
    found, problems = open_layout(table, context, Layout.VISITS, found)
    if found is None:
        return Journal(), problems
    per_login = "Дата/время входа" in found.columns
    logins: list[Visit] = []
    totals: dict[tuple[str, str, str], Visit] = {}
    for row in data_rows(table, found):
        user = _user(row, problems)
        if user is None:
            continue
        if per_login:
            logins.extend(v for v in [_login(row, user, problems)] if v is not None)
        elif (visit := _aggregate(row, user, problems)) is not None:
            known = totals.get(user.key)
            totals[user.key] = visit if known is None else _add(known, visit)
    return Journal(visits=(*logins, *totals.values())), problems


def _user(row: Row, problems: list[Problem]) -> _User | None:
    if missing(row, ("Пользователь", "Роль"), problems):
        return None
    role = role_of(row.text("Роль"))
    if role is None:
        problems.append(CHOICE_INVALID(row.where("Роль"), value=row.text("Роль"), header="Роль",
                                       allowed=ROLE_CHOICES))
        return None
    return _User(row.text("Пользователь"), role, row.optional("Ученик")) if role else None


def _login(row: Row, user: _User, problems: list[Problem]) -> Visit | None:
    """A login row; an empty time means the user is listed but has never logged in."""
    moment, ok = _moment(row, "Дата/время входа", problems)
    if not ok:
        return None
    return Visit(user.user, user.role, user.student, moment, None, row.where("Пользователь"))


def _aggregate(row: Row, user: _User, problems: list[Problem]) -> Visit | None:
    moment, ok = _moment(row, "Последний вход", problems)
    count = row_int(row, "Число входов", problems, example="12")
    if not ok:
        return None
    if count is None and moment is None:
        count = 0
    return Visit(user.user, user.role, user.student, moment, count, row.where("Пользователь"))


def _add(known: Visit, more: Visit) -> Visit:
    """Two rows of one user: logins counted, the later visit kept."""
    moments = [m for m in (known.last_visit, more.last_visit) if m is not None]
    count = None if known.count is None or more.count is None else known.count + more.count
    return replace(known, last_visit=max(moments, default=None), count=count)


def _moment(row: Row, name: str, problems: list[Problem]) -> tuple[datetime | None, bool]:
    """(the datetime, True), (None, True) when empty or «никогда», (None, False) when unreadable."""
    value = row.value(name)
    text = cell_text(value)
    if not text or header_key(text) in _NEVER:
        return None, True
    moment = parse_moment(value)
    if moment is None:
        problems.append(DATE_INVALID(row.where(name), value=text, place=f"столбце «{name}»",
                                     why=" и время (нужно ДД.ММ.ГГГГ ЧЧ:ММ)"))
    return moment, moment is not None


def parse_moment(value: Value) -> datetime | None:
    """A datetime cell, a date cell, or text `дд.мм.гггг чч:мм(:сс)` / ISO; None otherwise."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = cell_text(value)
    if found := _RU.match(text):
        day, month, year, *clock = found.groups()
        number = int(year) + (2000 if len(year) == 2 else 0)
        return _build(number, int(month), int(day), clock)
    if found := _ISO.match(text):
        year, month, day, *clock = found.groups()
        return _build(int(year), int(month), int(day), clock)
    return None


def _build(year: int, month: int, day: int, clock: list[str | None]) -> datetime | None:
    hour, minute, second = (int(part or 0) for part in clock)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
