"""Statements 1, 2, 3 and 6 from literal inputs, read back cell by cell.

Every expected number below is worked out by hand from the literals (comments show how).
The class: six students, one arriving (Новиков, 16.11) and one leaving (Орлова, 07.12) inside
the 2nd quarter (05.11–28.12.2026); three subjects, 22 lessons in the quarter, 4 in the 1st.
"""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.journal_model import Cell, Journal, Lesson, PeriodMark, SubjectRoll
from ejournal_sheets.model import AbsenceNote, ClassRecord, Reason, Student
from ejournal_sheets.settings import (
    ClassInfo,
    Rules,
    School,
    Settings,
    Year,
    default_holidays,
    default_periods,
)
from ejournal_sheets.statements import attendance, attendance_summary, preliminary, report
from ejournal_sheets.statements.inputs import StatementInputs

TODAY = date(2026, 12, 28)
Q1, Q2 = default_periods(2026)[:2]  # Ч1 01.09–24.10, Ч2 05.11–28.12
MATH, RUS = "Математика", "Русский язык"
OBZR = "Основы безопасности и защиты Родины (ОБЗР)"  # 42 characters
TEACHER = {MATH: "Петрова Анна Ивановна", RUS: "Смирнова Елена Викторовна",
           OBZR: "Козлов Андрей Петрович"}
IV, SO, NO, OR, KU = ("Иванов Пётр Сергеевич", "Соколова Анна Ильинична",
                      "Новиков Артём Игоревич", "Орлова Мария Олеговна", "Кузнецов Илья Андреевич")
