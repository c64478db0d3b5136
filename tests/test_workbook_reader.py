"""Reading класс.xlsx: sheets, headers, rows and cells of BAD_INPUTS.md get their outcomes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.styles import Font

from ejournal_sheets import grids
from ejournal_sheets.model import Channel, Reason
from ejournal_sheets.problems import Severity, flatten
from ejournal_sheets.workbook import read_class
from tests.conftest import VALID, sheet_rows


@pytest.fixture(autouse=True, params=["calamine", "openpyxl"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs with both readers of grids.py: each must give the same outcome."""
    if request.param == "openpyxl":
        monkeypatch.setattr(grids, "_calamine_sheets", lambda path: None)
    return str(request.param)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def codes(problems: list) -> list[tuple[str, str | None, str]]:
    return flatten(problems)


def test_valid_class_reads_without_problems(make_workbook) -> None:
    path = make_workbook()
    before = digest(path)
    record, problems = read_class(path)
    assert problems == []
    assert [s.name for s in record.students] == ["Иванов Пётр Сергеевич",
                                                 "Соколова Анна Ильинична"]
    assert record.students[0].birth_date == date(2013, 3, 14)
    mother = record.parents[0]
    assert (mother.channel, mother.email, mother.phone) == (
        Channel.EMAIL, "ivanova@example.ru", "+79123456789")
    assert [c.electronic for c in record.consents] == [True, False]
    assert record.absences[0].reason is Reason.ILL
    assert record.where("Родители", 3, "channel").cell == "I3"
    assert digest(path) == before


def test_title_rows_above_header_and_header_spelling(make_workbook) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Ученики"]
        sheet.insert_rows(1, 2)
        sheet["A1"] = "Список 7Б класса"
        sheet.merge_cells("A1:F1")
        sheet["B3"] = "  фамилия\u00a0"
        sheet["F3"] = "ДАТА РОЖДЕНИЯ"
        sheet["D3"] = "Отчёство"  # ё where the template has е

    record, problems = read_class(make_workbook(edit=edit))
    assert problems == []
    assert [s.row for s in record.students] == [4, 5]
    assert record.where("Ученики", 4, "birth_date").cell == "F4"
    assert record.students[0].patronymic == "Сергеевич"


def test_header_problems_name_columns(make_workbook) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Родители"]
        sheet["L1"] = "Телефон"  # duplicate of G
        sheet["M1"] = "Любимый цвет"  # unknown, kept
        sheet["M2"] = "синий"
        sheet["O2"] = "данные без заголовка"
        sheet["F1"] = "Роль"  # required «Кем приходится» is gone

    _, problems = read_class(make_workbook(edit=edit))
    found = codes(problems)
    assert ("header-duplicate", "Родители", "L1") in found
    assert ("header-unknown", "Родители", "M1") in found
    assert ("header-unknown", "Родители", "F1") in found
    assert ("header-blank", "Родители", "O2") in found
    assert ("header-missing", "Родители", "1") in found
    missing = next(p for p in problems if p.code == "header-missing")
    assert "Кем приходится" in missing.message and "«Роль»" in missing.message
    duplicate = next(p for p in problems if p.code == "header-duplicate")
    assert "G, L" in duplicate.message


def test_missing_and_renamed_and_hidden_sheets(make_workbook) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book["Ученики"].title = "Ученики (2)"
        book["Группы"].sheet_state = "hidden"
        del book["Движение"]

    record, problems = read_class(make_workbook(edit=edit))
    by_code = {p.code: p for p in problems if p.where.sheet != "Движение"}
    assert by_code["sheet-missing"].severity is Severity.ERROR
    assert "«Ученики (2)»" in by_code["sheet-missing"].message
    assert "Переименуйте лист «Ученики (2)» в «Ученики»" in by_code["sheet-missing"].hint
    assert by_code["sheet-hidden"].where.sheet == "Группы"
    assert record.students == () and record.groups == ()
    optional = next(p for p in problems if p.where.sheet == "Движение")
    assert (optional.code, optional.severity) == ("sheet-missing", Severity.WARNING)


def test_blank_rows_merged_and_hidden_rows(make_workbook) -> None:
    third = {**VALID["Ученики"][0], "number": 3, "first_name": "Олег"}

    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Ученики"]
        sheet.insert_rows(3, 2)  # two blank rows between the students
        sheet.merge_cells("J5:J6")
        sheet.row_dimensions[6].hidden = True

    students = [*VALID["Ученики"], third]
    record, problems = read_class(make_workbook({"Ученики": students}, edit=edit))
    assert [s.number for s in record.students] == [1, 2, 3]
    assert [s.row for s in record.students] == [2, 5, 6]
    assert ("cells-merged", "Ученики", "J5") in codes(problems)
    assert "J5:J6" in next(p.message for p in problems if p.code == "cells-merged")
    assert ("row-hidden", "Ученики", "6") in codes(problems)


def test_formulas_and_error_values(make_workbook) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Ученики"]
        sheet["A3"] = "=A2+1"  # openpyxl never calculates: no cached value
        sheet["J2"] = "#DIV/0!"

    record, problems = read_class(make_workbook(edit=edit))
    assert ("formula-uncalculated", "Ученики", "A3") in codes(problems)
    assert ("cell-error", "Ученики", "J2") in codes(problems)
    assert record.students[1].number is None  # never treated as data
    assert record.students[0].address is None


