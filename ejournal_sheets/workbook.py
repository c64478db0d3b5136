"""Read класс.xlsx into a ClassRecord: sheets and headers found by name, cells typed."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ejournal_sheets import sniff
from ejournal_sheets.cells import CELL_ERROR, FORMULA_UNCALCULATED, parse_cell
from ejournal_sheets.contacts import normalize_email, normalize_phone
from ejournal_sheets.errors import FileRejected
from ejournal_sheets.model import (
    AbsenceNote,
    Channel,
    ClassRecord,
    Consent,
    Event,
    GroupMember,
    Movement,
    Parent,
    Reason,
    Student,
    frozen_columns,
)
from ejournal_sheets.names import header_key
from ejournal_sheets.problems import Code, Location, Problem, Severity, column_letter
from ejournal_sheets.schema import (
    ABSENCES,
    CONSENTS,
    GROUPS,
    LISTS_SHEET,
    MOVEMENTS,
    PARENTS,
    SHEETS,
    STUDENTS,
    SheetSpec,
)

E, W = Severity.ERROR, Severity.WARNING
HEADER_SCAN_ROWS = 10
EMPTY_RUN_LIMIT = 200
EXTRA_COLUMNS = 5

SHEET_MISSING = Code(
    "sheet-missing", E, "Нет листа",
    "Нет листа «{sheet}»{similar}. Листы в файле: {found}.",
    "{hint}",
)
SHEET_HIDDEN = Code(
    "sheet-hidden", E, "Лист скрыт",
    "Лист «{sheet}» скрыт, поэтому его данные не используются.",
    "Покажите лист: правый щелчок по ярлыку листа → «Показать», затем запустите проверку снова.",
)
HEADER_NOT_FOUND = Code(
    "header-not-found", E, "Не найдена строка заголовков",
    "На листе «{sheet}» в первых {rows} строках нет заголовков столбцов ({expected}).",
    "Верните строку заголовков из шаблона: названия столбцов должны совпадать с шаблоном.",
)
HEADER_MISSING = Code(
    "header-missing", E, "Нет обязательного столбца",
    "На листе «{sheet}» нет обязательного столбца «{header}». Найдены столбцы: {found}.",
    "Добавьте столбец с заголовком «{header}» (или исправьте опечатку в заголовке).",
)
HEADER_DUPLICATE = Code(
    "header-duplicate", E, "Столбец повторяется",
    "Столбец «{header}» встречается дважды: {letters}.",
    "Оставьте один столбец «{header}», второй удалите или переименуйте.",
)
HEADER_BLANK = Code(
    "header-blank", E, "Данные без заголовка",
    "В столбце {letter} есть данные, но нет заголовка; эти данные не используются.",
    "Впишите заголовок столбца или перенесите данные в нужный столбец.",
)
HEADER_UNKNOWN = Code(
    "header-unknown", W, "Незнакомый столбец",
    "Столбец «{header}» программе неизвестен; его данные остаются в файле, но не проверяются.",
    "Если это опечатка, исправьте заголовок. Известные столбцы: {known}.",
)
ROW_HIDDEN = Code(
    "row-hidden", W, "Скрытая строка",
    "Строка {row} скрыта, но её данные прочитаны.",
    "Покажите строку и проверьте её, или удалите, если она не нужна.",
)
CELLS_MERGED = Code(
    "cells-merged", E, "Объединённые ячейки",
    "Ячейки {range} объединены через несколько строк; значение относится только к первой строке.",
    "Отмените объединение (Главная → «Объединить и поместить в центре») и впишите значение "
    "в каждую строку.",
)
FORMULA_IN_DATA = Code(
    "formula-in-data", W, "Формула вместо значения",
    "В ячейке формула «{formula}»; используется её вычисленное значение «{value}».",
    "Лучше заменить формулу значением (Копировать → Вставить значения).",
)


@dataclass
class _Sheet:
    """What the reader found on one sheet."""

    spec: SheetSpec
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def read_class(path: Path) -> tuple[ClassRecord, list[Problem]]:
    """The class workbook as a ClassRecord and every problem found reading it."""
    path = Path(path)
    try:
        book, values = _open(path)
    except FileRejected as exc:
        # Whatever the file is (even Excel's lock file), an unreadable workbook is an error.
        return ClassRecord(path), [replace(exc.problem, severity=E)]
    problems: list[Problem] = []
    sheets = {spec.name: _read_sheet(book, values, spec, path, problems) for spec in SHEETS}
    record = _build(path, sheets, frozenset(book.sheetnames))
    return record, problems


def _open(path: Path) -> tuple[Workbook, Workbook | None]:
    """Formulas workbook, and cached values only when a formula is present and was calculated."""
    book = sniff.open_xlsx(path)
    # `_cells` holds only cells present in the file; iter_rows would create the empty ones.
    if not any(c.data_type == "f" for ws in book.worksheets for c in ws._cells.values()):
        return book, None
    return book, None if _needs_calculation(path) else sniff.open_xlsx(path, data_only=True)


def _needs_calculation(path: Path) -> bool:
    """True when the file asks to recalculate on load: its cached formula values are not real."""
    with zipfile.ZipFile(path) as archive:
        text = archive.read("xl/workbook.xml")[:200_000].decode("utf-8", "replace")
    return 'fullCalcOnLoad="1"' in text or "fullCalcOnLoad=\"true\"" in text


def _find_sheet(
    book: Workbook, spec: SheetSpec, path: Path
) -> tuple[Worksheet | None, Problem | None]:
    names = {header_key(name): name for name in book.sheetnames}
    name = names.get(header_key(spec.name))
    if name is not None:
        sheet = book[name]
        if sheet.sheet_state != "visible":
            return None, SHEET_HIDDEN(Location(path, name), sheet=name)
        return sheet, None
    similar = [n for n in book.sheetnames if header_key(spec.name) in header_key(n)]
    found = ", ".join(f"«{n}»" for n in book.sheetnames if n != LISTS_SHEET) or "нет"
    hint = (f"Переименуйте лист «{similar[0]}» в «{spec.name}»." if similar
            else f"Добавьте лист «{spec.name}» (его можно скопировать из шаблона).")
    severity = E if spec.required else W
    note = f" (есть похожий: «{similar[0]}»)" if similar else ""
    return None, SHEET_MISSING(Location(path, spec.name), severity, sheet=spec.name,
                               similar=note, found=found, hint=hint)


def _read_sheet(book: Workbook, values: Workbook | None, spec: SheetSpec, path: Path,
                problems: list[Problem]) -> _Sheet:
    result = _Sheet(spec)
    sheet, problem = _find_sheet(book, spec, path)
    if sheet is None:
        problems.extend([problem] if problem else [])
        return result
    header_row = _header_row(sheet, spec)
    if header_row is None:
        expected = ", ".join(f"«{c.header}»" for c in spec.required_columns)
        problems.append(HEADER_NOT_FOUND(Location(path, sheet.title), sheet=sheet.title,
                                         rows=HEADER_SCAN_ROWS, expected=expected))
        return result
    result.columns = _map_columns(sheet, spec, header_row, path, problems)
    cached = values[sheet.title] if values is not None else None
    result.rows = list(_read_rows(sheet, cached, result.columns, spec, header_row, path, problems))
    return result


def _header_cells(sheet: Worksheet, row: int) -> list[tuple[int, str]]:
    width = min(sheet.max_column, 60)
    cells = (sheet.cell(row=row, column=col) for col in range(1, width + 1))
    return [(c.column, str(c.value)) for c in cells if c.value not in (None, "")]


def _header_row(sheet: Worksheet, spec: SheetSpec) -> int | None:
    """The first row (of the first ten) holding the most of the sheet's known headers."""
    best, best_score = None, 0
    for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
        keys = [header_key(text) for _, text in _header_cells(sheet, row)]
        score = sum(any(c.matches(k) for c in spec.columns) for k in keys)
        if score > best_score:
            best, best_score = row, score
    needed = min(2, len(spec.required_columns))
    return best if best_score >= needed else None


