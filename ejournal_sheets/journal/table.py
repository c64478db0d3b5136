"""A raw table read from an export file: cell values by row, with where each came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ejournal_sheets.problems import Location

Value = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook, one <table> of an HTML file, or a whole CSV file.

    `rows[0]` is the file's first row (Excel row 1); values are as the file stores them:
    text stripped of surrounding whitespace, numbers as int/float, Excel dates as
    date/datetime, empty cells as None. `sheet` is the sheet name (None for CSV; for HTML
    «таблица N» when the file holds several tables).
    """

    path: Path
    sheet: str | None
    rows: tuple[tuple[Value, ...], ...]

    def where(self, row: int, column: int | None = None, header: str | None = None) -> Location:
        """Location of rows[row][column] (0-based indexes) as Excel numbers them."""
        return Location(self.path, self.sheet, row + 1, None if column is None else column + 1,
                        header)

    def value(self, row: int, column: int) -> Value:
        """The value at (row, column), None beyond a short row."""
        cells = self.rows[row] if row < len(self.rows) else ()
        return cells[column] if column < len(cells) else None