HY = '=HYPERLINK("x") Ян'
STUDENTS = (
    Student(2, 1, "Иванов", "Пётр", "Сергеевич", "М"),
    Student(3, 2, "Соколова", "Анна", "Ильинична", "Ж"),
    Student(4, 3, "Новиков", "Артём", "Игоревич", "М", arrival_date=date(2026, 11, 16)),
    Student(5, 4, "Орлова", "Мария", "Олеговна", "Ж", leaving_date=date(2026, 12, 7)),
    Student(6, 5, "Кузнецов", "Илья", "Андреевич", "М"),
    Student(7, 6, '=HYPERLINK("x")', "Ян", None, "М"),
)
NOTES = (
    # whole days 16–18.11, illness: Иванов's «н» of 17.11 are по болезни
    AbsenceNote(2, 1, date(2026, 11, 16), date(2026, 11, 18), (), Reason.ILL, "Справка № 15",
                "ОРВИ"),
    # lesson 1 only on 08.12: Иванов's «н» in Математика is уважительная
    AbsenceNote(3, 1, date(2026, 12, 8), date(2026, 12, 8), (1,), Reason.EXCUSED, "Заявление"),
    # Орлова's two «н» of 09.11 are без уважительной
    AbsenceNote(4, 4, date(2026, 11, 9), date(2026, 11, 9), (), Reason.UNEXCUSED),
)
# code: (date, subject, lesson number in the day)
LESSONS = {
    "M0": (date(2026, 10, 6), MATH, 1), "R0a": (date(2026, 10, 6), RUS, 2),
    "R0b": (date(2026, 10, 7), RUS, 1), "O0": (date(2026, 10, 7), OBZR, 2),
    "M1": (date(2026, 11, 9), MATH, 1), "R1": (date(2026, 11, 9), RUS, 2),
    "M2": (date(2026, 11, 10), MATH, 1), "O1": (date(2026, 11, 10), OBZR, 2),
    "M3": (date(2026, 11, 17), MATH, 1), "R2": (date(2026, 11, 17), RUS, 2),
    "O2": (date(2026, 11, 17), OBZR, 3),
    "R3": (date(2026, 11, 18), RUS, 1), "M4": (date(2026, 11, 18), MATH, 2),
    "M5": (date(2026, 11, 24), MATH, 1), "R4": (date(2026, 11, 24), RUS, 2),
    "M6": (date(2026, 12, 1), MATH, 1), "R5": (date(2026, 12, 1), RUS, 2),
    "O3": (date(2026, 12, 1), OBZR, 3),
    "R6": (date(2026, 12, 2), RUS, 1), "M7": (date(2026, 12, 2), MATH, 2),
    "M8": (date(2026, 12, 8), MATH, 1), "R7": (date(2026, 12, 8), RUS, 2),
    "M9": (date(2026, 12, 15), MATH, 1), "O4": (date(2026, 12, 15), OBZR, 2),
    "R8": (date(2026, 12, 16), RUS, 1), "M10": (date(2026, 12, 16), MATH, 2),
}  # fmt: skip
# What the journal shows: attendance codes and marks («5w2» — a 5 of weight 2).
CELLS = {
    "M0": {IV: "Б", KU: "2"}, "R0a": {IV: "Б"}, "R0b": {SO: "ОП"}, "O0": {KU: "н"},
    "M1": {IV: "5w2", SO: "3", NO: "н", OR: "н", KU: "5", HY: "4"},
    "R1": {IV: "4", SO: "4", OR: "н", KU: "5", HY: "4"},
    "M2": {IV: "4", SO: "УП", OR: "3", KU: "5", HY: "4"},
    "O1": {IV: "5", SO: "УП", KU: "5", HY: "4"},
    "M3": {IV: "н", SO: "3", NO: "2", KU: "5", HY: "4"},
    "R2": {IV: "н", SO: "5", NO: "3", KU: "5", HY: "3"},
    "O2": {IV: "н", SO: "4", NO: "4", KU: "5 5", HY: "4"},
    "R3": {IV: "Б", SO: "4", NO: "4", KU: "5", HY: "4"},
    "M4": {IV: "Б", SO: "4", NO: "3"},
    "M5": {IV: "4", NO: "н"}, "R4": {IV: "4", NO: "3", HY: "3"},
    "M6": {NO: "Б"}, "R5": {IV: "5", NO: "Б"}, "O3": {IV: "5", SO: "4", NO: "Б", KU: "Б"},
    "R6": {SO: "НП"}, "M7": {NO: "2", OR: "ОП"},
    "M8": {IV: "н", OR: "н"}, "R7": {}, "M9": {},
    "O4": {IV: "ОП 5", SO: "5", NO: "4", KU: "Б", HY: "4"},
    "R8": {SO: "н"}, "M10": {SO: "н"},
}  # fmt: skip
# Period marks: Ч1 (previous) and Ч2 (reported); «None» teacher — found from the lessons.
PERIOD_MARKS = {
    "Ч1": {IV: (5, 5, 5), SO: (4, 4, 5), OR: (3, 3, 4), KU: (5, 4, 5), HY: (2, 3, 4)},
    "Ч2": {IV: (5, 4, 5), SO: (3, 4, 4), NO: (2, 3, "н/а"), KU: (5, 5, 5), HY: (2, 2, 4),
           OR: (3, None, None)},
}


def token(text: str) -> tuple[tuple[Mark, ...], Attendance | None]:
    codes = {"н": Attendance.ABSENT, "Б": Attendance.ILL, "УП": Attendance.EXCUSED,
             "НП": Attendance.UNEXCUSED, "ОП": Attendance.LATE, "ОСВ": Attendance.EXEMPT}
    marks, code = [], None
    for part in text.split():
        if part in codes:
            code = codes[part]
        else:
            value, _, weight = part.partition("w")
            marks.append(Mark(MarkKind.GRADE, int(value), float(weight or 1), value))
    return tuple(marks), code


def period_mark(student: str, subject: str, period: str, value: Any) -> PeriodMark:
    mark = (Mark(MarkKind.NOT_ASSESSED, text="н/а") if value == "н/а"
            else Mark(MarkKind.GRADE, value, text=str(value)))
    teacher = None if (student, subject, period) == (SO, MATH, "Ч2") else TEACHER[subject]
    return PeriodMark(student, subject, period, mark, teacher)


