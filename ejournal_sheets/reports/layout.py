"""What every xlsx report shares: row heights LibreOffice can print, and the A4 page setup."""

from __future__ import annotations

import math
from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet


def row_height(texts: Sequence[str], widths: Sequence[int], line: float = 15.0) -> float:
    """Height that shows wrapped text whole, line breaks included: LibreOffice does not fit
    rows when printing, so a row with long text would be cut."""
    def lines(text: str, width: int) -> int:
        return sum(max(1, math.ceil(len(part) * 1.1 / max(width - 1, 1)))
                   for part in text.split("\n"))

    return line * max((lines(text, width) for text, width in zip(texts, widths, strict=False)),
                      default=1)


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
