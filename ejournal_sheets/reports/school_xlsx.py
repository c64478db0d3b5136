"""«Сводка_по_школе.xlsx» for the deputy director: one row per class, a totals row.

Per class: контингент, the period's indicators, the week's attendance, open reconciliation
items, data problems and e-diary activity, as the class's weekly run counted them (school.py).
Percentages are stored as fractions rounded to 0.1 % and shown as «92,6 %»; «—» means the
figure does not exist yet (no period marks, no period). A4 landscape, the two header rows
repeated on every page, the header and the class columns frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.names import strip_control
from ejournal_sheets.reports.filling_xlsx import open_book
from ejournal_sheets.reports.layout import print_setup, row_height
from ejournal_sheets.safe_io import write_atomic

if TYPE_CHECKING:
    from ejournal_sheets.school import ClassRun, WeeklyFigures

TITLE = "Сводка по школе"
TOTAL = "Итого по школе"
NONE = "—"
GROUP_ROW, HEADER_ROW = 4, 5  # rows 0–2: title, school, what the figures cover
Value = str | int | float | None


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str  # text | int | decimal | decimal1 | percent


FIXED = (Column("№", 4, "int"), Column("Класс", 7, "text"),
         Column("Классный руководитель", 30, "text"))
GROUPS: tuple[tuple[str, tuple[Column, ...]], ...] = (
    ("Контингент", (Column("На начало периода", 9, "int"), Column("Прибыло", 8, "int"),
                    Column("Выбыло", 8, "int"), Column("На сегодня", 9, "int"))),
    ("Успеваемость за период", (Column("Успеваемость", 10, "percent"),
                                Column("Качество знаний", 10, "percent"),
                                Column("Средний балл", 8, "decimal"))),
    ("Посещаемость за неделю", (Column("Уроков пропущено", 9, "int"),
                                Column("На одного ученика", 9, "decimal1"),
                                Column("Посещаемость", 11, "percent"))),
    ("Сверка с журналом (открыто)", (Column("Находки посещаемости", 11, "int"),
                                     Column("Расхождения списка", 11, "int"))),
    ("Замечания к данным", (Column("Ошибки", 8, "int"), Column("Предупреждения", 15, "int"))),
    ("Электронный дневник", (Column("Доля активных семей", 11, "percent"),)),
)
COLUMNS = FIXED + tuple(column for _, columns in GROUPS for column in columns)
NUMBER_FORMATS = {"int": "0", "decimal": "0.00", "decimal1": "0.0", "percent": "0.0%"}
ROUNDING = {"decimal": 2, "decimal1": 1, "percent": 3}


def write_school_summary(target: Path, school_name: str, today: date,
                         runs: Sequence[ClassRun], inputs: Iterable[Path] = ()) -> Path:
    """Write the school summary atomically; classes that failed are named under the table."""
    good = [run for run in runs if run.weekly is not None]

    def build(temp: Path) -> None:
        with open_book(temp, f"{TITLE} — {school_name}", today) as book:
            sheet = book.add_worksheet("Сводка")
            formats = _formats(book)
            row = _heading(sheet, formats, school_name, today, good)
            row = _table(sheet, formats, good, row)
            _notes(sheet, formats, [run for run in runs if run not in good], row + 1)
            _page(sheet, school_name, today)

    return write_atomic(target, build, inputs)


def row_values(number: int | None, class_name: str, figures: WeeklyFigures) -> list[Value]:
    """A class's cells in column order (percentages as 0–100, None for «—»)."""
    roll, results, seen = figures.roll, figures.results, figures.attendance
    return [
        number, class_name, figures.teacher,
        *((roll.start, roll.arrived, roll.left, roll.now) if roll else (None,) * 4),
        *((results.progress, results.quality, results.average) if results else (None,) * 3),
        *((seen.missed, seen.per_student, seen.percent) if seen else (None,) * 3),
        figures.findings, figures.mismatches, figures.errors, figures.warnings,
        figures.activity,
    ]


def total_values(figures: Sequence[WeeklyFigures]) -> list[Value]:
    """The totals row: sums of counts; indicators recomputed from the summed counts."""
    def total(get: Callable[[WeeklyFigures], int | None]) -> int | None:
        found = [value for f in figures if (value := get(f)) is not None]
        return sum(found) if found else None

    def ratio(part: int | None, whole: int | None, scale: float = 100.0) -> float | None:
        return scale * part / whole if part is not None and whole else None

    results = [f.results for f in figures if f.results is not None]
    on_roll = sum(r.on_roll for r in results)
    lessons = total(lambda f: f.attendance.lessons if f.attendance else None)
    missed = total(lambda f: f.attendance.missed if f.attendance else None)
    students = total(lambda f: f.attendance.students if f.attendance else None)
    grades = sum(r.grade_count for r in results)
    return [
        None, TOTAL, "",
        total(lambda f: f.roll.start if f.roll else None),
        total(lambda f: f.roll.arrived if f.roll else None),
        total(lambda f: f.roll.left if f.roll else None),
        total(lambda f: f.roll.now if f.roll else None),
        ratio(sum(r.succeeding for r in results), on_roll) if results else None,
        ratio(sum(r.good for r in results), on_roll) if results else None,
        ratio(sum(r.grade_sum for r in results), grades, 1.0) if grades else None,
        missed, ratio(missed, students, 1.0),
        ratio(lessons - missed, lessons) if lessons is not None and missed is not None else None,
        total(lambda f: f.findings), total(lambda f: f.mismatches),
        total(lambda f: f.errors), total(lambda f: f.warnings),
        ratio(total(lambda f: f.families_active if f.activity is not None else None),
              total(lambda f: f.families_total if f.activity is not None else None)),
    ]


