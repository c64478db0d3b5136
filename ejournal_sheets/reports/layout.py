"""What every xlsx report shares: row heights LibreOffice can print, and the A4 page setup."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet


def new_book(path: Path) -> xlsxwriter.Workbook:
    """An xlsx that writes text as text (no formula, link or number guessed from a string),
    built in memory (no temp file per part of the package)."""
    return xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False,
                                           "in_memory": True})


def row_height(texts: Sequence[str], widths: Sequence[int], line: float = 15.0) -> float:
    """Height that shows wrapped text whole, line breaks included: LibreOffice does not fit
    rows when printing, so a row with long text would be cut."""
    most = 1
    for text, width in zip(texts, widths, strict=False):
        room = max(width - 1, 1)
        if "\n" in text:
            count = sum(max(1, math.ceil(len(part) * 1.1 / room)) for part in text.split("\n"))
        else:
            count = math.ceil(len(text) * 1.1 / room)
        most = max(most, count)
    return line * most


def print_setup(sheet: Worksheet, header_row: int | None, left: str = "", right: str = "",
                landscape: bool = True) -> None:
    """A4, fit to width, the header row on every page, «Стр. N из M» in the footer, and the
    school / class in the page header when given."""
    if landscape:
        sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    if left or right:
        sheet.set_header(f"&L{_escape(left)[:100]}&R{_escape(right)[:40]}")
    sheet.set_footer("&CСтр. &P из &N")


def _escape(text: str) -> str:
    """«&» starts a code in Excel page headers; a literal one is written twice."""
    return text.replace("&", "&&")
