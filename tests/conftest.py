"""Shared fixtures: workbooks built from Python literals, LibreOffice when present."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ejournal_sheets.schema import SHEETS

TODAY = date(2026, 11, 28)

# A small valid class, laid out as the template lays it out (headers in schema order).
VALID: dict[str, list[dict[str, Any]]] = {
    "Ученики": [
        {"number": 1, "last_name": "Иванов", "first_name": "Пётр", "patronymic": "Сергеевич",
         "sex": "М", "birth_date": date(2013, 3, 14)},
        {"number": 2, "last_name": "Соколова", "first_name": "Анна", "patronymic": "Ильинична",
         "sex": "Ж", "birth_date": date(2013, 7, 2)},
    ],
    "Родители": [
        {"student_number": 1, "last_name": "Иванова", "first_name": "Мария",
         "patronymic": "Петровна", "sex": "Ж", "relation": "мать", "phone": "+79123456789",
         "email": "ivanova@example.ru", "channel": "email"},
        {"student_number": 2, "last_name": "Соколов", "first_name": "Илья",
         "patronymic": "Андреевич", "sex": "М", "relation": "отец", "phone": "+79223456789",
         "channel": "бумага"},
    ],
    "Группы": [
        {"subject": "Английский язык", "group": "1 группа", "teacher": "Смирнова Елена Викторовна",
         "student_number": 1},
        {"subject": "Английский язык", "group": "2 группа", "teacher": "Козлов Андрей Петрович",
         "student_number": 2},
    ],
    "Согласия": [
        {"student_number": 1, "parent": "Иванова Мария Петровна", "pd_consent": date(2026, 9, 1),
         "electronic": "Да", "regulation_date": date(2026, 9, 1)},
        {"student_number": 2, "parent": "Соколов Илья Андреевич", "pd_consent": date(2026, 9, 2),
         "electronic": "Нет", "regulation_date": date(2026, 9, 2)},
    ],
    "Пропуски": [
        {"student_number": 1, "date_from": date(2026, 11, 16), "date_to": date(2026, 11, 18),
         "reason": "болезнь", "document": "Справка № 15", "note": "ОРВИ"},
    ],
    "Движение": [],
}  # fmt: skip


def sheet_rows(records: Sequence[Mapping[str, Any]], sheet: str) -> list[list[Any]]:
    """Header row + value rows for a sheet, columns in template order."""
    spec = next(s for s in SHEETS if s.name == sheet)
    header = [c.header for c in spec.columns]
    return [header, *([r.get(c.field) for c in spec.columns] for r in records)]


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]],
               edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """An xlsx with the given sheets (rows as lists, written as they are) — openpyxl-written."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    if edit:
        edit(book)
    book.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """make_workbook(changes={sheet: records}, edit=fn) → класс.xlsx of the valid class."""

    def make(changes: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
             edit: Callable[[openpyxl.Workbook], None] | None = None,
             name: str = "класс.xlsx") -> Path:
        data = {**VALID, **(changes or {})}
        sheets = {sheet: sheet_rows(records, sheet) for sheet, records in data.items()}
        return write_xlsx(tmp_path / name, sheets, edit)

    return make


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path to LibreOffice; in CI its absence is a failure, not a skip."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) не установлен, а в CI он обязателен.")
    pytest.skip("LibreOffice (soffice) не установлен")
