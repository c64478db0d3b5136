"""School mode: class folders of a school, school.toml inheritance, a run over many classes in
parallel processes where one broken class stops nothing, and «Сводка по школе» read back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ejournal_sheets.demo.build import demo_config
from ejournal_sheets.demo.class_data import make_class_rows
from ejournal_sheets.demo.journal_files import write_journal
from ejournal_sheets.demo.journal_plants import make_demo_journal
from ejournal_sheets.demo.planting import hosts
from ejournal_sheets.errors import SettingsError, WorkspaceError
from ejournal_sheets.flows import common
from ejournal_sheets.flows import weekly as weekly_flow
from ejournal_sheets.flows.period import previous_period
from ejournal_sheets.flows.weekly import run_weekly
from ejournal_sheets.problems import Severity
from ejournal_sheets.reports.school_xlsx import COLUMNS, TOTAL, cell_number
from ejournal_sheets.schema import WORKBOOK_NAME
from ejournal_sheets.school import (
    FLOWS,
    SUMMARY_FILE,
    ClassRun,
    PeriodFigures,
    SchoolResult,
    WeeklyFigures,
    class_sort_key,
    describe,
    find_workspaces,
    open_class,
    run_school,
)
from ejournal_sheets.statements import report as statement3
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.workbook_template import build_class_workbook
from ejournal_sheets.workspace import JOURNAL_DIR, open_workspace
from tests.conftest import TODAY

SCHOOL_NAME = "МБОУ «Средняя общеобразовательная школа № 1» г. Заречный"
COLUMN = {column.title: index + 1 for index, column in enumerate(COLUMNS)}  # 1-based
FIRST_DATA_ROW = 7  # title, school, what it covers, blank, two header rows


def school_toml(extra: str = "") -> str:
    """The demo school's ejournal.toml without [class], with `extra` lines at the end."""
    return re.sub(r"\n\[class\]\n.*?(?=\n\[)", "\n", demo_config(TODAY), flags=re.DOTALL) + extra


