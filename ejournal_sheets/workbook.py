"""Read класс.xlsx into a ClassRecord: sheets and headers found by name, cells typed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ejournal_sheets.cells import CELL_ERROR, FORMULA_UNCALCULATED, parse_cell
from ejournal_sheets.contacts import normalize_email, normalize_phone
from ejournal_sheets.errors import FileRejected
from ejournal_sheets.grids import Grid, Sheets, Special, read_sheets
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


def read_class(path: Path, *, fast: bool = True) -> tuple[ClassRecord, list[Problem]]:
    """The class workbook as a ClassRecord and every problem found reading it (`fast`: by
    calamine unless the file needs openpyxl — see grids.py; both give the same result)."""
    path = Path(path)
    try:
        book = read_sheets(path, fast=fast)
    except FileRejected as exc:
        # Whatever the file is (even Excel's lock file), an unreadable workbook is an error.
        return ClassRecord(path), [replace(exc.problem, severity=E)]
    problems: list[Problem] = []
    sheets = {spec.name: _read_sheet(book, spec, path, problems) for spec in SHEETS}
    record = _build(path, sheets, frozenset(book.names))
    return record, problems


def _find_sheet(book: Sheets, spec: SheetSpec, path: Path) -> tuple[Grid | None, Problem | None]:
    names = {header_key(name): name for name in book.names}
    name = names.get(header_key(spec.name))
    if name is not None:
        sheet = book.grids[name]
        if not sheet.visible:
            return None, SHEET_HIDDEN(Location(path, name), sheet=name)
        return sheet, None
    similar = [n for n in book.names if header_key(spec.name) in header_key(n)]
    found = ", ".join(f"«{n}»" for n in book.names if n != LISTS_SHEET) or "нет"
    hint = (f"Переименуйте лист «{similar[0]}» в «{spec.name}»." if similar
            else f"Добавьте лист «{spec.name}» (его можно скопировать из шаблона).")
    severity = E if spec.required else W
    note = f" (есть похожий: «{similar[0]}»)" if similar else ""
    return None, SHEET_MISSING(Location(path, spec.name), severity, sheet=spec.name,
                               similar=note, found=found, hint=hint)


def _read_sheet(book: Sheets, spec: SheetSpec, path: Path, problems: list[Problem]) -> _Sheet:
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
    result.rows = list(_read_rows(sheet, result.columns, spec, header_row, path, problems))
    return result


def _header_cells(sheet: Grid, row: int) -> list[tuple[int, str]]:
    width = min(sheet.max_column, 60)
    cells = ((col, sheet.value(row, col)) for col in range(1, width + 1))
    return [(col, str(value)) for col, value in cells if value not in (None, "")]


def _header_row(sheet: Grid, spec: SheetSpec) -> int | None:
    """The first row (of the first ten) holding the most of the sheet's known headers."""
    best, best_score = None, 0
    for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
        keys = [header_key(text) for _, text in _header_cells(sheet, row)]
        score = sum(any(c.matches(k) for c in spec.columns) for k in keys)
        if score > best_score:
            best, best_score = row, score
    needed = min(2, len(spec.required_columns))
    return best if best_score >= needed else None


def _map_columns(sheet: Grid, spec: SheetSpec, header_row: int, path: Path,
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


def _merged_problems(sheet: Grid, header_row: int, path: Path) -> Iterator[Problem]:
    for min_row, min_col, max_row, max_col in sheet.merged:
        if max_row > min_row and max_row > header_row:
            where = Location(path, sheet.title, min_row, min_col)
            coord = f"{column_letter(min_col)}{min_row}:{column_letter(max_col)}{max_row}"
            yield CELLS_MERGED(where, range=coord)


def _read_rows(sheet: Grid, columns: dict[str, int], spec: SheetSpec, header_row: int,
               path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    problems.extend(_merged_problems(sheet, header_row, path))
    header_cols = {col for col, _ in _header_cells(sheet, header_row)}
    width = max([*header_cols, 1]) + EXTRA_COLUMNS
    blank_reported: set[int] = set()
    empty_run = 0
    for row, values in sheet.lines(header_row + 1, width):
        if all(value in (None, "") for value in values):
            empty_run += 1
            if empty_run >= EMPTY_RUN_LIMIT:
                break
            continue
        empty_run = 0
        for col, value in enumerate(values, start=1):
            if value not in (None, "") and col not in header_cols \
                    and col not in blank_reported:
                blank_reported.add(col)
                where = Location(path, sheet.title, row, col)
                problems.append(HEADER_BLANK(where, letter=column_letter(col)))
        if row in sheet.hidden_rows:
            problems.append(ROW_HIDDEN(Location(path, sheet.title, row), row=row))
        yield row, _read_row(sheet, row, values, columns, spec, path, problems)


def _read_row(sheet: Grid, row: int, values: list[Any], columns: dict[str, int],
              spec: SheetSpec, path: Path, problems: list[Problem]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field_name, col in columns.items():
        column = spec.column(field_name)
        where = Location(path, spec.name, row, col, column.header)
        raw = _cell_value(values[col - 1], sheet.special.get((row, col)), where, problems)
        if raw in (None, ""):
            continue
        parsed = parse_cell(raw, column, where)
        problems.extend(parsed.problems)
        found[field_name] = parsed.value
    return found


def _cell_value(value: Any, special: Special | None, where: Location,
                problems: list[Problem]) -> Any:
    """The value to use: errors and never-calculated formulas are reported and give None."""
    if special is None:
        return value
    if special.kind == "e":
        problems.append(CELL_ERROR(where, value=special.text))
        return None
    cached = special.cached
    if cached is None:
        problems.append(FORMULA_UNCALCULATED(where, value=special.text))
        return None
    if isinstance(cached, str) and cached.startswith("#"):
        problems.append(CELL_ERROR(where, value=cached))
        return None
    problems.append(FORMULA_IN_DATA(where, formula=special.text, value=cached))
    return cached


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
