"""The demo journal written as e-journal exports into `журнал/` (docs/journal_formats.md).

Subject grids (xlsx, one per course), one long table (csv, cp1251, «;») for the subjects
kept that way, the period marks of the previous and the current period (xlsx, wide), visits
(an HTML table saved as .xls), lessons (xlsx) and credentials (csv, UTF-8 with BOM). Every
file is written atomically.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, time
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.demo.journal_records import DemoJournal, Entry, Lesson
from ejournal_sheets.demo.timetable import COURSES, LONG_TABLE_SUBJECTS, SUBJECTS, Course, Slot
from ejournal_sheets.safe_io import write_atomic, write_bytes_atomic

Cells = Mapping[tuple[Slot, str], Entry]

GRID_HEADER = ("№", "Ученик")
LONG_HEADER = ("Дата", "№ урока", "Предмет", "Учитель", "Ученик", "Отметка", "Вес",
               "Вид работы", "Тема урока", "Домашнее задание")  # fmt: skip
LESSONS_HEADER = ("Дата", "Предмет", "Учитель", "Группа", "№ урока", "Тема",
                  "Домашнее задание", "Отметки выставлены")  # fmt: skip
VISITS_HEADER = ("Пользователь", "Роль", "Ученик", "Дата/время входа")
CREDENTIALS_HEADER = ("ФИО", "Роль", "Логин", "Пароль", "Ученик")
LONG_TABLE_NAME = "История_и_География.csv"
LESSONS_NAME, VISITS_NAME, CREDENTIALS_NAME = "Уроки.xlsx", "Посещения.xls", "Реквизиты.csv"
CREATED = datetime(2025, 9, 1, 8, 0, 0)  # pinned: the same journal gives the same files
FORMATS: dict[str, dict[str, object]] = {
    "title": {"bold": True},
    "header": {"bold": True, "border": 1, "align": "center", "bg_color": "#E7E6E6"},
    "cell": {"border": 1, "align": "center"},
    "name": {"border": 1},
    "date": {"num_format": "dd.mm.yyyy"},
}


def period_marks_name(period: str) -> str:
    """«Итоговые_Ч1.xlsx»"""
    return f"Итоговые_{period}.xlsx"


def write_journal(folder: Path, journal: DemoJournal) -> tuple[Path, ...]:
    """Write every export of `journal` into `folder`; return the paths written."""
    cells = journal.cells()
    paths = [write_grid(folder, journal, course, cells) for course in COURSES
             if course.subject not in LONG_TABLE_SUBJECTS]  # fmt: skip
    paths.append(write_long_table(folder / LONG_TABLE_NAME, journal, LONG_TABLE_SUBJECTS))
    for period in journal.mark_periods:
        paths.append(write_period_marks(folder / period_marks_name(period), journal, period))
    paths.append(write_visits(folder / VISITS_NAME, journal))
    paths.append(write_lessons(folder / LESSONS_NAME, journal, cells))
    paths.append(write_credentials(folder / CREDENTIALS_NAME, journal))
    return tuple(paths)


def _xlsx(path: Path, fill: Callable[[Workbook, dict[str, object]], None]) -> Path:
    """An xlsxwriter workbook written atomically, with pinned properties."""

    def write(temp: Path) -> None:
        with xlsxwriter.Workbook(str(temp), {"in_memory": True}) as book:
            book.set_properties({"created": CREATED, "author": "Электронный журнал"})
            formats = {name: book.add_format(spec) for name, spec in FORMATS.items()}
            fill(book, formats)

    return write_atomic(path, write)


def _write_text(sheet: Worksheet, row: int, column: int, text: str, fmt: object = None) -> None:
    """Text as text (never a number or formula); an empty value leaves the cell blank."""
    if text:
        sheet.write_string(row, column, text, fmt)
    elif fmt is not None:
        sheet.write_blank(row, column, None, fmt)


def write_grid(folder: Path, journal: DemoJournal, course: Course, cells: Cells) -> Path:
    """«Алгебра.xlsx»: title lines, then №, Ученик and a «дд.мм» column per lesson."""
    lessons = journal.lessons_of(course)
    students = journal.roll(course)
    titles = [f"Предмет: {course.subject}", f"Учитель: {course.teacher}",
              f"Класс: {journal.class_name}"]  # fmt: skip
    if course.group:
        titles.append(f"Группа: {course.group}")

    def fill(book: Workbook, formats: dict[str, object]) -> None:
        sheet = book.add_worksheet(course.title[:31])
        for row, text in enumerate(titles):
            sheet.write_string(row, 0, text, formats["title"])
        top = len(titles) + 1
        header = [*GRID_HEADER, *(f"{lesson.slot.day:%d.%m}" for lesson in lessons)]
        for column, text in enumerate(header):
            sheet.write_string(top, column, text, formats["header"])
        for index, name in enumerate(students, start=1):
            sheet.write_number(top + index, 0, index, formats["cell"])
            sheet.write_string(top + index, 1, name, formats["name"])
            for column, lesson in enumerate(lessons, start=2):
                entry = cells.get((lesson.slot, name))
                _write_text(sheet, top + index, column, entry.text if entry else "",
                            formats["cell"])  # fmt: skip
        sheet.set_column(0, 0, 4)
        sheet.set_column(1, 1, 26)
        sheet.set_column(2, max(2, len(header) - 1), 6)
        sheet.freeze_panes(top + 1, 2)

    return _xlsx(folder / f"{course.title}.xlsx", fill)


def long_rows(journal: DemoJournal, subjects: Sequence[str]) -> list[tuple[str, ...]]:
    """One row per mark or absence code of the subjects' lessons, in date and roll order."""
    lessons = {lesson.slot: lesson for lesson in journal.lessons}
    order = {(roll.course, name): n for roll in journal.rolls
             for n, name in enumerate(roll.students)}  # fmt: skip
    entries = sorted((e for e in journal.entries if e.slot.course.subject in subjects),
                     key=lambda e: (e.slot, order.get((e.slot.course, e.student), 0)))  # fmt: skip
    return [row for entry in entries for row in _event_rows(entry, lessons[entry.slot])]


