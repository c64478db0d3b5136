"""«Within one working day» on the Russian production calendar, transferred days included."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from ejournal_sheets.letters.deadline import (
    breach_deadline,
    calendar_problem,
    calendar_warning,
    last_known_year,
)
from ejournal_sheets.problems import Location, Severity


@pytest.mark.parametrize(
    ("detected", "due"),
    [
        (datetime(2025, 10, 31, 14, 0), date(2025, 11, 1)),  # Friday → the working Saturday
        (datetime(2025, 12, 30, 10, 0), date(2026, 1, 12)),  # New Year holidays and transfers
        (datetime(2026, 11, 27, 14, 0), date(2026, 11, 30)),  # Friday → Monday
        (datetime(2026, 11, 28, 9, 0), date(2026, 11, 30)),  # found on a Saturday
        (datetime(2026, 11, 3, 9, 0), date(2026, 11, 5)),  # 4 November, Unity Day
        (datetime(2026, 3, 6, 17, 0), date(2026, 3, 10)),  # 8 March on a Sunday → 9 March off
        (datetime(2026, 11, 24, 23, 30), date(2026, 11, 25)),  # an ordinary Tuesday
    ],
)
def test_deadline_is_the_next_working_day(detected: datetime, due: date) -> None:
    deadline, rule = breach_deadline(detected)
    assert deadline.date() == due
    assert deadline > detected
    assert rule.startswith("один рабочий день по производственному календарю РФ")


def test_working_saturday_is_named_in_the_rule() -> None:
    _, rule = breach_deadline(datetime(2025, 10, 31, 14, 0))
    assert rule == ("один рабочий день по производственному календарю РФ; "
                    "01.11.2025 — рабочая суббота (перенос)")


def test_new_year_rule_lists_the_days_off() -> None:
    _, rule = breach_deadline(datetime(2025, 12, 30, 10, 0))
    assert "31.12.2025 — выходной день (перенос с 05.01.2025)" in rule
    assert "01.01–08.01.2026 — нерабочие праздничные дни" in rule
    assert "09.01.2026 — выходной день (перенос с 03.01.2026)" in rule
    assert "10.01–11.01.2026 — выходные дни" in rule


def test_weekend_and_holiday_wording() -> None:
    _, weekend = breach_deadline(datetime(2026, 11, 27, 14, 0))
    assert weekend.endswith("; 28.11–29.11.2026 — выходные дни")
    _, saturday = breach_deadline(datetime(2026, 11, 28, 9, 0))
    assert "обнаружено в нерабочий день (28.11.2026)" in saturday
    assert "29.11.2026 — выходной день" in saturday
    _, holiday = breach_deadline(datetime(2026, 11, 3, 9, 0))
    assert holiday.endswith("; 04.11.2026 — нерабочий праздничный день")


def test_a_year_past_the_calendar_gets_a_warning() -> None:
    known = last_known_year()
    assert known >= 2026
    assert calendar_warning(datetime(2026, 11, 27), datetime(2026, 11, 30)) is None
    later = datetime(known + 1, 3, 3, 10, 0)
    due, _ = breach_deadline(later)  # still computed, on weekends and fixed holidays
    warning = calendar_warning(later, due)
    assert warning is not None and f"{known + 1} г." in warning and "без переносов" in warning
    problem = calendar_problem(later, due, Location(Path("7Б")))
    assert problem is not None and problem.code == "deadline-calendar-unknown"
    assert problem.severity is Severity.WARNING
    # the year turning over into an unknown one is flagged too
    assert calendar_warning(datetime(known, 12, 30), datetime(known + 1, 1, 11)) is not None
