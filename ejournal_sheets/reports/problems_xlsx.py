"""«Замечания.xlsx»: each problem with file, sheet, cell (a link), severity and what to do."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.problems import Problem, Severity
from ejournal_sheets.reports.layout import new_book, print_setup, row_height
from ejournal_sheets.safe_io import write_atomic

SHEET = "Замечания"
COLUMNS = (("Файл", 16), ("Лист", 13), ("Ячейка", 9), ("Столбец", 20), ("Важность", 16),
           ("Замечание", 60), ("Что сделать", 60))
FILLS = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#DDEBF7"}


def write_problems(target: Path, problems: Iterable[Problem], inputs: Iterable[Path] = ()) -> Path:
    """Write the problems workbook atomically; returns its path."""
    rows = list(problems)
    return write_atomic(target, lambda temp: _write(temp, target, rows), inputs)


def _write(temp: Path, target: Path, problems: list[Problem]) -> None:
    with new_book(temp) as book:
        book.set_properties({"title": "Замечания к данным класса"})
        formats = _formats(book)
        sheet = book.add_worksheet(SHEET)
        for col, (title, width) in enumerate(COLUMNS):
            sheet.write_string(0, col, title, formats["header"])
            sheet.set_column(col, col, width)
        for row, problem in enumerate(problems, start=1):
            _write_row(sheet, row, problem, target, formats)
        if not problems:
            sheet.write_string(1, 0, "Замечаний нет.", formats["text"])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(problems), 1), len(COLUMNS) - 1)
        print_setup(sheet, 0)


def _formats(book: xlsxwriter.Workbook) -> dict[object, Format]:
    base = {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
    formats: dict[object, Format] = {
        "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7",
                                   "valign": "vcenter"}),
        "text": book.add_format(base),
        "link": book.add_format({**base, "font_color": "#0563C1", "underline": 1}),
    }
    for severity, colour in FILLS.items():
        formats[severity] = book.add_format({**base, "bg_color": colour})
    return formats


def _write_row(sheet: Worksheet, row: int, problem: Problem, target: Path,
               formats: dict[object, Format]) -> None:
    where = problem.where
    text = formats["text"]
    sheet.write_string(row, 0, where.path.name, text)
    sheet.write_string(row, 1, where.sheet or "", text)
    link = _cell_link(where.path, where.sheet, where.cell, target)
    if link and where.cell:
        sheet.write_url(row, 2, link, formats["link"], where.cell)
    else:
        sheet.write_string(row, 2, where.cell, text)
    sheet.write_string(row, 3, where.header or "", text)
    sheet.write_string(row, 4, problem.severity.value, formats[problem.severity])
    sheet.write_string(row, 5, problem.message, text)
    sheet.write_string(row, 6, problem.hint, text)
    texts = (where.path.name, where.sheet or "", where.cell, where.header or "",
             problem.severity.value, problem.message, problem.hint)
    sheet.set_row(row, row_height(texts, [width for _, width in COLUMNS]))


def _cell_link(source: Path, sheet: str | None, cell: str, target: Path) -> str | None:
    """Relative link that opens the source file at the cell (Excel follows these)."""
    if not sheet or not cell or source.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        relative = os.path.relpath(source.resolve(), target.parent.resolve())
    except ValueError:  # another drive on Windows
        relative = str(source.resolve())
    if len(relative) > 200:
        return None
    return f"external:{relative}#'{sheet}'!{cell}"
