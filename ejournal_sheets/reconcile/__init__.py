"""Reconciliation with the e-journal (docs/reconciliation.md): pure functions, no I/O.

`compare_roster` sets «Ученики» against the students the journal names (duty 2.35);
`reconcile_attendance` sets the journal's attendance against «Пропуски», the roll and
«Группы» (duty 2.37); `attended_lessons` gives each student's lessons by the same rules
(for the attendance statements).
"""

from ejournal_sheets.reconcile.attendance import (
    FINDING_TITLES,
    Finding,
    FindingKind,
    attended_lessons,
    note_text,
    reconcile_attendance,
)
from ejournal_sheets.reconcile.groups import teacher_key, teacher_words
from ejournal_sheets.reconcile.roster import (
    JOURNAL_NAME_VARIANT,
    MISMATCH_TITLES,
    MismatchKind,
    RosterMismatch,
    compare_roster,
)

__all__ = [
    "FINDING_TITLES",
    "JOURNAL_NAME_VARIANT",
    "MISMATCH_TITLES",
    "Finding",
    "FindingKind",
    "MismatchKind",
    "RosterMismatch",
    "attended_lessons",
    "compare_roster",
    "note_text",
    "reconcile_attendance",
    "teacher_key",
    "teacher_words",
]
