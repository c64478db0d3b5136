"""What every statement shares: title block, tables, signature, A4 page setup, safe cells.

A statement is built with `StatementBook` (formats created once per file) and one or more
`StatementSheet`s. Text always goes through write_string (a name like «=HYPERLINK(…)» stays
text); numbers are numbers with a format; percentages are stored as fractions rounded to one
decimal of a percent and shown as «92,6 %».
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import TracebackType
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.names import clean_spaces, strip_control
from ejournal_sheets.reports.layout import new_book, row_height
from ejournal_sheets.russian import short_name
from ejournal_sheets.settings import DateRange

Value = str | int | float | date | None
MAX_TEXT = 32_767
ORDINALS = {"четверти": "четверть", "триместры": "триместр", "полугодия": "полугодие"}

_FORMATS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 13, "align": "center", "valign": "vcenter",
              "text_wrap": True},
    "subtitle": {"align": "center", "valign": "vcenter", "text_wrap": True},
    "line": {"valign": "top", "text_wrap": True},
    "bold_line": {"bold": True, "valign": "top", "text_wrap": True},
    "header": {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
               "border": 1, "bg_color": "#DDEBF7", "font_size": 9},
    "header_rotated": {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                       "border": 1, "bg_color": "#DDEBF7", "font_size": 8, "rotation": 90},
    "text": {"border": 1, "valign": "top", "text_wrap": True, "font_size": 10},
    "int": {"border": 1, "align": "center", "valign": "top", "num_format": "0",
            "font_size": 10},
    "decimal": {"border": 1, "align": "center", "valign": "top", "num_format": "0.00",
                "font_size": 10},
    "percent": {"border": 1, "align": "center", "valign": "top", "num_format": "0.0%",
                "font_size": 10},
    "date": {"border": 1, "align": "center", "valign": "top", "num_format": "dd.mm.yyyy",
             "font_size": 10},
    "mark": {"border": 1, "align": "center", "valign": "top", "font_size": 10},
}
A4_LONG, A4_SHORT = 842.0, 595.0  # points
_BAD = {"bg_color": "#F8CBAD", "bold": True}  # «2» and «н/а»
_TOTAL = {"bold": True, "bg_color": "#F2F2F2"}  # summary rows


@dataclass(frozen=True)
class Heading:
    """The title block: what the statement is, of which class, for which period, by whom."""

    title: str
    school: str
    class_name: str
    period: str
    teacher: str
    today: date


@dataclass(frozen=True)
class Column:
    """A table column: header text, width in characters, how values are shown; `rotate`
    turns the header text upwards (narrow subject columns of a wide table)."""

    title: str
    width: float = 10
    kind: str = "text"  # text | int | decimal | percent | date | mark
    rotate: bool = False


@dataclass(frozen=True)
class Group:
    """A header cell spanning `span` columns above the column titles («Сентябрь»)."""

    title: str
    span: int


@dataclass(frozen=True, slots=True)
class Row:
    """A table row; `bad` marks cells to highlight (by column index), `total` a summary row."""

    values: Sequence[Value]
    bad: frozenset[int] = field(default_factory=frozenset)
    total: bool = False


def period_label(period: DateRange, kind: str) -> str:
    """«2-я четверть», «1-й триместр», «1-е полугодие»; «Год» and custom names stay as they are."""
    number = re.search(r"\d+", period.name)
    noun = ORDINALS.get(kind, "")
    if not number or not noun:
        return period.name
    ending = {"триместр": "й", "полугодие": "е"}.get(noun, "я")
    return f"{number.group()}-{ending} {noun}"


def period_title(period: DateRange, kind: str) -> str:
    """«2-я четверть (05.11.2026 – 28.12.2026)» — the period in a title block."""
    return f"{period_label(period, kind)} ({period.title})"


def file_name(kind: str, class_name: str, period: str) -> str:
    """«Итоги_успеваемости_7Б_2-я_четверть.xlsx» — spaces to «_», no characters Windows refuses."""
    text = f"{kind} {class_name} {period}"
    return re.sub(r"[\\/:*?\"<>|]+", "", re.sub(r"\s+", "_", text.strip())) + ".xlsx"


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of []:*?/\\, not empty."""
    base = re.sub(r"[\[\]:*?/\\]", " ", clean_spaces(name)).strip("' ")[:31] or "Лист"
    candidate, number = base, 2
    while taken is not None and candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    if taken is not None:
        taken.add(candidate)
    return candidate