def make_inputs(today: date = TODAY,
                cells_given: dict[str, dict[str, str]] = CELLS) -> StatementInputs:
    lessons = {code: Lesson(day, subject, TEACHER[subject], number=number)
               for code, (day, subject, number) in LESSONS.items()}
    cells = tuple(Cell(lessons[code], student, *token(text))
                  for code, by_student in cells_given.items()
                  for student, text in by_student.items())
    rolls = tuple(SubjectRoll(s, TEACHER[s], None, (IV, SO, NO, OR, KU, HY))
                  for s in (MATH, RUS, OBZR))
    marks = tuple(period_mark(student, subject, period, value)
                  for period, by_student in PERIOD_MARKS.items()
                  for student, values in by_student.items()
                  for subject, value in zip((MATH, RUS, OBZR), values, strict=True)
                  if value is not None)
    journal = Journal(lessons=tuple(lessons.values()), cells=cells, rolls=rolls,
                      period_marks=marks)
    settings = Settings(
        school=School(name="МБОУ «Средняя общеобразовательная школа № 1»"),
        class_=ClassInfo(name="7Б", teacher="Алексеева Марина Сергеевна"),
        year=Year(start=date(2026, 9, 1), end=date(2027, 5, 26), periods=default_periods(2026),
                  holidays=default_holidays(2026)),
        rules=Rules(),
    )
    class_ = ClassRecord(Path("класс.xlsx"), students=STUDENTS, absences=NOTES)
    return StatementInputs(class_, journal, settings, Q2, Q1, today)


MODULES = {"attendance": attendance, "preliminary": preliminary, "report": report,
           "summary": attendance_summary}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("Ведомости")
    inputs = make_inputs()
    return {key: module.write(folder, inputs) for key, module in MODULES.items()}


def values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def row_of(sheet: Worksheet, text: str, column: int = 1) -> list[Any]:
    """The values of the first row whose cell in `column` (0-based) is `text`."""
    found = [row for row in values(sheet) if len(row) > column and row[column] == text]
    assert found, f"no row «{text}» on «{sheet.title}»"
    return found[0]


def row_index(sheet: Worksheet, text: str, column: int = 1) -> int:
    """The 1-based number of that row."""
    for number, row in enumerate(values(sheet), start=1):
        if len(row) > column and row[column] == text:
            return number
    raise AssertionError(text)


def rounded(row: list[Any], digits: int = 3) -> list[Any]:
    return [round(v, digits) if isinstance(v, float) else v for v in row]


def book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


# ---- Statement 1: by months -------------------------------------------------------------

# Per month (Ноябрь 05.11–30.11, Декабрь 01.12–28.12) and the period: уроков всего, по болезни,
# по уважит., без уважит., дней. A day counts when every lesson of the day was missed.
MONTHLY = {
    # Nov: 17.11 three «н» under the illness note + 18.11 two «Б» = 5 по болезни, 2 days;
    # Dec: 08.12 lesson 1 «н» under the lesson note = 1 уважит.; lesson 2 attended → no day.
    IV: [5, 5, 0, 0, 2, 1, 0, 1, 0, 0, 6, 5, 1, 0, 2],
    # Nov: 10.11 «УП» twice = whole day; Dec: 02.12 «НП» (1 of 2), 16.12 «н» ×2 without a note.
    SO: [2, 0, 2, 0, 1, 3, 0, 0, 3, 1, 5, 0, 2, 3, 2],
    # Arrived 16.11: the «н» of 09.11 is not his; 24.11 «н» (1 of 2); 01.12 «Б» ×3 = a day.
    NO: [1, 0, 0, 1, 0, 3, 3, 0, 0, 1, 4, 3, 0, 1, 1],
    # Left 07.12: the «н» of 08.12 is not hers; 09.11 «н» ×2 under the «без уважительной» note.
    OR: [2, 0, 0, 2, 1, 0, 0, 0, 0, 0, 2, 0, 0, 2, 1],
    # «Б» in ОБЗР on 01.12 (1 of 3 lessons) and 15.12 (1 of 2): no whole day.
    KU: [0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 2, 2, 0, 0, 0],
    HY: [0] * 15,
}
MONTHLY_TOTAL = [10, 5, 2, 3, 4, 9, 5, 1, 3, 2, 19, 10, 3, 6, 6]
# ÷ 5 students on the roll on 28.12 (Орлова has left)
MONTHLY_PER_STUDENT = [2.0, 1.0, 0.4, 0.6, 0.8, 1.8, 1.0, 0.2, 0.6, 0.4,
                       3.8, 2.0, 0.6, 1.2, 1.2]


