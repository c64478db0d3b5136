"""The six layouts of the journal exports (docs/journal_formats.md): columns, detection, context."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from ejournal_sheets.journal.headers import (
    COLUMNS,
    Aliases,
    Title,
    alias_lookup,
    cell_text,
    find_period,
    header_keys,
    is_title_line,
    looks_like_date,
    map_headers,
    parse_day,
    read_titles,
)
from ejournal_sheets.journal.table import Table, Value
from ejournal_sheets.names import header_key
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.settings import Settings, Year

E, W = Severity.ERROR, Severity.WARNING
HEADER_ROWS = 15  # the header row is looked for in the first rows; title lines may be above

LAYOUT_UNKNOWN = Code(
    "journal-layout-unknown", E, "Непонятная выгрузка журнала",
    "Не удалось понять, какая это выгрузка журнала: найдены столбцы {headers}.",
    "Программа читает шесть видов выгрузок: журнал предмета (Ученик и столбцы-даты 01.09, "
    "03.09…); длинная таблица (Дата, Предмет, Ученик, Отметка или Пропуск); итоговые отметки "
    "(Ученик, Предмет, Период, Отметка — или Ученик и столбцы предметов со строкой «Период: Ч1» "
    "над таблицей); посещение ЭД (Пользователь, Роль, Дата/время входа — или Последний вход и "
    "Число входов); уроки (Дата, Предмет, Тема, Домашнее задание); реквизиты доступа (ФИО, "
    "Роль, Логин). Если столбец называется иначе, добавьте его название в раздел "
    "[journal.aliases] файла ejournal.toml; если это не выгрузка журнала, уберите файл из "
    "папки журнал/.")
OTHER_CLASS = Code(
    "journal-other-class", W, "Выгрузка другого класса",
    "Таблица относится к классу «{found}», а не к «{expected}»; она пропущена.",
    "Уберите выгрузку другого класса из папки журнал/ или исправьте название класса "
    "в ejournal.toml.")
DATE_INVALID = Code(
    "journal-date-invalid", E, "Непонятная дата в выгрузке",
    "«{value}» в {place} — не дата{why}.",
    "Исправьте дату в выгрузке (ДД.ММ или ДД.ММ.ГГГГ, например 03.09.2026) или выгрузите "
    "файл из журнала заново.")
VALUE_MISSING = Code(
    "journal-value-missing", E, "Не заполнена ячейка выгрузки",
    "В строке есть данные, но не заполнен столбец «{header}»; строка не прочитана.",
    "Заполните ячейку (или выгрузите файл из журнала заново) либо удалите лишнюю строку.")
NUMBER_INVALID = Code(
    "journal-number-invalid", E, "Не число в выгрузке",
    "«{value}» в столбце «{header}» — не число; значение не использовано.",
    "Впишите число цифрами, например {example}, или выгрузите файл из журнала заново.")
CHOICE_INVALID = Code(
    "journal-choice-invalid", E, "Непонятное значение в выгрузке",
    "«{value}» в столбце «{header}» не понято; строка не прочитана.",
    "Допустимые значения: {allowed}. Исправьте ячейку или выгрузите файл из журнала заново.")


class Layout(StrEnum):
    """A kind of export; the value is how messages name it."""

    GRID = "журнал предмета"
    LONG_TABLE = "длинная таблица"
    PERIOD_MARKS = "итоговые отметки"
    VISITS = "посещение ЭД"
    LESSONS = "уроки"
    CREDENTIALS = "реквизиты доступа"


@dataclass(frozen=True)
class ReadContext:
    """What an adapter needs besides the table: aliases, school year, class, double marks."""

    aliases: Aliases = ()
    year: Year = field(default_factory=Year)
    double_marks: str = "две"
    class_name: str = ""
    period_kind: str = "четверти"

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadContext:
        """The context of a workspace's settings."""
        return cls(settings.journal.aliases, settings.year, settings.rules.double_marks,
                   settings.class_.name, settings.year.period_kind)

    @cached_property
    def lookups(self) -> dict[str, dict[str, str]]:
        """Header key → canonical name, per form of layout."""
        return {form: alias_lookup(columns, self.aliases) for form, columns in COLUMNS.items()}

    @property
    def first_year(self) -> int:
        """The calendar year the school year starts in (2026 for 2026/2027)."""
        return self.year.start.year

    @property
    def bounds(self) -> tuple[date, date]:
        """The school year, 1 September – 31 August, widened to the settings' dates."""
        start, end = date(self.first_year, 9, 1), date(self.first_year + 1, 8, 31)
        return min(start, self.year.start), max(end, self.year.end)

    def date_of(self, value: Value) -> tuple[date | None, str]:
        """A lesson date from a date cell, `дд.мм`, `дд.мм.гггг` or ISO text; else (None, why)."""
        day, why = parse_day(value, self.first_year)
        if day is None:
            return None, why
        start, end = self.bounds
        if not start <= day <= end:
            return None, f": {day:%d.%m.%Y} вне учебного года {self.first_year}/" \
                         f"{self.first_year + 1}"
        return day, ""


