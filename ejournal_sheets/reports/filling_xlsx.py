"""«Контроль_заполнения.xlsx»: per subject and group, per student, and reminders to teachers.

The small table helpers here (`Column`, `write_table`, …) are shared with `activity_xlsx`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.filling import NO_DATA, FillingReport, SubjectFilling, plural
from ejournal_sheets.names import strip_control
from ejournal_sheets.reports.layout import new_book, print_setup, row_height
from ejournal_sheets.safe_io import write_atomic
from ejournal_sheets.settings import DateRange

FILE_NAME = "Контроль_заполнения.xlsx"
HEADER_ROW = 2  # rows 0–1: title and subtitle
BAD_FILL = "#F8CBAD"
Value = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    kind: str = "auto"  # "percent": a share written as a number with the 0% format


def write_filling(target: Path, report: FillingReport, class_name: str, school: str,
                  week: DateRange, period: DateRange, inputs: Iterable[Path] = ()) -> Path:
    """Write the filling control workbook atomically; returns its path."""
    title = f"Контроль заполнения электронного журнала — {class_name}"
    until = min(report.today, period.end)
    subtitle = (f"{school}. Неделя {week.title}; период {period.name} с "
                f"{period.start:%d.%m.%Y} по {until:%d.%m.%Y}.")

    def write(temp: Path) -> None:
        with open_book(temp, title, report.today) as book:
            formats = add_formats(book)
            _summary(book.add_worksheet("Сводка"), formats, report, title, subtitle)
            _students(book.add_worksheet("Ученики"), formats, report, title, subtitle)
            _reminders(book.add_worksheet("Напоминания"), formats, report, title, subtitle)

    return write_atomic(target, write, inputs)


def _summary(sheet: Worksheet, formats: dict[str, Format], report: FillingReport, title: str,
             subtitle: str) -> None:
    silent = f"Без отметок {plural(report.no_mark_lessons, 'урок', 'урока', 'уроков')}"
    columns = (Column("Предмет", 22), Column("Группа", 11), Column("Учитель", 28),
               Column("Уроков за неделю", 9), Column("Уроков за период", 9),
               Column("Без темы за неделю", 9), Column("Без темы за период", 9),
               Column("Без ДЗ за неделю", 9), Column("Без ДЗ за период", 9),
               Column("Последняя запись", 11), Column("Учеников с недостатком отметок", 12),
               Column(silent, 11), Column("Статус", 13), Column("Замечания", 60))
    write_heading(sheet, formats, title, subtitle)
    rows = [_summary_row(row) for row in report.rows]
    write_table(sheet, formats, columns, [values for values, _ in rows],
                [bad for _, bad in rows], empty="В выгрузках журнала нет уроков.")


def _summary_row(row: SubjectFilling) -> tuple[list[Value], set[int]]:
    values: list[Value] = [
        row.subject, row.group or "", row.teacher or "не указан", row.lessons_week,
        row.lessons_period, _count(row.no_topic_week), _count(row.no_topic_period),
        _count(row.no_homework_week), _count(row.no_homework_period),
        row.last_entry or "нет записей", len(row.short_of_marks), len(row.silent),
        row.status, "; ".join(row.issues)]
    bad = {col for col in (5, 6, 7, 8, 10, 11)
           if isinstance(values[col], int) and values[col]}
    if any("нет ни одного урока" in issue for issue in row.issues):
        bad.add(3)
    return values, bad | ({12} if row.issues else set())


def _count(dates: Sequence[date] | None) -> Value:
    return NO_DATA if dates is None else len(dates)


def _students(sheet: Worksheet, formats: dict[str, Format], report: FillingReport, title: str,
              subtitle: str) -> None:
    columns = (Column("Предмет", 22), Column("Группа", 11), Column("Учитель", 28),
               Column("Ученик", 30), Column("Отметок за период", 10),
               Column("Нужно к сегодняшнему дню", 12),
               Column("Уроков подряд без отметки", 11), Column("Замечание", 40))
    rule = (f" Нужно отметок: {report.min_marks} за период × прошедшая часть периода "
            f"(в календарных днях), с округлением вверх.")
    write_heading(sheet, formats, title, subtitle + rule)
    rows: list[list[Value]] = []
    bad: list[set[int]] = []
    for row in report.rows:
        for item in row.students:
            lessons = plural(item.unmarked, "урок", "урока", "уроков")
            notes = {4: "меньше нужного числа отметок", 6: f"без отметки {lessons} подряд"}
            flags = {4: item.short, 6: item.silent}
            rows.append([row.subject, row.group or "", row.teacher or "", item.student.name,
                         item.marks, item.required, item.unmarked,
                         "; ".join(notes[col] for col in flags if flags[col])])
            bad.append({col for col in flags if flags[col]})
    write_table(sheet, formats, columns, rows, bad, empty="Учеников в выгрузках нет.")


def _reminders(sheet: Worksheet, formats: dict[str, Format], report: FillingReport, title: str,
               subtitle: str) -> None:
    columns = (Column("Учитель", 26), Column("Напоминание", 110))
    write_heading(sheet, formats, title, subtitle)
    rows: list[list[Value]] = [[item.teacher, item.text] for item in report.reminders]
    write_table(sheet, formats, columns, rows, empty="Замечаний нет — напоминания не нужны.")


def open_book(temp: Path, title: str, today: date) -> xlsxwriter.Workbook:
    """A workbook that writes text as text, with pinned properties (reproducible output)."""
    book = new_book(temp)
    book.set_properties({"title": title, "created": datetime.combine(today, time())})
    return book


def add_formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    """Formats created once: text, numbers, dates, percents, each also highlighted («…!»)."""
    base = {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
    kinds = {"text": {}, "number": {"align": "center"},
             "date": {"num_format": "dd.mm.yyyy", "align": "center"},
             "percent": {"num_format": "0%", "align": "center"}}
    formats = {"title": book.add_format({"bold": True, "font_size": 13}),
               "subtitle": book.add_format({"italic": True}),
               "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7",
                                          "valign": "vcenter", "align": "center"})}
    for name, extra in kinds.items():
        formats[name] = book.add_format({**base, **extra})
        formats[f"{name}!"] = book.add_format({**base, **extra, "bg_color": BAD_FILL})
    return formats


def write_heading(sheet: Worksheet, formats: dict[str, Format], title: str,
                  subtitle: str) -> None:
    """Title and subtitle above the table (rows 1–2 as Excel counts)."""
    sheet.write_string(0, 0, strip_control(title), formats["title"])
    sheet.write_string(1, 0, strip_control(subtitle), formats["subtitle"])


def write_table(sheet: Worksheet, formats: dict[str, Format], columns: Sequence[Column],
                rows: Sequence[Sequence[Value]], bad: Sequence[Collection[int]] = (),
                empty: str = "Нет данных.", top: int = HEADER_ROW, min_height: float = 0) -> None:
    """Header, rows (cells listed in `bad` highlighted), fitted heights, freeze, filter, print."""
    widths = [column.width for column in columns]
    for col, column in enumerate(columns):
        sheet.write_string(top, col, column.title, formats["header"])
        sheet.set_column(col, col, column.width)
    sheet.set_row(top, row_height([c.title for c in columns], widths))
    for number, values in enumerate(rows):
        marked = bad[number] if number < len(bad) else ()
        for col, value in enumerate(values):
            write_value(sheet, top + 1 + number, col, value, formats, columns[col].kind,
                        col in marked)
        height = row_height([_shown(v) for v in values], widths)
        sheet.set_row(top + 1 + number, max(height, min_height))
    if not rows:
        sheet.write_string(top + 1, 0, empty, formats["text"])
    sheet.freeze_panes(top + 1, 0)
    sheet.autofilter(top, 0, top + max(len(rows), 1), len(columns) - 1)
    print_setup(sheet, top)


def write_value(sheet: Worksheet, row: int, col: int, value: Value,
                formats: dict[str, Format], kind: str = "auto", bad: bool = False) -> None:
    """Text as text (never a formula), numbers as numbers, dates as dates."""
    mark = "!" if bad else ""
    if value is None:
        sheet.write_blank(row, col, None, formats[f"text{mark}"])
    elif isinstance(value, bool):
        sheet.write_string(row, col, "да" if value else "нет", formats[f"text{mark}"])
    elif isinstance(value, int | float):
        name = "percent" if kind == "percent" else "number"
        sheet.write_number(row, col, value, formats[f"{name}{mark}"])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime.combine(value, time()), formats[f"date{mark}"])
    else:
        sheet.write_string(row, col, strip_control(value), formats[f"text{mark}"])


def _shown(value: Value) -> str:
    return "00.00.0000" if isinstance(value, date) else "" if value is None else str(value)