def test_monthly_content_matches_hand_count() -> None:
    data = attendance.content(make_inputs())
    assert [m.name for m in data.months] == ["Ноябрь", "Декабрь"]
    assert (data.months[0].start, data.months[1].end) == (Q2.start, Q2.end)
    assert [s.name for s in data.students] == [IV, SO, NO, OR, KU, HY]
    assert data.on_roll == 5
    assert data.movements == (f"{NO} — прибыл 16.11.2026", f"{OR} — выбыла 07.12.2026")


def test_monthly_sheet_cell_by_cell(files: dict[str, Path]) -> None:
    sheet = book(files["attendance"]).active
    assert files["attendance"].name == "Посещаемость_по_месяцам_7Б_2-я_четверть.xlsx"
    for number, (name, expected) in enumerate(MONTHLY.items(), start=1):
        assert row_of(sheet, name) == [number, name, *expected]
    assert row_of(sheet, "Итого") == [None, "Итого", *MONTHLY_TOTAL]
    per_student = next(r for r in values(sheet) if str(r[1]).startswith("На одного ученика"))
    assert rounded(per_student[2:]) == MONTHLY_PER_STUDENT
    groups = values(sheet)[row_index(sheet, "Фамилия, имя, отчество") - 1]  # merged down
    assert groups[2] == "Ноябрь (05.11–30.11)" and groups[7] == "Декабрь (01.12–28.12)"
    assert groups[12] == "За период (05.11.2026 – 28.12.2026)"
    texts = [r[0] for r in values(sheet) if isinstance(r[0], str)]
    assert f"{NO} — прибыл 16.11.2026" in texts and f"{OR} — выбыла 07.12.2026" in texts


def test_monthly_day_rule_counts_k_lessons() -> None:
    """day_lessons = 1: a single missed lesson makes a missed day."""
    inputs = make_inputs()
    strict = StatementInputs(inputs.class_, inputs.journal,
                             Settings(inputs.settings.school, inputs.settings.class_,
                                      inputs.settings.year, Rules(day_lessons=1)),
                             Q2, Q1, TODAY)
    days = {s.name: s.total.days_missed for s in attendance.content(strict).students}
    # Иванов 17.11, 18.11, 08.12; Соколова 10.11, 02.12, 16.12; Новиков 24.11, 01.12;
    # Орлова 09.11; Кузнецов 01.12, 15.12.
    assert days == {IV: 3, SO: 3, NO: 2, OR: 1, KU: 2, HY: 0}


def test_monthly_before_the_period_ends_stops_today() -> None:
    data = attendance.content(make_inputs(date(2026, 11, 30)))
    assert [m.name for m in data.months] == ["Ноябрь"]
    assert [s.name for s in data.students] == [IV, SO, NO, OR, KU, HY]
    assert data.on_roll == 6  # Орлова is still on the roll on 30.11
    assert [data.total.missed, data.total.days_missed] == [10, 4]


# ---- Statement 6: the year by periods ---------------------------------------------------

