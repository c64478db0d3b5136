"""A workbook's sheets as plain grids of values, for the class workbook reader.

Two readers give the same grids:

- python-calamine, about six times faster, for the usual workbook: values only;
- openpyxl (full mode) when a sheet holds what calamine does not tell apart — a formula, an
  error value or a hidden row (found by a scan of the sheets' XML) — or calamine fails.

Values are what openpyxl gives: None for an empty cell, int for a whole number, datetime for a
date, str, bool. `special` holds the formula and error cells with their text (and a formula's
cached value), so the reader can report them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ejournal_sheets import sniff

# What calamine cannot report: <f> formulas (any prefix), t="e" errors, hidden rows.
_NEEDS_OPENPYXL = re.compile(
    rb"""<(?:\w+:)?f[\s>/]|\st=["']e["']|<(?:\w+:)?row\s[^>]*hidden=["'](?:1|true)["']""")


@dataclass(frozen=True)
class Special:
    """A formula cell (kind «f»: its formula and cached value, None when never calculated) or
    an error cell (kind «e»: the error text)."""

    kind: str
    text: str
    cached: Any = None


@dataclass
class Grid:
    """One sheet: 1-based rows of values, merged ranges, hidden rows, special cells."""

    title: str
    visible: bool
    rows: list[list[Any]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    hidden_rows: frozenset[int] = frozenset()
    special: dict[tuple[int, int], Special] = field(default_factory=dict)

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_column(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def value(self, row: int, column: int) -> Any:
        """The cell's value (row and column 1-based); None when empty or outside the grid."""
        if row > len(self.rows):
            return None
        line = self.rows[row - 1]
        return line[column - 1] if column <= len(line) else None

    def lines(self, first: int, width: int) -> Iterator[tuple[int, list[Any]]]:
        """Rows from `first` on, each cut or padded with None to `width` cells."""
        for number in range(first, len(self.rows) + 1):
            line = self.rows[number - 1][:width]
            yield number, line + [None] * (width - len(line))


@dataclass(frozen=True)
class Sheets:
    """Every sheet of the workbook by name, in the workbook's order."""

    grids: dict[str, Grid]

    @property
    def names(self) -> list[str]:
        return list(self.grids)


def read_sheets(path: Path, *, fast: bool = True) -> Sheets:
    """The workbook's sheets (FileRejected when the file is missing, unsafe or unreadable)."""
    if fast:
        sniff.require_kind(path, frozenset({sniff.FileKind.XLSX}))
        if not _needs_openpyxl(path):
            found = _calamine_sheets(path)
            if found is not None:
                return found
    return _openpyxl_sheets(path)


# ---------------------------------------------------------------- calamine


def _needs_openpyxl(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(_NEEDS_OPENPYXL.search(archive.read(info))
                       for info in archive.infolist()
                       if info.filename.lower().startswith("xl/worksheets/")
                       and info.filename.lower().endswith(".xml"))
    except Exception:  # whatever is wrong, openpyxl's reading reports it
        return True


def _calamine_sheets(path: Path) -> Sheets | None:
    """The grids by calamine; None when it fails (openpyxl then reads or rejects the file)."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
        grids = {}
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1)
                      for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
            grids[meta.name] = Grid(meta.name, meta.visible == SheetVisibleEnum.Visible,
                                    [[_value(v) for v in row] for row in rows], merged)
        book.close()
    except Exception:
        return None
    return Sheets(grids)


def _value(value: Any) -> Any:
    """A calamine value as openpyxl gives it."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value


# ---------------------------------------------------------------- openpyxl


def _openpyxl_sheets(path: Path) -> Sheets:
    book = sniff.open_xlsx(path)
    cached = None
    # `_cells` holds only cells present in the file; iter_rows would create the empty ones.
    if any(c.data_type == "f" for ws in book.worksheets for c in ws._cells.values()) \
            and not _needs_calculation(path):
        cached = sniff.open_xlsx(path, data_only=True)
    grids = {}
    for sheet in book.worksheets:
        values = cached[sheet.title] if cached is not None else None
        grid = Grid(sheet.title, sheet.sheet_state == "visible")
        for (row, column), cell in sheet._cells.items():
            value = cell.value
            if cell.data_type == "f":
                result = values.cell(row=row, column=column).value if values is not None \
                    else None
                grid.special[(row, column)] = Special("f", str(value), result)
            elif cell.data_type == "e":
                grid.special[(row, column)] = Special("e", str(value))
            if value is None:
                continue
            while len(grid.rows) < row:
                grid.rows.append([])
            line = grid.rows[row - 1]
            line.extend([None] * (column - len(line)))
            line[column - 1] = value
        grid.merged = [(r.min_row, r.min_col, r.max_row, r.max_col)
                       for r in sheet.merged_cells.ranges]
        grid.hidden_rows = frozenset(number for number, dimension in
                                     sheet.row_dimensions.items() if dimension.hidden)
        grids[sheet.title] = grid
    for sheet in getattr(book, "chartsheets", []):
        grids.setdefault(sheet.title, Grid(sheet.title, sheet.sheet_state == "visible"))
    return Sheets({name: grids[name] for name in book.sheetnames if name in grids})


def _needs_calculation(path: Path) -> bool:
    """True when the file asks to recalculate on load: its cached formula values are not real."""
    with zipfile.ZipFile(path) as archive:
        text = archive.read("xl/workbook.xml")[:200_000].decode("utf-8", "replace")
    return 'fullCalcOnLoad="1"' in text or "fullCalcOnLoad=\"true\"" in text
