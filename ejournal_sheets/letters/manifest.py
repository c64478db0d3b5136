"""«Состав.xlsx»: every file of a letter batch, whom it is for and how it reaches them —
«печать» (in the combined print file) or «email» (sent later from the outbox)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.reports.filling_xlsx import (
    Column,
    Value,
    add_formats,
    open_book,
    write_heading,
    write_table,
)
from ejournal_sheets.safe_io import write_atomic

MANIFEST_FILE = "Состав.xlsx"
PRINT, EMAIL = "печать", "email"
COLUMNS = (
    Column("№", 5),
    Column("Файл", 34),
    Column("Кому", 44),
    Column("Способ", 10),
    Column("Адрес email", 28),
)


@dataclass(frozen=True)
class ManifestRow:
    """One letter of the batch: its file, its recipient and its channel."""

    file: str
    recipient: str
    email: str | None = None

    @property
    def channel(self) -> str:
        return EMAIL if self.email else PRINT


def write_manifest(target: Path, rows: Sequence[ManifestRow], title: str, combined: str | None,
                   today: date, inputs: Iterable[Path] = ()) -> Path:
    """The batch's manifest, one row per letter, written atomically."""
    printed = sum(1 for row in rows if row.channel == PRINT)
    where = f" — они собраны в файл {combined}" if combined and printed else ""
    subtitle = (f"Составлен {today:%d.%m.%Y}. Писем: {len(rows)}; на печать: {printed}{where}; "
                f"по email: {len(rows) - printed} (отправляются из исходящих).")
    table: list[list[Value]] = [[number, row.file, row.recipient, row.channel, row.email]
                                for number, row in enumerate(rows, start=1)]

    def write(temp: Path) -> None:
        with open_book(temp, title, today) as book:
            formats = add_formats(book)
            sheet = book.add_worksheet("Состав")
            write_heading(sheet, formats, title, subtitle)
            write_table(sheet, formats, COLUMNS, table, empty="Писем нет.")

    return write_atomic(target, write, inputs)