def _map_columns(sheet: Worksheet, spec: SheetSpec, header_row: int, path: Path,
                 problems: list[Problem]) -> dict[str, int]:
    found: dict[str, list[int]] = {}
    cells = _header_cells(sheet, header_row)
    for col, text in cells:
        column = next((c for c in spec.columns if c.matches(header_key(text))), None)
        if column is None:
            known = ", ".join(f"«{c.header}»" for c in spec.columns)
            where = Location(path, sheet.title, header_row, col, text)
            problems.append(HEADER_UNKNOWN(where, header=text.strip(), known=known))
            continue
        found.setdefault(column.field, []).append(col)
    for field_name, cols in found.items():
        if len(cols) > 1:
            header = spec.column(field_name).header
            letters = ", ".join(column_letter(c) for c in cols)
            where = Location(path, sheet.title, header_row, cols[1], header)
            problems.append(HEADER_DUPLICATE(where, header=header, letters=letters))
    listed = ", ".join(f"«{text.strip()}»" for _, text in cells) or "нет"
    for column in spec.required_columns:
        if column.field not in found:
            where = Location(path, sheet.title, header_row, None, column.header)
            problems.append(HEADER_MISSING(where, sheet=sheet.title, header=column.header,
                                           found=listed))
    return {name: cols[0] for name, cols in found.items()}


def _merged_problems(sheet: Worksheet, header_row: int, path: Path) -> Iterator[Problem]:
    for merged in sheet.merged_cells.ranges:
        if merged.max_row > merged.min_row and merged.max_row > header_row:
            where = Location(path, sheet.title, merged.min_row, merged.min_col)
            yield CELLS_MERGED(where, range=merged.coord)


