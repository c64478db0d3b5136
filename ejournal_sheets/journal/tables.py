"""Raw tables of an export file (DESIGN §5): xlsx/xls/ods, HTML saved as .xls, CSV.

`read_tables` never raises for a bad file: what stops one file is returned as its problem.
Workbooks are read with python-calamine (≈1 M cells/s); HTML with lxml (no network, no
entities, bounded tree); CSV with the stdlib after choosing the encoding and the delimiter.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path

import lxml.html
import python_calamine
from lxml import etree

from ejournal_sheets.errors import FileRejected
from ejournal_sheets.journal.table import Table, Value
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.sniff import (
    FILE_DAMAGED,
    FILE_ENCRYPTED,
    FILE_UNREADABLE,
    FileKind,
    rejection,
    require_kind,
)

_E, _W = Severity.ERROR, Severity.WARNING

JOURNAL_SHEET_HIDDEN = Code(
    "journal-sheet-hidden", _W, "Скрытый лист выгрузки не читается",
    "Лист «{sheet}» в файле {name} скрыт, его данные не читаются.",
    "Если на нём нужные данные, покажите лист (правый щелчок по ярлыку листа → Показать) "
    "и сохраните файл.")
JOURNAL_ROWS_TRUNCATED = Code(
    "journal-rows-truncated", _W, "Слишком много строк",
    "В файле {name}{place} больше {limit} строк, прочитаны только первые {limit}.",
    "Выгрузите из журнала отчёт за меньший срок или по одному предмету.")
JOURNAL_NO_TABLE = Code(
    "journal-no-table", _E, "В веб-странице нет таблицы",
    "В файле {name} нет ни одной таблицы.",
    "Похоже, сохранена не та страница: выгрузите отчёт из электронного журнала заново.")
JOURNAL_CSV_ENCODING = Code(
    "journal-csv-encoding", _E, "Непонятная кодировка CSV",
    "Файл {name} записан в непонятной кодировке (не UTF-8 и не Windows-1251).",
    "Откройте файл в Excel или Блокноте и сохраните как «CSV UTF-8» "
    "(кодировка UTF-8), затем положите его в папку заново.")

ALLOWED = frozenset({FileKind.XLSX, FileKind.XLS, FileKind.ODS, FileKind.HTML, FileKind.CSV})
MAX_ROWS = 1_048_576  # as many as Excel shows; more is a broken or hostile file

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_META_SCAN = 64 * 1024
_SPAN_DIGITS = re.compile(r"\s*(\d{1,6})")
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534  # the HTML standard's own limits
_CSV_DELIMITERS = (";", "\t", ",")  # in order of preference when the counts tie
_CSV_SAMPLE = 64 * 1024
_CSV_LINES = 50
_QUOTED = re.compile(r'"[^"]*"')
_CALAMINE_ERRORS = (python_calamine.CalamineError, ValueError, OverflowError, OSError)

_MIDNIGHT = time()

_Read = tuple[list[Table], list[Problem]]


def read_tables(path: Path) -> _Read:
    """Every table of an export file and the problems met; a rejected file gives one problem."""
    try:
        kind = require_kind(path, ALLOWED)
        return _READERS[kind](path)
    except FileRejected as exc:
        return [], [exc.problem]


# --- rows → Table ------------------------------------------------------------------------

def _table(path: Path, sheet: str | None, rows: Iterable[tuple[Value, ...]],
           problems: list[Problem]) -> Table:
    """A Table of at most MAX_ROWS rows, trailing empty rows dropped."""
    kept: list[tuple[Value, ...]] = []
    # Empty rows are counted, not kept, until a row with data follows: a sheet may end in a
    # million of them. They come back as copies of the last one (the same width in a workbook).
    blank: tuple[Value, ...] = ()
    blanks = 0
    for number, row in enumerate(rows, 1):
        if number > MAX_ROWS:
            place = f" (лист «{sheet}»)" if sheet else ""
            limit = f"{MAX_ROWS:,}".replace(",", "\u00a0")
            problems.append(JOURNAL_ROWS_TRUNCATED(Location(path, sheet), name=path.name,
                                                   place=place, limit=limit))
            break
        if row.count(None) == len(row):
            blank, blanks = row, blanks + 1
            continue
        if blanks:
            kept.extend(itertools.repeat(blank, blanks))
            blanks = 0
        kept.append(row)
    return Table(path, sheet, tuple(kept))


# --- workbooks (python-calamine) ---------------------------------------------------------

def _read_book(path: Path) -> _Read:
    tables: list[Table] = []
    problems: list[Problem] = []
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            for meta in book.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue  # a chart or macro sheet holds no cells
                if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                    where = Location(path, meta.name)
                    problems.append(JOURNAL_SHEET_HIDDEN(where, name=path.name, sheet=meta.name))
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                tables.append(_table(path, meta.name, _sheet_rows(sheet), problems))
    except python_calamine.PasswordError as exc:
        raise rejection(FILE_ENCRYPTED, path) from exc
    except _CALAMINE_ERRORS as exc:
        raise rejection(FILE_DAMAGED, path) from exc
    except BaseException as exc:  # a Rust panic in calamine is pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        raise rejection(FILE_DAMAGED, path) from exc
    return tables, problems


def _sheet_rows(sheet: python_calamine.CalamineSheet) -> Iterator[tuple[Value, ...]]:
    """Rows from A1, cells converted; one row past the limit so that the cut is reported."""
    # iter_rows() numbers rows from A1 but columns from the first used one; to_python is exact.
    for row in sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1):
        yield tuple([_book_value(value) for value in row])


def _book_value(value: object) -> Value:
    """calamine's cell as the Table keeps it: "" → None, 4.0 → 4, text stripped."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.date() if value.time() == _MIDNIGHT else value
    if isinstance(value, date | int):
        return value
    if isinstance(value, time):  # a time-only cell: kept as the text Excel shows
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return None if value is None else str(value)  # a duration, or anything new in calamine


