"""Semantic checks of the class workbook (DESIGN §4): one registry; problems collected, not raised.

Each check has the signature `check_x(class_, context) -> Iterator[Problem]` and a one-line
docstring stating its rule. `run_checks` runs them all; a check that crashes becomes one
`check-crashed` problem, so one bad check never stops the run.
"""

from __future__ import annotations

from ejournal_sheets.checks import (
    absences,
    consents,
    contacts,
    groups,
    movements,
    parents,
    required,
    spelling,
    students,
)
from ejournal_sheets.checks.common import Check, Context
from ejournal_sheets.model import ClassRecord
from ejournal_sheets.problems import Code, Location, Problem, Severity

CHECK_CRASHED = Code(
    "check-crashed",
    Severity.ERROR,
    "Проверка прервалась",
    "Проверка «{check}» прервалась из-за внутренней ошибки программы ({error}); "
    "остальные проверки выполнены.",
    "Это ошибка программы, а не ваших данных: сообщите разработчикам название проверки; "
    "до исправления это правило не проверяется.",
)

CHECKS: tuple[Check, ...] = (
    required.check_required_values,
    required.check_movement_student,
    spelling.check_name_lookalikes,
    spelling.check_name_latin,
    spelling.check_name_case,
    spelling.check_name_spaces,
    contacts.check_phones_normalised,
    contacts.check_phones_valid,
    contacts.check_emails_trimmed,
    contacts.check_emails_valid,
    students.check_student_numbers_unique,
    students.check_students_unique,
    students.check_namesakes,
    students.check_birth_dates_past,
    students.check_ages,
    students.check_leaving_after_arrival,
    parents.check_parent_students_known,
    parents.check_parents_unique,
    parents.check_students_have_parents,
    parents.check_students_reachable,
    parents.check_email_addresses,
    parents.check_email_consents,
    parents.check_diary_access,
    consents.check_consents_present,
    consents.check_consents_withdrawn,
    consents.check_consent_dates_past,
    consents.check_consent_students_known,
    consents.check_consent_parents_known,
    consents.check_consents_unique,
    groups.check_group_students_known,
    groups.check_split_subjects_covered,
    groups.check_one_group_per_subject,
    groups.check_group_teachers,
    absences.check_absence_students_known,
    absences.check_absence_dates_order,
    absences.check_absences_within_enrolment,
    movements.check_movement_students_known,
    movements.check_movement_names_unambiguous,
    movements.check_movement_names_match,
    movements.check_movement_dates,
    movements.check_movements_recorded,
    movements.check_movements_unique,
)


def run_checks(class_: ClassRecord, context: Context) -> list[Problem]:
    """Every registered check's problems; a crashing check is reported, the rest still run."""
    problems: list[Problem] = []
    for check in CHECKS:
        try:
            # Problems found before a crash are kept: they are still true.
            for problem in check(class_, context):
                problems.append(problem)
        except Exception as error:  # one bad check must never stop the run
            problems.append(
                CHECK_CRASHED(
                    Location(class_.path), check=check.__name__, error=type(error).__name__
                )
            )
    return problems


__all__ = ["CHECKS", "Check", "Context", "run_checks"]
