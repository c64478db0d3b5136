"""«Реестр_выдачи_доступа.xlsx»: whom the credential slips were handed to, with a column to sign.
No password or activation code is ever written here: the register stays in the school's files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from ejournal_sheets.reports.filling_xlsx import (
    Column,
    Value,
    add_formats,
    open_book,
    write_heading,
    write_table,
)
from ejournal_sheets.russian import short_name
from ejournal_sheets.safe_io import write_atomic

REGISTER_FILE = "Реестр_выдачи_доступа.xlsx"
COLUMNS = (
    Column("№", 5),
    Column("ФИО ученика", 28),
    Column("Кому выдано (ФИО)", 28),
    Column("Роль", 12),
    Column("Логин", 18),
    Column("Дата выдачи", 12),
    Column("Подпись получателя", 16),
)
SIGNATURE_HEIGHT = 30.0  # room for a handwritten signature


class IssuedSlip(Protocol):
    """A row of the register: what context.SlipRow carries (secrets are not part of it)."""

    @property
    def student(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def login(self) -> str: ...


def register_rows(slips: Sequence[IssuedSlip]) -> list[list[Value]]:
    """№, student, recipient, role, login; the date and signature are left for the pen."""
    return [[number, slip.student, slip.name, slip.role, slip.login, None, None]
            for number, slip in enumerate(slips, start=1)]


def write_register(target: Path, slips: Sequence[IssuedSlip], class_name: str, school: str,
                   today: date, teacher: str = "", inputs: Iterable[Path] = ()) -> Path:
    """The issuance register on A4 portrait, header repeated on each page; atomically."""
    title = f"Реестр выдачи реквизитов доступа к электронному дневнику — {class_name} класс"
    subtitle = (f"{school}. Составлен {today:%d.%m.%Y}. Получатель расписывается при "
                "получении листка; пароли в реестр не вносятся.")

    def write(temp: Path) -> None:
        with open_book(temp, title, today) as book:
            formats = add_formats(book)
            sheet = book.add_worksheet("Реестр")
            write_heading(sheet, formats, title, subtitle)
            write_table(sheet, formats, COLUMNS, register_rows(slips),
                        empty="Листков нет.", min_height=SIGNATURE_HEIGHT)
            sheet.set_portrait()
            sheet.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
            last = len(slips) + 4
            signature = short_name(teacher) or "_______________"
            sheet.write_string(last, 0, f"Классный руководитель ____________ /{signature}/",
                               formats["subtitle"])

    return write_atomic(target, write, inputs)