def make_class(root: Path, seed: int, class_name: str, config: str = "") -> Path:
    """A demo class named `class_name`; its ejournal.toml holds [class] and `config`."""
    demo = make_class_rows(TODAY, seed, class_name)
    made = make_demo_journal(demo.rows, TODAY, seed, class_name, True,
                             reserved=hosts(demo.planted, demo.rows))
    (root / JOURNAL_DIR).mkdir(parents=True)
    (root / "ejournal.toml").write_text(
        f'[class]\nname = "{class_name}"\nteacher = "Учитель {class_name}"\n{config}',
        encoding="utf-8")
    build_class_workbook(root / WORKBOOK_NAME, made.rows, title=class_name)
    write_journal(root / JOURNAL_DIR, made.journal)
    return root


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5А (seed 1), 7В with a broken ejournal.toml, 10Б (seed 3) without period marks of Ч2."""
    folder = tmp_path_factory.mktemp("school") / "школа"
    folder.mkdir()
    (folder / "school.toml").write_text(school_toml(), encoding="utf-8")
    make_class(folder / "5А", 1, "5А")
    make_class(folder / "10Б", 3, "10Б")
    (folder / "10Б" / JOURNAL_DIR / "Итоговые_Ч2.xlsx").unlink()
    broken = folder / "7В"
    broken.mkdir()
    (broken / "ejournal.toml").write_text('[class]\nname = "7В"\n\n[rules]\nmin_marks = "три"\n',
                                          encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def weekly(school: Path) -> SchoolResult:
    return run_school("weekly", school, TODAY, jobs=2)


def by_name(result: SchoolResult) -> dict[str, ClassRun]:
    return {run.class_name: run for run in result.per_class}


def figures_of(run: ClassRun) -> WeeklyFigures:
    assert isinstance(run.summary, WeeklyFigures)
    return run.summary


# ---------------------------------------------------------------- the school folder

def test_class_folders_are_found_in_natural_order(tmp_path: Path) -> None:
    for name in ("11Б", "10А", "5Б", "5А", "9В", ".скрытая", "output"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "ejournal.toml").write_text("", encoding="utf-8")
    (tmp_path / "заметки").mkdir()
    assert [p.name for p in find_workspaces(tmp_path)] == ["5А", "5Б", "9В", "10А", "11Б"]
    assert sorted(["5Е", "5Ё", "5Ж"], key=class_sort_key) == ["5Е", "5Ё", "5Ж"]


def test_a_folder_without_classes_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="нет папок классов"):
        find_workspaces(tmp_path)


# ---------------------------------------------------------------- school.toml inheritance

def write_pair(tmp_path: Path, school: str, own: str) -> Path:
    (tmp_path / "school.toml").write_text(school, encoding="utf-8")
    root = tmp_path / "7Б"
    root.mkdir()
    (root / "ejournal.toml").write_text('[class]\nname = "7Б"\n' + own, encoding="utf-8")
    return root


def test_class_inherits_school_toml_and_wins_key_by_key(tmp_path: Path) -> None:
    shared = ('[school]\nname = "СОШ № 5"\n\n[rules]\nmin_marks = 5\nabsence_risk = 0.4\n'
              '\n[journal.aliases]\n"Ученик" = ["ФИО"]\n')
    root = write_pair(tmp_path, shared, '[rules]\nmin_marks = 4\n[journal.aliases]\n'
                                        '"Предмет" = ["Дисциплина"]\n')
    workspace = open_class(root, tmp_path / "school.toml")
    settings = workspace.settings
    assert settings.school.name == "СОШ № 5"
    assert (settings.rules.min_marks, settings.rules.absence_risk) == (4, 0.4)
    assert dict(settings.journal.aliases) == {"Ученик": ("ФИО",), "Предмет": ("Дисциплина",)}
    assert settings.class_.name == "7Б"
    assert settings.school_path == tmp_path / "school.toml"
    assert tmp_path / "school.toml" in workspace.inputs()  # never written
    assert open_workspace(root).settings == settings  # a class opened alone inherits too


def test_a_class_value_replaces_a_bad_school_value(tmp_path: Path) -> None:
    root = write_pair(tmp_path, '[rules]\nmin_marks = "пять"\n', "[rules]\nmin_marks = 4\n")
    assert open_class(root, tmp_path / "school.toml").settings.rules.min_marks == 4


@pytest.mark.parametrize(
    ("shared", "own", "expected"),
    [
        ('[school]\nname = "СОШ"\n\n[rules]\nmin_marks = "пять"\n', "",
         "school.toml, строка 5: [rules] min_marks — ожидается целое"),
        ("[rules]\nedge = 0.1\nwat = 1\n", "", "school.toml, строка 3: [rules] wat — неизвестная"),
        ('[class]\nname = "7А"\n', "", "school.toml, строка 1: [class] — раздел [class] "
                                       "задаётся только в ejournal.toml"),
        ("[rules]\nmin_marks = 5\n", '\n[mail]\nport = "587"\n',
         "ejournal.toml, строка 5: [mail] port — ожидается целое"),
        ("[year]\nstart = 2026-09-01\n", "[year]\nend = 2026-08-01\n",
         "ejournal.toml, строка 4: [year] end"),
        ('[school]\nname = "СОШ\n', "", "school.toml: ошибка записи настроек (строка 2"),
    ],
)
def test_a_bad_key_is_named_with_its_file_and_line(tmp_path: Path, shared: str, own: str,
                                                   expected: str) -> None:
    root = write_pair(tmp_path, shared, own)
    with pytest.raises(SettingsError) as caught:
        open_class(root, tmp_path / "school.toml")
    assert str(caught.value).startswith(expected)


# ---------------------------------------------------------------- the run over the school

def test_the_broken_class_is_reported_and_the_others_run(weekly: SchoolResult) -> None:
    runs = by_name(weekly)
    assert list(runs) == ["5А", "7В", "10Б"]
    broken = runs["7В"]
    assert not broken.ok and broken.summary is None and broken.outputs == ()
    assert broken.error is not None
    assert broken.error.startswith("ejournal.toml, строка 5: [rules] min_marks")
    for name in ("5А", "10Б"):
        run = runs[name]
        assert run.ok and run.error is None
        assert {p.name for p in run.outputs} == {"Замечания.xlsx", "Сверка_посещаемости.xlsx",
                                                 "Контроль_заполнения.xlsx",
                                                 "Активность_ЭД.xlsx"}
        assert all(p.is_file() and p.parent == run.root / "output" / TODAY.isoformat()
                   for p in run.outputs)
    assert weekly.failed == (broken,)
    assert weekly.school_name == SCHOOL_NAME
    assert weekly.summary == weekly.folder / "output" / TODAY.isoformat() / SUMMARY_FILE
    assert any("7В: не обработан — ejournal.toml, строка 5" in line for line in describe(weekly))


def test_the_worker_figures_equal_the_class_own_results(weekly: SchoolResult) -> None:
    for name in ("5А", "10Б"):
        run = by_name(weekly)[name]
        figures = figures_of(run)
        workspace = open_workspace(run.root)
        again = run_weekly(workspace, TODAY)
        assert again.reconciliation is not None and again.activity is not None
        counts = again.report.counts()
        assert (figures.findings, figures.mismatches) == (
            len(again.reconciliation.findings), len(again.reconciliation.mismatches))
        assert (figures.errors, figures.warnings) == (counts[Severity.ERROR],
                                                      counts[Severity.WARNING])
        assert (figures.families_active, figures.families_total) == (
            again.activity.families_active, again.activity.families_total)
        assert figures.teacher == f"Учитель {name}"
        statement = statement_content(workspace)
        c = statement.contingent
        assert figures.roll is not None
        assert (figures.roll.start, figures.roll.arrived, figures.roll.left,
                figures.roll.now) == (c.start, c.arrived, c.left, c.end)
        shown = {line.title: line.current for line in statement.indicators}
        if figures.results is None:
            assert shown["Успеваемость, %"] is None
        else:
            assert figures.results.progress == shown["Успеваемость, %"]
            assert figures.results.quality == shown["Качество знаний, %"]
            assert figures.results.average == pytest.approx(shown["Средний балл"])
        assert figures.attendance is not None and figures.attendance.lessons > 0
    assert figures_of(by_name(weekly)["5А"]).results is not None
    assert figures_of(by_name(weekly)["10Б"]).results is None  # no period marks of Ч2


def statement_content(workspace: Any) -> statement3.PeriodReport:
    """Statement 3 of the current period, computed independently of the school run."""
    inputs = common.read_inputs(workspace, TODAY)
    year = workspace.settings.year
    period = year.period_of(TODAY)
    return statement3.content(StatementInputs(inputs.class_, inputs.journal, workspace.settings,
                                              period, previous_period(year, period), TODAY))


def test_a_crash_in_one_class_is_a_message_not_a_stop(school: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object) -> Any:
        raise RuntimeError("сбой")

    monkeypatch.setitem(FLOWS, "weekly", crash)  # type: ignore[index]
    result = run_school("weekly", [school / "5А", school / "10Б"], TODAY, jobs=1)
    assert [run.ok for run in result.per_class] == [False, False]
    assert all("Внутренняя ошибка программы: RuntimeError: сбой" in (run.error or "")
               for run in result.per_class)
    assert result.summary is None  # nothing to summarise


def test_the_flows_read_their_own_files_again_after_a_run(school: Path) -> None:
    run_school("weekly", [school / "5А"], TODAY, jobs=1, summary=False)
    assert weekly_flow.read_inputs is common.read_inputs


def test_period_flow_makes_statements_and_letters_per_class(school: Path) -> None:
    result = run_school("period", school, TODAY, jobs=2, preliminary=False)
    runs = by_name(result)
    assert not runs["7В"].ok
    made = runs["5А"].summary
    assert isinstance(made, PeriodFigures)
    assert (made.period, made.preliminary, made.statements) == ("Ч2", False, 7)
    assert made.letters > 20 and made.printed > 0
    names = {p.name for p in runs["5А"].outputs}
    assert "Информационные_письма_все.docx" in names
    assert result.summary is None  # the school summary is the weekly one


# ---------------------------------------------------------------- «Сводка по школе»

def cell(sheet: Any, row: int, title: str) -> Any:
    return sheet.cell(row, COLUMN[title]).value


def test_the_summary_has_a_row_per_good_class_with_its_figures(weekly: SchoolResult) -> None:
    assert weekly.summary is not None
    sheet = openpyxl.load_workbook(weekly.summary).active
    assert sheet.title == "Сводка"
    assert sheet.freeze_panes == "D7"
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.cell(1, 1).value == "Сводка по школе"
    assert sheet.cell(2, 1).value == SCHOOL_NAME
    rows = {sheet.cell(r, 2).value: r for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 2)}
    assert list(rows) == ["5А", "10Б"]
    for name, row in rows.items():
        f = figures_of(by_name(weekly)[name])
        assert cell(sheet, row, "Классный руководитель") == f.teacher
        assert f.roll is not None and f.attendance is not None
        assert [cell(sheet, row, t) for t in ("На начало периода", "Прибыло", "Выбыло",
                                              "На сегодня")] == [
            f.roll.start, f.roll.arrived, f.roll.left, f.roll.now]
        assert cell(sheet, row, "Уроков пропущено") == f.attendance.missed
        assert cell(sheet, row, "Посещаемость") == cell_number("percent", f.attendance.percent)
        assert cell(sheet, row, "Находки посещаемости") == f.findings
        assert cell(sheet, row, "Расхождения списка") == f.mismatches
        assert (cell(sheet, row, "Ошибки"), cell(sheet, row, "Предупреждения")) == (
            f.errors, f.warnings)
        assert cell(sheet, row, "Доля активных семей") == cell_number("percent", f.activity)
    first = figures_of(by_name(weekly)["5А"]).results
    assert first is not None
    assert cell(sheet, rows["5А"], "Успеваемость") == cell_number("percent", first.progress)
    assert cell(sheet, rows["5А"], "Средний балл") == round(first.average or 0, 2)
    assert [cell(sheet, rows["10Б"], t) for t in ("Успеваемость", "Качество знаний",
                                                  "Средний балл")] == ["—"] * 3


def test_the_totals_row_sums_the_classes(weekly: SchoolResult) -> None:
    assert weekly.summary is not None
    sheet = openpyxl.load_workbook(weekly.summary).active
    row = FIRST_DATA_ROW + 2
    assert sheet.cell(row, 1).value == TOTAL
    good = [figures_of(by_name(weekly)[name]) for name in ("5А", "10Б")]
    assert cell(sheet, row, "Находки посещаемости") == sum(f.findings or 0 for f in good)
    assert cell(sheet, row, "Ошибки") == sum(f.errors for f in good)
    assert cell(sheet, row, "На сегодня") == sum(f.roll.now for f in good if f.roll)
    assert cell(sheet, row, "Уроков пропущено") == sum(
        f.attendance.missed for f in good if f.attendance)
    active = sum(f.families_active or 0 for f in good)
    total = sum(f.families_total or 0 for f in good)
    assert cell(sheet, row, "Доля активных семей") == cell_number("percent", 100 * active / total)
    only = good[0].results  # 10Б has no period marks: the school's indicators are 5А's
    assert only is not None
    assert cell(sheet, row, "Успеваемость") == cell_number("percent", only.progress)
    notes = [sheet.cell(r, 1).value or "" for r in range(row + 1, sheet.max_row + 1)]
    assert any(n.startswith("Не вошёл в сводку: 7В — ejournal.toml, строка 5") for n in notes)


def test_unknown_flow_is_refused(school: Path) -> None:
    with pytest.raises(Exception, match="Нет работы «monthly»"):
        run_school("monthly", school, TODAY)
