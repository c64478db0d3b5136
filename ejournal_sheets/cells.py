"""Cell values → typed values for the class workbook, each doubt reported as a problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ejournal_sheets.names import (
    clean_spaces,
    has_control,
    has_latin,
    header_key,
    strip_control,
    unescape_ooxml,
)
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.schema import LISTS, SYNONYMS, Column, Kind

E, W = Severity.ERROR, Severity.WARNING

DATE_AS_TEXT = Code(
    "date-as-text", W, "Дата записана текстом",
    "Дата «{value}» записана текстом; прочитана как {parsed}.",
    "Введите её как дату (формат ячейки «Дата»), чтобы Excel мог её проверять.",
)
DATE_SERIAL = Code(
    "date-serial", W, "Дата записана числом",
    "В ячейке число {value} вместо даты; прочитано как {parsed}.",
    "Задайте ячейке формат «Дата» и проверьте, что дата верная.",
)
DATE_INVALID = Code(
    "date-invalid", E, "Невозможная дата",
    "«{value}» — не дата{why}.",
    "Исправьте дату в виде ДД.ММ.ГГГГ, например 14.03.2013.",
)
NUMBER_INVALID = Code(
    "number-invalid", E, "Не число",
    "«{value}» — не номер: в столбце «{header}» нужно целое число.",
    "Впишите номер цифрами, например 7.",
)
CHOICE_UNKNOWN = Code(
    "choice-unknown", E, "Значение не из списка",
    "«{value}» — такого значения нет в списке столбца «{header}».",
    "Выберите одно из значений: {allowed}.",
)
CHOICE_SYNONYM = Code(
    "choice-synonym", W, "Значение записано по-другому",
    "«{value}» понято как «{meant}».",
    "Выберите «{meant}» из выпадающего списка, чтобы не было разночтений.",
)
TEXT_CONTROL = Code(
    "text-control-chars", W, "Невидимые управляющие символы",
    "В тексте «{value}» были невидимые управляющие символы; они удалены при чтении.",
    "Перепечатайте значение в ячейке вручную.",
)
LESSONS_INVALID = Code(
    "lessons-invalid", E, "Непонятные номера уроков",
    "«{value}» — не номера уроков.",
    "Впишите номера уроков через запятую, например «1, 2» или «3-5»; пусто — весь день.",
)
CELL_ERROR = Code(
    "cell-error", E, "Ошибка в формуле",
    "В ячейке ошибка {value}; значение не используется.",
    "Исправьте формулу или замените её значением.",
)
FORMULA_UNCALCULATED = Code(
    "formula-uncalculated", E, "Формула не вычислена",
    "В ячейке формула «{value}», которая ещё ни разу не вычислялась; значение не используется.",
    "Откройте файл в Excel или LibreOffice и сохраните его — формулы будут вычислены. "
    "Лучше замените формулу значением.",
)

_DATE_TEXT = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s+0?0:00(?::00)?)?$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_MONTHS_IN = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip


@dataclass(frozen=True)
class Parsed:
    """A cell's typed value and what reading it found."""

    value: Any
    problems: tuple[Problem, ...] = ()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    return unescape_ooxml(str(value))


def parse_text(value: Any, column: Column, where: Location) -> Parsed:
    text = _text(value)
    problems: tuple[Problem, ...] = ()
    if has_control(text):
        text = strip_control(text)
        problems = (TEXT_CONTROL(where, value=clean_spaces(text)),)
    if not text.strip():
        return Parsed(None, problems)
    return Parsed(text if column.kind is Kind.NAME else text.strip(), problems)


def parse_number(value: Any, column: Column, where: Location) -> Parsed:
    if isinstance(value, bool):
        return Parsed(None, (NUMBER_INVALID(where, value=value, header=column.header),))
    if isinstance(value, int | float) and float(value).is_integer():
        return Parsed(int(value))
    text = clean_spaces(_text(value)).rstrip(".")
    if text.isdigit():
        return Parsed(int(text))
    return Parsed(None, (NUMBER_INVALID(where, value=value, header=column.header),))