@dataclass(frozen=True)
class Detected:
    """Where a layout's header row is, and which columns and title lines it has."""

    layout: Layout
    form: str
    row: int
    columns: dict[str, int]
    titles: dict[str, Title]
    period: str | None = None


def detect_layout(table: Table, context: ReadContext,
                  layout: Layout | None = None) -> Detected | None:
    """The first layout (or `layout`) whose header row is in the table's first rows, or None."""
    forms = [f for f in _FORMS if layout is None or _LAYOUT_OF[f] is layout]
    for row in range(min(HEADER_ROWS, len(table.rows))):
        keys = header_keys(table.rows[row])
        for form in forms:
            found = _fits(table, row, keys, form, context)
            if found is not None:
                return found
    return None


def open_layout(table: Table, context: ReadContext, layout: Layout,
                found: Detected | None = None) -> tuple[Detected | None, list[Problem]]:
    """The table's header for an adapter (`found`: as the reader detected it already); None
    with a problem when unknown or of another class."""
    if found is None or found.layout is not layout:
        found = detect_layout(table, context, layout)
    if found is None:
        return None, [unknown_layout(table)]
    other = other_class(found, context)
    return (None, [other]) if other else (found, [])


def other_class(found: Detected, context: ReadContext) -> Problem | None:
    """The warning for a «Класс:» title line naming another class than the workspace's."""
    title = found.titles.get("Класс")
    if title is None or not context.class_name or _same_class(title.value, context.class_name):
        return None
    return OTHER_CLASS(title.where, found=title.value, expected=context.class_name)


_CLASS = re.compile(r"(\d{1,2})\s*[-–—]?\s*[«\"]?([а-я])?(?![а-я])")


def _same_class(title: str, name: str) -> bool:
    """«7 б», «7-Б класс», «7Б, 2026/2027» are 7Б; a title without a letter matches any 7."""
    found, own = _CLASS.search(header_key(title)), _CLASS.search(header_key(name))
    if found is None or own is None:
        return header_key(title) == header_key(name)
    if found.group(1) != own.group(1):
        return False
    return not (found.group(2) and own.group(2)) or found.group(2) == own.group(2)


_FORMS = ("credentials", "visits", "lessons", "long", "period-long", "grid", "period-wide")
_LAYOUT_OF = {"credentials": Layout.CREDENTIALS, "visits": Layout.VISITS,
              "lessons": Layout.LESSONS, "long": Layout.LONG_TABLE,
              "period-long": Layout.PERIOD_MARKS, "grid": Layout.GRID,
              "period-wide": Layout.PERIOD_MARKS}
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "credentials": (("ФИО",), ("Роль",), ("Логин",)),
    "visits": (("Пользователь",), ("Роль",), ("Дата/время входа", "Число входов")),
    "lessons": (("Дата",), ("Предмет",), ("Тема",), ("Домашнее задание",)),
    "long": (("Дата",), ("Предмет",), ("Ученик",), ("Отметка", "Пропуск")),
    "period-long": (("Ученик",), ("Предмет",), ("Период",), ("Отметка",)),
    "grid": (("Ученик",),),
    "period-wide": (("Ученик",),),
}


def _fits(table: Table, row: int, keys: tuple[str, ...], form: str,
          context: ReadContext) -> Detected | None:
    cells = table.rows[row]
    columns = map_headers(keys, context.lookups[form])
    if not all(any(name in columns for name in names) for names in _REQUIRED[form]):
        return None
    if form == "visits" and "Дата/время входа" not in columns and "Последний вход" not in columns:
        return None
    if form == "lessons" and map_headers(keys, context.lookups["long"]).get("Ученик") is not None:
        return None
    if form == "grid" and sum(looks_like_date(v) for v in cells[columns["Ученик"] + 1:]) < 2:
        return None
    titles = read_titles(table, row)
    period = None
    if form == "period-wide":
        period = _wide_period(table, row, columns, titles, context)
        if period is None:
            return None
    return Detected(_LAYOUT_OF[form], form, row, columns, titles, period)


