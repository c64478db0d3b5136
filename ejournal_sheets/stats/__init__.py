"""The formulas of the statements (DESIGN §6; docs/statements.md): pure functions, no I/O.

`subject_stats` — per subject; `student_category` and `class_indicators` — per student and
class; `predict` — the preliminary forecast; `tally_attendance` — missed lessons and days.
"""

from ejournal_sheets.stats.attendance import (
    AbsenceKind,
    AttendanceTally,
    DayCount,
    classify_absence,
    day_counts,
    day_missed,
    per_student,
    sum_tallies,
    tally_attendance,
    tally_days,
)
from ejournal_sheets.stats.categories import (
    FAILING,
    QUALITY,
    SUCCEEDING,
    Category,
    ClassIndicators,
    StudentResult,
    class_indicators,
    student_category,
)
from ejournal_sheets.stats.preliminary import (
    Prediction,
    edge_of,
    marks_reason,
    percent_text,
    predict,
    predicted_mark,
    required_marks,
)
from ejournal_sheets.stats.subjects import (
    TOTAL_SUBJECT,
    SubjectStats,
    class_subject_total,
    grade_of,
    percent,
    subject_stats,
    weighted_average,
)

__all__ = [
    "FAILING",
    "QUALITY",
    "SUCCEEDING",
    "TOTAL_SUBJECT",
    "AbsenceKind",
    "AttendanceTally",
    "Category",
    "ClassIndicators",
    "DayCount",
    "Prediction",
    "StudentResult",
    "SubjectStats",
    "class_indicators",
    "class_subject_total",
    "classify_absence",
    "day_counts",
    "day_missed",
    "edge_of",
    "grade_of",
    "marks_reason",
    "per_student",
    "percent",
    "percent_text",
    "predict",
    "predicted_mark",
    "required_marks",
    "student_category",
    "subject_stats",
    "sum_tallies",
    "tally_attendance",
    "tally_days",
    "weighted_average",
]
