"""School days of the demo's school year so far: the dates every demo event is placed on."""

from __future__ import annotations

from datetime import date, timedelta

from ejournal_sheets.settings import default_holidays, default_periods, school_year_start

# The fewest past school days the demo needs to place consents, arrivals and absences.
MIN_SCHOOL_DAYS = 10

# Public holidays and the days off they are usually moved to (month, day): never a school day.
DAYS_OFF: frozenset[tuple[int, int]] = frozenset({
    (11, 3), (11, 4), (2, 23), (2, 24), (3, 8), (3, 9),
    (5, 1), (5, 2), (5, 3), (5, 4), (5, 8), (5, 9), (5, 10), (5, 11),
})  # fmt: skip


def is_school_day(day: date) -> bool:
    """Monday to Friday inside a default period, not in holidays and not a day off."""
    first = school_year_start(day)
    in_period = any(day in period for period in default_periods(first))
    on_holiday = any(day in holiday for holiday in default_holidays(first))
    day_off = (day.month, day.day) in DAYS_OFF
    return day.weekday() < 5 and in_period and not on_holiday and not day_off


def past_school_days(today: date) -> tuple[date, ...]:
    """School days of the school year containing `today`, strictly before it."""
    first = school_year_start(today)
    periods = default_periods(first)
    start, end = periods[0].start, min(periods[-1].end, today - timedelta(days=1))
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    found = tuple(day for day in days if is_school_day(day))
    if len(found) < MIN_SCHOOL_DAYS:
        raise ValueError(
            f"На {today:%d.%m.%Y} прошло {len(found)} учебных дней, а демонстрационному классу "
            f"нужно не меньше {MIN_SCHOOL_DAYS}: укажите дату позже "
            f"(например, {date(first, 10, 1):%d.%m.%Y})."
        )
    return found
