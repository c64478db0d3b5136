"""`ejournal demo` end to end: the problems report lists each planted problem at its cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.cli import run
from ejournal_sheets.demo import make_class_rows
from tests.conftest import TODAY


def report_rows(root: Path, file: str = "класс.xlsx") -> list[tuple[str, str, str]]:
    """(sheet, cell, severity) of the rows about `file` in the demo's Замечания.xlsx."""
    book = openpyxl.load_workbook(root / "output" / TODAY.isoformat() / "Замечания.xlsx")
    rows = book["Замечания"].iter_rows(min_row=2, values_only=True)
    return [(sheet, cell, severity) for name, sheet, cell, _, severity, *_ in rows
            if name == file]


def test_demo_lists_each_planted_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "demo"
    assert run(["--today", TODAY.isoformat(), "demo", "--out", str(root)]) == 0
    out = capsys.readouterr().out
    folder = root / "output" / TODAY.isoformat()
    for name in ("Замечания", "Сверка_посещаемости", "Контроль_заполнения", "Активность_ЭД"):
        assert f"  {folder / name}.xlsx\n" in out
    planted = make_class_rows(TODAY).planted
    rows = report_rows(root)
    flagged = {(sheet, cell) for sheet, cell, severity in rows if severity != "сведение"}
    assert flagged == {(p.sheet, p.cell) for p in planted}
    for item in planted:
        assert f"класс.xlsx:{item.sheet}:{item.cell}:" in out


def test_clean_demo_has_no_errors_or_warnings(tmp_path: Path, capsys) -> None:
    root = tmp_path / "demo"
    assert run(["--today", TODAY.isoformat(), "demo", "--out", str(root), "--clean"]) == 0
    assert {severity for *_, severity in report_rows(root)} == {"сведение"}
    assert run(["--today", TODAY.isoformat(), "-w", str(root), "check"]) == 0
