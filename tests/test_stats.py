"""The formulas of the statements: the worked example of docs/statements.md, then edge cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.journal_model import Cell, Lesson
from ejournal_sheets.model import AbsenceNote, Reason, Student
from ejournal_sheets.settings import DateRange, Rules
from ejournal_sheets.stats import (
    AbsenceKind,
    AttendanceTally,
    Category,
    Prediction,
    StudentResult,
    SubjectStats,
    class_indicators,
    class_subject_total,
    classify_absence,
    per_student,
    predict,
    student_category,
    subject_stats,
    sum_tallies,
    tally_attendance,
    weighted_average,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "statements.md"


def g(value: int, weight: float = 1.0) -> Mark:
    return Mark(MarkKind.GRADE, value, weight)


NA, OSV = Mark(MarkKind.NOT_ASSESSED), Mark(MarkKind.EXEMPT)
ZACH, NEZACH, DOT = Mark(MarkKind.PASS), Mark(MarkKind.FAIL), Mark(MarkKind.DEBT)
NEW_THRESHOLDS = Rules(thresholds=(2.6, 3.6, 4.6))

# --- the worked example (docs/statements.md §5), literals duplicated from the page ---------

RUS, MATH, PE = "Русский язык", "Математика", "Физическая культура"
SUBJECTS = ((RUS, "Иванова Е.В."), (MATH, "Петров С.А."), (PE, "Сидоров К.Н."))
CLASS = (  # №, ФИО, period marks in the order of SUBJECTS
    (1, "Абрамова Анна Сергеевна", (g(5), g(5), g(5))),
    (2, "Белов Борис Игоревич", (g(5), g(4), g(5))),
    (3, "Волков Виктор Павлович", (g(4), g(3), g(4))),
    (4, "Григорьева Галина Олеговна", (g(3), g(2), OSV)),
    (5, "Дмитриев Денис Андреевич", (g(4), g(3), NA)),
)


def example_subjects() -> list[SubjectStats]:
    return [subject_stats(subject, teacher, [marks[i] for _, _, marks in CLASS])
            for i, (subject, teacher) in enumerate(SUBJECTS)]


def example_results() -> list[StudentResult]:
    names = [subject for subject, _ in SUBJECTS]
    return [student_category(name, number, dict(zip(names, marks, strict=True)))
            for number, name, marks in CLASS]


def counts(s: SubjectStats) -> tuple[object, ...]:
    return (s.subject, s.teacher, s.n, s.n5, s.n4, s.n3, s.n2, s.n_na, s.n_exempt)


def indicators(s: SubjectStats) -> tuple[float | None, ...]:
    return (s.progress, s.quality, s.sou, s.average)


def test_example_subjects() -> None:
    rus, math, pe = example_subjects()
    assert counts(rus) == (RUS, "Иванова Е.В.", 5, 2, 2, 1, 0, 0, 0)
    assert indicators(rus) == pytest.approx((100.0, 80.0, 364 / 5, 21 / 5))
    assert counts(math) == (MATH, "Петров С.А.", 5, 1, 1, 2, 1, 0, 0)
    assert indicators(math) == pytest.approx((80.0, 40.0, 252 / 5, 17 / 5))
    assert counts(pe) == (PE, "Сидоров К.Н.", 4, 2, 1, 0, 0, 1, 1)
    assert indicators(pe) == pytest.approx((75.0, 75.0, 67.75, 14 / 3))


def test_example_class_total() -> None:
    total = class_subject_total(example_subjects())
    assert counts(total) == ("Итого по классу", None, 14, 5, 4, 3, 1, 1, 1)
    assert indicators(total) == pytest.approx((1200 / 14, 900 / 14, 887 / 14, 4.0))


def test_example_categories() -> None:
    assert [(r.number, r.category, r.subjects) for r in example_results()] == [
        (1, Category.EXCELLENT, ()),
        (2, Category.ONE_FOUR, (MATH,)),
        (3, Category.ONE_THREE, (MATH,)),
        (4, Category.FAILING_ONE, (MATH,)),
        (5, Category.NOT_ASSESSED, (PE,)),
    ]


def test_example_class_indicators() -> None:
    found = class_indicators(example_results(), 5, [m for _, _, marks in CLASS for m in marks])
    assert (found.on_roll, found.succeeding, found.good) == (5, 3, 2)
    assert (found.progress, found.quality, found.average) == pytest.approx((60.0, 40.0, 4.0))
    assert {c: n for c, n in found.counts.items() if n} == {
        Category.EXCELLENT: 1, Category.ONE_FOUR: 1, Category.ONE_THREE: 1,
        Category.FAILING_ONE: 1, Category.NOT_ASSESSED: 1}
    assert [r.number for r in found.by_category[Category.ONE_FOUR]] == [2]


DMITRIEV_MATH = (g(4), g(3, 2), g(4, 2), g(3), g(4))
GRIGORIEVA_RUS = (g(3), g(4))


def example_predictions() -> list[Prediction]:
    return [predict(MATH, "Петров С.А.", DMITRIEV_MATH, 12, 4, Rules()),
            predict(MATH, "Петров С.А.", DMITRIEV_MATH, 12, 4, NEW_THRESHOLDS),
            predict(RUS, "Иванова Е.В.", GRIGORIEVA_RUS, 14, 1, Rules()),
            predict(RUS, "Иванова Е.В.", GRIGORIEVA_RUS, 14, 1, NEW_THRESHOLDS)]


def test_example_predictions() -> None:
    found = [(p.marks, p.predicted, p.at_risk, p.on_edge, p.reasons)
             for p in example_predictions()]
    assert found == [
        (5, 4, True, True, ("пропущено 33,3% уроков", "на грани 3/4")),
        (5, 3, True, True, ("пропущено 33,3% уроков", "на грани 3/4")),
        (2, 4, True, True, ("2 отметки при норме 3", "на грани 3/4")),
        (2, 3, True, False, ("2 отметки при норме 3",)),
    ]
    assert [p.average for p in example_predictions()] == pytest.approx([25 / 7] * 2 + [3.5] * 2)


WEEK = DateRange("неделя", date(2026, 11, 16), date(2026, 11, 21))
DMITRIEV = Student(row=6, number=5, last_name="Дмитриев", first_name="Денис",
                   patronymic="Андреевич", arrival_date=date(2026, 11, 18))
DMITRIEV_NOTES = (AbsenceNote(row=2, student_number=5, date_from=date(2026, 11, 19),
                              date_to=date(2026, 11, 19), lessons=(1, 2),
                              reason=Reason.EXCUSED, document="заявление родителей"),)
SHORT = {"рус": RUS, "мат": MATH, "физ": PE}
WEEK_JOURNAL = {  # day of November → lessons of the day: «рус Б» = subject and code
    16: ("рус н", "мат н", "физ н"),
    17: ("рус", "мат", "физ"),
    18: ("рус Б", "мат Б", "физ Б", "рус Б"),
    19: ("мат н", "рус н", "физ", "мат"),
    20: ("рус ОП", "мат НП", "физ н"),
}


def week_cells(journal: Mapping[int, Sequence[str]] = WEEK_JOURNAL,
               name: str = "Дмитриев Денис Андреевич") -> dict[Lesson, Cell | None]:
    """Lessons numbered in the day's order; a second lesson of a subject gets slot 2."""
    codes = {a.value: a for a in Attendance}
    found: dict[Lesson, Cell | None] = {}
    for day, texts in journal.items():
        seen: list[str] = []
        for number, text in enumerate(texts, start=1):
            subject, *code = text.split()
            seen.append(subject)
            lesson = Lesson(date(2026, 11, day), SHORT[subject], slot=seen.count(subject),
                            number=number)
            found[lesson] = Cell(lesson, name, (), codes[code[0]]) if code else None
    return found


