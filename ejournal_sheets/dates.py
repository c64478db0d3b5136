"""School weeks, periods and date ranges (DESIGN §12); Russian date words for messages."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ejournal_sheets.errors import EjournalError
from ejournal_sheets.settings import DateRange, Year

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def school_week(today: date) -> DateRange:
    """The school week (Mon–Sat) containing today; on Sunday and Monday, the one just ended."""
    monday = today - timedelta(days=today.weekday())
    if today.weekday() == 0:  # Monday: the week is yet to happen, report the last one
        monday -= timedelta(days=7)
    return week_range(monday)


def week_range(monday: date) -> DateRange:
    year, week, _ = monday.isocalendar()
    return DateRange(f"{year}-W{week:02d}", monday, monday + timedelta(days=5))


def parse_week(text: str) -> DateRange:
    """`2026-W48` → Monday–Saturday of that ISO week."""
    found = re.fullmatch(r"\s*(\d{4})-?[WwНн](\d{1,2})\s*", text)
    if not found:
        raise EjournalError(f"Неделя «{text}» записана непонятно.",
                            "Укажите неделю в виде 2026-W48 (год и номер недели).")
    try:
        monday = date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    except ValueError as exc:
        raise EjournalError(f"Недели «{text}» не бывает.",
                            "Номер недели — от 1 до 52 (иногда 53).") from exc
    return week_range(monday)


def period_range(year: Year, name: str) -> DateRange:
    """A period of `[year]` by its name (Ч2, «2», «II» are the same)."""
    wanted = _period_key(name)
    for period in year.periods:
        if _period_key(period.name) == wanted:
            return period
    known = ", ".join(p.name for p in year.periods)
    raise EjournalError(f"Периода «{name}» нет в настройках.", f"Известные периоды: {known}.")


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def _period_key(name: str) -> str:
    text = name.strip().casefold().replace(" ", "")
    text = re.sub(r"(четверть|четв\.?|триместр|полугодие|ч|т|п)", "", text)
    text = re.sub(r"-?(я|й)$", "", text)
    return _ROMAN.get(text, text)


def date_words(day: date) -> str:
    """«27 ноября 2026 г.»"""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def short(day: date) -> str:
    """«27.11 (пт)» — a lesson date in a table."""
    return f"{day:%d.%m} ({WEEKDAYS_SHORT[day.weekday()]})"


def current_period(year: Year, today: date) -> DateRange | None:
    """The period containing today; in the holidays the one just ended; None before the first."""
    started = [p for p in year.periods if p.start <= today]
    return max(started, key=lambda p: p.start) if started else None
