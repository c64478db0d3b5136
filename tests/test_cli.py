"""The CLI: help in Russian with examples, exit codes, one-line messages, outputs and inputs."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.cli import cli, run
from ejournal_sheets.flows.check import check_class
from ejournal_sheets.workspace import init_workspace, open_workspace
from tests.conftest import TODAY

README = Path(__file__).resolve().parent.parent / "README.md"
DAY = ["--today", TODAY.isoformat()]


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run([*DAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workspace(tmp_path: Path, make_workbook) -> Path:
    root = tmp_path / "7Б"
    init_workspace(root, "7Б", "МБОУ СОШ № 1", TODAY)
    shutil.copyfile(make_workbook(), root / "класс.xlsx")
    return root


def test_every_command_has_russian_help_with_example(capsys) -> None:
    assert cli.commands, "no commands registered"
    for name in [None, *cli.commands]:
        code, out, _ = invoke(capsys, *([name] if name else []), "--help")
        assert code == 0, name
        assert "Использование:" in out and "Пример" in out, name
        assert "Usage" not in out and "Show this message" not in out, name


def test_every_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for name in cli.commands:
        assert re.search(rf"ejournal (-w \S+ )?{name}\b", text), name


def test_version(capsys) -> None:
    code, out, _ = invoke(capsys, "--version")
    assert code == 0 and out.startswith("ejournal-sheets ")


def test_usage_error_exit_2(capsys) -> None:
    code, _, err = invoke(capsys, "check", "--no-such-option")
    assert code == 2
    assert err.startswith("Ошибка в команде:") and "ejournal check --help" in err


def test_init_creates_layout_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    root = tmp_path / "7Б"
    code, out, _ = invoke(capsys, "init", str(root), "--class", "7Б", "--school", "СОШ № 1")
    assert code == 0 and "создана" in out
    assert {p.name for p in root.iterdir()} >= {"ejournal.toml", "класс.xlsx", "журнал",
                                               "output", ".ejournal"}
    assert open_workspace(root).settings.class_.name == "7Б"
    before = (root / "класс.xlsx").read_bytes()
    code, _, err = invoke(capsys, "init", str(root), "--class", "7Б", "--school", "СОШ № 1")
    assert code == 3 and "не перезаписывается" in err and "Traceback" not in err
    assert (root / "класс.xlsx").read_bytes() == before


def test_check_clean_workspace_exit_0(workspace: Path, capsys) -> None:
    code, out, _ = invoke(capsys, "-w", str(workspace), "check")
    assert code == 0, out
    assert "Ошибок: 0" in out
    report = workspace / "output" / TODAY.isoformat() / "Замечания.xlsx"
    assert report.exists() and str(report) in out


def test_check_errors_exit_1_and_report_rows(workspace: Path, make_workbook, capsys) -> None:
    book = openpyxl.load_workbook(workspace / "класс.xlsx")
    book["Родители"]["G2"] = "12345"
    book["Ученики"]["F3"] = "30.02.2013"
    book.save(workspace / "класс.xlsx")
    before = hashlib.sha256((workspace / "класс.xlsx").read_bytes()).hexdigest()
    code, out, _ = invoke(capsys, "-w", str(workspace), "check")
    assert code == 1
    assert "класс.xlsx:Ученики:F3: ошибка: «30.02.2013» — не дата" in out
    assert "класс.xlsx:Родители:G2: ошибка:" in out
    assert hashlib.sha256((workspace / "класс.xlsx").read_bytes()).hexdigest() == before
    report = openpyxl.load_workbook(workspace / "output" / TODAY.isoformat() / "Замечания.xlsx")
    sheet = report["Замечания"]
    header = [c.value for c in sheet[1]]
    assert header == ["Файл", "Лист", "Ячейка", "Столбец", "Важность", "Замечание",
                      "Что сделать"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["класс.xlsx", "Родители", "G2"] in [r[:3] for r in rows]
    assert ["класс.xlsx", "Ученики", "F3"] in [r[:3] for r in rows]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_check_json_equals_library_result(workspace: Path, capsys) -> None:
    book = openpyxl.load_workbook(workspace / "класс.xlsx")
    book["Родители"]["G2"] = "8 (912) 345-67-89"
    book.save(workspace / "класс.xlsx")
    code, out, _ = invoke(capsys, "-w", str(workspace), "check", "--json")
    expected = check_class(open_workspace(workspace), TODAY, write=False).report
    assert code == 0
    assert json.loads(out) == [p.as_dict() for p in expected.problems]
    assert [(p["code"], p["cell"]) for p in json.loads(out)] == [("phone-normalised", "G2")]


def test_not_a_workspace_exit_3(tmp_path: Path, capsys) -> None:
    code, _, err = invoke(capsys, "-w", str(tmp_path), "check")
    assert code == 3
    assert "нет файла настроек ejournal.toml" in err and "ejournal init" in err
    assert "Traceback" not in err


def test_broken_settings_exit_3_with_line(workspace: Path, capsys) -> None:
    config = workspace / "ejournal.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("min_marks = 3",
                                                                 "min_marks = три"),
                      encoding="utf-8")
    code, _, err = invoke(capsys, "-w", str(workspace), "check")
    assert code == 3 and "ejournal.toml: ошибка записи настроек (строка" in err


def test_unreadable_workbook_is_a_data_problem(workspace: Path, capsys) -> None:
    (workspace / "класс.xlsx").write_bytes(b"")
    code, out, _ = invoke(capsys, "-w", str(workspace), "check")
    assert code == 1 and "класс.xlsx: ошибка:" in out


def test_output_locked_by_excel_keeps_previous(workspace: Path, capsys, monkeypatch) -> None:
    assert invoke(capsys, "-w", str(workspace), "check")[0] == 0
    target = workspace / "output" / TODAY.isoformat() / "Замечания.xlsx"
    previous = target.read_bytes()

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "locked")

    monkeypatch.setattr("ejournal_sheets.safe_io.os.replace", locked)
    code, _, err = invoke(capsys, "-w", str(workspace), "check")
    assert code == 3 and "Закройте файл" in err
    assert target.read_bytes() == previous
    assert [p.name for p in target.parent.iterdir()] == ["Замечания.xlsx"]  # temp removed


def test_rejected_cell_gets_one_message(workspace: Path, capsys) -> None:
    book = openpyxl.load_workbook(workspace / "класс.xlsx")
    book["Ученики"]["F2"] = "31.02.2013"  # required birth date, impossible
    book.save(workspace / "класс.xlsx")
    code, out, _ = invoke(capsys, "-w", str(workspace), "check", "--json")
    assert code == 1
    assert [(p["code"], p["cell"]) for p in json.loads(out)] == [("date-invalid", "F2")]


def test_the_command_starts_without_the_heavy_libraries() -> None:
    """`ejournal --help` and a class's weekly run start fast: the command modules import
    their flows when run; the weekly flow reads the workbook by calamine, not openpyxl, and
    needs no mail or schedule library."""
    script = ("import json, sys, ejournal_sheets.cli; before = sorted(sys.modules); "
              "import ejournal_sheets.flows.weekly; "
              "print(json.dumps([before, sorted(sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    at_start, for_weekly = json.loads(done.stdout)
    heavy = {"openpyxl", "xlsxwriter", "docx", "docxtpl", "jinja2", "lxml", "python_calamine"}
    assert not [name for name in at_start if name.split(".")[0] in heavy]
    assert not [name for name in for_weekly
                if name.split(".")[0] in {"openpyxl", "smtplib", "schedule"}]