def _date_from_parts(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: Any, column: Column, where: Location) -> Parsed:
    if isinstance(value, datetime):
        return Parsed(value.date())
    if isinstance(value, date):
        return Parsed(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_date(value, where)
    text = clean_spaces(_text(value))
    parts = _date_parts(text)
    if parts is None:
        return Parsed(None, (DATE_INVALID(where, value=text, why=""),))
    parsed = _date_from_parts(*parts)
    if parsed is None:
        why = f": в {_MONTHS_IN[parts[1] - 1]} {parts[2]} года нет {parts[0]}-го числа"
        if not 1 <= parts[1] <= 12 or parts[0] == 0:
            why = f": месяца {parts[1]} не бывает"
        return Parsed(None, (DATE_INVALID(where, value=text, why=why),))
    return Parsed(parsed, (DATE_AS_TEXT(where, value=text, parsed=f"{parsed:%d.%m.%Y}"),))


def _date_parts(text: str) -> tuple[int, int, int] | None:
    found = _DATE_TEXT.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if len(found.group(3)) == 2:
            year += 2000 if year < 50 else 1900
        return day, month, year
    iso = _ISO_TEXT.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return day, month, year
    return None


def _serial_date(value: float, where: Location) -> Parsed:
    if not 1 <= value < 2958466:
        return Parsed(None, (DATE_INVALID(where, value=_text(value), why=""),))
    parsed = _EXCEL_EPOCH + timedelta(days=int(value))
    return Parsed(parsed, (DATE_SERIAL(where, value=_text(value), parsed=f"{parsed:%d.%m.%Y}"),))


def parse_choice(value: Any, column: Column, where: Location) -> Parsed:
    allowed = LISTS[column.choices or ""]
    text = clean_spaces(_text(value))
    key = header_key(text)
    for option in allowed:
        if header_key(option) == key:
            if has_latin(text) and not has_latin(option):
                return Parsed(option, (CHOICE_SYNONYM(where, value=text, meant=option),))
            return Parsed(option)
    synonyms = {header_key(k): v for k, v in SYNONYMS.get(column.choices or "", {}).items()}
    if key in synonyms:
        meant = synonyms[key]
        return Parsed(meant, (CHOICE_SYNONYM(where, value=text, meant=meant),))
    listed = ", ".join(f"«{a}»" for a in allowed)
    return Parsed(None, (CHOICE_UNKNOWN(where, value=text, header=column.header, allowed=listed),))


def parse_raw(value: Any, column: Column, where: Location) -> Parsed:
    """Phones and emails are kept as typed; normalising them is a check."""
    text = clean_spaces(strip_control(_text(value)))
    return Parsed(text or None)


def parse_lessons(value: Any, column: Column, where: Location) -> Parsed:
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 12:
        return Parsed((int(value),))
    text = clean_spaces(_text(value))
    lessons: list[int] = []
    for part in re.split(r"[,;\s]+", text.replace("—", "-").replace("–", "-")):
        span = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?(?:-?й|\s*ур\.?)?", part)
        if not part:
            continue
        if not span or not 1 <= int(span.group(1)) <= int(span.group(2) or span.group(1)) <= 12:
            return Parsed(None, (LESSONS_INVALID(where, value=text),))
        lessons.extend(range(int(span.group(1)), int(span.group(2) or span.group(1)) + 1))
    return Parsed(tuple(sorted(set(lessons))))


PARSERS: dict[Kind, Callable[[Any, Column, Location], Parsed]] = {
    Kind.TEXT: parse_text,
    Kind.NAME: parse_text,
    Kind.NUMBER: parse_number,
    Kind.DATE: parse_date,
    Kind.CHOICE: parse_choice,
    Kind.PHONE: parse_raw,
    Kind.EMAIL: parse_raw,
    Kind.LESSONS: parse_lessons,
}


def parse_cell(value: Any, column: Column, where: Location) -> Parsed:
    """Typed value of a non-empty cell for its column's kind."""
    if isinstance(value, str) and not value.strip():
        return Parsed(None)
    return PARSERS[column.kind](value, column, where)