# Per period (Ч1, Ч2) and the year: дней, уроков, из них по болезни, опозданий; % за Ч2.
SUMMARY = {
    # Ч1: 06.10 «Б» ×2 = a day. Ч2: 22 lessons held, 6 missed → 16/22 = 72.7 %
    IV: [1, 2, 2, 0, 2, 6, 5, 1, 3, 8, 7, 1, 0.727],
    SO: [0, 0, 0, 1, 2, 5, 0, 0, 2, 5, 0, 1, 0.773],  # 17/22
    NO: [None] * 4 + [1, 4, 3, 0, 1, 4, 3, 0, 0.778],  # not on the roll in Ч1; 14/18
    OR: [0, 0, 0, 0, 1, 2, 0, 1, 1, 2, 0, 1, 0.875],  # 16 lessons before leaving, 14/16
    KU: [0, 1, 0, 0, 0, 2, 2, 0, 0, 3, 2, 0, 0.909],  # Ч1: ОБЗР «н» on 07.10 (1 of 2)
    HY: [0] * 12 + [1.0],
}
# % total: 122 lessons held by the six in Ч2, 19 missed → 103/122 = 84.4 %
SUMMARY_TOTAL = [1, 3, 2, 1, 6, 19, 10, 2, 7, 22, 12, 3, 0.844]


def test_summary_sheet_cell_by_cell(files: dict[str, Path]) -> None:
    sheet = book(files["summary"]).active
    assert files["summary"].name == "Сводная_ведомость_посещаемости_7Б_2-я_четверть.xlsx"
    for number, (name, expected) in enumerate(SUMMARY.items(), start=1):
        assert rounded(row_of(sheet, name)) == [number, name, *expected]
    assert rounded(row_of(sheet, "Итого")) == [None, "Итого", *SUMMARY_TOTAL]
    groups = values(sheet)[row_index(sheet, "Фамилия, имя, отчество") - 1]  # merged down
    assert groups[2] == "1-я четверть (01.09–24.10)"
    assert groups[6] == "2-я четверть (05.11–28.12)"
    assert groups[10] == "За год (01.09–28.12)"
    assert groups[14] == "% посещаемости (2-я четверть)"
    assert not any(str(r[0]).startswith("В выгрузках журнала нет уроков") for r in values(sheet))


def test_summary_says_when_a_period_has_no_lessons(tmp_path: Path) -> None:
    inputs = make_inputs()
    later = [lesson for lesson in inputs.journal.lessons if lesson.date >= Q2.start]
    cells = [cell for cell in inputs.journal.cells if cell.lesson.date >= Q2.start]
    journal = Journal(tuple(later), tuple(cells), inputs.journal.rolls,
                      inputs.journal.period_marks)
    bare = StatementInputs(inputs.class_, journal, inputs.settings, Q2, Q1, TODAY)
    data = attendance_summary.content(bare)
    assert [t.lessons for t in data.period_totals] == [0, 122]
    sheet = book(attendance_summary.write(tmp_path, bare)).active
    texts = [str(r[0]) for r in values(sheet)]
    assert "В выгрузках журнала нет уроков за: 1-я четверть — пропуски за этот период не " \
           "подсчитаны (выгрузите журнал за весь учебный год)." in texts


# ---- Statement 2: preliminary -----------------------------------------------------------

RED, YELLOW = "FFF8CBAD", "FFFFF2CC"


