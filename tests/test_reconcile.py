"""Reconciliation with the journal: roster kinds, attendance kinds, privacy of «Примечание»."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.journal_model import Cell, Journal, Lesson, PeriodMark, SubjectRoll
from ejournal_sheets.model import AbsenceNote, ClassRecord, GroupMember, Reason, Student
from ejournal_sheets.problems import Location, Severity
from ejournal_sheets.reconcile import (
    Finding,
    FindingKind,
    MismatchKind,
    RosterMismatch,
    compare_roster,
    reconcile_attendance,
)
from ejournal_sheets.settings import DateRange

TODAY = date(2026, 11, 28)
WEEK = DateRange("2026-W47", date(2026, 11, 16), date(2026, 11, 21))
ALGEBRA_TEACHER = "Иванова Анна Петровна"
ENGLISH = "Английский язык"
SMIRNOVA = "Смирнова Елена Викторовна"
KOZLOV = "Козлов Андрей Петрович"
JOURNAL = Path("журнал/алгебра.xlsx")

IVANOV = "Иванов Пётр Сергеевич"
SOKOLOVA = "Соколова Анна Ильинична"
SEMYONOV = "Семёнов Артём Олегович"
NOVIKOVA = "Новикова Дарья Игоревна"  # arrived 18.11
ORLOV = "Орлов Максим Андреевич"  # left 19.11
ZAITSEVA = "Зайцева Ольга Павловна"  # only in the scenario: never in the journal


def day(n: int) -> date:
    return date(2026, 11, n)


def student(number: int, name: str, arrival: date | None = None,
            leaving: date | None = None) -> Student:
    last, first, patronymic = name.split()
    return Student(row=number + 1, number=number, last_name=last, first_name=first,
                   patronymic=patronymic, arrival_date=arrival, leaving_date=leaving)


STUDENTS = (
    student(1, IVANOV),
    student(2, SOKOLOVA),
    student(3, SEMYONOV),
    student(4, NOVIKOVA, arrival=day(18)),
    student(5, ORLOV, leaving=day(19)),
)
GROUPS = tuple(
    GroupMember(row=i + 2, subject=ENGLISH, group=group, teacher=teacher, student_number=n)
    for i, (group, teacher, n) in enumerate([
        ("1 группа", SMIRNOVA, 1), ("1 группа", SMIRNOVA, 3), ("1 группа", SMIRNOVA, 4),
        ("2 группа", KOZLOV, 2), ("2 группа", KOZLOV, 5)])
)
NOTES = (
    AbsenceNote(row=2, student_number=1, date_from=day(16), date_to=day(18), reason=Reason.ILL,
                document="Справка № 15", note="ОРВИ"),
    AbsenceNote(row=3, student_number=2, date_from=day(17), date_to=day(17), lessons=(2,),
                reason=Reason.EXCUSED, document="заявление", note="ОРВИ у брата"),
    AbsenceNote(row=4, student_number=3, date_from=day(19), date_to=day(19),
                reason=Reason.UNEXCUSED),
)


def make_class(students: Sequence[Student] = STUDENTS, groups: Sequence[GroupMember] = GROUPS,
               absences: Sequence[AbsenceNote] = NOTES) -> ClassRecord:
    """The class workbook as the reader would give it."""
    return ClassRecord(path=Path("класс.xlsx"), students=tuple(students), groups=tuple(groups),
                       absences=tuple(absences))


def lesson(n: int, subject: str = "Алгебра", teacher: str | None = ALGEBRA_TEACHER,
           group: str | None = None, number: int | None = None, slot: int = 1) -> Lesson:
    return Lesson(day(n), subject, teacher, group, slot, number,
                  where=Location(JOURNAL, subject, 3, 2 + n))


def cell(at: Lesson, name: str, text: str = "") -> Cell:
    """A journal cell from its text: «н», «5», «Б 4»."""
    codes = {a.value: a for a in Attendance}
    attendance = next((codes[t] for t in text.split() if t in codes), None)
    marks = tuple(Mark(MarkKind.GRADE, int(t), text=t) for t in text.split() if t.isdigit())
    return Cell(at, name, marks, attendance, where=Location(JOURNAL, at.subject, 10, 4))


def roll(names: Iterable[str], subject: str = "Алгебра", teacher: str | None = ALGEBRA_TEACHER,
         group: str | None = None) -> SubjectRoll:
    return SubjectRoll(subject, teacher, group, tuple(names), where=Location(JOURNAL, subject))


def make_journal(*cells: Cell, rolls: Sequence[SubjectRoll] = (),
                 lessons: Sequence[Lesson] = (), marks: Sequence[PeriodMark] = ()) -> Journal:
    """The journal as the readers would give it (lessons of the cells are added too)."""
    held = tuple(dict.fromkeys([*lessons, *(c.lesson for c in cells)]))
    return Journal(lessons=held, cells=tuple(cells), rolls=tuple(rolls), period_marks=tuple(marks))


def flat(findings: Iterable[Finding]) -> list[tuple[object, ...]]:
    """(kind, date, lesson №, subject, teacher, student, journal says, should say)."""
    return [(f.kind, f.date, f.lesson.number, f.subject, f.teacher, f.student, f.journal_says,
             f.should_say) for f in findings]


def check(*cells: Cell, rolls: Sequence[SubjectRoll] = (),
          lessons: Sequence[Lesson] = ()) -> list[tuple[object, ...]]:
    """Flattened findings of the week for the standard class and these journal records."""
    journal = make_journal(*cells, rolls=rolls, lessons=lessons)
    return flat(reconcile_attendance(make_class(), journal, WEEK))


ALL_ROLL = roll([IVANOV, SOKOLOVA, SEMYONOV, NOVIKOVA, ORLOV])
A = ALGEBRA_TEACHER


# --- attendance -------------------------------------------------------------------------

def test_code_mismatch_when_the_code_differs_from_the_notes_reason() -> None:
    monday, tuesday, wednesday = lesson(16), lesson(17), lesson(18)
    found = check(cell(monday, IVANOV, "н"), cell(tuesday, IVANOV, "НП"),
                  cell(wednesday, IVANOV, "Б"), cell(lesson(19), "Семенов Артем Олегович", "Б"))
    assert found == [
        (FindingKind.CODE_MISMATCH, day(16), None, "Алгебра", A, IVANOV, "н", "Б"),
        (FindingKind.CODE_MISMATCH, day(17), None, "Алгебра", A, IVANOV, "НП", "Б"),
        (FindingKind.CODE_MISMATCH, day(19), None, "Алгебра", A, SEMYONOV, "Б", "НП"),
    ]


def test_code_mismatch_says_why_from_reason_document_and_dates() -> None:
    findings = reconcile_attendance(make_class(), make_journal(cell(lesson(16), IVANOV, "н")),
                                    WEEK)
    assert [f.why for f in findings] == ["болезнь, Справка № 15, 16.11–18.11"]
    assert findings[0].number == 1 and findings[0].where == Location(JOURNAL, "Алгебра", 10, 4)


def test_present_while_noted_in_a_grid_with_no_absence_code() -> None:
    monday, tuesday, wednesday, thursday = lesson(16), lesson(17), lesson(18), lesson(19)
    found = check(cell(tuesday, IVANOV, "5"), cell(wednesday, IVANOV, "ОП"),
                  cell(thursday, IVANOV, "4"), rolls=[ALL_ROLL], lessons=[monday])
    assert found == [
        (FindingKind.PRESENT_WHILE_NOTED, day(16), None, "Алгебра", A, IVANOV, "был на уроке",
         "Б"),
        (FindingKind.PRESENT_WHILE_NOTED, day(17), None, "Алгебра", A, IVANOV, "5", "Б"),
        (FindingKind.PRESENT_WHILE_NOTED, day(18), None, "Алгебра", A, IVANOV, "ОП", "Б"),
        (FindingKind.PRESENT_WHILE_NOTED, day(19), None, "Алгебра", A, SEMYONOV,
         "был на уроке", "НП"),
    ]


def test_exempt_is_not_present() -> None:
    assert check(cell(lesson(16), IVANOV, "ОСВ")) == []


def test_note_with_lesson_numbers_covers_only_those_lessons() -> None:
    second, third = lesson(17, number=2), lesson(17, subject="Физика", number=3)
    unknown = lesson(17, subject="История")
    physics, history = roll([SOKOLOVA], "Физика"), roll([SOKOLOVA], "История")
    found = check(rolls=[roll([SOKOLOVA]), physics, history], lessons=[second, third, unknown])
    assert found == [
        (FindingKind.PRESENT_WHILE_NOTED, day(17), 2, "Алгебра", A, SOKOLOVA, "был на уроке",
         "УП"),
    ]


def test_long_table_student_without_a_row_was_present() -> None:
    held = lesson(16, subject="Физика", teacher=None)
    found = check(cell(held, SOKOLOVA, "4"))
    assert found == [
        (FindingKind.PRESENT_WHILE_NOTED, day(16), None, "Физика", None, IVANOV, "был на уроке",
         "Б"),
    ]


def test_lessons_export_alone_gives_no_attendance_findings() -> None:
    assert check(lessons=[lesson(16)]) == []


def test_unexplained_absence_without_a_note() -> None:
    found = check(cell(lesson(20), SOKOLOVA, "н"), cell(lesson(20), SEMYONOV, "НП"),
                  cell(lesson(20), IVANOV, "Б"), cell(lesson(20, "Физика"), IVANOV, "УП"))
    assert found == [
        (FindingKind.UNEXPLAINED, day(20), None, "Алгебра", A, SOKOLOVA, "н", "выяснить у семьи"),
    ]


def test_outside_enrolment_takes_precedence() -> None:
    found = check(cell(lesson(17), NOVIKOVA, "4"), cell(lesson(18), NOVIKOVA, "5"),
                  cell(lesson(19), ORLOV, "н"), cell(lesson(18), ORLOV, "н"),
                  rolls=[roll([SOKOLOVA, NOVIKOVA, ORLOV])])
    assert found == [
        (FindingKind.OUTSIDE_ENROLMENT, day(17), None, "Алгебра", A, NOVIKOVA, "4",
         "— (ученик не числился)"),
        (FindingKind.UNEXPLAINED, day(18), None, "Алгебра", A, ORLOV, "н", "выяснить у семьи"),
        (FindingKind.OUTSIDE_ENROLMENT, day(19), None, "Алгебра", A, ORLOV, "н",
         "— (ученик не числился)"),
    ]


def test_outside_enrolment_says_which_date() -> None:
    findings = reconcile_attendance(
        make_class(), make_journal(cell(lesson(17), NOVIKOVA, "4"), cell(lesson(20), ORLOV, "5")),
        WEEK)
    outside = [f.why for f in findings if f.kind is FindingKind.OUTSIDE_ENROLMENT]
    assert outside == ["дата прибытия 18.11.2026", "дата выбытия 19.11.2026"]


def test_wrong_group_by_group_name_and_by_teacher() -> None:
    first = lesson(16, ENGLISH, SMIRNOVA, "1 группа")
    second = lesson(17, ENGLISH, "Козлов А.П.")  # no group in the export: found by teacher
    nobody = lesson(18, ENGLISH, "Петров И.И.")  # group unknown: nothing to say
    found = check(cell(first, SOKOLOVA, "5"), cell(first, SEMYONOV, "4"),
                  cell(second, SEMYONOV, "3"), cell(nobody, SEMYONOV, "3"))
    assert found == [
        (FindingKind.PRESENT_WHILE_NOTED, day(16), None, ENGLISH, SMIRNOVA, IVANOV,
         "был на уроке", "Б"),
        (FindingKind.WRONG_GROUP, day(16), None, ENGLISH, SMIRNOVA, SOKOLOVA, "5",
         "— (ученик в другой группе)"),
        (FindingKind.WRONG_GROUP, day(17), None, ENGLISH, "Козлов А.П.", SEMYONOV, "3",
         "— (ученик в другой группе)"),
    ]
    findings = reconcile_attendance(make_class(), make_journal(cell(second, SEMYONOV, "3")), WEEK)
    assert [(f.group, f.why) for f in findings] == [
        ("2 группа", "урок группы «2 группа»; по листу «Группы» ученик в группе «1 группа»")]


def test_split_subject_attendance_only_for_the_groups_students() -> None:
    english = lesson(16, ENGLISH, KOZLOV, "2 группа")
    assert check(cell(english, SOKOLOVA, "5")) == []  # Иванов (noted) is in 1 группа


def test_only_lessons_within_the_span_and_known_students() -> None:
    assert check(cell(lesson(14), SOKOLOVA, "н"), cell(lesson(23), SOKOLOVA, "н"),
                 cell(lesson(20), "Петров Илья", "н")) == []


def test_findings_sorted_by_date_lesson_subject_student() -> None:
    found = check(cell(lesson(20, "Физика", number=3), SOKOLOVA, "н"),
                  cell(lesson(20, "Алгебра", number=3), SOKOLOVA, "н"),
                  cell(lesson(20, "История", number=1), SEMYONOV, "н"),
                  cell(lesson(20, "История", number=1), SOKOLOVA, "н"))
    assert [(f[2], f[3], f[5]) for f in found] == [
        (1, "История", SEMYONOV), (1, "История", SOKOLOVA), (3, "Алгебра", SOKOLOVA),
        (3, "Физика", SOKOLOVA)]


def test_rows_of_one_student_in_one_lesson_are_merged() -> None:
    held = lesson(20)
    assert check(cell(held, SOKOLOVA, "2"), cell(held, SOKOLOVA, "н")) == [
        (FindingKind.UNEXPLAINED, day(20), None, "Алгебра", A, SOKOLOVA, "н 2",
         "выяснить у семьи")]


# --- roster -----------------------------------------------------------------------------

def roster(journal: Journal, class_: ClassRecord | None = None) -> list[tuple[object, ...]]:
    mismatches, _ = compare_roster(class_ or make_class(), journal, TODAY)
    return [(m.kind, m.number, m.student_name, m.journal_name) for m in mismatches]


def everyone_but(*names: str) -> SubjectRoll:
    return roll(n for n in (IVANOV, SOKOLOVA, SEMYONOV, NOVIKOVA) if n not in names)


def test_roster_in_step_gives_nothing() -> None:
    assert roster(make_journal(rolls=[everyone_but()])) == []


def test_journal_only() -> None:
    found, _ = compare_roster(make_class(), make_journal(
        cell(lesson(16), "Петров  Илья", "5"), rolls=[everyone_but()]), TODAY)
    assert [(m.kind, m.number, m.student_name, m.journal_name) for m in found] == [
        (MismatchKind.JOURNAL_ONLY, None, "Петров Илья", "Петров Илья")]
    assert "администратору ЭЖ" in found[0].action and "Алгебра" in found[0].details
    assert found[0].where == Location(JOURNAL, "Алгебра", 10, 4)


def test_workbook_only() -> None:
    assert roster(make_journal(rolls=[everyone_but(SOKOLOVA)])) == [
        (MismatchKind.WORKBOOK_ONLY, 2, SOKOLOVA, None)]


def test_arrived_not_in_journal_rather_than_workbook_only() -> None:
    found, _ = compare_roster(make_class(), make_journal(rolls=[everyone_but(NOVIKOVA)]), TODAY)
    assert [(m.kind, m.number, m.student_name) for m in found] == [
        (MismatchKind.ARRIVED_NOT_IN_JOURNAL, 4, NOVIKOVA)]
    assert "18.11.2026" in found[0].details and found[0].action.startswith(
        "сообщить администратору ЭЖ")


def test_departed_in_journal_by_cells_after_leaving() -> None:
    journal = make_journal(cell(lesson(18), ORLOV, "4"), cell(lesson(20), ORLOV, "5"),
                           cell(lesson(23), ORLOV, "н"), rolls=[everyone_but()])
    found: tuple[RosterMismatch, ...] = compare_roster(make_class(), journal, TODAY)[0]
    assert [(m.kind, m.number, m.student_name) for m in found] == [
        (MismatchKind.DEPARTED_IN_JOURNAL, 5, ORLOV)]
    assert "выбыл 19.11.2026" in found[0].details and "20.11–23.11" in found[0].details


def test_departed_in_journal_by_a_roll_with_later_lessons() -> None:
    journal = make_journal(rolls=[roll([IVANOV, SOKOLOVA, SEMYONOV, NOVIKOVA, ORLOV])],
                           lessons=[lesson(18), lesson(20)])
    assert roster(journal) == [(MismatchKind.DEPARTED_IN_JOURNAL, 5, ORLOV, ORLOV)]


def test_departed_student_kept_only_before_leaving_is_fine() -> None:
    journal = make_journal(cell(lesson(18), ORLOV, "4"), rolls=[everyone_but()],
                           marks=[PeriodMark(ORLOV, "Алгебра", "Ч1", Mark(MarkKind.GRADE, 4))])
    assert roster(journal) == []


def test_empty_journal_is_not_compared() -> None:
    assert compare_roster(make_class(), Journal(), TODAY) == ((), [])


def test_name_variants_are_matched_with_one_warning_per_spelling() -> None:
    latin = "Ивaнов Пётр Сергеевич"  # Latin «a»
    journal = make_journal(cell(lesson(16), latin, "Б"), cell(lesson(17), latin, "Б"),
                           rolls=[roll(["Семенов Артем Олегович", latin, SOKOLOVA, NOVIKOVA])])
    mismatches, problems = compare_roster(make_class(), journal, TODAY)
    assert mismatches == ()
    assert [(p.code, p.severity) for p in problems] == [
        ("journal-name-variant", Severity.WARNING)] * 2
    assert "«Семенов Артем Олегович»" in problems[0].message and SEMYONOV in problems[0].message
    assert f"«{latin}»" in problems[1].message and IVANOV in problems[1].message
    assert problems[0].where == Location(JOURNAL, "Алгебра")


# --- privacy ----------------------------------------------------------------------------

def scenario() -> tuple[tuple[Finding, ...], tuple[RosterMismatch, ...]]:
    """A week with every kind of finding and mismatch (the xlsx tests use it too)."""
    english = lesson(16, ENGLISH, SMIRNOVA, "1 группа")
    journal = make_journal(
        cell(lesson(16, number=2), IVANOV, "н"), cell(lesson(17, number=2), SOKOLOVA, "5"),
        cell(lesson(17, number=3, slot=2), NOVIKOVA, "4"), cell(english, SOKOLOVA, "5"),
        cell(lesson(19, "Физика", None, number=4), SEMYONOV, "н"),
        cell(lesson(20, number=1), SOKOLOVA, "н"),
        cell(lesson(20, number=2, slot=2), "Петров Илья", "5"),
        cell(lesson(20, number=3, slot=3), ORLOV, "3"),
        rolls=[roll([IVANOV, SOKOLOVA, NOVIKOVA, ORLOV, "Петров Илья"])])
    class_ = make_class(students=(*STUDENTS, student(6, ZAITSEVA)))
    return reconcile_attendance(class_, journal, WEEK), compare_roster(class_, journal, TODAY)[0]


def test_scenario_has_every_kind() -> None:
    findings, mismatches = scenario()
    assert {f.kind for f in findings} == set(FindingKind)
    assert {m.kind for m in mismatches} == {MismatchKind.JOURNAL_ONLY,
                                            MismatchKind.WORKBOOK_ONLY,
                                            MismatchKind.DEPARTED_IN_JOURNAL}


def test_note_text_never_reaches_findings() -> None:
    findings, mismatches = scenario()
    assert "ОРВИ" not in repr(findings) + repr(mismatches)
    assert any("Справка № 15" in f.why for f in findings)