def _wide_period(table: Table, row: int, columns: dict[str, int], titles: dict[str, Title],
                 context: ReadContext) -> str | None:
    """The period of a wide period-marks sheet: «Период:» line, a title line, the sheet name."""
    subjects = [v for v in table.rows[row][columns["Ученик"] + 1:] if cell_text(v)]
    if not subjects or any(looks_like_date(v) for v in subjects):
        return None
    texts = [titles["Период"].value] if "Период" in titles else []
    texts += [cell_text(v) for line in table.rows[:row] for v in line
              if cell_text(v) and not is_title_line(v)]
    texts.append(table.sheet or "")
    return next((p for p in (find_period(t, context.period_kind) for t in texts) if p), None)


def unknown_layout(table: Table) -> Problem:
    """The error for a table that fits no layout, listing the headers it has."""
    rows = [[cell_text(v) for v in line if cell_text(v)] for line in table.rows[:HEADER_ROWS]]
    candidates = next((r for r in rows if len(r) >= 2), next((r for r in rows if r), []))
    shown = ", ".join(f"«{h}»" for h in candidates[:12]) + (", …" if len(candidates) > 12 else "")
    return LAYOUT_UNKNOWN(Location(table.path, table.sheet), headers=shown or "— (нет)")


@dataclass(frozen=True)
class Row:
    """One data row of a long-form export, its cells looked up by canonical column name."""

    table: Table
    index: int
    columns: dict[str, int]

    def value(self, name: str) -> Value:
        """The raw cell of column `name`, None when the column is absent."""
        column = self.columns.get(name)
        return None if column is None else self.table.value(self.index, column)

    def text(self, name: str) -> str:
        """The cell as clean text, empty when the column is absent or the cell empty."""
        return cell_text(self.value(name))

    def optional(self, name: str) -> str | None:
        """The cell as clean text, None when empty."""
        return self.text(name) or None

    def known(self, name: str) -> str | None:
        """The cell as clean text ("" when blank); None only when the export lacks the column."""
        return self.text(name) if name in self.columns else None

    def where(self, name: str | None = None) -> Location:
        """The cell of `name` (the whole row when None or the column is absent)."""
        column = self.columns.get(name) if name else None
        return self.table.where(self.index, column, name)


def prefer_text(first: str | None, second: str | None) -> str | None:
    """The filled one of two texts; "" (known blank) beats None (not in the export)."""
    if first or second:
        return first or second
    return "" if "" in (first, second) else None


def data_rows(table: Table, found: Detected) -> list[Row]:
    """The rows below the header that have any value."""
    return [Row(table, index, found.columns) for index in range(found.row + 1, len(table.rows))
            if any(cell_text(v) for v in table.rows[index])]


def missing(row: Row, names: tuple[str, ...], problems: list[Problem]) -> bool:
    """True (with an error for the first one) when a required cell of the row is empty."""
    for name in names:
        if not row.text(name):
            problems.append(VALUE_MISSING(row.where(name), header=name))
            return True
    return False


def row_date(row: Row, name: str, context: ReadContext, problems: list[Problem]) -> date | None:
    """The date in the row's `name` cell, or None with `journal-date-invalid`."""
    day, why = context.date_of(row.value(name))
    if day is None:
        problems.append(DATE_INVALID(row.where(name), value=row.text(name),
                                     place=f"столбце «{name}»", why=why))
    return day


def row_number(row: Row, name: str, problems: list[Problem], example: str = "2") -> float | None:
    """The number in the row's `name` cell (None when empty, or with an error when not a number)."""
    text = row.text(name).replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
        if math.isfinite(number):
            return number
    except ValueError:
        pass
    problems.append(NUMBER_INVALID(row.where(name), value=row.text(name), header=name,
                                   example=example))
    return None


def row_int(row: Row, name: str, problems: list[Problem], example: str = "2") -> int | None:
    """A whole number ≥ 0 in the row's `name` cell, or None (with an error when it is not)."""
    number = row_number(row, name, problems, example)
    if number is None:
        return None
    if number.is_integer() and number >= 0:
        return int(number)
    problems.append(NUMBER_INVALID(row.where(name), value=row.text(name), header=name,
                                   example=example))
    return None