def test_preliminary_predictions() -> None:
    data = preliminary.content(make_inputs())
    assert [s.name for s in data.students] == [IV, SO, NO, KU, HY]  # Орлова has left
    predicted = {s.name: {p.subject: (p.predicted, p.at_risk, p.on_edge)
                          for p in s.predictions.values()} for s in data.students}
    # Иванов, Математика: (5·2 + 4 + 4) / 4 = 4.5 → 5, on the edge; 3 of 10 lessons missed = 30 %
    assert predicted[IV] == {MATH: (5, True, True), RUS: (4, False, False),
                             OBZR: (5, False, False)}
    # Новиков, ОБЗР: two marks (4, 4) and 1 of 3 lessons missed since his arrival
    assert predicted[NO] == {MATH: (2, False, False), RUS: (3, False, False),
                             OBZR: (4, True, False)}
    # Кузнецов: the «2» of Ч1 does not count; ОБЗР 2 of 4 lessons missed = 50 %
    assert predicted[KU] == {MATH: (5, False, False), RUS: (5, False, False),
                             OBZR: (5, True, False)}
    # Соколова Математика (3+3+4)/3 = 3.33 → 3
    assert predicted[SO] == {MATH: (3, False, False), RUS: (4, False, False),
                             OBZR: (4, False, False)}
    # the =HYPERLINK student, Русский язык (4+3+4+3)/4 = 3.5 → 4, on the edge of 3/4
    assert predicted[HY] == {MATH: (4, False, False), RUS: (4, False, True),
                             OBZR: (4, False, False)}
    # succeeding: all but Новиков = 4 of 5; quality: Иванов, Кузнецов, =HYPERLINK = 3 of 5
    assert (data.indicators.progress, data.indicators.quality) == (80.0, 60.0)


def test_preliminary_before_the_end_counts_lessons_so_far() -> None:
    data = preliminary.content(make_inputs(date(2026, 11, 30)))
    assert [s.name for s in data.students] == [IV, SO, NO, OR, KU, HY]  # Орлова still here
    iv = data.students[0].predictions[MATH]
    # 5 lessons of Математика in November, 2 missed (17.11, 18.11) = 40 %
    assert (iv.lessons, iv.missed, iv.at_risk, iv.predicted) == (5, 2, True, 5)
    assert preliminary.risk_reasons(iv) == ["пропущено 40% уроков"]


def test_preliminary_exempt_subject() -> None:
    """All ОБЗР lessons «ОСВ» and no marks: «осв», no risk, not in the category."""
    cells = {code: dict(by_student) for code, by_student in CELLS.items()}
    for code in ("O1", "O2", "O3", "O4"):
        cells[code][HY] = "ОСВ"
    data = preliminary.content(make_inputs(cells_given=cells))
    hy = data.students[-1]
    assert hy.exempt == {OBZR} and OBZR not in hy.predictions
    assert preliminary.cell_of(hy, data.subjects[2]) == "осв"
    assert hy.result.category.value == "хорошист" and not hy.risks


def fill(sheet: Worksheet, row: int, col: int) -> str:
    return str(sheet.cell(row, col).fill.fgColor.rgb)


def test_preliminary_marks_sheet(files: dict[str, Path]) -> None:
    sheet = book(files["preliminary"])["Прогноз отметок"]
    header = values(sheet)[row_index(sheet, "Фамилия, имя, отчество") - 1]
    assert header[2:] == [MATH, RUS, OBZR, "Прогноз категории"]
    assert row_of(sheet, IV) == [1, IV, 5, 4, 5, "с одной «4»"]
    assert row_of(sheet, SO) == [2, SO, 3, 4, 4, "с одной «3»"]
    assert row_of(sheet, NO) == [3, NO, 2, 3, 4, "неуспевающий по одному предмету"]
    assert row_of(sheet, KU) == [5, KU, 5, 5, 5, "отличник"]
    assert row_of(sheet, HY) == [6, HY, 4, 4, 4, "хорошист"]
    iv, no, ku, hy = (row_index(sheet, n) for n in (IV, NO, KU, HY))
    assert (fill(sheet, iv, 3), fill(sheet, no, 5), fill(sheet, ku, 5)) == (RED,) * 3
    assert fill(sheet, hy, 4) == YELLOW  # on the edge, not at risk
    assert fill(sheet, iv, 4) not in (RED, YELLOW) and fill(sheet, hy, 3) not in (RED, YELLOW)
    texts = " ".join(str(r[0]) for r in values(sheet) if isinstance(r[0], str))
    assert "успеваемость 80,0 %, качество знаний 60,0 %" in texts
    assert "риском «н/а» — 3" in texts


