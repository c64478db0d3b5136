"""Semantic checks of the class workbook: one test per rule, asserting (code, sheet, cell)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ejournal_sheets import checks
from ejournal_sheets.checks import CHECKS, Context, run_checks
from ejournal_sheets.contacts import normalize_email, normalize_phone
from ejournal_sheets.model import (
    AbsenceNote,
    Channel,
    ClassRecord,
    Consent,
    Event,
    GroupMember,
    Movement,
    Parent,
    Reason,
    Student,
)
from ejournal_sheets.problems import Problem, Severity, flatten
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.settings import ClassInfo, Rules, Settings, Year

TODAY = date(2026, 11, 20)
Triple = tuple[str, str | None, str]

# Column layout of the template: schema order, 1-based.
COLUMNS = {spec.name: {c.field: i for i, c in enumerate(spec.columns, 1)} for spec in SHEETS}


def parent(
    row: int,
    number: int | None,
    last: str,
    first: str,
    patronymic: str | None,
    channel: Channel | None,
    phone: str | None = None,
    email: str | None = None,
    access: date | None = None,
    relation: str = "мать",
) -> Parent:
    """A parent as the reader builds it: raw phone/email kept, normalised ones beside them."""
    return Parent(
        row=row,
        student_number=number,
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        relation=relation,
        phone_raw=phone,
        phone=normalize_phone(phone) if phone else None,
        email_raw=email,
        email=normalize_email(email) if email else None,
        channel=channel,
        access_date=access,
    )


STUDENTS = (
    Student(2, 1, "Иванов", "Иван", "Иванович", "М", date(2013, 3, 14)),
    Student(3, 2, "Петрова", "Мария", "Сергеевна", "Ж", date(2013, 7, 2)),
    Student(4, 3, "Римский-Корсаков", "Николай", "Андреевич", "М", date(2013, 11, 20),
            arrival_date=date(2026, 9, 15)),
    Student(5, 4, "Сидорова", "Анна", "Павловна", "Ж", date(2012, 12, 1),
            leaving_date=date(2026, 10, 10)),
)  # fmt: skip
PARENTS = (
    parent(2, 1, "Иванова", "Ольга", "Петровна", Channel.DIARY, phone="+79123456789",
           access=date(2026, 9, 5)),
    parent(3, 2, "Петров", "Сергей", "Николаевич", Channel.EMAIL, email="petrov@example.ru",
           relation="отец"),
    parent(4, 3, "Римская-Корсакова", "Елена", "Викторовна", Channel.PAPER),
    parent(5, 4, "Сидоров", "Павел", None, Channel.PAPER, relation="отец"),
)  # fmt: skip
CONSENTS = (
    Consent(2, 1, "Иванова Ольга Петровна", date(2026, 9, 1), None, False, date(2026, 9, 1)),
    Consent(3, 2, "Петров Сергей Николаевич", date(2026, 9, 1), None, True, date(2026, 9, 1)),
    Consent(4, 3, "Римская-Корсакова Елена Викторовна", date(2026, 9, 16)),
)
ENGLISH = "Английский язык"
GROUPS = (
    GroupMember(2, ENGLISH, "1 группа", "Смирнова Елена Андреевна", 1),
    GroupMember(3, ENGLISH, "1 группа", "Смирнова Елена Андреевна", 2),
    GroupMember(4, ENGLISH, "2 группа", "Кузнецова Ирина Олеговна", 3),
    GroupMember(5, ENGLISH, "2 группа", "Кузнецова Ирина Олеговна", 4),
)
ABSENCES = (
    AbsenceNote(2, 1, date(2026, 10, 1), date(2026, 10, 2), reason=Reason.ILL,
                document="справка № 12", note="ОРВИ"),
)  # fmt: skip
MOVEMENTS = (
    Movement(2, 3, None, Event.ARRIVED, date(2026, 9, 15), "12-у", "школа № 5"),
    Movement(3, None, "Сидорова Анна", Event.LEFT, date(2026, 10, 10), "48-у", "г. Казань"),
)


def make_class(**overrides: Any) -> ClassRecord:
    """A valid 7Б: four students (one arrived, one left), each channel, two English groups."""
    fields: dict[str, Any] = {
        "students": STUDENTS,
        "parents": PARENTS,
        "groups": GROUPS,
        "consents": CONSENTS,
        "absences": ABSENCES,
        "movements": MOVEMENTS,
    }
    fields.update(overrides)
    return ClassRecord(
        path=Path("класс.xlsx"), columns=COLUMNS, sheets_found=frozenset(COLUMNS), **fields
    )


def make_context(class_name: str = "7Б", age_tolerance: int = 1) -> Context:
    year = Year(start=date(2026, 9, 1), end=date(2027, 5, 26))
    settings = Settings(
        class_=ClassInfo(name=class_name), year=year, rules=Rules(age_tolerance=age_tolerance)
    )
    return Context(settings=settings, today=TODAY)


def changed(records: tuple[Any, ...], row: int, **values: Any) -> tuple[Any, ...]:
    """The records with the one at Excel `row` changed."""
    return tuple(dataclasses.replace(r, **values) if r.row == row else r for r in records)


def without(records: tuple[Any, ...], *rows: int) -> tuple[Any, ...]:
    """The records without those at the given Excel rows."""
    return tuple(r for r in records if r.row not in rows)


def problems_of(class_: ClassRecord, context: Context | None = None) -> list[Problem]:
    return run_checks(class_, context or make_context())


def found(class_: ClassRecord, context: Context | None = None) -> list[Triple]:
    return sorted(flatten(problems_of(class_, context)))


def only(code: str, class_: ClassRecord, context: Context | None = None) -> Problem:
    """The single problem with this code."""
    matching = [p for p in problems_of(class_, context) if p.code == code]
    assert len(matching) == 1, matching
    return matching[0]


# --- the valid class -----------------------------------------------------------------------


def test_valid_class_has_no_problems() -> None:
    assert problems_of(make_class()) == []


def test_empty_class_has_no_problems() -> None:
    assert run_checks(ClassRecord(path=Path("класс.xlsx")), make_context()) == []


# --- required values -----------------------------------------------------------------------


def test_required_value_missing() -> None:
    students = changed(STUDENTS, 3, first_name=None, sex=None)
    groups = changed(GROUPS, 5, subject="  ")
    assert found(make_class(students=students, groups=groups)) == [
        ("value-required", "Группы", "A5"),
        ("value-required", "Ученики", "C3"),
        ("value-required", "Ученики", "E3"),
    ]


def test_blank_row_is_not_reported() -> None:
    blank = Student(6, None, None, None)
    assert found(make_class(students=(*STUDENTS, blank))) == []


def test_movement_needs_number_or_name() -> None:
    movements = changed(MOVEMENTS, 2, student_number=None)
    movements += (Movement(4, None, None, Event.LEFT, date(2026, 10, 10)),)
    assert found(make_class(movements=movements)) == [
        ("movement-missing", "Ученики", "G4"),
        ("value-required", "Движение", "A2"),
        ("value-required", "Движение", "A4"),
    ]


# --- names ---------------------------------------------------------------------------------


def test_name_with_latin_lookalike() -> None:
    students = changed(STUDENTS, 3, last_name="Петрoва")  # Latin o
    problem = only("name-latin-lookalike", make_class(students=students))
    assert found(make_class(students=students)) == [("name-latin-lookalike", "Ученики", "B3")]
    assert problem.severity is Severity.WARNING
    assert "Петрoва" in problem.message and "сопоставлено" in problem.message
    assert "«o»" in problem.hint and "русской раскладке" in problem.hint


def test_name_with_other_latin_letters() -> None:
    parents = changed(PARENTS, 5, first_name="Pavel")
    assert found(make_class(parents=parents)) == [("name-latin", "Родители", "C5")]


def test_name_not_capitalised() -> None:
    students = changed(STUDENTS, 2, last_name="иванов")
    groups = changed(GROUPS, 4, teacher="Кузнецова ирина Олеговна")
    problem = only("name-case", make_class(students=students))
    # the teacher is still the same person: names are compared case-insensitively
    assert found(make_class(students=students, groups=groups)) == [
        ("name-case", "Группы", "C4"),
        ("name-case", "Ученики", "B2"),
    ]
    assert "«Иванов»" in problem.hint


def test_double_names_and_particles_are_capitalised_fine() -> None:
    students = changed(STUDENTS, 2, last_name="Мамедов", patronymic="Рашид оглы")
    assert found(make_class(students=students)) == []
    students = changed(STUDENTS, 4, last_name="Римский-корсаков")
    assert found(make_class(students=students)) == [("name-case", "Ученики", "B4")]


def test_name_with_stray_spaces() -> None:
    students = changed(STUDENTS, 2, first_name=" Иван")
    parents = changed(PARENTS, 4, patronymic="Викторовна\u00a0")
    consents = changed(CONSENTS, 2, parent="Иванова  Ольга Петровна")
    assert only("name-spaces", make_class(students=students)).hint == "Исправьте на «Иван»."
    assert found(make_class(students=students, parents=parents, consents=consents)) == [
        ("name-spaces", "Родители", "D4"),
        ("name-spaces", "Согласия", "B2"),
        ("name-spaces", "Ученики", "C2"),
    ]


# --- phones and emails ---------------------------------------------------------------------


def test_phone_normalised() -> None:
    parents = changed(PARENTS, 3, phone_raw="8(912)345-67-89", phone="+79123456789")
    problem = only("phone-normalised", make_class(parents=parents))
    assert found(make_class(parents=parents)) == [("phone-normalised", "Родители", "G3")]
    assert problem.severity is Severity.WARNING
    assert "8(912)345-67-89" in problem.message and "+79123456789" in problem.message


def test_phone_invalid() -> None:
    parents = changed(PARENTS, 4, phone_raw="345-67-89", phone=None)
    assert found(make_class(parents=parents)) == [("phone-invalid", "Родители", "G4")]
    assert only("phone-invalid", make_class(parents=parents)).severity is Severity.ERROR


def test_email_trimmed() -> None:
    parents = changed(PARENTS, 3, email_raw=" petrov@example.ru ")
    assert found(make_class(parents=parents)) == [("email-trimmed", "Родители", "H3")]


def test_email_invalid_also_breaks_the_email_channel() -> None:
    parents = changed(PARENTS, 3, email_raw="petrov@", email=None)
    assert found(make_class(parents=parents)) == [
        ("email-invalid", "Родители", "H3"),
        ("parent-email-missing", "Родители", "I3"),
        ("student-no-channel", "Ученики", "3"),
    ]


# --- students ------------------------------------------------------------------------------


def test_student_number_duplicate() -> None:
    students = changed(STUDENTS, 5, number=1)
    problem = only("student-number-duplicate", make_class(students=students))
    assert problem.where.cell == "A5"
    assert "2" in problem.message and "5" in problem.message


def test_student_duplicate() -> None:
    students = (*STUDENTS, dataclasses.replace(STUDENTS[1], row=6, number=5))
    problem = only("student-duplicate", make_class(students=students))
    assert flatten([problem]) == [("student-duplicate", "Ученики", "6")]
    assert "строках 3 и 6" in problem.message
    # the copy has no parent, consent or group either: those follow from the duplicate
    assert found(make_class(students=students)) == [
        ("consent-missing", "Ученики", "6"),
        ("group-missing-student", "Ученики", "6"),
        ("student-duplicate", "Ученики", "6"),
        ("student-no-parent", "Ученики", "6"),
    ]


def test_student_namesake() -> None:
    namesake = dataclasses.replace(
        STUDENTS[1],
        row=6,
        number=5,
        last_name="Петрова ",
        birth_date=date(2013, 1, 9),
        leaving_date=date(2026, 9, 2),
    )
    problems = problems_of(make_class(students=(*STUDENTS, namesake)))
    assert sorted(flatten(problems)) == [
        ("movement-missing", "Ученики", "H6"),
        ("name-spaces", "Ученики", "B6"),
        ("student-namesake", "Ученики", "B6"),
    ]
    assert next(p for p in problems if p.code == "student-namesake").severity is Severity.WARNING


def test_birth_date_in_future() -> None:
    students = changed(STUDENTS, 2, birth_date=date(2031, 3, 14))
    assert found(make_class(students=students)) == [("birth-date-future", "Ученики", "F2")]


@pytest.mark.parametrize(
    ("birth", "tolerance", "expected"),
    [
        (date(2015, 9, 1), 1, []),  # 11 on 1 September: lowest accepted
        (date(2015, 9, 2), 1, [("age-implausible", "Ученики", "F2")]),  # 10
        (date(2010, 9, 2), 1, []),  # 15
        (date(2010, 9, 1), 1, [("age-implausible", "Ученики", "F2")]),  # 16
        (date(2010, 9, 1), 2, []),  # 16 with a wider tolerance
    ],
)
def test_age_implausible(birth: date, tolerance: int, expected: list[Triple]) -> None:
    students = changed(STUDENTS, 2, birth_date=birth)
    assert found(make_class(students=students), make_context(age_tolerance=tolerance)) == expected


def test_age_skipped_without_grade() -> None:
    students = changed(STUDENTS, 2, birth_date=date(2020, 1, 1))
    assert found(make_class(students=students), make_context(class_name="Кадеты")) == []


def test_leaving_before_arrival() -> None:
    students = changed(STUDENTS, 4, leaving_date=date(2026, 9, 1))
    assert ("leaving-before-arrival", "Ученики", "H4") in found(make_class(students=students))


# --- parents -------------------------------------------------------------------------------


def test_parent_of_unknown_student() -> None:
    parents = (*PARENTS, parent(6, 9, "Козлова", "Анна", None, Channel.PAPER))
    assert found(make_class(parents=parents)) == [("parent-unknown-student", "Родители", "A6")]


def test_parent_duplicate() -> None:
    parents = (*PARENTS, dataclasses.replace(PARENTS[2], row=6, last_name="Римская-Корсакова "))
    assert found(make_class(parents=parents)) == [
        ("name-spaces", "Родители", "B6"),
        ("parent-duplicate", "Родители", "6"),
    ]


def test_student_without_parent() -> None:
    assert found(make_class(parents=without(PARENTS, 4))) == [
        ("consent-unknown-parent", "Согласия", "B4"),
        ("student-no-parent", "Ученики", "4"),
    ]


def test_left_student_needs_no_parent() -> None:
    assert found(make_class(parents=without(PARENTS, 5))) == []


def test_student_with_no_working_channel() -> None:
    parents = changed(PARENTS, 2, access_date=None)
    problems = problems_of(make_class(parents=parents))
    assert sorted(flatten(problems)) == [
        ("diary-access-missing", "Родители", "J2"),
        ("student-no-channel", "Ученики", "2"),
    ]
    assert {p.code: p.severity for p in problems} == {
        "diary-access-missing": Severity.WARNING,
        "student-no-channel": Severity.ERROR,
    }


def test_email_channel_without_address() -> None:
    parents = changed(PARENTS, 3, email_raw=None, email=None)
    assert found(make_class(parents=parents)) == [
        ("parent-email-missing", "Родители", "I3"),
        ("student-no-channel", "Ученики", "3"),
    ]


def test_email_channel_without_consent_points_at_channel() -> None:
    consents = changed(CONSENTS, 3, electronic=None)
    assert found(make_class(consents=consents)) == [
        ("parent-email-no-consent", "Родители", "I3"),
        ("student-no-channel", "Ученики", "3"),
    ]


def test_email_consent_matched_by_normalised_name() -> None:
    consents = changed(CONSENTS, 3, parent="ПЕТРОВ  сергей николаевич")
    assert found(make_class(consents=consents)) == [
        ("name-case", "Согласия", "B3"),
        ("name-spaces", "Согласия", "B3"),
    ]


def test_second_parent_with_paper_keeps_the_family_reachable() -> None:
    parents = (
        *changed(PARENTS, 3, email_raw=None, email=None),
        parent(6, 2, "Петрова", "Анна", "Ивановна", Channel.PAPER),
    )
    assert found(make_class(parents=parents)) == [("parent-email-missing", "Родители", "I3")]


# --- consents ------------------------------------------------------------------------------


def test_consent_missing() -> None:
    consents = changed(CONSENTS, 4, pd_consent=None)
    assert found(make_class(consents=consents)) == [("consent-missing", "Ученики", "4")]


def test_consent_withdrawn_is_only_a_note_for_paper() -> None:
    consents = changed(CONSENTS, 4, pd_withdrawn=date(2026, 10, 1))
    problem = only("consent-withdrawn", make_class(consents=consents))
    assert flatten([problem]) == [("consent-withdrawn", "Согласия", "D4")]
    assert problem.severity is Severity.INFO
    assert "ничего менять не нужно" in problem.hint


def test_consent_withdrawn_is_an_error_for_email() -> None:
    consents = changed(CONSENTS, 3, pd_withdrawn=date(2026, 10, 1))
    problems = problems_of(make_class(consents=consents))
    assert sorted(flatten(problems)) == [
        ("consent-withdrawn", "Согласия", "D3"),
        ("student-no-channel", "Ученики", "3"),
    ]
    assert all(p.severity is Severity.ERROR for p in problems)
    withdrawal = next(p for p in problems if p.code == "consent-withdrawn")
    assert "«бумага» вместо «email»" in withdrawal.hint


def test_consent_given_again_after_withdrawal() -> None:
    consents = changed(CONSENTS, 3, pd_withdrawn=date(2026, 9, 10), pd_consent=date(2026, 9, 20))
    assert found(make_class(consents=consents)) == []


def test_consent_dates_in_future() -> None:
    consents = changed(CONSENTS, 2, pd_consent=date(2026, 12, 1), regulation_date=date(2027, 1, 1))
    assert found(make_class(consents=consents)) == [
        ("consent-future", "Согласия", "C2"),
        ("consent-future", "Согласия", "F2"),
    ]


def test_consent_from_unknown_parent() -> None:
    consents = changed(CONSENTS, 4, parent="Римский-Корсаков Андрей")
    assert found(make_class(consents=consents)) == [("consent-unknown-parent", "Согласия", "B4")]


def test_consent_for_unknown_student() -> None:
    consents = (*CONSENTS, Consent(5, 7, "Козлова Анна", date(2026, 9, 1)))
    assert found(make_class(consents=consents)) == [("consent-unknown-student", "Согласия", "A5")]


def test_consent_duplicate() -> None:
    consents = (*CONSENTS, dataclasses.replace(CONSENTS[2], row=5))
    assert found(make_class(consents=consents)) == [("consent-duplicate", "Согласия", "5")]


# --- groups --------------------------------------------------------------------------------


def test_group_with_unknown_student() -> None:
    groups = (*GROUPS, GroupMember(6, ENGLISH, "2 группа", "Кузнецова Ирина Олеговна", 8))
    assert found(make_class(groups=groups)) == [("group-unknown-student", "Группы", "D6")]


def test_student_missing_from_split_subject() -> None:
    problem = only("group-missing-student", make_class(groups=without(GROUPS, 4)))
    assert flatten([problem]) == [("group-missing-student", "Ученики", "4")]
    assert ENGLISH in problem.message and "«1 группа», «2 группа»" in problem.message


def test_unsplit_subject_needs_no_coverage() -> None:
    groups = (*GROUPS, GroupMember(6, "Информатика", "1 группа", "Орлов Пётр Ильич", 1))
    assert found(make_class(groups=groups)) == []


def test_student_in_two_groups() -> None:
    member = GroupMember(6, "английский  язык", "2 группа", "Кузнецова Ирина Олеговна", 1)
    groups = (*GROUPS, member)
    problem = only("group-double", make_class(groups=groups))
    assert flatten([problem]) == [("group-double", "Группы", "B6")]
    assert "строка 2" in problem.message and "строка 6" in problem.message


def test_group_with_two_teachers() -> None:
    groups = changed(GROUPS, 3, teacher="Орлова Анна Ильинична")
    problem = only("group-teacher-mismatch", make_class(groups=groups))
    assert flatten([problem]) == [("group-teacher-mismatch", "Группы", "C3")]
    assert problem.severity is Severity.WARNING


# --- absences ------------------------------------------------------------------------------


def test_absence_for_unknown_student() -> None:
    absences = changed(ABSENCES, 2, student_number=11)
    assert found(make_class(absences=absences)) == [("absence-unknown-student", "Пропуски", "A2")]


def test_absence_dates_reversed() -> None:
    absences = changed(ABSENCES, 2, date_to=date(2026, 9, 30))
    assert found(make_class(absences=absences)) == [("absence-dates-reversed", "Пропуски", "C2")]


def test_absence_outside_enrolment() -> None:
    absences = (
        *ABSENCES,
        AbsenceNote(3, 3, date(2026, 9, 10), date(2026, 9, 16), reason=Reason.ILL),
        AbsenceNote(4, 4, date(2026, 10, 8), date(2026, 10, 12), reason=Reason.ILL),
    )
    assert found(make_class(absences=absences)) == [
        ("absence-outside-enrolment", "Пропуски", "B3"),
        ("absence-outside-enrolment", "Пропуски", "C4"),
    ]


def test_absence_note_never_in_messages() -> None:
    absences = changed(ABSENCES, 2, student_number=11, date_to=date(2026, 9, 1))
    absences += (
        dataclasses.replace(ABSENCES[0], row=3, student_number=4, date_to=date(2026, 12, 1)),
    )
    problems = problems_of(make_class(absences=absences))
    assert len(problems) == 3
    assert not any("ОРВИ" in f"{p.message} {p.hint}" for p in problems)


# --- movements -----------------------------------------------------------------------------


def test_movement_unknown_student() -> None:
    movements = (
        *MOVEMENTS,
        Movement(4, 12, None, Event.ARRIVED, date(2026, 11, 2)),
        Movement(5, None, "Орлов Пётр", Event.ARRIVED, date(2026, 11, 2)),
    )
    assert found(make_class(movements=movements)) == [
        ("movement-unknown-student", "Движение", "A4"),
        ("movement-unknown-student", "Движение", "B5"),
    ]


def test_movement_name_fitting_two_students() -> None:
    namesake = Student(6, 5, "Сидорова", "Анна", "Игоревна", "Ж", date(2013, 5, 5))
    parents = (*PARENTS, parent(6, 5, "Сидорова", "Ирина", None, Channel.PAPER))
    consents = (*CONSENTS, Consent(5, 5, "Сидорова Ирина", date(2026, 9, 1)))
    groups = (*GROUPS, GroupMember(6, ENGLISH, "1 группа", "Смирнова Елена Андреевна", 5))
    class_ = make_class(
        students=(*STUDENTS, namesake), parents=parents, consents=consents, groups=groups
    )
    assert found(class_) == [
        ("movement-ambiguous-student", "Движение", "B3"),
        ("movement-missing", "Ученики", "H5"),
    ]


def test_movement_number_and_name_disagree() -> None:
    movements = changed(MOVEMENTS, 2, student_name="Иванов Иван")
    assert found(make_class(movements=movements)) == [
        ("movement-name-mismatch", "Движение", "B2"),
    ]


def test_movement_date_mismatch() -> None:
    movements = changed(MOVEMENTS, 2, date=date(2026, 9, 14))
    problem = only("movement-date-mismatch", make_class(movements=movements))
    assert flatten([problem]) == [("movement-date-mismatch", "Движение", "D2")]
    assert "14.09.2026" in problem.message and "15.09.2026" in problem.message


def test_movement_missing() -> None:
    students = changed(STUDENTS, 2, arrival_date=date(2026, 9, 1))
    students = changed(students, 3, arrival_date=date(2026, 8, 20))  # before the school year
    assert found(make_class(students=students, movements=MOVEMENTS[1:])) == [
        ("movement-missing", "Ученики", "G2"),
        ("movement-missing", "Ученики", "G4"),
    ]


def test_movement_duplicate() -> None:
    movements = (
        *MOVEMENTS,
        dataclasses.replace(MOVEMENTS[1], row=4, student_name=None, student_number=4),
    )
    assert found(make_class(movements=movements)) == [("movement-duplicate", "Движение", "4")]


# --- the registry --------------------------------------------------------------------------


def test_crashing_check_becomes_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def check_boom(class_: ClassRecord, context: Context) -> Iterator[Problem]:
        """Always crashes."""
        yield from ()
        raise KeyError("Иванов")

    monkeypatch.setattr(checks, "CHECKS", (check_boom, *CHECKS))
    students = changed(STUDENTS, 2, birth_date=date(2031, 1, 1))
    problems = problems_of(make_class(students=students))
    assert flatten(problems) == [
        ("check-crashed", None, ""),
        ("birth-date-future", "Ученики", "F2"),
    ]
    assert problems[0].severity is Severity.ERROR
    assert "check_boom" in problems[0].message and "Иванов" not in problems[0].message


def test_every_check_states_its_rule_in_one_line() -> None:
    for check in CHECKS:
        doc = (check.__doc__ or "").strip()
        assert doc and "\n" not in doc, check.__name__
        assert check.__name__.startswith("check_")


def test_checks_are_registered_once() -> None:
    assert len(set(CHECKS)) == len(CHECKS)


def test_every_check_in_every_module_is_registered() -> None:
    for info in pkgutil.iter_modules(checks.__path__, "ejournal_sheets.checks."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.startswith("check_") and callable(value):
                assert value in CHECKS, name