def test_example_attendance() -> None:
    tally = tally_attendance(DMITRIEV, week_cells(), DMITRIEV_NOTES, WEEK, 0)
    assert tally == AttendanceTally(lessons=11, missed=8, ill=4, excused=2, unexcused=2,
                                    lates=1, days_missed=1, percent=300 / 11)
    days = [tally_attendance(DMITRIEV, week_cells(), DMITRIEV_NOTES, WEEK, k).days_missed
            for k in (0, 2, 3)]
    assert days == [1, 3, 1]
    assert (per_student(8, 5), per_student(1, 5)) == (1.6, 0.2)


# --- the page says the same numbers ------------------------------------------------------

def num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",")


def lesson_text(number: int, text: str) -> str:
    """«2 мат «н»», «3 физ (пусто)» as the attendance table of the page writes a lesson."""
    subject, *code = text.split()
    return f"{number} {subject} «{code[0]}»" if code else f"{number} {subject} (пусто)"


def subject_row(s: SubjectStats) -> str:
    cells = [s.subject, s.teacher or "—", *map(str, counts(s)[2:]),
             num(s.progress), num(s.quality), num(s.sou), num(s.average, 2)]
    return "| " + " | ".join(cells) + " |"


def test_doc_has_the_example_numbers() -> None:
    text = DOC.read_text(encoding="utf-8")
    stats = example_subjects()
    rows = [subject_row(s) for s in (*stats, class_subject_total(stats))]
    names: dict[int | None, str] = {n: name for n, name, _ in CLASS}
    rows += [f"| {n} | {name}{' (прибыл 18.11.2026)' if n == 5 else ''} | "
             + " | ".join(map(str, marks)) + " |" for n, name, marks in CLASS]
    rows += [f" {day}.11 | " + ", ".join(lesson_text(n, text) for n, text in
                                          enumerate(texts, start=1)) + " |"
             for day, texts in WEEK_JOURNAL.items()]
    rows += [f"| {r.number} | {names[r.number]} | {r.category} | "
             f"{', '.join(r.subjects) or '—'} |" for r in example_results()]
    found = class_indicators(example_results(), 5, [m for _, _, marks in CLASS for m in marks])
    rows += [f"| Учеников на конец периода | {found.on_roll} |",
             f"| Успевают | {found.succeeding} |",
             f"| Успеваемость класса, % | {num(found.progress)} |",
             f"| Учатся на «4» и «5» | {found.good} |",
             f"| Качество знаний класса, % | {num(found.quality)} |",
             f"| Средний балл класса | {num(found.average, 2)} |"]
    for p, thresholds in zip(example_predictions(), ("2,5 / 3,5 / 4,5", "2,6 / 3,6 / 4,6") * 2,
                             strict=True):
        rows.append(f"| {p.marks} | {num(p.average, 2)} | {thresholds} | {p.predicted} | да | "
                    f"{'; '.join(p.reasons)} |")
    t = tally_attendance(DMITRIEV, week_cells(), DMITRIEV_NOTES, WEEK, 0)
    rows.append(f"| {t.lessons} | {t.missed} | {t.ill} | {t.excused} | {t.unexcused} | "
                f"{t.lates} | {num(t.percent)} |")
    for k, label in ((0, "все уроки дня"), (2, "не меньше 2 уроков"), (3, "не меньше 3 уроков")):
        days = tally_attendance(DMITRIEV, week_cells(), DMITRIEV_NOTES, WEEK, k).days_missed
        rows.append(f"{label} (`day_lessons = {k}`) | {days} |")
    rows += [f"8 / 5 = {num(per_student(8, 5))} урока", f"1 / 5 = {num(per_student(1, 5))} дня"]
    missing = [row for row in rows if row not in text]
    assert not missing, "docs/statements.md расходится с программой:\n" + "\n".join(missing)


