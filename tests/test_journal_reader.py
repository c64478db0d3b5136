"""The `журнал/` folder read as a whole: real export files, lock files, merge and lessons join."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ejournal_sheets.codes import Attendance
from ejournal_sheets.journal import reader
from ejournal_sheets.journal.layouts import Layout
from ejournal_sheets.journal.reader import read_journal
from ejournal_sheets.journal_model import Journal
from ejournal_sheets.problems import Severity, flatten
from ejournal_sheets.settings import ClassInfo, Settings, Year, default_holidays, default_periods
from ejournal_sheets.settings import Journal as JournalSettings
from tests.conftest import write_xlsx

SETTINGS = Settings(
    class_=ClassInfo(name="7Б"),
    year=Year(start=date(2026, 9, 1), end=date(2027, 5, 26), periods=default_periods(2026),
              holidays=default_holidays(2026)),
)
GRID: list[list[Any]] = [
    ["Предмет: Алгебра"],
    ["Учитель:", "Иванова Анна Петровна"],
    ["Класс: 7Б"],
    [],
    ["№", "Ученик", "01.09", datetime(2026, 9, 3), datetime(2026, 9, 3), "Средний балл", "Ч1"],
    [1, "Иванов Пётр", 5, "н", "4/5", 4.5, 5],
    [2, "Соколова Анна", None, "н 2", ".", 2, "3"],
]
LONG_CSV = ("Дата;№ урока;Предмет;Учитель;Ученик;Отметка;Вес;Тема урока\r\n"
            "03.09.2026;2;Русский язык;Петрова Е.В.;Иванов Пётр;5;2;Орфограммы\r\n"
            "03.09.2026;2;Русский язык;Петрова Е.В.;Соколова Анна;Б;;\r\n")
VISITS_HTML = """<html><head><meta charset="utf-8"><title>Посещение</title></head><body>
<table><tr><th>Пользователь</th><th>Роль</th><th>Ученик</th><th>Дата/время входа</th></tr>
<tr><td>Иванова Мария</td><td>Родитель</td><td>Иванов Пётр</td><td>20.11.2026 18:05</td></tr>
<tr><td>Иванова Мария</td><td>Родитель</td><td>Иванов Пётр</td><td>25.11.2026 07:40</td></tr>
<tr><td>Соколов Илья</td><td>Родитель</td><td>Соколова Анна</td><td></td></tr>
</table></body></html>"""
PERIODS: list[list[Any]] = [
    ["Итоговые отметки"], ["Период:", "1 четверть"],
    ["№", "Ученик", "Алгебра", "Русский язык"],
    [1, "Иванов Пётр", 5, 4], [2, "Соколова Анна", 3, "н/а"],
]
LESSONS_CSV = ("Дата,Предмет,Учитель,№ урока,Тема,Домашнее задание,Отметки выставлены\n"
               "01.09.2026,Алгебра,Иванова А.П.,1,Повторение,№ 1,да\n"
               "03.09.2026,Алгебра,Иванова А.П.,3,Дроби,№ 2,да\n"
               "03.09.2026,Алгебра,Иванова А.П.,4,Дроби (практикум),,нет\n"
               "04.09.2026,Алгебра,Иванова А.П.,2,Без отметок,,нет\n")


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """журнал/ with a grid, a cp1251 CSV, HTML-as-xls visits, period marks and a lock file."""
    root = tmp_path / "журнал"
    root.mkdir()
    write_xlsx(root / "алгебра.xlsx", {"Алгебра": GRID, "Итоги": PERIODS})
    (root / "русский.csv").write_bytes(LONG_CSV.encode("cp1251"))
    (root / "посещение.xls").write_text(VISITS_HTML, encoding="utf-8")
    (root / "~$алгебра.xlsx").write_bytes(b"\x00" * 165)
    (root / "старое").mkdir()
    (root / "старое" / "мусор.txt").write_text("не читается", encoding="utf-8")
    return root


def test_real_files_of_every_kind_are_read_and_merged(folder: Path) -> None:
    before = digest(folder)
    journal, problems = read_journal(folder, SETTINGS)
    assert flatten(problems) == [("file-lock", None, "")]
    assert problems[0].severity is Severity.WARNING
    assert [p.name for p in journal.files] == ["алгебра.xlsx", "посещение.xls", "русский.csv"]
    assert [(x.subject, x.date, x.slot, x.number) for x in journal.lessons] == [
        ("Алгебра", date(2026, 9, 1), 1, None), ("Алгебра", date(2026, 9, 3), 1, None),
        ("Алгебра", date(2026, 9, 3), 2, None), ("Русский язык", date(2026, 9, 3), 1, 2)]
    cells = [(c.lesson.subject, c.student, c.lesson.slot, [m.value for m in c.marks],
              c.attendance, c.where.cell if c.where else "") for c in journal.cells]
    assert cells == [
        ("Алгебра", "Иванов Пётр", 1, [5], None, "C6"),
        ("Алгебра", "Иванов Пётр", 1, [], Attendance.ABSENT, "D6"),
        ("Алгебра", "Иванов Пётр", 2, [4, 5], None, "E6"),
        ("Алгебра", "Соколова Анна", 1, [2], Attendance.ABSENT, "D7"),
        ("Алгебра", "Соколова Анна", 2, [None], None, "E7"),
        ("Русский язык", "Иванов Пётр", 1, [5], None, "F2"),
        ("Русский язык", "Соколова Анна", 1, [], Attendance.ILL, "F3"),
    ]
    assert journal.cells[5].marks[0].weight == 2.0
    assert journal.lessons[3].topic == "Орфограммы"
    assert [(m.subject, m.period, str(m.mark)) for m in journal.period_marks] == [
        ("Алгебра", "Ч1", "5"), ("Алгебра", "Ч1", "3"),
        ("Алгебра", "Ч1", "5"), ("Русский язык", "Ч1", "4"),
        ("Алгебра", "Ч1", "3"), ("Русский язык", "Ч1", "н/а")]
    assert [(v.user, v.count, v.last_visit) for v in journal.visits] == [
        ("Иванова Мария", None, datetime(2026, 11, 20, 18, 5)),
        ("Иванова Мария", None, datetime(2026, 11, 25, 7, 40)), ("Соколов Илья", None, None)]
    assert journal.rolls[0].students == ("Иванов Пётр", "Соколова Анна")
    assert digest(folder) == before


def test_lessons_export_gives_grid_lessons_topic_homework_number(folder: Path) -> None:
    (folder / "уроки.csv").write_text(LESSONS_CSV, encoding="utf-8-sig")
    journal, problems = read_journal(folder, SETTINGS)
    assert [p.code for p in problems] == ["file-lock"]
    algebra = [x for x in journal.lessons if x.subject == "Алгебра"]
    assert [(x.date, x.slot, x.number, x.topic, x.homework, x.marks_set, x.teacher)
            for x in algebra] == [
        (date(2026, 9, 1), 1, 1, "Повторение", "№ 1", True, "Иванова Анна Петровна"),
        (date(2026, 9, 3), 1, 3, "Дроби", "№ 2", True, "Иванова Анна Петровна"),
        (date(2026, 9, 3), 2, 4, "Дроби (практикум)", "", False, "Иванова Анна Петровна"),
        (date(2026, 9, 4), 1, 2, "Без отметок", "", False, "Иванова А.П."),
    ]
    double = next(c for c in journal.cells if c.lesson.slot == 2)
    assert double.lesson.topic == "Дроби (практикум)"  # cells point at the joined lessons


def test_same_lessons_in_two_files_are_kept_once_with_one_warning(folder: Path) -> None:
    write_xlsx(folder / "алгебра (копия).xlsx", {"Алгебра": GRID})
    journal, problems = read_journal(folder, SETTINGS)
    assert [p.code for p in problems] == ["file-lock", "journal-duplicate"]
    assert "алгебра (копия).xlsx" in problems[1].message
    assert len([c for c in journal.cells if c.lesson.subject == "Алгебра"]) == 5
    assert len([x for x in journal.lessons if x.subject == "Алгебра"]) == 3


def test_another_class_and_unknown_files_are_reported_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "журнал"
    folder.mkdir()
    write_xlsx(folder / "7В.xlsx", {"Алгебра": [["Класс: 7В"], *GRID[3:]]})
    (folder / "список.csv").write_text("Фамилия;Имя;Дата рождения\nИванов;Пётр;14.03.2013\n",
                                       encoding="utf-8")
    journal, problems = read_journal(folder, SETTINGS)
    assert flatten(problems) == [("journal-other-class", "Алгебра", "A1"),
                                 ("journal-layout-unknown", None, "")]
    assert "«Фамилия», «Имя», «Дата рождения»" in problems[1].message
    assert journal == Journal()


def test_aliases_from_settings_are_used_for_real_files(tmp_path: Path) -> None:
    folder = tmp_path / "журнал"
    folder.mkdir()
    (folder / "оценки.csv").write_text("Дата;Дисц.;Ребёнок;Балл\n03.09;Алгебра;Иванов Пётр;5\n",
                                       encoding="utf-8")
    settings = Settings(class_=SETTINGS.class_, year=SETTINGS.year, journal=JournalSettings(
        aliases=(("Предмет", ("Дисц.",)), ("Ученик", ("Ребёнок",)), ("Отметка", ("Балл",)))))
    journal, problems = read_journal(folder, settings)
    assert problems == []
    assert [(c.lesson.date, c.lesson.subject, c.student) for c in journal.cells] == [
        (date(2026, 9, 3), "Алгебра", "Иванов Пётр")]
    _, problems = read_journal(folder, SETTINGS)
    assert [p.code for p in problems] == ["journal-layout-unknown"]


def test_missing_or_empty_folder_is_a_warning(tmp_path: Path) -> None:
    journal, problems = read_journal(tmp_path / "журнал", SETTINGS)
    assert journal == Journal() and [p.code for p in problems] == ["journal-empty"]
    assert problems[0].severity is Severity.WARNING
    folder = tmp_path / "журнал"
    folder.mkdir()
    (folder / "~$книга.xlsx").write_bytes(b"lock")
    (folder / ".~lock.книга.xlsx#").write_text("lock", encoding="utf-8")
    (folder / ".gitkeep").write_text("", encoding="utf-8")
    _, problems = read_journal(folder, SETTINGS)
    assert [p.code for p in problems] == ["file-lock", "file-lock", "journal-empty"]


def test_a_damaged_file_is_reported_and_the_others_still_read(folder: Path) -> None:
    (folder / "битый.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    journal, problems = read_journal(folder, SETTINGS)
    assert [p.code for p in problems][:2] == ["file-lock", "file-truncated"]
    assert len(journal.cells) == 7


def test_an_adapter_that_crashes_becomes_an_error_and_the_rest_is_read(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(table: Any, context: Any, found: Any = None) -> Any:
        raise ZeroDivisionError

    monkeypatch.setitem(reader.ADAPTERS, Layout.VISITS, boom)
    journal, problems = read_journal(folder, SETTINGS)
    assert flatten(problems) == [("file-lock", None, ""), ("journal-read-crashed", None, "")]
    assert "ZeroDivisionError" in problems[1].message and "посещение ЭД" in problems[1].message
    assert journal.visits == () and len(journal.cells) == 7