def write_with_xlsxwriter(path: Path, extra: Callable[[xlsxwriter.Workbook], None]) -> Path:
    """Ученики and Родители of the valid class, written by xlsxwriter (as other programs do)."""
    with xlsxwriter.Workbook(path) as book:
        dates = book.add_format({"num_format": "dd.mm.yyyy"})
        for name in ("Ученики", "Родители"):
            sheet = book.add_worksheet(name)
            for r, row in enumerate(sheet_rows(VALID[name], name)):
                for c, value in enumerate(row):
                    if isinstance(value, date):
                        sheet.write_datetime(r, c, value, dates)
                    elif value is not None:
                        sheet.write(r, c, value)
        extra(book)
    return path


def test_xlsxwriter_formula_zero_is_not_data(tmp_path: Path) -> None:
    def formula(book: xlsxwriter.Workbook) -> None:
        book.get_worksheet_by_name("Ученики").write_formula(2, 0, "=A2+1")  # cached 0

    record, problems = read_class(write_with_xlsxwriter(tmp_path / "класс.xlsx", formula))
    assert ("formula-uncalculated", "Ученики", "A3") in codes(problems)
    assert record.students[1].number is None


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    def bell(book: xlsxwriter.Workbook) -> None:
        book.get_worksheet_by_name("Ученики").write_string(2, 2, "Ан\x07на")

    record, problems = read_class(write_with_xlsxwriter(tmp_path / "класс.xlsx", bell))
    assert ("text-control-chars", "Ученики", "C3") in codes(problems)
    assert record.students[1].first_name == "Анна"


def test_dates_numbers_choices_and_control_characters(make_workbook) -> None:
    students = [
        {**VALID["Ученики"][0], "birth_date": "01.09.2013", "sex": "M"},  # Latin M
        {**VALID["Ученики"][1], "birth_date": "30.02.2013", "arrival_date": 45900},
        {**VALID["Ученики"][1], "number": "три", "sex": "ж",
         "birth_date": date(2013, 1, 1)},
    ]
    parents = [{**VALID["Родители"][0], "channel": "ЭД"}, {**VALID["Родители"][1],
                                                            "channel": "голубиная почта"}]
    record, problems = read_class(make_workbook({"Ученики": students, "Родители": parents}))
    found = codes(problems)
    assert ("date-as-text", "Ученики", "F2") in found
    assert ("choice-synonym", "Ученики", "E2") in found
    assert ("date-invalid", "Ученики", "F3") in found
    assert ("date-serial", "Ученики", "G3") in found
    assert ("number-invalid", "Ученики", "A4") in found
    assert ("choice-synonym", "Родители", "I2") in found
    assert ("choice-unknown", "Родители", "I3") in found
    assert record.students[0].birth_date == date(2013, 9, 1)
    assert record.students[0].sex == "М"
    assert record.students[1].birth_date is None
    assert record.students[2].sex == "Ж"
    assert record.parents[0].channel is Channel.DIARY
    assert record.parents[1].channel is None
    severities = {p.code: p.severity for p in problems}
    assert severities["date-invalid"] is Severity.ERROR
    assert severities["date-as-text"] is Severity.WARNING
    invalid = next(p for p in problems if p.code == "date-invalid")
    assert "в феврале 2013 года нет 30-го числа" in invalid.message


def test_phone_as_number_is_kept_raw(make_workbook) -> None:
    parents = [{**VALID["Родители"][0], "phone": 89123456789}, VALID["Родители"][1]]
    record, _ = read_class(make_workbook({"Родители": parents}))
    assert record.parents[0].phone_raw == "89123456789"
    assert record.parents[0].phone == "+79123456789"


def test_absence_lessons(make_workbook) -> None:
    notes = [{**VALID["Пропуски"][0], "lessons": "3-4, 6"},
             {**VALID["Пропуски"][0], "lessons": "после обеда"}]
    record, problems = read_class(make_workbook({"Пропуски": notes}))
    assert record.absences[0].lessons == (3, 4, 6)
    assert ("lessons-invalid", "Пропуски", "D3") in codes(problems)


def test_far_away_formatted_cell_does_not_hang(make_workbook) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book["Ученики"].cell(row=1_048_576, column=1).font = Font(bold=True)

    record, problems = read_class(make_workbook(edit=edit))
    assert len(record.students) == 2 and problems == []


def test_unreadable_file_becomes_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "класс.xlsx"
    path.write_text("№;Фамилия\n1;Иванов\n", encoding="utf-8")
    record, problems = read_class(path)
    assert record.students == ()
    assert [(p.code, p.severity) for p in problems] == [("file-renamed-csv", Severity.ERROR)]
    assert "класс.xlsx" in problems[0].message


def test_lock_file_given_as_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "~$класс.xlsx"
    path.write_bytes(b"\x0bAlexeeva   " + b"\x00" * 150)
    _, problems = read_class(path)
    assert [(p.code, p.severity) for p in problems] == [("file-lock", Severity.ERROR)]
    assert "Excel" in problems[0].message and "открыта" in problems[0].message
