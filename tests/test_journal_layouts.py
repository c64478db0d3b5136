"""Layout adapters of the journal exports: Tables built in code → Journal records and problems."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ejournal_sheets.codes import Attendance, MarkKind
from ejournal_sheets.journal.credentials import read_credentials
from ejournal_sheets.journal.grid import read_grid
from ejournal_sheets.journal.headers import find_period, period_name
from ejournal_sheets.journal.layouts import Layout, ReadContext, detect_layout
from ejournal_sheets.journal.lessons import read_lessons
from ejournal_sheets.journal.long_table import read_long_table
from ejournal_sheets.journal.period_marks import read_period_marks
from ejournal_sheets.journal.reader import read_table
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal.visits import read_visits
from ejournal_sheets.journal_model import Cell, Journal
from ejournal_sheets.problems import Severity, flatten
from ejournal_sheets.settings import Year

YEAR = Year(start=date(2026, 9, 1), end=date(2027, 5, 26))
CONTEXT = ReadContext(year=YEAR, class_name="7Б")
PATH = Path("/журнал/выгрузка.xlsx")


def table(rows: list[tuple[Any, ...]], sheet: str | None = "Лист1",
          path: Path = PATH) -> Table:
    return Table(path, sheet, tuple(rows))


def grid_rows(*, klass: str = "7Б") -> list[tuple[Any, ...]]:
    return [
        ("Предмет: Алгебра",),
        ("Учитель:", "Иванова Анна Петровна"),
        (f"Класс: {klass}", None, "Группа: 1 группа"),
        (),
        ("№", "Ученик", "01.09", "03.09", "03.09", date(2027, 1, 15), "Средний балл", "I",
         "Год"),
        (1, "Иванов Пётр", "5", "н", "4/5", None, 4.5, "5", "5"),
        (2, "Соколова  Анна", None, "н 2", ".", "Б", 3.5, "4", None),
        (None, "Средний балл", None, None, None, None, 4.0, None, None),
    ]


def summary(cell: Cell) -> tuple[object, ...]:
    return (cell.student, cell.lesson.date, cell.lesson.slot, [m.value for m in cell.marks],
            cell.attendance, cell.where.cell if cell.where else None)


# --- detection ---------------------------------------------------------------------------

DETECTED = [
    (grid_rows(), Layout.GRID),
    ([("Дата", "Предмет", "Ученик", "Отметка")], Layout.LONG_TABLE),
    ([("Дата", "Предмет", "Ученик", "Пропуск")], Layout.LONG_TABLE),
    ([("Ученик", "Предмет", "Период", "Отметка")], Layout.PERIOD_MARKS),
    ([("Период: Ч2",), ("Ученик", "Алгебра", "Физика")], Layout.PERIOD_MARKS),
    ([("Пользователь", "Роль", "Ученик", "Дата/время входа")], Layout.VISITS),
    ([("Пользователь", "Роль", "Последний вход", "Число входов")], Layout.VISITS),
    ([("Дата", "Предмет", "Учитель", "Тема", "Домашнее задание")], Layout.LESSONS),
    ([("ФИО", "Роль", "Логин", "Пароль")], Layout.CREDENTIALS),
]


@pytest.mark.parametrize(("rows", "layout"), DETECTED)
def test_each_layout_is_detected_by_its_headers(rows: list[tuple[Any, ...]],
                                                layout: Layout) -> None:
    found = detect_layout(table(rows), CONTEXT)
    assert found is not None and found.layout is layout


def test_header_spelling_is_forgiven_and_title_lines_may_be_above() -> None:
    rows = [("Отчёт «Оценки»",), ("Класс: 7Б",), ("дата ", "ПРЕДМЕТ", "обучающийся", "Оценка")]
    found = detect_layout(table(rows), CONTEXT)
    assert found is not None and found.layout is Layout.LONG_TABLE and found.row == 2


def test_header_row_is_looked_for_in_the_first_15_rows_only() -> None:
    rows: list[tuple[Any, ...]] = [(f"строка {n}",) for n in range(15)]
    assert detect_layout(table([*rows, ("Дата", "Предмет", "Ученик", "Отметка")]), CONTEXT) \
        is None


def test_unknown_layout_lists_the_headers_found_and_the_layouts_expected() -> None:
    rows = [("Список класса",), ("Фамилия", "Имя", "Дата рождения"), ("Иванов", "Пётр", None)]
    layout, journal, problems = read_table(table(rows, sheet="Ученики"), CONTEXT)
    assert layout is None and journal.cells == ()
    assert flatten(problems) == [("journal-layout-unknown", "Ученики", "")]
    assert "«Фамилия», «Имя», «Дата рождения»" in problems[0].message
    for expected in ("журнал предмета", "длинная таблица", "итоговые отметки", "посещение ЭД",
                     "уроки", "реквизиты доступа", "[journal.aliases]"):
        assert expected in problems[0].hint


def test_wide_sheet_without_a_period_is_not_guessed() -> None:
    rows = [("Ученик", "Алгебра", "Физика"), ("Иванов Пётр", "5", "4")]
    _, _, problems = read_table(table(rows, sheet="Лист1"), CONTEXT)
    assert flatten(problems) == [("journal-layout-unknown", "Лист1", "")]


def test_empty_and_caption_only_tables_are_skipped_silently() -> None:
    for rows in ([], [(None, None)], [("Электронный журнал",)],
                 [("Предмет:", "Алгебра"), ("Учитель: Иванова А.П.",)]):
        assert read_table(table(rows), CONTEXT) == (None, Journal(), [])


def test_aliases_from_settings_name_a_column_differently() -> None:
    rows = [("Уч-ся", "Предмет", "Дата", "Балл"), ("Иванов Пётр", "Алгебра", "03.09", "5")]
    assert detect_layout(table(rows), CONTEXT) is None
    context = ReadContext(aliases=(("Ученик", ("Уч-ся",)), ("Отметка", ("Балл",))), year=YEAR)
    journal, problems = read_long_table(table(rows), context)
    assert problems == []
    assert [(c.student, [m.value for m in c.marks]) for c in journal.cells] == [
        ("Иванов Пётр", [5])]


# --- subject grid ------------------------------------------------------------------------

def test_grid_reads_lessons_slots_cells_roll_and_period_marks() -> None:
    journal, problems = read_grid(table(grid_rows(), sheet="7Б алгебра"), CONTEXT)
    assert problems == []
    assert [(x.date, x.slot, x.subject, x.teacher, x.group, x.where.cell if x.where else "")
            for x in journal.lessons] == [
        (date(2026, 9, 1), 1, "Алгебра", "Иванова Анна Петровна", "1 группа", "C5"),
        (date(2026, 9, 3), 1, "Алгебра", "Иванова Анна Петровна", "1 группа", "D5"),
        (date(2026, 9, 3), 2, "Алгебра", "Иванова Анна Петровна", "1 группа", "E5"),
        (date(2027, 1, 15), 1, "Алгебра", "Иванова Анна Петровна", "1 группа", "F5"),
    ]
    assert [summary(c) for c in journal.cells] == [
        ("Иванов Пётр", date(2026, 9, 1), 1, [5], None, "C6"),
        ("Иванов Пётр", date(2026, 9, 3), 1, [], Attendance.ABSENT, "D6"),
        ("Иванов Пётр", date(2026, 9, 3), 2, [4, 5], None, "E6"),
        ("Соколова Анна", date(2026, 9, 3), 1, [2], Attendance.ABSENT, "D7"),
        ("Соколова Анна", date(2026, 9, 3), 2, [None], None, "E7"),
        ("Соколова Анна", date(2027, 1, 15), 1, [], Attendance.ILL, "F7"),
    ]
    assert journal.cells[4].marks[0].kind is MarkKind.DEBT
    assert journal.cells[2].where is not None and journal.cells[2].where.header == "03.09"
    assert journal.rolls[0].students == ("Иванов Пётр", "Соколова Анна")
    assert [(m.student, m.period, m.mark.value, m.where.cell if m.where else "")
            for m in journal.period_marks] == [
        ("Иванов Пётр", "Ч1", 5, "H6"), ("Иванов Пётр", "Год", 5, "I6"),
        ("Соколова Анна", "Ч1", 4, "H7")]


def test_grid_double_marks_setting_is_passed_to_the_tokens() -> None:
    context = ReadContext(year=YEAR, double_marks="вторая")
    journal, _ = read_grid(table(grid_rows()), context)
    assert [m.value for m in journal.cells[2].marks] == [5]


def test_grid_subject_falls_back_to_the_sheet_then_the_file_name() -> None:
    rows = grid_rows()[4:]
    journal, _ = read_grid(table(rows, sheet="Физика"), CONTEXT)
    assert journal.lessons[0].subject == "Физика" and journal.lessons[0].teacher is None
    journal, _ = read_grid(table(rows, sheet="Лист1", path=Path("/журнал/Химия.xlsx")), CONTEXT)
    assert journal.rolls[0].subject == "Химия"


def test_grid_bad_date_headers_blank_header_and_nameless_row_are_errors() -> None:
    rows = [
        ("№", "Ученик", "01.09", "32.09", "01.09.2025", "Контрольная", None, "05.09"),
        (1, "Иванов Пётр", "5", "4", "3", "2", "5", "н"),
        (2, None, "5", None, None, None, None, None),
    ]
    journal, problems = read_grid(table(rows, sheet="Алгебра"), CONTEXT)
    assert flatten(problems) == [
        ("journal-date-invalid", "Алгебра", "D1"),
        ("journal-date-invalid", "Алгебра", "E1"),
        ("journal-date-invalid", "Алгебра", "F1"),
        ("journal-header-blank", "Алгебра", "G1"),
        ("journal-value-missing", "Алгебра", "B3"),
    ]
    assert "вне учебного года 2026/2027" in problems[1].message
    assert [c.lesson.date for c in journal.cells] == [date(2026, 9, 1), date(2026, 9, 5)]


def test_grid_unknown_token_is_reported_with_its_cell_and_kept_as_a_cell() -> None:
    rows = [("№", "Ученик", "01.09", "02.09"), (1, "Иванов Пётр", "y", "H")]
    journal, problems = read_grid(table(rows, sheet="Алгебра"), CONTEXT)
    assert flatten(problems) == [("token-unknown", "Алгебра", "C2"),
                                 ("token-lookalike", "Алгебра", "D2")]
    assert [c.attendance for c in journal.cells] == [None, Attendance.ABSENT]


def test_grid_of_another_class_is_skipped_with_a_warning() -> None:
    journal, problems = read_grid(table(grid_rows(klass="7В"), sheet="Алгебра"), CONTEXT)
    assert journal.cells == () and journal.lessons == ()
    assert flatten(problems) == [("journal-other-class", "Алгебра", "A3")]
    assert problems[0].severity is Severity.WARNING and "«7В»" in problems[0].message
    layout, _, problems = read_table(table(grid_rows(klass="7В")), CONTEXT)
    assert layout is None and [p.code for p in problems] == ["journal-other-class"]
    for same in ("7 б", "7-Б класс", "7Б, 2026/2027 учебный год"):
        journal, problems = read_grid(table(grid_rows(klass=same)), CONTEXT)
        assert problems == [] and len(journal.cells) == 6


# --- long table --------------------------------------------------------------------------

LONG_HEADER = ("Дата", "№ урока", "Предмет", "Учитель", "Группа", "Ученик", "Отметка", "Пропуск",
               "Вес", "Тема урока", "Домашнее задание")


def test_long_table_rows_become_cells_and_lessons_with_slots_by_number() -> None:
    rows = [
        LONG_HEADER,
        (date(2026, 9, 3), 3, "Алгебра", "Иванова А.П.", None, "Иванов Пётр", "5", None, "2",
         "Дроби", "№ 12"),
        ("03.09.2026", 2, "Алгебра", None, None, "Иванов Пётр", None, "н", None, None, None),
        ("2026-09-03", 3, "Алгебра", None, None, "Соколова Анна", "н 3", None, None, None,
         None),
        ("15.01", None, "Английский язык", None, "1 группа", "Соколова Анна", "4", None,
         "1,5", None, None),
    ]
    journal, problems = read_long_table(table(rows, sheet=None), CONTEXT)
    assert problems == []
    assert [(x.date, x.number, x.slot, x.teacher, x.topic, x.homework, x.group)
            for x in journal.lessons] == [
        (date(2026, 9, 3), 3, 2, "Иванова А.П.", "Дроби", "№ 12", None),
        (date(2026, 9, 3), 2, 1, None, "", "", None),  # columns present, cells blank
        (date(2027, 1, 15), None, 1, None, "", "", "1 группа"),
    ]
    assert [summary(c) for c in journal.cells] == [
        ("Иванов Пётр", date(2026, 9, 3), 2, [5], None, "G2"),
        ("Иванов Пётр", date(2026, 9, 3), 1, [], Attendance.ABSENT, "H3"),
        ("Соколова Анна", date(2026, 9, 3), 2, [3], Attendance.ABSENT, "G4"),
        ("Соколова Анна", date(2027, 1, 15), 1, [4], None, "G5"),
    ]
    assert [m.weight for c in journal.cells for m in c.marks] == [2.0, 1.0, 1.5]
    assert journal.cells[0].lesson is journal.cells[2].lesson


def test_long_table_bad_values_are_reported_by_cell() -> None:
    rows = [
        LONG_HEADER,
        ("31.02.2027", 1, "Алгебра", None, None, "Иванов Пётр", "5", None, None, None, None),
        ("04.09.2026", "первый", "Алгебра", None, None, "Иванов Пётр", "5", None, "много",
         None, None),
        ("04.09.2026", 1, "Алгебра", None, None, None, "5", None, None, None, None),
        ("05.09.2026", 1, "Алгебра", None, None, "Иванов Пётр", None, "5", None, None, None),
    ]
    journal, problems = read_long_table(table(rows, sheet=None), CONTEXT)
    assert flatten(problems) == [
        ("journal-date-invalid", None, "A2"),
        ("journal-number-invalid", None, "I3"),
        ("journal-number-invalid", None, "B3"),
        ("journal-value-missing", None, "F4"),
        ("journal-choice-invalid", None, "H5"),
    ]
    assert "такого дня в календаре нет" in problems[0].message
    assert [summary(c) for c in journal.cells] == [
        ("Иванов Пётр", date(2026, 9, 4), 1, [5], None, "G3"),
        ("Иванов Пётр", date(2026, 9, 5), 1, [], None, "H5"),
    ]


# --- period marks ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "period"), [
    ("I", "Ч1"), ("IV", "Ч4"), ("Ч2", "Ч2"), ("ч 3", "Ч3"), ("1 четв.", "Ч1"),
    ("2-я четверть", "Ч2"), ("II полугодие", "П2"), ("Годовая", "Год"), ("Год", "Год"),
    ("Экзамен", "Экзамен"), ("Итоговая", "Итог"), ("1", None), ("1 класс", None),
    ("Алгебра", None),
])
def test_period_names_are_normalised(text: str, period: str | None) -> None:
    assert period_name(text) == period


def test_period_is_found_in_titles_and_sheet_names() -> None:
    assert find_period("Итоговые отметки за 2 четверть") == "Ч2"
    assert find_period("Итоги Ч3") == "Ч3"
    assert find_period("Годовые отметки") == "Год"
    assert find_period("2026/2027 учебный год") is None
    assert find_period("Лист1") is None
    assert period_name("II", "триместры") == "Т2"


def test_long_period_marks() -> None:
    rows = [("Ученик", "Предмет", "Период", "Отметка", "Учитель"),
            ("Иванов Пётр", "Алгебра", "1 четв.", "5", "Иванова А.П."),
            ("Иванов Пётр", "Алгебра", "Год", "н/а", None),
            ("Иванов Пётр", "Физика", "осень", "4", None),
            ("Соколова Анна", "Физика", "Ч1", None, None)]
    journal, problems = read_period_marks(table(rows, sheet="Итоги"), CONTEXT)
    assert flatten(problems) == [("journal-choice-invalid", "Итоги", "C4")]
    assert [(m.student, m.subject, m.period, m.mark.kind, m.mark.value, m.teacher)
            for m in journal.period_marks] == [
        ("Иванов Пётр", "Алгебра", "Ч1", MarkKind.GRADE, 5, "Иванова А.П."),
        ("Иванов Пётр", "Алгебра", "Год", MarkKind.NOT_ASSESSED, None, None)]


def test_wide_period_marks_from_a_title_line_or_the_sheet_name() -> None:
    rows = [("Итоговые отметки 7Б",), ("Период: 2 четверть",),
            ("№", "Ученик", "Алгебра", "Физика", "Средний балл"),
            (1, "Иванов Пётр", 5, "4", 4.5), (2, "Соколова Анна", "н/а", None, None)]
    journal, problems = read_period_marks(table(rows, sheet="Лист1"), CONTEXT)
    assert problems == []
    assert [(m.student, m.subject, m.period, str(m.mark), m.where.cell if m.where else "")
            for m in journal.period_marks] == [
        ("Иванов Пётр", "Алгебра", "Ч2", "5", "C4"), ("Иванов Пётр", "Физика", "Ч2", "4", "D4"),
        ("Соколова Анна", "Алгебра", "Ч2", "н/а", "C5")]
    journal, _ = read_period_marks(table(rows[2:], sheet="Итоги Ч3"), CONTEXT)
    assert {m.period for m in journal.period_marks} == {"Ч3"}


# --- visits ------------------------------------------------------------------------------

def test_visits_per_login_are_one_visit_per_login() -> None:
    rows = [("Пользователь", "Роль", "Ученик", "Дата/время входа"),
            ("Иванова Мария", "Родитель", "Иванов Пётр", datetime(2026, 11, 20, 18, 5)),
            ("Иванова Мария", "законный представитель", "Иванов Пётр", "25.11.2026 07:40"),
            ("Иванов Пётр", "Обучающийся", None, "2026-11-21 10:00:00"),
            ("Соколов Илья", "Родитель", "Соколова Анна", None),
            ("Петрова Е.В.", "Учитель", None, "26.11.2026 08:00"),
            ("Кто-то", "Гость", None, "26.11.2026 08:00"),
            ("Иванов Пётр", "Ученик", None, "вчера")]
    journal, problems = read_visits(table(rows), CONTEXT)
    assert flatten(problems) == [("journal-choice-invalid", "Лист1", "B7"),
                                 ("journal-date-invalid", "Лист1", "D8")]
    assert [(v.user, v.role, v.student, v.count, v.last_visit) for v in journal.visits] == [
        ("Иванова Мария", "родитель", "Иванов Пётр", None, datetime(2026, 11, 20, 18, 5)),
        ("Иванова Мария", "родитель", "Иванов Пётр", None, datetime(2026, 11, 25, 7, 40)),
        ("Иванов Пётр", "ученик", None, None, datetime(2026, 11, 21, 10, 0)),
        ("Соколов Илья", "родитель", "Соколова Анна", None, None),  # listed, never logged in
    ]


def test_aggregated_visits() -> None:
    rows = [("Пользователь", "Роль", "Ученик", "Последний вход", "Число входов"),
            ("Иванова Мария", "Родитель", "Иванов Пётр", "25.11.2026 07:40", 14),
            ("Соколов Илья", "родитель", "Соколова Анна", "никогда", None),
            ("Соколова Анна", "ученица", None, date(2026, 11, 2), "три")]
    journal, problems = read_visits(table(rows), CONTEXT)
    assert flatten(problems) == [("journal-number-invalid", "Лист1", "E4")]
    assert [(v.role, v.count, v.last_visit) for v in journal.visits] == [
        ("родитель", 14, datetime(2026, 11, 25, 7, 40)), ("родитель", 0, None),
        ("ученик", None, datetime(2026, 11, 2))]


# --- lessons and credentials -------------------------------------------------------------

def test_lessons_export_rows_and_slots_in_row_order() -> None:
    rows = [("Дата", "Предмет", "Учитель", "№ урока", "Тема", "Домашнее задание",
             "Отметки выставлены"),
            ("03.09", "Алгебра", "Иванова А.П.", 2, "Дроби", "№ 1", "да"),
            ("03.09", "Алгебра", "Иванова А.П.", 3, "Дроби (2)", None, "нет"),
            ("04.09", "Физика", None, None, None, None, None),
            ("05.09", "Физика", None, None, "Сила", None, "может быть")]
    journal, problems = read_lessons(table(rows), CONTEXT)
    assert flatten(problems) == [("journal-choice-invalid", "Лист1", "G5")]
    assert [(x.date, x.subject, x.slot, x.number, x.topic, x.homework, x.marks_set)
            for x in journal.lessons] == [
        (date(2026, 9, 3), "Алгебра", 1, 2, "Дроби", "№ 1", True),
        (date(2026, 9, 3), "Алгебра", 2, 3, "Дроби (2)", "", False),
        (date(2026, 9, 4), "Физика", 1, None, "", "", None),
        (date(2026, 9, 5), "Физика", 1, None, "Сила", "", None)]


def test_credentials_keep_parents_and_students_only() -> None:
    rows = [("ФИО", "Роль", "Логин", "Код активации", "Ученик"),
            ("Иванова Мария Петровна", "Родитель", "ivanova.m", 123456, "Иванов Пётр"),
            ("Иванов Пётр Сергеевич", "Ученик", "ivanov.p", "Xy7-Qz", None),
            ("Петрова Елена", "Учитель", "petrova", "pass", None),
            ("Соколов Илья", "Родитель", None, "code", "Соколова Анна")]
    journal, problems = read_credentials(table(rows), CONTEXT)
    assert flatten(problems) == [("journal-value-missing", "Лист1", "C5")]
    assert [(c.name, c.role, c.login, c.secret, c.student) for c in journal.credentials] == [
        ("Иванова Мария Петровна", "родитель", "ivanova.m", "123456", "Иванов Пётр"),
        ("Иванов Пётр Сергеевич", "ученик", "ivanov.p", "Xy7-Qz", None)]


def test_adapter_given_another_layout_reports_unknown_layout() -> None:
    journal, problems = read_visits(table(grid_rows()), CONTEXT)
    assert journal.visits == () and [p.code for p in problems] == ["journal-layout-unknown"]
