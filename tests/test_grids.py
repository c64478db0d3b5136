"""grids.py: calamine reads the usual workbook, openpyxl what calamine cannot tell apart; both
give the same grids (tests/test_workbook_reader.py runs every reader test with both)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets import grids
from ejournal_sheets.demo import build_demo
from ejournal_sheets.workbook import read_class
from ejournal_sheets.workspace import TEMPLATE_PATH
from tests.conftest import TODAY, write_xlsx


def _no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> grids.Sheets:
        raise AssertionError(f"{path.name} was read by openpyxl, not calamine")

    monkeypatch.setattr(grids, "_openpyxl_sheets", refuse)


def test_template_and_demo_workbooks_take_the_fast_path(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    build_demo(tmp_path / "demo", TODAY, plant_problems=False)
    _no_openpyxl(monkeypatch)
    template, template_problems = read_class(TEMPLATE_PATH)
    assert template.sheets_found >= {"Ученики", "Родители", "Списки"}
    assert not [p for p in template_problems if p.severity.value == "error"]
    demo, problems = read_class(tmp_path / "demo" / "класс.xlsx")
    assert len(demo.students) == 27 and problems == []


@pytest.mark.parametrize("edit", [
    lambda sheet: sheet.__setitem__("B2", "=1+1"),
    lambda sheet: sheet.__setitem__("B2", "#DIV/0!"),
    lambda sheet: setattr(sheet.row_dimensions[2], "hidden", True),
], ids=["formula", "error", "hidden-row"])
def test_what_calamine_cannot_see_goes_to_openpyxl(tmp_path: Path, edit) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Лист": [["a", "b"], [1, 2]]})
    assert not grids._needs_openpyxl(plain)
    book = openpyxl.load_workbook(plain)
    edit(book["Лист"])
    book.save(tmp_path / "special.xlsx")
    assert grids._needs_openpyxl(tmp_path / "special.xlsx")


def test_both_readers_give_the_same_values(tmp_path: Path) -> None:
    rows = [
        ["Текст", "Целое", "Дробное", "Дата", "Дата и время", "Да/нет", "Время"],
        ["Иванов", 7, 4.5, date(2013, 3, 14), datetime(2026, 11, 5, 8, 30), True, time(9, 15)],
        [None, 79123456789, -0.25, None, None, False, None],
        ["  с пробелами ", None, None, None, None, None, None],
    ]
    path = write_xlsx(tmp_path / "values.xlsx", {"Лист": rows, "Второй": [[None, "x"]]})
    book = openpyxl.load_workbook(path)
    book["Лист"].merge_cells("A5:B6")
    book["Второй"].sheet_state = "hidden"
    book.save(path)
    fast, full = grids._calamine_sheets(path), grids._openpyxl_sheets(path)
    assert fast is not None
    assert fast.names == full.names == ["Лист", "Второй"]
    for name in fast.names:
        a, b = fast.grids[name], full.grids[name]
        width = max(a.max_column, b.max_column)
        assert list(a.lines(1, width)) == list(b.lines(1, width)), name
        assert (a.visible, a.merged) == (b.visible, b.merged), name
    assert fast.grids["Лист"].value(2, 4) == datetime(2013, 3, 14)
    assert fast.grids["Лист"].value(3, 2) == 79123456789