def test_preliminary_categories_and_risks(files: dict[str, Path]) -> None:
    found = book(files["preliminary"])
    lists = [r for r in values(found["Категории"]) if r[2] in (IV, SO, NO, KU, HY)]
    assert lists == [
        ["Отличники", 5, KU, ""],
        ["С одной «4»", 1, IV, f"{RUS} ({TEACHER[RUS]})"],
        ["Хорошисты", 6, HY, ""],
        ["С одной «3»", 2, SO, f"{MATH} ({TEACHER[MATH]})"],
        ["Неуспевающие по одному предмету", 3, NO, f"{MATH} ({TEACHER[MATH]})"],
        ["Риск «н/а»", 1, IV, f"{MATH} ({TEACHER[MATH]}): пропущено 30% уроков"],
        ["", 3, NO, f"{OBZR} ({TEACHER[OBZR]}): 2 отметки при норме 3, "
                    "пропущено 33,3% уроков"],
        ["", 5, KU, f"{OBZR} ({TEACHER[OBZR]}): пропущено 50% уроков"],
    ]
    risks = [rounded(r) for r in values(found["Риск неаттестации"]) if r[1] in (IV, NO, KU)]
    assert risks == [
        [1, IV, MATH, TEACHER[MATH], 3, 4.5, 10, 3, 0.3, "пропущено 30% уроков"],
        [3, NO, OBZR, TEACHER[OBZR], 2, 4.0, 3, 1, 0.333,
         "2 отметки при норме 3, пропущено 33,3% уроков"],
        [5, KU, OBZR, TEACHER[OBZR], 3, 5.0, 4, 2, 0.5, "пропущено 50% уроков"],
    ]


# ---- Statement 3: the class teacher's report --------------------------------------------

def test_report_contingent_indicators_attendance(files: dict[str, Path]) -> None:
    sheet = book(files["report"])["Отчёт"]
    rows = values(sheet)
    start = row_index(sheet, "На начало периода", 0)
    assert rows[start][:4] == [5, 1, 1, 5]  # 5 on 05.11, Новиков arrived, Орлова left
    # Ч1: 4 of 5 succeed (80 %), 3 good (60 %), grades 61/15 = 4.07;
    # Ч2: Иванов, Соколова, Кузнецов succeed (60 %), Иванов, Кузнецов good (40 %), 53/14 = 3.79
    expected = {
        "Обучающихся на конец периода": [5, 5, 0],
        "Успеваемость, %": [0.8, 0.6, -20.0],
        "Качество знаний, %": [0.6, 0.4, -20.0],
        "Средний балл": [4.07, 3.79, -0.28],
        "Отличники": [1, 1, 0], "С одной «4»": [1, 1, 0], "Хорошисты": [1, 0, -1],
        "С одной «3»": [0, 1, 1], "Троечники": [1, 0, -1],
        "Неуспевающие по одному предмету": [1, 0, -1],
        "Неуспевающие по двум предметам": [0, 1, 1],
        "Неуспевающие по трём и более предметам": [0, 0, 0],
        "Не аттестованы": [0, 1, 1],
    }  # fmt: skip
    header = rows[row_index(sheet, "Показатель", 0) - 1]
    assert header[:4] == ["Показатель", "1-я четверть", "2-я четверть", "Изменение"]
    for title, numbers in expected.items():
        assert rounded(row_of(sheet, title, 0)[1:4], 2) == numbers, title
    assert not any(r[0] == "Без итоговых отметок" for r in rows)
    change = sheet.cell(row_index(sheet, "Успеваемость, %", 0), 4)
    assert change.number_format == "+0.0;-0.0;0.0"
    attended = row_index(sheet, "Уроков пропущено всего", 0)
    assert rounded(rows[attended]) == [19, 10, 3, 6, 6, 3.8, 1.2, 0.844]