# --- subject formulas --------------------------------------------------------------------

def test_weighted_average_counts_only_grades_with_their_weights() -> None:
    assert weighted_average([g(5, 2), g(2), DOT, ZACH, NA, OSV]) == 4.0
    assert weighted_average([g(4, 0.5), g(3, 1.5)]) == 3.25
    assert weighted_average([DOT, ZACH, NEZACH, NA, OSV]) is None
    assert weighted_average([]) is None


def test_subject_with_nobody_attested_has_no_indicators() -> None:
    for marks in ([], [OSV, OSV], [ZACH, NEZACH, OSV]):
        found = subject_stats("Музыка", None, marks)
        assert found.n == 0 and indicators(found) == (None, None, None, None)
    found = subject_stats("Музыка", None, [ZACH, ZACH, NEZACH, OSV])
    assert (found.n_pass, found.n_fail, found.n_exempt) == (2, 1, 1)


def test_only_not_assessed_has_indicators_but_no_average() -> None:
    found = subject_stats("Химия", None, [NA, NA])
    assert (found.n, found.progress, found.quality, found.sou, found.average) == \
        (2, 0.0, 0.0, 7.0, None)


def test_a_one_counts_as_a_two() -> None:
    found = subject_stats("Химия", None, [g(1), g(5)])
    assert (found.n, found.n2, found.sou, found.average) == (2, 1, 58.0, 3.5)