def _read_rows(sheet: Worksheet, cached: Worksheet | None, columns: dict[str, int],
               spec: SheetSpec, header_row: int, path: Path,
               problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    problems.extend(_merged_problems(sheet, header_row, path))
    header_cols = {col for col, _ in _header_cells(sheet, header_row)}
    width = max([*header_cols, 1]) + EXTRA_COLUMNS
    blank_reported: set[int] = set()
    empty_run = 0
    for cells in sheet.iter_rows(min_row=header_row + 1, max_col=width):
        if all(c.value in (None, "") for c in cells):
            empty_run += 1
            if empty_run >= EMPTY_RUN_LIMIT:
                break
            continue
        empty_run = 0
        row = cells[0].row
        for cell in cells:
            if cell.value not in (None, "") and cell.column not in header_cols \
                    and cell.column not in blank_reported:
                blank_reported.add(cell.column)
                where = Location(path, sheet.title, row, cell.column)
                problems.append(HEADER_BLANK(where, letter=column_letter(cell.column)))
        if sheet.row_dimensions[row].hidden:
            problems.append(ROW_HIDDEN(Location(path, sheet.title, row), row=row))
        yield row, _read_row(cells, cached, columns, spec, path, problems)


def _read_row(cells: tuple[Any, ...], cached: Worksheet | None, columns: dict[str, int],
              spec: SheetSpec, path: Path, problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field_name, col in columns.items():
        column = spec.column(field_name)
        cell = cells[col - 1]
        where = Location(path, spec.name, cell.row, col, column.header)
        raw = _cell_value(cell, cached, where, problems)
        if raw in (None, ""):
            continue
        parsed = parse_cell(raw, column, where)
        problems.extend(parsed.problems)
        values[field_name] = parsed.value
    return values


def _cell_value(cell: Any, cached: Worksheet | None, where: Location,
                problems: list[Problem]) -> Any:
    """The value to use: errors and never-calculated formulas are reported and give None."""
    if cell.data_type == "e":
        problems.append(CELL_ERROR(where, value=cell.value))
        return None
    if cell.data_type != "f":
        return cell.value
    formula = str(cell.value)
    value = cached.cell(row=cell.row, column=cell.column).value if cached is not None else None
    if value is None:
        problems.append(FORMULA_UNCALCULATED(where, value=formula))
        return None
    if isinstance(value, str) and value.startswith("#"):
        problems.append(CELL_ERROR(where, value=value))
        return None
    problems.append(FORMULA_IN_DATA(where, formula=formula, value=value))
    return value


def _build(path: Path, sheets: dict[str, _Sheet], found: frozenset[str]) -> ClassRecord:
    return ClassRecord(
        path=path,
        students=tuple(_student(r, v) for r, v in sheets[STUDENTS.name].rows),
        parents=tuple(_parent(r, v) for r, v in sheets[PARENTS.name].rows),
        groups=tuple(_group(r, v) for r, v in sheets[GROUPS.name].rows),
        consents=tuple(_consent(r, v) for r, v in sheets[CONSENTS.name].rows),
        absences=tuple(_absence(r, v) for r, v in sheets[ABSENCES.name].rows),
        movements=tuple(_movement(r, v) for r, v in sheets[MOVEMENTS.name].rows),
        columns=frozen_columns({name: sheet.columns for name, sheet in sheets.items()}),
        sheets_found=found,
    )


def _defaults(values: dict[str, Any], *names: str) -> dict[str, Any]:
    return {**dict.fromkeys(names), **values}


def _student(row: int, values: dict[str, Any]) -> Student:
    return Student(row=row, **_defaults(values, "number", "last_name", "first_name"))


def _parent(row: int, values: dict[str, Any]) -> Parent:
    v = _defaults(values, "student_number", "last_name", "first_name")
    phone, email = v.pop("phone", None), v.pop("email", None)
    channel = v.pop("channel", None)
    return Parent(
        row=row, **v,
        phone_raw=phone, phone=normalize_phone(phone) if phone else None,
        email_raw=email, email=normalize_email(email) if email else None,
        channel=Channel(channel) if channel else None,
    )


def _group(row: int, values: dict[str, Any]) -> GroupMember:
    return GroupMember(row=row, **_defaults(values, "subject", "group", "teacher",
                                            "student_number"))


def _consent(row: int, values: dict[str, Any]) -> Consent:
    v = _defaults(values, "student_number", "parent")
    electronic = v.pop("electronic", None)
    return Consent(row=row, **v, electronic=None if electronic is None else electronic == "Да")


def _absence(row: int, values: dict[str, Any]) -> AbsenceNote:
    v = _defaults(values, "student_number", "date_from", "date_to")
    reason = v.pop("reason", None)
    return AbsenceNote(row=row, **v, reason=Reason(reason) if reason else None)


def _movement(row: int, values: dict[str, Any]) -> Movement:
    v = _defaults(values, "student_number", "student_name", "event", "date")
    event = v.pop("event")
    return Movement(row=row, **v, event=Event(event) if event else None)