def test_report_categories_with_subjects_and_teachers(files: dict[str, Path]) -> None:
    sheet = book(files["report"])["Категории"]
    lists = [r for r in values(sheet) if r[2] in (IV, SO, NO, OR, KU, HY)]
    assert lists == [
        ["Отличники", 5, KU, ""],
        ["С одной «4»", 1, IV, f"{RUS} ({TEACHER[RUS]})"],
        # the period mark names no teacher: the teacher of her lessons is taken
        ["С одной «3»", 2, SO, f"{MATH} ({TEACHER[MATH]})"],
        ["Неуспевающие по двум предметам", 6, HY,
         f"{MATH} ({TEACHER[MATH]}); {RUS} ({TEACHER[RUS]})"],
        ["Не аттестованы", 3, NO,
         f"н/а: {OBZR} ({TEACHER[OBZR]}); «2»: {MATH} ({TEACHER[MATH]})"],
    ]  # Орлова has left: her Ч2 mark is not counted


def test_report_without_previous_marks() -> None:
    inputs = make_inputs()
    bare = StatementInputs(inputs.class_, inputs.journal, inputs.settings, Q2, None, TODAY)
    data = report.content(bare)
    assert data.labels == (None, "2-я четверть")
    assert all(i.previous is None and i.change is None for i in data.indicators)


# ---- All four files ---------------------------------------------------------------------

def test_print_setup_and_title_block(files: dict[str, Path]) -> None:
    for key, path in files.items():
        found = book(path)
        for sheet in found.worksheets:
            assert sheet.page_setup.orientation == "landscape", (key, sheet.title)
            assert sheet.page_setup.paperSize == 9
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            # 1 is the OOXML default, which xlsxwriter leaves out; the report's first sheet
            # (contingent, indicators, attendance) is kept on one page
            one_page = (key, sheet.title) == ("report", "Отчёт")
            width, height = sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight
            assert (width or 1, 1 if height is None else height) == (1, int(one_page))
            assert "Стр. &P из &N" in sheet.oddFooter.center.text
            assert "Средняя общеобразовательная школа" in sheet.oddHeader.left.text
            assert sheet.oddHeader.right.text.endswith("7Б")
            assert sheet["A1"].value == MODULES[key].TITLE
            texts = [r[0] for r in values(sheet) if isinstance(r[0], str)]
            assert "Классный руководитель ____________________ /Алексеева М.С./" in texts
            assert "Дата: 28.12.2026" in texts
        main = found.worksheets[0] if key != "report" else found["Категории"]
        assert main.print_title_rows and main.freeze_panes, key


def test_names_stay_text_and_no_formulas(files: dict[str, Path]) -> None:
    for path in files.values():
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    assert b"<f>" not in archive.read(name), (path.name, name)
    sheet = book(files["attendance"]).active
    cell = sheet.cell(row_index(sheet, HY), 2)
    assert cell.data_type == "s" and cell.value == HY


def test_long_subject_header_wraps(files: dict[str, Path]) -> None:
    sheet = book(files["preliminary"])["Прогноз отметок"]
    row = row_index(sheet, "Фамилия, имя, отчество")
    header = sheet.cell(row, 5)
    assert header.value == OBZR and header.alignment.wrap_text
    assert sheet.row_dimensions[row].height > 30


def test_writing_never_overwrites_an_input(tmp_path: Path) -> None:
    from ejournal_sheets.errors import OutputError

    target = tmp_path / "Посещаемость_по_месяцам_7Б_2-я_четверть.xlsx"
    target.write_bytes(b"teacher's file")
    with pytest.raises(OutputError):
        attendance.write(tmp_path, make_inputs(), [target])
    assert target.read_bytes() == b"teacher's file"


@pytest.fixture(scope="module")
def pdfs(files: dict[str, Path], soffice: str,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run([soffice, f"-env:UserInstallation=file://{out}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files.values())],
                   check=True, capture_output=True, timeout=180)
    yield {key: out / f"{path.stem}.pdf" for key, path in files.items()}


def test_libreoffice_prints_every_statement(pdfs: dict[str, Path]) -> None:
    for key, pdf in pdfs.items():
        assert pdf.exists() and pdf.stat().st_size > 1000, key
        assert pdf.read_bytes().startswith(b"%PDF"), key