def _event_rows(entry: Entry, lesson: Lesson) -> Iterable[tuple[str, ...]]:
    slot = entry.slot
    start = (f"{slot.day:%d.%m.%Y}", str(slot.number), slot.course.subject, slot.course.teacher,
             entry.student)  # fmt: skip
    end = (lesson.topic, lesson.homework)
    events = [(entry.code, "", "")] if entry.code else []
    events += [(str(g.value), str(g.weight), g.work) for g in entry.grades]
    events += [(".", "", lesson.work)] if entry.debt else []
    return [(*start, *event, *end) for event in events]


def write_long_table(path: Path, journal: DemoJournal, subjects: Sequence[str]) -> Path:
    """The long table as csv in cp1251 with «;», as Russian Excel saves it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LONG_HEADER)
    writer.writerows(long_rows(journal, subjects))
    return write_bytes_atomic(path, buffer.getvalue().encode("cp1251"))


def write_period_marks(path: Path, journal: DemoJournal, period: str) -> Path:
    """«Период: Ч1» above a table: Ученик and a column per subject (a number, or «н/а»)."""
    subjects = [subject for subject, _, _ in SUBJECTS]
    marks = journal.marks_of(period)

    def fill(book: Workbook, formats: dict[str, object]) -> None:
        sheet = book.add_worksheet(f"Итоговые {period}")
        sheet.write_string(0, 0, f"Период: {period}", formats["title"])
        sheet.write_string(1, 0, f"Класс: {journal.class_name}", formats["title"])
        for column, text in enumerate(["Ученик", *subjects]):
            sheet.write_string(3, column, text, formats["header"])
        for row, (student, mine) in enumerate(marks.items(), start=4):
            sheet.write_string(row, 0, student, formats["name"])
            for column, subject in enumerate(subjects, start=1):
                value = mine.get(subject)
                if isinstance(value, int):
                    sheet.write_number(row, column, value, formats["cell"])
                elif value:
                    sheet.write_string(row, column, value, formats["cell"])
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, len(subjects), 12)

    return _xlsx(path, fill)


def write_visits(path: Path, journal: DemoJournal) -> Path:
    """Logins as an HTML table saved with the .xls extension, as many journals export them."""
    rows = [(v.user, v.role, v.student, f"{v.at:%d.%m.%Y %H:%M}") for v in journal.visits]
    return write_bytes_atomic(path, html_table("Посещение электронного дневника",
                                               VISITS_HEADER, rows).encode("utf-8"))  # fmt: skip


def html_table(title: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A minimal HTML page holding one table, UTF-8 declared."""
    def line(cells: Sequence[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    body = "\n".join([line(header, "th"), *(line(row, "td") for row in rows)])
    return (f'<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; '
            f'charset=utf-8">\n<title>{html.escape(title)}</title>\n</head>\n<body>\n'
            f'<table border="1">\n{body}\n</table>\n</body>\n</html>\n')  # fmt: skip


def write_lessons(path: Path, journal: DemoJournal, cells: Cells) -> Path:
    """Every lesson of the period so far: date, course, number, topic, homework, marks set."""
    marked = {slot for (slot, _), entry in cells.items() if entry.grades}

    def fill(book: Workbook, formats: dict[str, object]) -> None:
        sheet = book.add_worksheet("Уроки")
        for column, text in enumerate(LESSONS_HEADER):
            sheet.write_string(0, column, text, formats["header"])
        for row, lesson in enumerate(journal.lessons, start=1):
            slot = lesson.slot
            sheet.write_datetime(row, 0, datetime.combine(slot.day, time()), formats["date"])
            for column, text in enumerate((slot.course.subject, slot.course.teacher,
                                           slot.course.group), start=1):  # fmt: skip
                _write_text(sheet, row, column, text)
            sheet.write_number(row, 4, slot.number)
            _write_text(sheet, row, 5, lesson.topic)
            _write_text(sheet, row, 6, lesson.homework)
            _write_text(sheet, row, 7, "да" if slot in marked else "нет")
        for column, width in enumerate((11, 26, 30, 10, 8, 44, 36, 10)):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)

    return _xlsx(path, fill)


def write_credentials(path: Path, journal: DemoJournal) -> Path:
    """Logins and passwords as csv, UTF-8 with BOM and «;»."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CREDENTIALS_HEADER)
    writer.writerows((c.name, c.role, c.login, c.password, c.student)
                     for c in journal.credentials)  # fmt: skip
    return write_bytes_atomic(path, buffer.getvalue().encode("utf-8-sig"))
