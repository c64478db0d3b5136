"""The journal commands end to end: weekly, reconcile (week and range), monthly."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.cli import run
from ejournal_sheets.demo import build_demo
from tests.conftest import TODAY

DAY = ["--today", TODAY.isoformat()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "7Б"
    build_demo(root, TODAY, plant_problems=False)
    return root


def test_weekly_writes_four_reports_and_summary(demo: Path, capsys) -> None:
    assert run([*DAY, "-w", str(demo), "weekly"]) == 0
    out = capsys.readouterr().out
    folder = demo / "output" / TODAY.isoformat()
    for name in ("Замечания", "Сверка_посещаемости", "Контроль_заполнения", "Активность_ЭД"):
        assert (folder / f"{name}.xlsx").exists() and f"{folder / name}.xlsx" in out
    assert "Неделя 23.11.2026 – 28.11.2026:" in out
    assert "Посещаемость — находок: 0" in out
    assert "Заполнение журнала — предметов с замечаниями: 0" in out


def test_reconcile_for_a_range_and_a_week(demo: Path, capsys) -> None:
    assert run([*DAY, "-w", str(demo), "reconcile", "--from", "16.11.2026",
                "--to", "2026-11-21"]) == 0
    assert "Неделя 16.11.2026 – 21.11.2026:" in capsys.readouterr().out
    assert run([*DAY, "-w", str(demo), "reconcile", "--week", "2026-W47"]) == 0
    book = openpyxl.load_workbook(demo / "output" / TODAY.isoformat() /
                                  "Сверка_посещаемости.xlsx")
    text = " ".join(str(c.value) for c in book["Сводка"]["A"] if c.value)
    assert "16.11.2026" in text and "21.11.2026" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2026-W48", "--from", "2026-11-16"], "либо --week, либо --from/--to"),
    (["--from", "2026-11-16"], "обе даты"),
    (["--week", "48"], "Неделя «48» записана непонятно"),
])
def test_bad_spans(demo: Path, capsys, args: list[str], message: str) -> None:
    code = run([*DAY, "-w", str(demo), "reconcile", *args])
    err = capsys.readouterr().err
    assert code in (2, 3) and message in err and "Traceback" not in err


def test_monthly_twice_reports_the_change(demo: Path, capsys) -> None:
    assert run([*DAY, "-w", str(demo), "monthly"]) == 0
    assert "первая сверка" in capsys.readouterr().out
    book = openpyxl.load_workbook(demo / "класс.xlsx")
    book["Родители"]["G2"] = "+79990001122"
    book.save(demo / "класс.xlsx")
    assert run(["--today", "2027-01-11", "-w", str(demo), "monthly"]) == 0
    out = capsys.readouterr().out
    assert f"Изменений в данных с {TODAY:%d.%m.%Y}: 1." in out
    assert "больше месяца" in out
    changes = openpyxl.load_workbook(demo / "output" / "2027-01-11" / "Изменения_данных.xlsx")
    cells = [c.value for row in changes.active.iter_rows() for c in row]
    assert "+79990001122" in cells and "Телефон" in cells
