"""«Изменения_данных.xlsx»: the monthly verification of class data, for the teacher to sign."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.changes import ADDED, CHANGED, REMOVED, Change, MonthlyChanges
from ejournal_sheets.reports.layout import new_book, print_setup, row_height
from ejournal_sheets.safe_io import write_atomic

FILE_NAME = "Изменения_данных.xlsx"
SHEET = "Изменения"
COLUMNS = (("Раздел", 12), ("Что", 11), ("Кто", 46), ("Поле", 22), ("Было", 24),
           ("Стало", 24), ("Проверено (подпись)", 16))
FILLS = {ADDED: "#E2EFDA", REMOVED: "#F8CBAD", CHANGED: "#FFF2CC"}
DATE_FORMAT = "dd.mm.yyyy"
NO_CHANGES = "Изменений нет."
FIRST_CHECK = "Первая сверка: изменений не с чем сравнивать"
FIRST_CHECK_NOTE = ("Изменений нет: это первая сверка. Снимок данных сохранён, "
                    "со следующей сверки здесь будут видны изменения.")
_LAST = len(COLUMNS) - 1


def write_changes(target: Path, result: MonthlyChanges, class_name: str, school: str,
                  today: date, inputs: Iterable[Path] = ()) -> Path:
    """Write the changes workbook atomically; a `target` that is not an .xlsx is a folder."""
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        target = target / FILE_NAME
    return write_atomic(
        target, lambda temp: _write(temp, result, class_name, school, today), inputs)


def period_line(previous: date | None, today: date) -> str:
    """«Изменения с 27.10.2026 по 28.11.2026», or the first-check line."""
    if previous is None:
        return FIRST_CHECK
    return f"Изменения с {previous:%d.%m.%Y} по {today:%d.%m.%Y}"


def _write(temp: Path, result: MonthlyChanges, class_name: str, school: str,
           today: date) -> None:
    with new_book(temp) as book:
        created = datetime(today.year, today.month, today.day)
        book.set_properties({"title": f"Изменения данных класса {class_name}",
                             "created": created})
        formats = _formats(book)
        sheet = book.add_worksheet(SHEET)
        for col, (_, width) in enumerate(COLUMNS):
            sheet.set_column(col, col, width)
        header = _title(sheet, result, class_name, school, today, formats)
        last = _table(sheet, header, result, formats)
        _signature(sheet, last + 2, today, formats)
        sheet.freeze_panes(header + 1, 0)
        sheet.autofilter(header, 0, max(last, header + 1), _LAST)
        print_setup(sheet, header)


def _formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    cell = {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
    formats = {
        "school": book.add_format({"bold": True, "font_size": 12}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "line": book.add_format({"text_wrap": True, "valign": "top"}),
        "warning": book.add_format({"text_wrap": True, "valign": "top", "bold": True,
                                    "font_color": "#C00000"}),
        "header": book.add_format({**cell, "bold": True, "bg_color": "#DDEBF7",
                                   "valign": "vcenter"}),
        "text": book.add_format(cell),
        "date": book.add_format({**cell, "num_format": DATE_FORMAT, "align": "left"}),
        "plain_date": book.add_format({"num_format": DATE_FORMAT, "align": "left"}),
    }
    for kind, colour in FILLS.items():
        formats[kind] = book.add_format({**cell, "bg_color": colour, "bold": True})
    return formats


def _title(sheet: Worksheet, result: MonthlyChanges, class_name: str, school: str,
           today: date, formats: dict[str, Format]) -> int:
    """School, class, period, reminder and warnings; returns the table's header row."""
    lines = [(school, "school"), (f"Сверка данных класса {class_name}", "title"),
             (period_line(result.previous, today), "line")]
    if result.reminder:
        lines.append((result.reminder, "warning"))
    lines += [(f"Замечание: {p.message} {p.hint}".strip(), "warning") for p in result.problems]
    for row, (text, style) in enumerate(lines):
        _merged_line(sheet, row, text, formats[style])
    return len(lines) + 1


def _merged_line(sheet: Worksheet, row: int, text: str, style: Format) -> None:
    """A line across the table's width, written as text, tall enough for wrapped words."""
    sheet.merge_range(row, 0, row, _LAST, "", style)
    sheet.write_string(row, 0, text, style)
    width = sum(w for _, w in COLUMNS)
    sheet.set_row(row, max(row_height([text], [width]), 18.0))


def _table(sheet: Worksheet, header: int, result: MonthlyChanges,
           formats: dict[str, Format]) -> int:
    """Header and one row per change (or why there are none); returns the last row written."""
    for col, (title, _) in enumerate(COLUMNS):
        sheet.write_string(header, col, title, formats["header"])
    sheet.set_row(header, row_height([t for t, _ in COLUMNS], [w for _, w in COLUMNS]))
    for row, change in enumerate(result.changes, start=header + 1):
        _change_row(sheet, row, change, formats)
    if not result.changes:
        empty = FIRST_CHECK_NOTE if result.previous is None else NO_CHANGES
        _merged_line(sheet, header + 1, empty, formats["line"])
        return header + 1
    return header + len(result.changes)


def _change_row(sheet: Worksheet, row: int, change: Change, formats: dict[str, Format]) -> None:
    text = formats["text"]
    sheet.write_string(row, 0, change.section, text)
    sheet.write_string(row, 1, change.kind, formats.get(change.kind, text))
    sheet.write_string(row, 2, change.who, text)
    for col, value in ((3, change.field), (4, change.old), (5, change.new), (6, None)):
        if isinstance(value, date):
            sheet.write_datetime(row, col, value, formats["date"])
        elif value:
            sheet.write_string(row, col, value, text)
        else:
            sheet.write_blank(row, col, None, text)
    texts = (change.section, change.kind, change.who, change.field, _shown(change.old),
             _shown(change.new), "")
    sheet.set_row(row, row_height(texts, [w for _, w in COLUMNS]))


def _shown(value: str | date | None) -> str:
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return value or ""


def _signature(sheet: Worksheet, row: int, today: date, formats: dict[str, Format]) -> None:
    """«Сверку провёл: классный руководитель ____ /____/» and the date, for a signature."""
    _merged_line(sheet, row, "Сверку провёл(а): классный руководитель "
                 "________________ / ______________________ /", formats["line"])
    sheet.write_string(row + 1, 0, "Дата:", formats["line"])
    sheet.write_datetime(row + 1, 1, today, formats["plain_date"])