def _formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    """Formats created once: title lines, headers, and each kind of cell, plain and total."""
    base = {"border": 1, "valign": "top", "font_size": 10}
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "subtitle": book.add_format({"font_size": 11}),
        "note": book.add_format({"italic": True, "font_size": 9, "text_wrap": True,
                                 "valign": "top"}),
        "header": book.add_format({**base, "bold": True, "align": "center",
                                   "valign": "vcenter", "text_wrap": True,
                                   "bg_color": "#DDEBF7", "font_size": 9}),
    }
    for kind in ("text", *NUMBER_FORMATS):
        extra = {"text_wrap": True} if kind == "text" else {
            "align": "center", "num_format": NUMBER_FORMATS[kind]}
        formats[kind] = book.add_format({**base, **extra})
        formats[f"{kind}+"] = book.add_format({**base, **extra, "bold": True,
                                               "bg_color": "#F2F2F2"})
    return formats


def _heading(sheet: Worksheet, formats: dict[str, Format], school_name: str, today: date,
             good: Sequence[ClassRun]) -> int:
    """Title, school, what the figures cover; returns the row below the two header rows."""
    first = good[0].weekly if good else None
    covers = [f"на {today:%d.%m.%Y}"]
    if first is not None:
        covers.append(f"посещаемость — за неделю {first.week.title}")
        if first.period:
            covers.append(f"контингент и показатели — {first.period}")
    sheet.write_string(0, 0, TITLE, formats["title"])
    sheet.write_string(1, 0, strip_control(school_name), formats["subtitle"])
    sheet.write_string(2, 0, "Данные " + "; ".join(covers) + ".", formats["subtitle"])
    for col, column in enumerate(FIXED):
        sheet.merge_range(GROUP_ROW, col, HEADER_ROW, col, column.title, formats["header"])
    col = len(FIXED)
    for title, columns in GROUPS:
        if len(columns) > 1:
            sheet.merge_range(GROUP_ROW, col, GROUP_ROW, col + len(columns) - 1, title,
                              formats["header"])
        else:
            sheet.write_string(GROUP_ROW, col, title, formats["header"])
        for offset, column in enumerate(columns):
            sheet.write_string(HEADER_ROW, col + offset, column.title, formats["header"])
        col += len(columns)
    for col, column in enumerate(COLUMNS):
        sheet.set_column(col, col, column.width)
    sheet.set_row(GROUP_ROW, row_height([t for t, _ in GROUPS], [9] * len(GROUPS), 13.0))
    sheet.set_row(HEADER_ROW, row_height([c.title for c in COLUMNS],
                                         [int(c.width) for c in COLUMNS], 13.0))
    return HEADER_ROW + 1


def _table(sheet: Worksheet, formats: dict[str, Format], good: Sequence[ClassRun],
           row: int) -> int:
    """One row per class, then the totals; returns the row after the table."""
    figures = []
    for number, run in enumerate(good, start=1):
        found = run.weekly
        assert found is not None  # `good` holds weekly runs only
        figures.append(found)
        _write_row(sheet, formats, row, row_values(number, run.class_name, found))
        row += 1
    _write_row(sheet, formats, row, total_values(figures), total=True)
    sheet.freeze_panes(HEADER_ROW + 1, len(FIXED))
    return row + 1


def _write_row(sheet: Worksheet, formats: dict[str, Format], row: int,
               values: Sequence[Value], total: bool = False) -> None:
    """A class's row, or the totals row with its label across the first columns."""
    suffix, first = ("+", len(FIXED)) if total else ("", 0)
    if total:
        sheet.merge_range(row, 0, row, first - 1, TOTAL, formats["text+"])
    for col in range(first, len(COLUMNS)):
        kind, value = COLUMNS[col].kind, values[col]
        if value is None:
            sheet.write_string(row, col, NONE, formats["int" + suffix])
        elif isinstance(value, str):
            sheet.write_string(row, col, strip_control(value), formats[kind + suffix])
        else:
            sheet.write_number(row, col, cell_number(kind, value), formats[kind + suffix])
    texts = [v if isinstance(v, str) and not total else "" for v in values]
    sheet.set_row(row, row_height(texts, [int(c.width) for c in COLUMNS], 14.0))


def cell_number(kind: str, value: float) -> float:
    """What a cell stores: percents as fractions rounded to 0.1 %, decimals rounded as shown."""
    if kind == "percent":
        return round(value / 100, ROUNDING[kind])
    return round(value, ROUNDING[kind]) if kind in ROUNDING else value


def _notes(sheet: Worksheet, formats: dict[str, Format], failed: Sequence[ClassRun],
           row: int) -> None:
    """How to read the table, and the classes missing from it with the reason."""
    notes = [
        "Успеваемость — доля учащихся без «2» и «н/а», качество знаний — доля учащихся на «4» "
        "и «5» по итоговым отметкам за период; «—» — итоговых отметок за период ещё нет.",
        "Посещаемость — доля уроков недели, на которых ученики присутствовали; «на одного "
        "ученика» — из расчёта учащихся на конец недели.",
        "Находки сверки и замечания к данным — подробно в файлах класса в его папке output/.",
    ]
    notes += [f"Не вошёл в сводку: {run.class_name} — {run.error or 'нет данных недели'}"
              for run in failed]
    last = len(COLUMNS) - 1
    for offset, text in enumerate(notes):
        sheet.merge_range(row + offset, 0, row + offset, last, strip_control(text),
                          formats["note"])
        sheet.set_row(row + offset, row_height([text], [150], 12.0))


def _page(sheet: Worksheet, school_name: str, today: date) -> None:
    print_setup(sheet, None, left=school_name, right=f"{TITLE} на {today:%d.%m.%Y}")
    sheet.repeat_rows(GROUP_ROW, HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