def safe_text(value: object) -> str:
    """Text for a cell: control characters removed, at most 32 767 characters."""
    return strip_control(str(value))[:MAX_TEXT]


_MARKED = ("text", "int", "decimal", "percent", "mark", "date")  # also «name!» and «name+»


class _Formats(dict[str, Format]):
    """The book's formats by name, each added to the book when first used: «name» of
    _FORMATS, «name!» (a «2» or «н/а») and «name+» (a total row) of the cell kinds."""

    def __init__(self, book: Workbook) -> None:
        super().__init__()
        self.book = book

    def __missing__(self, name: str) -> Format:
        base, mark = (name[:-1], name[-1]) if name[-1:] in "!+" else (name, "")
        if base not in _FORMATS or (mark and base not in _MARKED):
            raise KeyError(name)
        extra = {"!": _BAD, "+": _TOTAL}.get(mark, {})
        self[name] = self.book.add_format({**_FORMATS[base], **extra})
        return self[name]

    def __contains__(self, name: object) -> bool:
        try:
            self[str(name)]
        except KeyError:
            return False
        return True


class StatementBook:
    """One statement file; use as a context manager around the temp path."""

    def __init__(self, path: Path, heading: Heading) -> None:
        self.heading = heading
        self.book = new_book(path)
        created = datetime.combine(heading.today, time(8, 0))
        self.book.set_properties({"title": heading.title, "author": heading.teacher,
                                  "company": heading.school, "created": created})
        self.formats = _Formats(self.book)
        self.taken: set[str] = set()

    def __enter__(self) -> StatementBook:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.book.close()

    def sheet(self, name: str) -> StatementSheet:
        return StatementSheet(self, self.book.add_worksheet(sheet_name(name, self.taken)))


