"""«Сверка_посещаемости.xlsx» read back with openpyxl: sheets, rows, counts, text safety."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ejournal_sheets.errors import OutputError
from ejournal_sheets.reports.reconciliation_xlsx import sheet_names, write_reconciliation
from ejournal_sheets.settings import DateRange
from ejournal_sheets.wording import greeting
from tests.test_reconcile import (
    ALGEBRA_TEACHER,
    IVANOV,
    NOVIKOVA,
    ORLOV,
    SEMYONOV,
    SMIRNOVA,
    SOKOLOVA,
    WEEK,
    ZAITSEVA,
    scenario,
)

HEADER_ROW = 4  # 1-based: heading, subheading, blank, then the table's header
ILL = "болезнь, Справка № 15, 16.11–18.11"
NOT_ENROLLED = "— (ученик не числился)"


def write(tmp_path: Path, findings: Any = None, mismatches: Any = None) -> Path:
    found, roster = scenario()
    return write_reconciliation(
        tmp_path / "output" / "Сверка_посещаемости.xlsx",
        found if findings is None else findings, roster if mismatches is None else mismatches,
        WEEK, "7Б", "МБОУ «СОШ № 5» & Ко")


def rows(sheet: Worksheet, first: int = HEADER_ROW + 1) -> list[tuple[Any, ...]]:
    """Values of the rows from `first` on, trailing empty rows dropped."""
    return [tuple(row) for row in sheet.iter_rows(min_row=first, values_only=True)
            if any(v is not None for v in row)]


def d(n: int) -> datetime:
    return datetime(2026, 11, n)


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(write(tmp_path))


def test_sheet_names(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["Сводка", "Иванова А.П.", "Смирнова Е.В.", "Учитель не указан",
                               "Без объяснения", "Список класса"]


def test_teacher_sheet_lists_only_their_lessons_without_unexplained(book: Any) -> None:
    sheet = book["Иванова А.П."]
    assert "Уважаемая Анна Петровна!" in sheet["A1"].value
    assert rows(sheet, HEADER_ROW) == [
        ("Дата", "Урок", "Предмет", "Группа", "Ученик", "В журнале", "Должно быть", "Почему"),
        (d(16), "2", "Алгебра", "—", IVANOV, "н", "Б", ILL),
        (d(17), "2", "Алгебра", "—", IVANOV, "был на уроке", "Б", ILL),
        (d(17), "2", "Алгебра", "—", SOKOLOVA, "5", "УП", "уважительная, заявление, 17.11, урок 2"),
        (d(17), "3", "Алгебра", "—", IVANOV, "был на уроке", "Б", ILL),
        (d(17), "3", "Алгебра", "—", NOVIKOVA, "4", NOT_ENROLLED, "дата прибытия 18.11.2026"),
        (d(20), "3", "Алгебра", "—", ORLOV, "3", NOT_ENROLLED, "дата выбытия 19.11.2026"),
    ]
    assert sheet["A5"].number_format == "dd.mm.yyyy"


def test_group_teacher_and_no_teacher_sheets(book: Any) -> None:
    assert [r[:7] for r in rows(book["Смирнова Е.В."])] == [
        (d(16), "1-й", "Английский язык", "1 группа", IVANOV, "был на уроке", "Б"),
        (d(16), "1-й", "Английский язык", "1 группа", SOKOLOVA, "5",
         "— (ученик в другой группе)"),
    ]
    assert rows(book["Учитель не указан"]) == [
        (d(19), "4", "Физика", "—", SEMYONOV, "н", "НП", "без уважительной, 19.11")]


def test_unexplained_sheet(book: Any) -> None:
    assert rows(book["Без объяснения"], HEADER_ROW) == [
        ("Дата", "Урок", "Предмет", "Учитель", "Ученик", "В журнале", "Что сделать"),
        (d(20), "1", "Алгебра", ALGEBRA_TEACHER, SOKOLOVA, "н", "выяснить причину у семьи"),
    ]


def test_roster_sheet(book: Any) -> None:
    found = rows(book["Список класса"], HEADER_ROW)
    assert found[0] == ("Вид", "Ученик", "В журнале", "Подробности", "Что сделать")
    assert [r[:3] for r in found[1:]] == [
        ("Есть в журнале, нет на листе «Ученики»", "Петров Илья", "Петров Илья"),
        ("Числится в классе, но нет в журнале", ZAITSEVA, "—"),
        ("Выбыл, но журнал продолжает его вести", ORLOV, ORLOV),
    ]
    assert all("администратору ЭЖ" in r[4] for r in found[1:])


def counts(sheet: Worksheet) -> dict[str, list[Any]]:
    """Summary rows by their first cell: label → the numbers after it."""
    return {row[0]: [v for v in row[1:] if v is not None] for row in rows(sheet, 1)
            if isinstance(row[0], str)}


def test_summary_counts_per_kind_and_teacher(book: Any) -> None:
    summary = counts(book["Сводка"])
    assert summary["Класс: 7Б"] == [] and summary["Период проверки: 16.11.2026 – 21.11.2026"] == []
    assert summary["Код пропуска не соответствует причине на листе «Пропуски»"] == [2]
    assert summary["Отмечен на уроке, а по листу «Пропуски» отсутствовал"] == [4]
    assert summary["Пропуск «н» без записи на листе «Пропуски»"] == [1]
    assert summary["Отметка или пропуск вне времени обучения в классе"] == [2]
    assert summary["Отметка или пропуск на уроке чужой группы"] == [1]
    assert summary["Есть в журнале, нет на листе «Ученики»"] == [1]
    assert summary["Прибыл, но не внесён в журнал"] == [0]
    assert [r[1] for r in rows(book["Сводка"], 1) if r[0] == "Всего"] == [10, 3]
    assert summary[ALGEBRA_TEACHER] == [1, 3, 1, 2, 0, 7]
    assert summary[SMIRNOVA] == [0, 1, 0, 0, 1, 2]
    assert summary["Учитель не указан"] == [1, 0, 0, 0, 0, 1]
    assert "Расхождений не найдено" not in summary


def test_nothing_found(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(tmp_path, (), ()))
    assert book.sheetnames == ["Сводка", "Без объяснения", "Список класса"]
    assert "Расхождений не найдено" in counts(book["Сводка"])


def test_print_layout(book: Any) -> None:
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.oddFooter.center.text == "Стр. &P из &N"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    sheet = book["Иванова А.П."]
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:H10"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.row_dimensions[6].height and sheet.column_dimensions["H"].width > 30


def test_names_starting_with_equals_stay_text(tmp_path: Path) -> None:
    found, roster = scenario()
    formula = '=HYPERLINK("x")'
    findings = [dataclasses.replace(f, student=formula) for f in found]
    mismatches = [dataclasses.replace(m, student_name=formula) for m in roster]
    book = openpyxl.load_workbook(write(tmp_path, findings, mismatches))
    for name, column in (("Иванова А.П.", "E"), ("Без объяснения", "E"), ("Список класса", "B")):
        cell = book[name][f"{column}5"]
        assert (cell.value, cell.data_type) == (formula, "s"), name


def test_note_text_never_written(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(tmp_path))
    texts = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
    assert not any("ОРВИ" in t for t in texts)
    assert ILL in texts


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    source = tmp_path / "класс.xlsx"
    source.write_bytes(b"teacher's data")
    with pytest.raises(OutputError):
        write_reconciliation(source, (), (), WEEK, "7Б", "Школа", inputs=[source])
    assert source.read_bytes() == b"teacher's data"


def test_sheet_names_are_safe_and_unique() -> None:
    long = "Преображенская-Бестужева-Рюмина-Оболенская Анна Ивановна"
    names = sheet_names(["Иванова Анна Петровна", "Иванова Алла Павловна", "Сводка",
                         "Петров/Водкин [Кузьма]: Сергеевич?", long, "Иванова А.П."])
    assert names == {
        "Иванова Анна Петровна": "Иванова А.П.",
        "Иванова Алла Павловна": "Иванова А.П. (2)",
        "Сводка": "Сводка (2)",
        "Петров/Водкин [Кузьма]: Сергеевич?": "ПетровВодкин К.С.",
        long: "Преображенская-Бестужева-Рюмина",
        "Иванова А.П.": "Иванова А.П. (3)",
    }
    assert len(sheet_names([long, long + " "])[long + " "]) == 31


def test_greeting() -> None:
    assert greeting("Козлов Андрей Петрович") == "Уважаемый Андрей Петрович!"
    assert greeting("Иванова А.П.") == "Уважаемый(ая) Иванова А.П.!"


def test_span_title_in_pinned_properties(tmp_path: Path) -> None:
    path = write(tmp_path, (), ())
    book = openpyxl.load_workbook(path)
    assert book.properties.created == datetime(2026, 11, 21)
    assert DateRange("x", WEEK.start, WEEK.end).title in str(book.properties.subject)