def test_total_of_no_subjects() -> None:
    total = class_subject_total([])
    assert total.n == 0 and indicators(total) == (None, None, None, None)


# --- categories --------------------------------------------------------------------------

@pytest.mark.parametrize(("marks", "category", "subjects"), [
    ({"а": g(5), "б": g(5)}, Category.EXCELLENT, ()),
    ({"а": g(5), "б": g(4), "в": OSV}, Category.ONE_FOUR, ("б",)),
    ({"а": g(4), "б": g(4), "в": g(5)}, Category.GOOD, ()),
    ({"а": g(3), "б": g(5), "в": ZACH}, Category.ONE_THREE, ("а",)),
    ({"а": g(3), "б": g(3), "в": g(5)}, Category.SATISFACTORY, ()),
    ({"а": g(2), "б": g(3)}, Category.FAILING_ONE, ("а",)),
    ({"а": g(2), "б": g(1), "в": g(5)}, Category.FAILING_TWO, ("а", "б")),
    ({"а": g(2), "б": g(2), "в": g(2), "г": g(4)}, Category.FAILING_MORE, ("а", "б", "в")),
    ({"а": g(5), "б": NEZACH}, Category.FAILING_ONE, ("б",)),
    ({"а": g(2), "б": NA, "в": g(5)}, Category.NOT_ASSESSED, ("б",)),
    ({"а": OSV, "б": ZACH}, Category.NO_MARKS, ()),
    ({}, Category.NO_MARKS, ()),
])
def test_categories(marks: dict[str, Mark], category: Category,
                    subjects: tuple[str, ...]) -> None:
    found = student_category("Ученик", 1, marks)
    assert (found.category, found.subjects) == (category, subjects)


def test_not_assessed_keeps_the_failing_subjects_too() -> None:
    found = student_category("Ученик", 1, {"а": g(2), "б": NA})
    assert (found.failing, found.not_assessed) == (("а",), ("б",))


def test_class_indicators_count_students_on_the_roll() -> None:
    results = [student_category("А", 1, {"а": g(5)}), student_category("Б", 2, {"а": g(4)}),
               student_category("В", 3, {"а": OSV})]  # no marks: on the roll, not succeeding
    found = class_indicators(results, 3, [g(5), g(4), OSV, NA])
    assert (found.succeeding, found.good, found.average) == (2, 2, 4.5)
    assert (found.progress, found.quality) == pytest.approx((200 / 3, 200 / 3))
    empty = class_indicators([], 0)
    assert (empty.progress, empty.quality, empty.average) == (None, None, None)


# --- preliminary -------------------------------------------------------------------------

@pytest.mark.parametrize(("marks", "expected"), [
    ((g(3), g(2), g(3), g(2), g(3)), 3),  # 2.6: a threshold rounds up
    ((g(3, 0.59), g(2, 0.41)), 2),  # 2.59
    ((g(2), g(3)), 2),  # 2.5: a «3» by the default thresholds, a «2» by these
    ((g(4, 0.59), g(3, 0.41)), 3),  # 3.59
    ((g(4), g(3), g(4), g(3), g(4)), 4),  # 3.6
    ((g(5, 2), g(4, 2), g(4, 1)), 4),  # 4.4
    ((g(5), g(5), g(5), g(4), g(4)), 5),  # 4.6
])
def test_thresholds_2_6_3_6_4_6(marks: tuple[Mark, ...], expected: int) -> None:
    assert predict("а", None, marks, 10, 0, NEW_THRESHOLDS).predicted == expected


