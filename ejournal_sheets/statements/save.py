"""Writing a statement file: its Russian name, the title block's heading, atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ejournal_sheets.safe_io import write_atomic
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import StatementBook, file_name, period_label


def save_statement(target_folder: Path, inputs: StatementInputs, kind: str, title: str,
                   fill: Callable[[StatementBook], None],
                   inputs_paths: Iterable[Path] = ()) -> Path:
    """«<Вид>_<класс>_<период>.xlsx» in the folder: `fill` lays out the sheets of the book."""
    heading = inputs.heading(title)
    period = period_label(inputs.period, inputs.settings.year.period_kind)
    target = Path(target_folder) / file_name(kind, heading.class_name, period)

    def build(temp: Path) -> None:
        with StatementBook(temp, heading) as book:
            fill(book)

    return write_atomic(target, build, inputs_paths)
