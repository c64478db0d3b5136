"""Statements 4, 5 and 7 read back with openpyxl: figures cell by cell, highlights, print setup.

The class (every figure below is derived by hand from these literals):

| № | Ученик                     | Ч1 (Рус Мат Физ Проект) | Ч2 (Рус Мат Физ Проект) | в классе    |
|---|----------------------------|-------------------------|-------------------------|-------------|
| 1 | Иванов Пётр Сергеевич      | 5 5 5 5                 | 5 5 5 5   отличник      | весь год    |
| 2 | Соколова Анна Ильинична    | 5 5 4 5                 | 5 4 5 5   с одной «4»   | весь год    |
| 3 | Петров Илья Андреевич      | 3 3 4 3                 | 3 2 4 3   неусп. по 1   | весь год    |
| 4 | =HYPERLINK("x") Тест       | 4 4 5 4                 | 4 4 осв 5 хорошист      | весь год    |
| 5 | Новикова Мария Олеговна    | —                       | н/а 3 5 4 не аттест.    | с 16.11     |
| 6 | Кузнецов Олег Романович    | 4 3 5 4                 | 4 (left: not counted)   | до 01.12    |
| 7 | Смирнов Глеб Иванович      | 4 4 4 4                 | —                       | до 12.10    |

Ч2 on the roll at 28.12: № 1–5.
- Русский язык: 5 5 3 4 н/а → N 5; «5» 2, «4» 1, «3» 1, н/а 1; 80 %, 60 %,
  СОУ 307/5 = 61,4 %, 17/4 = 4,25
- Математика: 5 4 2 4 3 → N 5; 1 2 1 «2» 1; 80 %, 60 %, СОУ 280/5 = 56 %, 18/5 = 3,6
- Физическая культура: 5 5 4 осв 5 → N 4; 3 1; 100 %, 100 %, СОУ 364/4 = 91 %, 19/4 = 4,75
- the 40-character project: 5 5 3 5 4 → N 5; 3 1 1; 100 %, 80 %, СОУ 400/5 = 80 %, 22/5 = 4,4
- Итого: N 19; 9 5 3 1 н/а 1; 17/19 = 89,5 %, 14/19 = 73,7 %, 1351/19 = 71,1 %, 76/18 = 4,22
- students: 1 отличник, 1 с одной «4», 1 хорошист, 1 неуспевающий по одному, 1 не аттестован;
  успевают 3 of 5 = 60 %, качество 3 of 5 = 60 %.
Movement in Ч2 (05.11–28.12): on the roll 05.11 — № 1–4, 6 = 5; прибыла № 5 (16.11), выбыл № 6
(01.12); 28.12 — 5.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ejournal_sheets.codes import Mark, MarkKind
from ejournal_sheets.errors import OutputError
from ejournal_sheets.journal_model import Journal, Lesson, PeriodMark
from ejournal_sheets.model import ClassRecord, Event, Movement, Student
from ejournal_sheets.settings import (
    ClassInfo,
    DateRange,
    School,
    Settings,
    Year,
    default_holidays,
    default_periods,
)
from ejournal_sheets.statements import marks_summary, movement, results
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import period_label
from ejournal_sheets.statements.registry import STATEMENTS, select

PERIODS = default_periods(2026)
Q1, Q2 = PERIODS[0], PERIODS[1]
TODAY = date(2026, 12, 29)
PROJECT = "Индивидуальный проект по истории региона"  # 40 characters
SUBJECTS = {"Русский язык": "Смирнова Елена Викторовна", "Математика": "Козлов Андрей Петрович",
            "Физическая культура": "Орлов Денис Игоревич", PROJECT: "Белова Ирина Сергеевна"}
HYPERLINK = '=HYPERLINK("x")'
BAD_FILL = "FFF8CBAD"

STUDENTS = (
    Student(2, 1, "Иванов", "Пётр", "Сергеевич", "М", date(2013, 3, 14)),
    Student(3, 2, "Соколова", "Анна", "Ильинична", "Ж", date(2013, 7, 2)),
    Student(4, 3, "Петров", "Илья", "Андреевич", "М", date(2013, 1, 20)),
    Student(5, 4, HYPERLINK, "Тест", None, "М", date(2013, 5, 5)),
    Student(6, 5, "Новикова", "Мария", "Олеговна", "Ж", date(2013, 9, 9),
            arrival_date=date(2026, 11, 16)),
    Student(7, 6, "Кузнецов", "Олег", "Романович", "М", date(2012, 12, 1),
            leaving_date=date(2026, 12, 1)),
    Student(8, 7, "Смирнов", "Глеб", "Иванович", "М", date(2013, 2, 2),
            leaving_date=date(2026, 10, 12)),
)
MOVEMENTS = (
    Movement(2, 7, None, Event.LEFT, date(2026, 10, 12), "95-у", "МБОУ СОШ № 3 г. Тулы"),
    Movement(3, 5, None, Event.ARRIVED, date(2026, 11, 16), "112-у", "МБОУ СОШ № 5 г. Тулы"),
    Movement(4, 6, None, Event.LEFT, date(2026, 12, 1), "120-у", "г. Москва, ГБОУ Школа № 1500"),
)
# Period marks per student, subjects in SUBJECTS order; «осв» and «н/а» as the journal has them.
Q1_MARKS = {1: "5555", 2: "5545", 3: "3343", 4: "4454", 6: "4354", 7: "4444"}
Q2_MARKS = {1: ["5", "5", "5", "5"], 2: ["5", "4", "5", "5"], 3: ["3", "2", "4", "3"],
            4: ["4", "4", "осв", "5"], 5: ["н/а", "3", "5", "4"], 6: ["4", None, None, None]}


def mark(text: str) -> Mark:
    if text.isdigit():
        return Mark(MarkKind.GRADE, int(text))
    return Mark(MarkKind(text), text=text)


def period_marks() -> Iterator[PeriodMark]:
    names = {s.number: s.name for s in STUDENTS}
    for period, table in (("Ч1", Q1_MARKS), ("Ч2", Q2_MARKS)):
        for number, row in table.items():
            for (subject, teacher), text in zip(SUBJECTS.items(), row, strict=True):
                if text:
                    yield PeriodMark(names[number], subject, period, mark(text), teacher)


def lessons() -> Iterator[Lesson]:
    for offset in range(0, 50, 7):
        for subject, teacher in SUBJECTS.items():
            yield Lesson(Q2.start + timedelta(days=offset), subject, teacher)


def make_inputs(students: tuple[Student, ...] = STUDENTS,
                movements: tuple[Movement, ...] = MOVEMENTS,
                marks: tuple[PeriodMark, ...] | None = None,
                period: DateRange = Q2) -> StatementInputs:
    settings = Settings(
        school=School(name="МБОУ «Средняя общеобразовательная школа № 5» г. Тулы"),
        class_=ClassInfo(name="7Б", teacher="Алексеева Марина Сергеевна"),
        year=Year(date(2026, 9, 1), date(2027, 5, 26), "четверти", 5, PERIODS,
                  default_holidays(2026)),
    )
    journal = Journal(lessons=tuple(lessons()),
                      period_marks=tuple(period_marks()) if marks is None else marks)
    class_ = ClassRecord(Path("класс.xlsx"), students=students, movements=movements)
    return StatementInputs(class_, journal, settings, period, None, TODAY)


@pytest.fixture
def inputs() -> StatementInputs:
    return make_inputs()


def values(sheet: Worksheet, row: int) -> list[Any]:
    return [c.value for c in sheet[row]]


def find_row(sheet: Worksheet, text: str, column: int = 1) -> int:
    """1-based row whose cell in `column` (1-based) starts with the text."""
    for row in sheet.iter_rows(min_col=column, max_col=column):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith(text):
            return cell.row
    raise AssertionError(f"нет строки «{text}»")


def fill(sheet: Worksheet, ref: str) -> str | None:
    return sheet[ref].fill.fgColor.rgb if sheet[ref].fill.fill_type else None


# Statement 4 — Итоги успеваемости


def test_results_content_by_hand(inputs: StatementInputs) -> None:
    found = results.content(inputs)
    rows = [(s.subject, s.n, s.n5, s.n4, s.n3, s.n2, s.n_na) for s in found.subjects]
    assert rows == [("Русский язык", 5, 2, 1, 1, 0, 1), ("Математика", 5, 1, 2, 1, 1, 0),
                    ("Физическая культура", 4, 3, 1, 0, 0, 0), (PROJECT, 5, 3, 1, 1, 0, 0)]
    total = found.total
    assert (total.n, total.n5, total.n4, total.n3, total.n2, total.n_na) == (19, 9, 5, 3, 1, 1)
    assert found.indicators.on_roll == 5
    assert (found.indicators.succeeding, found.indicators.good) == (3, 3)
    assert found.notes == ("Не входят в N: Физическая культура (осв — 1).",)


@pytest.fixture
def results_sheet(tmp_path: Path, inputs: StatementInputs) -> Worksheet:
    path = results.write(tmp_path, inputs)
    assert path.name == "Итоги_успеваемости_7Б_2-я_четверть.xlsx"
    return openpyxl.load_workbook(path).active


def test_results_table(results_sheet: Worksheet) -> None:
    sheet = results_sheet
    header = find_row(sheet, "Предмет")
    assert values(sheet, header)[:4] == ["Предмет", "Учитель", "Аттестовано (N)", "«5»"]
    first = header + 1
    assert values(sheet, first) == ["Русский язык", "Смирнова Елена Викторовна", 5, 2, 1, 1,
                                    0, 1, 0.8, 0.6, 0.614, 4.25]
    assert values(sheet, first + 1) == ["Математика", "Козлов Андрей Петрович", 5, 1, 2, 1,
                                        1, 0, 0.8, 0.6, 0.56, 3.6]
    assert values(sheet, first + 2)[2:] == [4, 3, 1, 0, 0, 0, 1, 1, 0.91, 4.75]
    assert values(sheet, first + 3)[:3] == [PROJECT, "Белова Ирина Сергеевна", 5]
    assert values(sheet, first + 3)[8:] == [1, 0.8, 0.8, 4.4]
    total = values(sheet, first + 4)
    assert total == ["Итого по классу", None, 19, 9, 5, 3, 1, 1, 0.895, 0.737, 0.711, 4.22]
    assert sheet.cell(first + 4, 1).font.b
    assert sheet.cell(first, 9).number_format == "0.0%"
    assert sheet.cell(first, 12).number_format == "0.00"


def test_results_highlight_two_and_na(results_sheet: Worksheet) -> None:
    first = find_row(results_sheet, "Предмет") + 1
    assert fill(results_sheet, f"H{first}") == BAD_FILL  # н/а in Русский язык
    assert fill(results_sheet, f"G{first}") is None  # no «2» there
    assert fill(results_sheet, f"G{first + 1}") == BAD_FILL  # «2» in Математика
    assert fill(results_sheet, f"H{first + 1}") is None


def test_results_class_indicators(results_sheet: Worksheet) -> None:
    sheet = results_sheet
    assert values(sheet, find_row(sheet, "Обучающихся на конец"))[:3] == [
        "Обучающихся на конец периода", 5, None]
    assert values(sheet, find_row(sheet, "Отличники"))[:3] == ["Отличники (все «5»)", 1, 0.2]
    assert values(sheet, find_row(sheet, "Троечники"))[:3] == ["Троечники", 0, 0]
    failing = find_row(sheet, "Неуспевающие по одному")
    assert values(sheet, failing)[1:3] == [1, 0.2]
    assert fill(sheet, f"B{failing}") == BAD_FILL
    assert values(sheet, find_row(sheet, "Не аттестованы"))[1:3] == [1, 0.2]
    assert values(sheet, find_row(sheet, "Успевают"))[1:3] == [3, 0.6]
    assert values(sheet, find_row(sheet, "На «4» и «5»"))[1:3] == [3, 0.6]
    assert values(sheet, find_row(sheet, "Средний балл"))[2] == 4.22
    with pytest.raises(AssertionError):
        find_row(sheet, "Без итоговых отметок")


# Statement 5 — Сводная ведомость успеваемости


@pytest.fixture
def marks_sheet(tmp_path: Path, inputs: StatementInputs) -> Worksheet:
    path = marks_summary.write(tmp_path, inputs)
    assert path.name == "Сводная_ведомость_успеваемости_7Б_2-я_четверть.xlsx"
    return openpyxl.load_workbook(path).active


def test_marks_content_rows_per_period(inputs: StatementInputs) -> None:
    found = marks_summary.content(inputs)
    assert found.periods == ("I четв.", "II четв.")
    assert [s.name for s in found.subjects] == list(SUBJECTS)
    assert [s.number for s in found.students] == [1, 2, 3, 4, 5, 6, 7]
    notes = {s.number: s.note for s in found.students if s.note}
    assert notes == {5: "прибыла 16.11.2026", 6: "выбыл 01.12.2026", 7: "выбыл 12.10.2026"}


def test_marks_table(marks_sheet: Worksheet) -> None:
    sheet = marks_sheet
    header = find_row(sheet, "№")
    assert values(sheet, header) == ["№", "ФИО обучающегося", "Период", *SUBJECTS]
    assert sheet.cell(header, 4).alignment.textRotation == 90
    ivanov = header + 1
    assert values(sheet, ivanov) == [1, "Иванов Пётр Сергеевич", "I четв.", 5, 5, 5, 5]
    assert values(sheet, ivanov + 1) == [None, None, "II четв.", 5, 5, 5, 5]
    assert f"A{ivanov}:A{ivanov + 1}" in sheet.merged_cells
    assert f"B{ivanov}:B{ivanov + 1}" in sheet.merged_cells
    petrov = find_row(sheet, "Петров", 2)
    assert values(sheet, petrov + 1)[2:] == ["II четв.", 3, 2, 4, 3]
    novikova = find_row(sheet, "Новикова", 2)
    assert sheet.cell(novikova, 2).value == "Новикова Мария Олеговна\n(прибыла 16.11.2026)"
    assert values(sheet, novikova)[3:] == [None, None, None, None]  # arrived in Ч2
    assert values(sheet, novikova + 1)[3:] == ["н/а", 3, 5, 4]
    hyperlink = find_row(sheet, HYPERLINK, 2)
    assert values(sheet, hyperlink + 1)[3:] == [4, 4, "осв", 5]
    kuznetsov = find_row(sheet, "Кузнецов", 2)
    assert values(sheet, kuznetsov + 1)[3:] == [4, None, None, None]  # left during Ч2
    assert isinstance(sheet.cell(ivanov, 4).value, int)


def test_marks_highlight(marks_sheet: Worksheet) -> None:
    petrov = find_row(marks_sheet, "Петров", 2) + 1
    assert fill(marks_sheet, f"E{petrov}") == BAD_FILL  # «2» in Математика
    assert fill(marks_sheet, f"D{petrov}") is None  # «3»
    novikova = find_row(marks_sheet, "Новикова", 2) + 1
    assert fill(marks_sheet, f"D{novikova}") == BAD_FILL  # «н/а»
    hyperlink = find_row(marks_sheet, HYPERLINK, 2) + 1
    assert fill(marks_sheet, f"F{hyperlink}") is None  # «осв» is not a failure


def test_marks_year_rows_only_when_the_journal_has_them() -> None:
    year = PeriodMark("Иванов Пётр Сергеевич", "Математика", "Год", mark("5"))
    found = marks_summary.content(make_inputs(marks=(*period_marks(), year)))
    assert found.periods == ("I четв.", "II четв.", "Год")
    ivanov = found.students[0]
    assert [str(m) if m else None for m in ivanov.rows[2]] == [None, "5", None, None]


def test_marks_page_breaks_keep_each_student_together(tmp_path: Path) -> None:
    students = tuple(replace(STUDENTS[0], row=n + 2, number=n + 1, last_name=f"Иванов{n}")
                     for n in range(40))
    path = marks_summary.write(tmp_path, make_inputs(students=students, movements=()))
    sheet = openpyxl.load_workbook(path).active
    starts = [b.id + 1 for b in sheet.row_breaks.brk]  # brk id: the last row of a page
    assert len(starts) >= 2
    first = find_row(sheet, "№") + 1
    assert all((row - first) % 2 == 0 for row in starts)  # a break only between blocks


# Statement 7 — Движение


@pytest.fixture
def movement_sheet(tmp_path: Path, inputs: StatementInputs) -> Worksheet:
    path = movement.write(tmp_path, inputs)
    assert path.name == "Движение_обучающихся_7Б_2-я_четверть.xlsx"
    return openpyxl.load_workbook(path).active


def test_movement_counts(movement_sheet: Worksheet) -> None:
    sheet = movement_sheet
    start = find_row(sheet, "На начало периода", 2)
    assert [values(sheet, start + n)[:3] for n in range(4)] == [
        [1, "На начало периода (05.11.2026)", 5], [2, "Прибыло", 1], [3, "Выбыло", 1],
        [4, "На конец периода (28.12.2026)", 5]]


def test_movement_detail(movement_sheet: Worksheet) -> None:
    sheet = movement_sheet
    first = find_row(sheet, "ФИО обучающегося", 2) + 1
    assert values(sheet, first) == [1, "Новикова Мария Олеговна", datetime(2013, 9, 9), "прибыла",
                                    datetime(2026, 11, 16), "112-у", "МБОУ СОШ № 5 г. Тулы"]
    assert values(sheet, first + 1) == [2, "Кузнецов Олег Романович", datetime(2012, 12, 1),
                                        "выбыл", datetime(2026, 12, 1), "120-у",
                                        "г. Москва, ГБОУ Школа № 1500"]
    assert sheet.cell(first, 5).number_format == "dd.mm.yyyy"
    assert sheet.cell(first + 2, 1).value is None  # Смирнов left in Ч1: not in Ч2
    with pytest.raises(AssertionError):
        find_row(sheet, "Сверка")


def test_movement_on_the_first_day_counts_at_the_start() -> None:
    """As in statement 3: on the roll on the first day is «на начало», not «прибыло»; one who
    arrived and left the same day was never on the roll."""
    arrived = replace(STUDENTS[4], arrival_date=Q2.start)
    never = Student(9, 8, "Гостев", "Иван", None, "М", arrival_date=date(2026, 12, 2),
                    leaving_date=date(2026, 12, 2))
    students = (*STUDENTS[:4], arrived, *STUDENTS[5:], never)
    moves = (replace(MOVEMENTS[1], date=Q2.start), MOVEMENTS[2])
    found = movement.content(make_inputs(students=students, movements=moves))
    counts = found.contingent
    assert (counts.at_start, counts.arrived, counts.left, counts.at_end) == (6, 0, 1, 5)
    assert [e.student.number for e in found.entries] == [6]
    assert found.notes == ()


def test_movement_cross_check_with_the_movement_sheet() -> None:
    moves = (replace(MOVEMENTS[1], date=date(2026, 11, 17)),  # a day off «Ученики»
             Movement(9, None, "Сидоров Иван", Event.ARRIVED, date(2026, 12, 2)))
    found = movement.content(make_inputs(movements=moves))
    assert (found.contingent.arrived, found.contingent.left) == (1, 1)
    assert [(e.student.number, e.order) for e in found.entries] == [(5, "112-у"), (6, None)]
    assert found.notes == (
        "Новикова Мария Олеговна: на листе «Ученики» прибыла 16.11.2026, а на листе «Движение» "
        "— 17.11.2026.",
        "Кузнецов Олег Романович: выбыл 01.12.2026 — нет записи на листе «Движение» "
        "(нет № приказа).",
        "На листе «Движение» (строка 9): Сидоров Иван — «прибыл» 02.12.2026, а на листе "
        "«Ученики» такой даты нет; в подсчёт не включено.",
    )


def test_no_movement_line(tmp_path: Path) -> None:
    stayed = tuple(replace(s, arrival_date=None, leaving_date=None) for s in STUDENTS)
    path = movement.write(tmp_path, make_inputs(students=stayed, movements=()))
    sheet = openpyxl.load_workbook(path).active
    assert sheet.cell(find_row(sheet, "Движения"), 1).value == movement.NO_MOVEMENT
    assert values(sheet, find_row(sheet, "Прибыло", 2))[2] == 0
    assert values(sheet, find_row(sheet, "На конец", 2))[2] == 7


# All three: file, print setup, text safety, registry, PDF


WRITERS = (results, marks_summary, movement)


@pytest.fixture
def written(tmp_path: Path, inputs: StatementInputs) -> list[Path]:
    return [module.write(tmp_path / "Ведомости", inputs) for module in WRITERS]


def test_print_setup(written: list[Path]) -> None:
    for path in written:
        sheet = openpyxl.load_workbook(path).active
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 9, 0)
        assert setup.fitToWidth in (None, 1)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows and sheet.freeze_panes, path.name
        header_row = int(sheet.print_title_rows.split(":")[0].strip("$"))
        assert sheet.freeze_panes.startswith(tuple("ABCD")) and header_row > 4
        assert sheet.oddFooter.center.text == "Стр. &P из &N"
        assert sheet.oddHeader.right.text == "Класс: 7Б"
        assert sheet.cell(find_row(sheet, "Классный руководитель _"), 1).value.endswith(
            "/Алексеева М.С./")


def test_titles(written: list[Path]) -> None:
    titles = [openpyxl.load_workbook(p).active.cell(1, 1).value for p in written]
    assert titles == [m.TITLE for m in WRITERS]


def test_formula_like_names_stay_text(written: list[Path]) -> None:
    sheet = openpyxl.load_workbook(written[1]).active
    cell = sheet.cell(find_row(sheet, HYPERLINK, 2), 2)
    assert cell.data_type == "s" and cell.value == f"{HYPERLINK} Тест"
    for path in written:
        assert not any(c.data_type == "f" for row in openpyxl.load_workbook(path).active.iter_rows()
                       for c in row)


def test_long_subject_name(written: list[Path]) -> None:
    results_sheet, marks_sheet = (openpyxl.load_workbook(p).active for p in written[:2])
    assert results_sheet.cell(find_row(results_sheet, PROJECT), 1).value == PROJECT
    header = find_row(marks_sheet, "№")
    assert marks_sheet.cell(header, 7).value == PROJECT
    assert marks_sheet.row_dimensions[header].height >= 100  # rotated in two lines, whole


def test_output_never_overwrites_an_input(tmp_path: Path, inputs: StatementInputs) -> None:
    first = results.write(tmp_path, inputs)
    with pytest.raises(OutputError):
        results.write(tmp_path, inputs, [first])


def test_registry_order_and_selection() -> None:
    assert [(s.number, s.key) for s in STATEMENTS] == [
        (1, "attendance"), (2, "preliminary"), (3, "report"), (4, "results"), (5, "marks"),
        (6, "attendance-summary"), (7, "movement")]
    assert [s.key for s in select(["movement", "4"])] == ["results", "movement"]
    assert select([]) == STATEMENTS
    with pytest.raises(ValueError, match="Неизвестная ведомость: итоги"):
        select(["итоги"])
    for spec in STATEMENTS[3:5] + STATEMENTS[6:]:
        module = spec.load()
        assert module.KIND and module.TITLE


def test_registry_writes(tmp_path: Path, inputs: StatementInputs) -> None:
    path = STATEMENTS[3].write(tmp_path, inputs)
    assert path.name == "Итоги_успеваемости_7Б_2-я_четверть.xlsx"


def test_pdf(written: list[Path], soffice: str, tmp_path: Path) -> None:
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, written)],
                   check=True, capture_output=True, timeout=180)
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == sorted(p.with_suffix(".pdf").name for p in written)
    assert all((out / name).stat().st_size > 5000 for name in pdfs)


@pytest.mark.parametrize(("kind", "name", "label"), [
    ("четверти", "Ч2", "2-я четверть"), ("триместры", "Т1", "1-й триместр"),
    ("полугодия", "П1", "1-е полугодие"), ("четверти", "Год", "Год")])
def test_period_label(kind: str, name: str, label: str) -> None:
    assert period_label(DateRange(name, Q2.start, Q2.end), kind) == label


def test_page_header_survives_a_class_name_starting_with_a_digit(written: list[Path]) -> None:
    """«&8» + «7Б» would read as font size 87: the class goes after «Класс: »."""
    sheet = openpyxl.load_workbook(written[0]).active
    assert sheet.oddHeader.right.size == 8 and sheet.oddHeader.right.text == "Класс: 7Б"