# --- HTML tables (lxml) ------------------------------------------------------------------

def _read_html(path: Path) -> _Read:
    text = _html_text(_read_bytes(path))
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False,
                                  remove_comments=True, remove_pis=True, decompress=False)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise rejection(FILE_DAMAGED, path) from exc
    for br in root.iter("br"):  # «Иванов<br>Пётр» reads as two words, not one
        br.tail = " " + (br.tail or "")
    found = [rows for rows in (_html_table_rows(t) for t in root.iter("table")) if rows]
    if not found:
        raise rejection(JOURNAL_NO_TABLE, path)
    problems: list[Problem] = []
    tables = [_table(path, None if len(found) == 1 else f"таблица {number}", _html_grid(rows),
                     problems) for number, rows in enumerate(found, 1)]
    return tables, problems


def _html_text(data: bytes) -> str:
    """The page's text: BOM, then <meta charset>, then UTF-8, then Windows-1251."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    declared = _declared_charset(data)
    for encoding in (*([declared] if declared else []), "utf-8", "cp1251"):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1251", "replace")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_META_SCAN])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    # A page whose <meta> is readable as ASCII is not UTF-16, whatever it claims.
    return None if name.startswith(("utf-16", "utf-32", "utf16", "utf32")) else name


def _html_table_rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The table's own <tr>, directly or in thead/tbody/tfoot (not those of nested tables)."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child if row.tag == "tr")
    return rows


def _html_grid(rows: Sequence[lxml.html.HtmlElement]) -> Iterator[tuple[Value, ...]]:
    """Cell texts laid on a grid: a spanned area is the value then None cells."""
    covered: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for row in rows:
        cells: list[Value] = []
        born: dict[int, int] = {}
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            while len(cells) in covered:
                cells.append(None)
            cells.append(" ".join(cell.text_content().split()) or None)
            colspan_text, rowspan_text = cell.get("colspan"), cell.get("rowspan")
            if colspan_text is None and rowspan_text is None:
                continue  # the usual cell: one column, one row
            start, colspan = len(cells) - 1, _span(colspan_text, _MAX_COLSPAN)
            cells.extend([None] * (colspan - 1))
            rowspan = _span(rowspan_text, _MAX_ROWSPAN)
            if rowspan > 1:
                born.update(dict.fromkeys(range(start, start + colspan), rowspan - 1))
        if covered:
            cells.extend([None] * (max(covered) + 1 - len(cells)))
        covered = {k: n - 1 for k, n in covered.items() if n > 1} | \
            {k: n for k, n in born.items() if n > 0}
        yield tuple(cells)


def _span(text: str | None, limit: int) -> int:
    """A colspan/rowspan attribute as browsers read it: leading digits, 1 when absent or 0."""
    match = _SPAN_DIGITS.match(text or "")
    return min(max(int(match.group(1)), 1), limit) if match else 1


# --- CSV ---------------------------------------------------------------------------------

def _read_csv(path: Path) -> _Read:
    text = _csv_text(_read_bytes(path), path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    problems: list[Problem] = []
    try:
        table = _table(path, None, (tuple([v.strip() or None for v in row]) for row in reader),
                       problems)
    except csv.Error as exc:  # a field over csv's size limit, a stray NUL
        raise rejection(FILE_DAMAGED, path) from exc
    return [table], problems


def _csv_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1251; a file mixing both is refused."""
    if data.startswith(codecs.BOM_UTF8):
        data, utf8_only = data[len(codecs.BOM_UTF8):], True
    else:
        utf8_only = False
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if utf8_only or not data[:exc.start].isascii():  # part UTF-8, part something else
            raise rejection(JOURNAL_CSV_ENCODING, path) from exc
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise rejection(JOURNAL_CSV_ENCODING, path) from exc


def _delimiter(text: str) -> str:
    """`;`, tab or `,`: the one found the same number of times on most of the first lines."""
    sample = _QUOTED.sub("", text[:_CSV_SAMPLE])  # delimiters inside quotes do not count
    lines = [line for line in sample.splitlines() if line.strip()]
    if len(text) > _CSV_SAMPLE and len(lines) > 1:
        lines.pop()  # cut in the middle
    lines = lines[:_CSV_LINES]

    def score(delimiter: str) -> tuple[int, int]:
        counts = Counter(n for n in (line.count(delimiter) for line in lines) if n)
        lines_agreeing = counts.most_common(1)[0][1] if counts else 0
        return (lines_agreeing, -_CSV_DELIMITERS.index(delimiter))

    return max(_CSV_DELIMITERS, key=score)


# --- shared ------------------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise rejection(FILE_UNREADABLE, path) from exc


_READERS: dict[FileKind, Callable[[Path], _Read]] = {
    FileKind.XLSX: _read_book,
    FileKind.XLS: _read_book,
    FileKind.ODS: _read_book,
    FileKind.HTML: _read_html,
    FileKind.CSV: _read_csv,
}
