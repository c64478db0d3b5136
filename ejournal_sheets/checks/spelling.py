"""How names are typed: Cyrillic, capitalised, no stray spaces (matched to the journal anyway)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ejournal_sheets.checks.common import Context, sheet_records
from ejournal_sheets.model import ClassRecord
from ejournal_sheets.names import LOOKALIKES, clean_spaces, has_latin, lookalikes_only
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.schema import Kind

NAME_LATIN_LOOKALIKE = Code(
    "name-latin-lookalike",
    Severity.WARNING,
    "Латинские буквы, похожие на русские, в имени",
    "В имени «{value}» латинские буквы {letters} похожи на русские; имя всё равно "
    "сопоставлено с журналом, но в документы попадёт как написано.",
    "Перепечатайте {letters} в русской раскладке клавиатуры.",
)
NAME_LATIN = Code(
    "name-latin",
    Severity.WARNING,
    "Латинские буквы в имени",
    "В имени «{value}» есть латинские буквы ({letters}).",
    "Введите имя русскими буквами, как оно записано в электронном журнале.",
)
NAME_CASE = Code(
    "name-case",
    Severity.WARNING,
    "Имя с маленькой буквы",
    "Имя «{value}» написано с маленькой буквы.",
    "Исправьте на «{fixed}».",
)
NAME_SPACES = Code(
    "name-spaces",
    Severity.WARNING,
    "Лишние пробелы в имени",
    "В имени «{value}» лишние пробелы: в начале, в конце, двойные или неразрывные.",
    "Исправьте на «{fixed}».",
)

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+")
_PART_BREAKS = frozenset(" \t\u00a0-")
# Name parts written in lower case by rule: «Рашид оглы», «фон Визин».
_LOWER_PARTICLES = frozenset({"оглы", "кызы", "улы", "уулу", "гызы", "ибн", "фон", "де", "ван"})


@dataclass(frozen=True)
class NameCell:
    """One filled cell of a name column."""

    where: Location
    value: str


def name_cells(class_: ClassRecord) -> Iterator[NameCell]:
    """Every non-empty cell of a name column on every sheet."""
    for spec, records in sheet_records(class_):
        fields = [c.field for c in spec.columns if c.kind is Kind.NAME]
        for record in records:
            for field in fields:
                value = getattr(record, field, None)
                if isinstance(value, str) and value.strip():
                    yield NameCell(class_.where(spec.name, record.row, field), value)


def _latin_letters(value: str) -> str:
    return ", ".join(f"«{ch}»" for ch in dict.fromkeys(_LATIN.findall(value)))


def check_name_lookalikes(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A Cyrillic name has no Latin look-alike letters (Петрoв with a Latin o)."""
    for cell in name_cells(class_):
        if _has_lookalikes(cell.value):
            yield NAME_LATIN_LOOKALIKE(
                cell.where, value=cell.value, letters=_latin_letters(cell.value)
            )


def check_name_latin(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A name has no Latin letters other than look-alikes inside a Cyrillic name."""
    for cell in name_cells(class_):
        if has_latin(cell.value) and not _has_lookalikes(cell.value):
            yield NAME_LATIN(cell.where, value=cell.value, letters=_latin_letters(cell.value))


def _capitalise(match: re.Match[str]) -> str:
    word, start = match.group(0), match.start()
    starts_part = start == 0 or match.string[start - 1] in _PART_BREAKS
    if not starts_part or word.casefold() in _LOWER_PARTICLES:
        return word
    return word[:1].upper() + word[1:]


def fix_case(value: str) -> str:
    """Each word and each part of a double name starts with a capital; the rest as typed."""
    return _WORD.sub(_capitalise, value)


def _has_lookalikes(value: str) -> bool:
    return bool(_CYRILLIC.search(value)) and lookalikes_only(value)


def suggestion(value: str) -> str:
    """The name as it should be typed: look-alikes in Cyrillic, single spaces, capitals."""
    if _has_lookalikes(value):
        value = value.translate(LOOKALIKES)
    return fix_case(clean_spaces(value))


def check_name_case(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Each part of a name starts with a capital letter (Римский-Корсаков is fine)."""
    for cell in name_cells(class_):
        if fix_case(cell.value) != cell.value:
            yield NAME_CASE(cell.where, value=cell.value, fixed=suggestion(cell.value))


def check_name_spaces(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A name has no leading, trailing, double or non-breaking spaces."""
    for cell in name_cells(class_):
        if clean_spaces(cell.value) != cell.value:
            yield NAME_SPACES(cell.where, value=cell.value, fixed=suggestion(cell.value))