class StatementSheet:
    """A worksheet filled top to bottom: title block, tables, lines, signature."""

    def __init__(self, owner: StatementBook, sheet: Worksheet) -> None:
        self.owner, self.sheet, self.row = owner, sheet, 0
        self.widths: list[float] = []
        self.header_rows: tuple[int, int] | None = None
        self.titles: list[tuple[int, str, int, float]] = []  # row, text, last column, height
        self.heights: dict[int, float] = {}  # row → height in points, as set
        self.blocks: list[tuple[int, int]] = []  # row ranges not to split across pages

    def set_height(self, row: int, height: float) -> None:
        """Set a row's height (remembered for the page breaks)."""
        self.sheet.set_row(row, height)
        self.heights[row] = height

    def keep_together(self, first: int, last: int) -> None:
        """Rows first…last (0-based) go on one page: finish() breaks the page before them
        when they would not fit (a student's block of period rows)."""
        self.blocks.append((first, last))

    @property
    def formats(self) -> dict[str, Format]:
        return self.owner.formats

    def title_block(self, width: int) -> None:
        """Statement title, school, class and period, class teacher — merged over the table."""
        heading = self.owner.heading
        last = max(width - 1, 1)
        self._merged(heading.title, "title", last, 20)
        self._merged(heading.school, "subtitle", last, 15)
        self._merged(f"Класс: {heading.class_name}.   Период: {heading.period}", "subtitle",
                     last, 15)
        self._merged(f"Классный руководитель: {heading.teacher}", "subtitle", last, 15)
        self.row += 1

    def _merged(self, text: str, style: str, last: int, height: float) -> None:
        self.sheet.merge_range(self.row, 0, self.row, last, safe_text(text), self.formats[style])
        self.set_height(self.row, height)
        self.titles.append((self.row, safe_text(text), last, height))
        self.row += 1

    def _fit_titles(self) -> None:
        """Title rows tall enough for their text once the column widths are known (a narrow
        table wraps a long title; the 13 pt bold title is ≈ 1.4 times wider than body text)."""
        for row, text, last, height in self.titles:
            total = sum(self.widths[: last + 1])
            if total:
                width = int(total / (1.4 if height > 15 else 1.0))
                self.set_height(row, row_height([text], [width], line=height))

    def line(self, text: str, bold: bool = False) -> None:
        """A line of text under a table («Отличники: …»), wrapped over the table's width."""
        last = max(len(self.widths) - 1, 1)
        style = self.formats["bold_line" if bold else "line"]
        self.sheet.merge_range(self.row, 0, self.row, last, safe_text(text), style)
        total = int(sum(self.widths) or 80)
        self.set_height(self.row, row_height([safe_text(text)], [total]))
        self.row += 1

    def gap(self, rows: int = 1) -> None:
        self.row += rows

    def table(self, columns: Sequence[Column], rows: Sequence[Row],
              groups: Sequence[Group] = (), freeze: bool = True,
              first_columns: int = 0, main: bool = True) -> None:
        """Header (with an optional group row above it), the rows; the first main table of a
        sheet gives the repeated print rows and the frozen panes (main=False: a small table
        above the main one, whose header should not repeat on every page)."""
        top = self.row
        self._columns(columns)
        if groups:
            self._groups(groups, len(columns))
        for col, column in enumerate(columns):
            style = "header_rotated" if column.rotate else "header"
            self.sheet.write_string(self.row, col, safe_text(column.title), self.formats[style])
        self.set_height(self.row, header_height(columns))
        if self.header_rows is None and main:
            self.header_rows = (top, self.row)
            if freeze:
                self.sheet.freeze_panes(self.row + 1, first_columns)
        self.row += 1
        for row in rows:
            self._row(columns, row)

    def _columns(self, columns: Sequence[Column]) -> None:
        for col, column in enumerate(columns):
            if col >= len(self.widths) or column.width > self.widths[col]:
                self.sheet.set_column(col, col, column.width)
                self.widths[col:col + 1] = [column.width]

    def _groups(self, groups: Sequence[Group], width: int) -> None:
        col = 0
        for group in groups:
            last = min(col + group.span, width) - 1
            if last > col:
                self.sheet.merge_range(self.row, col, self.row, last, safe_text(group.title),
                                       self.formats["header"])
            else:
                self.sheet.write_string(self.row, col, safe_text(group.title),
                                        self.formats["header"])
            col = last + 1
        self.row += 1

    def _row(self, columns: Sequence[Column], row: Row) -> None:
        texts = []
        for col, (column, value) in enumerate(zip(columns, row.values, strict=False)):
            mark = "!" if col in row.bad else "+" if row.total else ""
            write_cell(self.sheet, self.row, col, value, column.kind, self.formats, mark)
            # numbers and dates never wrap (a long float would add a phantom line)
            texts.append("" if value is None or isinstance(value, int | float | date)
                         else str(value))
        self.set_height(self.row, row_height(texts, [int(c.width) for c in columns]))
        self.row += 1

    def signature(self) -> None:
        """«Классный руководитель ________ /Фамилия И.О./» and the date."""
        heading = self.owner.heading
        self.row += 1
        self.line(f"Классный руководитель ____________________ /{short_name(heading.teacher)}/")
        self.line(f"Дата: {heading.today:%d.%m.%Y}")

    def _page_breaks(self, landscape: bool) -> list[int]:
        """Page breaks for the blocks, on Excel's metrics (a column of width w is w·7 + 5 px):
        the scale that fits the width, A4 minus the margins finish() sets, 5 % spare."""
        page_width, page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
        width = sum((int(w * 7 + 0.5) + 5) * 0.75 for w in self.widths) or 1.0
        scale = min(1.0, (page_width - 72) / width)  # 0.5" margins left and right
        capacity = 0.95 * (page_height - 100.8) / scale  # 0.7" top and bottom
        return _page_breaks_of(lambda r: self.heights.get(r, 15.0), self.row, self.header_rows,
                               self.blocks, capacity)

    def finish(self, landscape: bool = True) -> None:
        """A4, fit to width, header rows on every page, school and class on top, page numbers."""
        sheet, heading = self.sheet, self.owner.heading
        self._fit_titles()
        if self.blocks:
            sheet.set_h_pagebreaks(self._page_breaks(landscape))
        if landscape:
            sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        if self.header_rows is not None:
            sheet.repeat_rows(*self.header_rows)
        # «&8» is the font size: text after it must not start with a digit («&87Б» = size 87)
        school = heading.school.replace("&", "&&")[:100]
        school = f" {school}" if school[:1].isdigit() else school
        class_name = heading.class_name.replace("&", "&&")[:30]
        sheet.set_header(f"&L&8{school}&R&8Класс: {class_name}")
        sheet.set_footer("&CСтр. &P из &N")


