"""The preliminary forecast before period marks exist (DESIGN §6), all limits from `Rules`.

- predicted: the weighted average against rules.thresholds (t1, t2, t3): below t1 → 2,
  from t1 → 3, from t2 → 4, from t3 → 5 (a threshold itself rounds up).
- «риск н/а»: fewer than rules.min_marks grade marks, or missed / lessons ≥ rules.absence_risk.
- «на грани»: the average closer than rules.edge to a threshold (strictly).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ejournal_sheets.codes import Mark, MarkKind
from ejournal_sheets.settings import DateRange, Rules
from ejournal_sheets.stats.subjects import weighted_average
from ejournal_sheets.wording import plural

# Averages and shares are compared after rounding away float noise: 4.6 − 4.5 is 0.0999…96
# in binary, and 0.3 · 10 is 3.0000…04, yet a teacher computing by hand sees 0.1 and 3.
PRECISION = 9


@dataclass(frozen=True, slots=True)
class Prediction:
    """The forecast of one student's period mark in one subject, with the reasons to worry."""

    subject: str
    teacher: str | None
    marks: int
    average: float | None
    predicted: int | None
    at_risk: bool
    reasons: tuple[str, ...]
    on_edge: bool
    lessons: int
    missed: int


def predict(subject: str, teacher: str | None, marks: Sequence[Mark], lessons: int,
            missed: int, rules: Rules) -> Prediction:
    """Forecast from the period's marks so far and the subject's lessons held and missed."""
    count = sum(1 for m in marks if m.kind is MarkKind.GRADE and m.value is not None)
    average = weighted_average(marks)
    reasons: list[str] = []
    few = count < rules.min_marks
    if few:
        reasons.append(marks_reason(count, rules.min_marks))
    absent = lessons > 0 and round(missed / lessons, PRECISION) >= rules.absence_risk
    if absent:
        reasons.append(f"пропущено {percent_text(100 * missed / lessons)} уроков")
    edge = edge_of(average, rules) if average is not None else None
    if edge is not None:
        reasons.append(f"на грани {edge - 1}/{edge}")
    return Prediction(
        subject=subject, teacher=teacher, marks=count, average=average,
        predicted=predicted_mark(average, rules.thresholds) if average is not None else None,
        at_risk=few or absent, reasons=tuple(reasons), on_edge=edge is not None,
        lessons=lessons, missed=missed,
    )


def predicted_mark(average: float, thresholds: Sequence[float]) -> int:
    """2 below the first threshold, then 3, 4, 5 from each threshold on."""
    value = round(average, PRECISION)
    return 2 + sum(1 for t in thresholds if value >= t)


def edge_of(average: float, rules: Rules) -> int | None:
    """The upper mark of the threshold the average is «на грани» of (4 for 3/4), else None."""
    distance, index = min((abs(average - t), i) for i, t in enumerate(rules.thresholds))
    return index + 3 if round(distance, PRECISION) < rules.edge else None


def marks_reason(count: int, norm: int) -> str:
    """«2 отметки при норме 3», «нет отметок при норме 3»."""
    have = plural(count, "отметка", "отметки", "отметок") if count else "нет отметок"
    return f"{have} при норме {norm}"


def percent_text(value: float) -> str:
    """33.33 → «33,3%», 35.0 → «35%»."""
    text = f"{value:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text}%"


def required_marks(min_marks: int, period: DateRange, since: date, today: date) -> int:
    """The norm of marks by today: ceil(min_marks × days from `since` (the period's start, or
    a later arrival) to today ÷ days of the period), ends included; the full norm at the end."""
    length = (period.end - period.start).days + 1
    elapsed = (min(today, period.end) - since).days + 1
    return 0 if elapsed <= 0 else -(-min_marks * elapsed // length)