def test_default_thresholds_round_up_at_the_threshold() -> None:
    found = [predict("а", None, marks, 0, 0, Rules()).predicted
             for marks in ([g(2), g(3)], [g(3), g(4)], [g(4), g(5)], [g(2), g(2), g(3)])]
    assert found == [3, 4, 5, 2]


@pytest.mark.parametrize(("marks", "edge", "reasons"), [
    ((g(5), g(5), g(5), g(4), g(4)), 0.1, ()),  # 4.6 − 4.5 is 0.0999…96 in floats: not < 0.1
    ((g(3), g(4), g(3), g(4), g(3)), 0.1, ()),  # 3.4: exactly edge away, not on the edge
    ((g(5, 0.55), g(4, 0.45)), 0.1, ("на грани 4/5",)),  # 4.55
    ((g(3), g(4)), 0.1, ("на грани 3/4",)),  # 3.5 itself
    ((g(2), g(2), g(3), g(2)), 0.3, ("на грани 2/3",)),  # 2.25 with a wider edge
    ((g(2), g(2), g(3), g(2)), 0.1, ()),
])
def test_on_edge(marks: tuple[Mark, ...], edge: float, reasons: tuple[str, ...]) -> None:
    found = predict("а", None, marks, 0, 0, Rules(edge=edge, min_marks=0))
    assert (found.on_edge, found.reasons) == (bool(reasons), reasons)


@pytest.mark.parametrize(("lessons", "missed", "risk", "reasons"), [
    (10, 3, 0.3, ("пропущено 30% уроков",)),  # exactly the share: at risk
    (10, 2, 0.3, ()),
    (20, 7, 0.35, ("пропущено 35% уроков",)),
    (3, 1, 0.3, ("пропущено 33,3% уроков",)),
    (0, 0, 0.3, ()),  # no lessons held: no absence risk
    (10, 10, 1.0, ("пропущено 100% уроков",)),
])
def test_absence_risk(lessons: int, missed: int, risk: float, reasons: tuple[str, ...]) -> None:
    found = predict("а", None, [g(5), g(5), g(5)], lessons, missed, Rules(absence_risk=risk))
    assert (found.at_risk, found.reasons) == (bool(reasons), reasons)
    assert (found.lessons, found.missed) == (lessons, missed)


def test_too_few_marks() -> None:
    none = predict("а", "Учитель", [DOT, ZACH], 10, 0, Rules())
    assert (none.marks, none.average, none.predicted, none.at_risk, none.on_edge) == \
        (0, None, None, True, False)
    assert none.reasons == ("нет отметок при норме 3",)
    assert predict("а", None, [g(5), DOT], 10, 0, Rules()).reasons == \
        ("1 отметка при норме 3",)
    assert predict("а", None, [g(5)] * 5, 10, 0, Rules(min_marks=5)).at_risk is False
    assert predict("а", None, [g(5)] * 4, 10, 0, Rules(min_marks=5)).reasons == \
        ("4 отметки при норме 5",)


# --- attendance --------------------------------------------------------------------------

NOV = DateRange("ноябрь", date(2026, 11, 1), date(2026, 11, 30))


def pupil(arrival: date | None = None, leaving: date | None = None) -> Student:
    return Student(row=2, number=1, last_name="Орлов", first_name="Максим",
                   arrival_date=arrival, leaving_date=leaving)


def note(day: int, reason: Reason | None, lessons: tuple[int, ...] = ()) -> AbsenceNote:
    return AbsenceNote(row=2, student_number=1, date_from=date(2026, 11, day),
                       date_to=date(2026, 11, day), lessons=lessons, reason=reason)