def _page_breaks_of(heights: Callable[[int], float], rows: int, header: tuple[int, int] | None,
                    blocks: Sequence[tuple[int, int]], capacity: float) -> list[int]:
    """Rows to break the page before so that no block is split: pages filled top to bottom,
    the repeated header on every page after the first; between blocks the page breaks by
    itself (only the blocks get a manual break)."""
    repeated = sum(heights(r) for r in range(header[0], header[1] + 1)) if header else 0.0
    starts = {first: last for first, last in blocks}
    breaks, used, row = [], 0.0, 0
    while row < rows:
        last = starts.get(row, row)
        height = sum(heights(r) for r in range(row, last + 1))
        if used + height > capacity and used > repeated:
            if row in starts:
                breaks.append(row)
            used = repeated
        used += height
        row = last + 1
    return breaks


def header_height(columns: Sequence[Column]) -> float:
    """Height of a header row: wrapped titles whole; a rotated title (8 pt) wraps into as
    many vertical lines as the column is wide (≈ 11 pt each), ≈ 6 pt a character (wide
    fallback fonts included), at most ≈ 10 cm tall."""
    flat = [c for c in columns if not c.rotate]
    height = row_height([c.title for c in flat], [int(c.width) for c in flat])
    for column in columns:
        if column.rotate:
            lines = max(1, int((column.width * 7 + 5) * 0.75 // 11))
            height = max(height, min(_wrapped_length(column.title, lines) * 6.0 + 12, 280))
    return height


def _wrapped_length(text: str, lines: int) -> int:
    """The longest line when the text is wrapped at word breaks into at most `lines` lines."""
    words = safe_text(text)[:200].split()  # the height is capped anyway
    width = max((len(w) for w in words), default=0)
    while len(textwrap.wrap(" ".join(words), width)) > lines:
        width += 1
    return width


def write_cell(sheet: Worksheet, row: int, col: int, value: Value, kind: str,
               formats: dict[str, Format], mark: str = "") -> None:
    """One cell by kind: numbers as numbers, percents as fractions, text always as text."""
    if value is None:
        sheet.write_blank(row, col, None, formats[_style(kind) + mark])
    elif kind == "percent" and isinstance(value, int | float):
        sheet.write_number(row, col, round(round(value, 1) / 100, 4), formats["percent" + mark])
    elif isinstance(value, bool):
        text = f"text{mark}"
        sheet.write_string(row, col, "да" if value else "нет",
                           formats[text if text in formats else "text"])
    elif isinstance(value, int | float) and kind in ("int", "decimal", "mark"):
        number = round(value, 2) if kind == "decimal" else value
        sheet.write_number(row, col, number, formats[kind + mark])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime.combine(value, time()), formats["date" + mark])
    else:
        style = "mark" if kind == "mark" else "text"
        sheet.write_string(row, col, safe_text(value), formats[style + mark])


def _style(kind: str) -> str:
    return kind if kind in ("int", "decimal", "percent", "mark", "date") else "text"


Writer = Callable[[StatementBook], None]
