"""«Within one working day» on the Russian production calendar (`holidays` RU): weekends,
public holidays and the days the government transfers («перенос») — a working Saturday counts
as a working day, a transferred day off does not."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays

from ejournal_sheets.problems import Code, Location, Problem, Severity

CALENDAR = "производственному календарю РФ"
CALENDAR_UNKNOWN = Code(
    "deadline-calendar-unknown", Severity.WARNING, "Срок без переносов выходных",
    "Производственный календарь на {years} г. программе ещё не известен (есть по {known} г. "
    "включительно): срок посчитан без переносов выходных.",
    "Сверьте срок с официальным производственным календарём и обновите программу "
    "(пакет holidays).")
_SEARCH_DAYS = 60  # the longest run of days off in Russia is 12 (New Year)
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_WEEKEND, _HOLIDAYS = "выходные дни", "нерабочие праздничные дни"
_SINGULAR = {_WEEKEND: "выходной день", _HOLIDAYS: "нерабочий праздничный день"}
_WORKING_WEEKEND = {5: "рабочая суббота (перенос)", 6: "рабочее воскресенье (перенос)"}


@functools.lru_cache(maxsize=16)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=(year - 1, year, year + 1), language="ru")


def _is_working(day: date) -> bool:
    return bool(_calendar(day.year).is_working_day(day))


def last_known_year() -> int:
    """The last year whose transfers of days off the installed `holidays` knows."""
    calendar = _calendar(date.today().year)
    special = getattr(calendar, "special_public_holidays", None) or {}
    return max((year for year in special if isinstance(year, int)), default=date.today().year)


def unknown_years(detected: datetime, due: datetime) -> list[int]:
    """Years between detection and deadline whose transfers the library does not know."""
    known = last_known_year()
    return sorted({year for year in (detected.year, due.year) if year > known})


def calendar_problem(detected: datetime, due: datetime, where: Location) -> Problem | None:
    """A warning when the calendar of a year involved is not yet in the library."""
    years = unknown_years(detected, due)
    if not years:
        return None
    return CALENDAR_UNKNOWN(where, years=", ".join(map(str, years)), known=last_known_year())


def calendar_warning(detected: datetime, due: datetime) -> str | None:
    """The same warning as one Russian sentence, or None."""
    problem = calendar_problem(detected, due, Location(Path(".")))
    return f"{problem.message} {problem.hint}" if problem else None


def breach_deadline(detected: datetime) -> tuple[datetime, str]:
    """The end of the next working day after `detected`, and the rule in Russian."""
    first = detected.date()
    day = first + timedelta(days=1)
    for _ in range(_SEARCH_DAYS):
        if _is_working(day):
            break
        day += timedelta(days=1)
    due = datetime.combine(day, time(23, 59), tzinfo=detected.tzinfo)
    return due, deadline_rule(first, day)


def deadline_rule(detected: date, due: date) -> str:
    """«один рабочий день по производственному календарю РФ; …» with the days in between."""
    notes = [f"{_span(run[0], run[-1])} — {_SINGULAR.get(label, label) if len(run) == 1 else label}"
             for label, run in _days_off(detected, due)]
    if not _is_working(detected):
        notes.insert(0, f"нарушение обнаружено в нерабочий день ({_day(detected)})")
    if due.weekday() in _WORKING_WEEKEND and _is_working(due):
        notes.append(f"{_day(due)} — {_WORKING_WEEKEND[due.weekday()]}")
    return "; ".join([f"один рабочий день по {CALENDAR}", *notes])


def _days_off(detected: date, due: date) -> Iterator[tuple[str, list[date]]]:
    """Runs of consecutive days off between detection and the deadline, each with its reason."""
    run: list[date] = []
    label = ""
    day = detected + timedelta(days=1)
    while day < due:
        current = _reason(day)
        if run and current != label:
            yield label, run
            run = []
        run.append(day)
        label = current
        day += timedelta(days=1)
    if run:
        yield label, run


def _reason(day: date) -> str:
    name = _calendar(day.year).get(day)
    if name is None:
        return _WEEKEND
    names = [part.strip() for part in str(name).split(";")]
    transferred = [n for n in names if n.startswith("Выходной (перенесено")]
    if transferred:
        return transferred[0].replace("Выходной (перенесено с", "выходной день (перенос с")
    return _HOLIDAYS


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _span(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if first.year == last.year:
        return f"{first:%d.%m}–{last:%d.%m.%Y}"
    return f"{_day(first)}–{_day(last)}"