@pytest.mark.parametrize(("code", "notes", "expected"), [
    (Attendance.ILL, (), AbsenceKind.ILL),
    (Attendance.EXCUSED, (), AbsenceKind.EXCUSED),
    (Attendance.UNEXCUSED, (note(19, Reason.ILL),), AbsenceKind.UNEXCUSED),  # code wins
    (Attendance.ABSENT, (note(19, Reason.ILL),), AbsenceKind.ILL),
    (Attendance.ABSENT, (note(19, Reason.EXCUSED, (2,)),), AbsenceKind.EXCUSED),
    (Attendance.ABSENT, (note(19, Reason.EXCUSED, (3,)),), AbsenceKind.UNEXCUSED),  # lesson 3
    (Attendance.ABSENT, (note(18, Reason.ILL),), AbsenceKind.UNEXCUSED),  # another day
    (Attendance.ABSENT, (note(19, None), note(19, Reason.ILL)), AbsenceKind.ILL),
    (Attendance.ABSENT, (note(19, None),), AbsenceKind.UNEXCUSED),  # no reason: unknown
    (Attendance.ABSENT, (), AbsenceKind.UNEXCUSED),
    (Attendance.LATE, (), None),
    (Attendance.EXEMPT, (), None),
    (None, (note(19, Reason.ILL),), None),
])
def test_classify_absence(code: Attendance | None, notes: tuple[AbsenceNote, ...],
                          expected: AbsenceKind | None) -> None:
    assert classify_absence(code, date(2026, 11, 19), 2, notes) == expected


ALL_ABSENT = {16: ("рус н", "мат н"), 17: ("рус н", "мат н"), 18: ("рус н", "мат н"),
              19: ("рус н", "мат н"), 20: ("рус н", "мат н")}


def test_arrival_and_leaving_inside_the_span() -> None:
    cells = week_cells(ALL_ABSENT, "Орлов Максим")
    arrived = tally_attendance(pupil(arrival=date(2026, 11, 18)), cells, (), NOV, 0)
    assert (arrived.lessons, arrived.missed, arrived.days_missed) == (6, 6, 3)  # 18, 19, 20
    left = tally_attendance(pupil(leaving=date(2026, 11, 18)), cells, (), NOV, 0)
    assert (left.lessons, left.missed, left.days_missed) == (4, 4, 2)  # 16, 17: not the 18th
    both = tally_attendance(pupil(date(2026, 11, 17), date(2026, 11, 20)), cells, (), NOV, 0)
    assert (both.lessons, both.unexcused, both.percent) == (6, 6, 0.0)


def test_only_lessons_inside_the_span_count() -> None:
    cells = week_cells(ALL_ABSENT, "Орлов Максим")
    span = DateRange("пн–ср", date(2026, 11, 16), date(2026, 11, 18))
    assert tally_attendance(pupil(), cells, (), span, 0).lessons == 6
    later = DateRange("декабрь", date(2026, 12, 1), date(2026, 12, 31))
    empty = tally_attendance(pupil(), cells, (), later, 0)
    assert (empty.lessons, empty.missed, empty.days_missed, empty.percent) == (0, 0, 0, None)


@pytest.mark.parametrize(("k", "days"), [(0, 2), (1, 4), (2, 3), (3, 2), (4, 2), (5, 2)])
def test_day_rule(k: int, days: int) -> None:
    journal = {16: ("рус н", "мат н", "физ н", "рус н"),  # 4 of 4
               17: ("рус н", "мат н", "физ", "рус"),  # 2 of 4
               18: ("рус н", "мат н", "физ н"),  # 3 of 3: a missed day whatever k
               19: ("рус ОП", "мат н", "физ ОСВ"),  # 1 of 3
               20: ("рус", "мат")}
    found = tally_attendance(pupil(), week_cells(journal, "Орлов Максим"), (), NOV, k)
    assert found.days_missed == days
    assert (found.lessons, found.missed, found.lates) == (16, 10, 1)


def test_sum_tallies_and_per_student() -> None:
    one = AttendanceTally(10, 2, 1, 1, 0, 1, 1, 80.0)
    two = AttendanceTally(10, 0, 0, 0, 0, 0, 0, 100.0)
    assert sum_tallies([one, two]) == AttendanceTally(20, 2, 1, 1, 0, 1, 1, 90.0)
    assert sum_tallies([]).percent is None
    assert (per_student(7, 2), per_student(3, 0)) == (3.5, None)
