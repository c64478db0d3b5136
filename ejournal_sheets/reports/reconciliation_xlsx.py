"""«Сверка_посещаемости.xlsx»: a summary, one sheet per subject teacher, families to ask, roster.

Only lays out what reconcile decided; every text cell is written with write_string, so a
name starting with «=» stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.journal_model import Lesson
from ejournal_sheets.names import clean_spaces, strip_control
from ejournal_sheets.reconcile import Finding, FindingKind, MismatchKind, RosterMismatch
from ejournal_sheets.reconcile.groups import teacher_key
from ejournal_sheets.reports.layout import new_book, print_setup, row_height
from ejournal_sheets.safe_io import write_atomic
from ejournal_sheets.settings import DateRange
from ejournal_sheets.wording import greeting

SUMMARY = "Сводка"
NO_TEACHER = "Учитель не указан"
UNEXPLAINED = "Без объяснения"
ROSTER = "Список класса"
NOTHING = "Расхождений не найдено"
FIND_CAUSE = "выяснить причину у семьи"
Columns = tuple[tuple[str, int], ...]
TEACHER_COLUMNS: Columns = (
    ("Дата", 11), ("Урок", 7), ("Предмет", 20), ("Группа", 12), ("Ученик", 28),
    ("В журнале", 14), ("Должно быть", 25), ("Почему", 44))
UNEXPLAINED_COLUMNS: Columns = (
    ("Дата", 11), ("Урок", 7), ("Предмет", 20), ("Учитель", 28), ("Ученик", 28),
    ("В журнале", 11), ("Что сделать", 26))
ROSTER_COLUMNS: Columns = (
    ("Вид", 26), ("Ученик", 28), ("В журнале", 28), ("Подробности", 50), ("Что сделать", 40))
SHORT = {  # column titles of the per-teacher count table
    FindingKind.CODE_MISMATCH: "Код не по причине",
    FindingKind.PRESENT_WHILE_NOTED: "На уроке при записи о пропуске",
    FindingKind.UNEXPLAINED: "«н» без объяснения",
    FindingKind.OUTSIDE_ENROLMENT: "Вне обучения в классе",
    FindingKind.WRONG_GROUP: "Чужая группа",
}
LESSON_NOTE = ("«Урок» — номер урока в расписании дня; «1-й», «2-й» — порядковый номер урока "
               "предмета в этот день, когда выгрузка журнала не даёт номера урока.")
TOP = 3  # table header row on the list sheets: heading, subheading, blank line above it
Value = str | int | date


@dataclass(frozen=True)
class _Report:
    findings: tuple[Finding, ...]
    mismatches: tuple[RosterMismatch, ...]
    span: DateRange
    class_name: str
    school: str


def write_reconciliation(target: Path, findings: Iterable[Finding],
                         mismatches: Iterable[RosterMismatch], span: DateRange, class_name: str,
                         school: str, inputs: Iterable[Path] = ()) -> Path:
    """Write the reconciliation workbook atomically; returns its path."""
    report = _Report(tuple(findings), tuple(mismatches), span, _text(class_name), _text(school))
    return write_atomic(target, lambda temp: _write(temp, report), inputs)


def _write(temp: Path, report: _Report) -> None:
    with new_book(temp) as book:
        book.set_properties({"title": "Сверка с электронным журналом",
                             "subject": f"{report.class_name}, {report.span.title}",
                             "created": datetime.combine(report.span.end, time())})
        formats = _formats(book)
        teachers = by_teacher(report.findings)
        _summary(book.add_worksheet(SUMMARY), report, teachers, formats)
        names = sheet_names(t for t, _ in teachers if t)
        for teacher, found in teachers:
            listed = [f for f in found if f.kind is not FindingKind.UNEXPLAINED]
            if listed:
                name = names[teacher] if teacher else NO_TEACHER
                _teacher_sheet(book.add_worksheet(name), teacher, listed, report, formats)
        _unexplained_sheet(book.add_worksheet(UNEXPLAINED), report, formats)
        _roster_sheet(book.add_worksheet(ROSTER), report, formats)


def _formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    base = {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
    return {
        "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7",
                                   "valign": "vcenter"}),
        "text": book.add_format(base),
        "date": book.add_format({**base, "num_format": "dd.mm.yyyy", "align": "left"}),
        "number": book.add_format({**base, "align": "center"}),
        "total": book.add_format({**base, "bold": True, "align": "center"}),
        "total_text": book.add_format({**base, "bold": True}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "plain": book.add_format({}),
    }


def _text(value: str) -> str:
    """Text as a cell can hold it: no control characters, at most 32,767 characters."""
    return strip_control(value)[:32767]


def by_teacher(findings: Iterable[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings grouped by teacher (however the exports spell the name), no teacher last."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(teacher_key(finding.teacher), []).append(finding)
    ordered = sorted(groups.items(), key=lambda item: (not item[0], item[0]))
    return [(_spelling(found) if key else None, found) for key, found in ordered]


def _spelling(found: list[Finding]) -> str:
    """The fullest way the exports write the teacher's name."""
    names = [clean_spaces(f.teacher) for f in found if f.teacher]
    return max(names, key=len)


def sheet_title(teacher: str) -> str:
    """«Иванова А.П.» for «Иванова Анна Петровна»: surname and initials."""
    words = clean_spaces(teacher.replace(".", ". ")).split()
    initials = "".join(f"{w[0]}." for w in words[1:3])
    return f"{words[0]} {initials}".strip() if words else ""


def sheet_names(teachers: Iterable[str]) -> dict[str, str]:
    """Teacher → sheet name: ≤ 31 characters, none of []:*?/\\, unique, not a fixed sheet's."""
    taken = {name.casefold() for name in (SUMMARY, NO_TEACHER, UNEXPLAINED, ROSTER)}
    found: dict[str, str] = {}
    for teacher in teachers:
        wanted = sheet_title(re.sub(r"[\[\]:*?/\\]", "", _text(teacher))).strip(" '")[:31]
        wanted = wanted or "Учитель"
        name, count = wanted, 2
        while name.casefold() in taken:
            suffix = f" ({count})"
            name, count = f"{wanted[:31 - len(suffix)].rstrip()}{suffix}", count + 1
        taken.add(name.casefold())
        found[teacher] = name
    return found


def lesson_label(lesson: Lesson) -> str:
    """«3» (the lesson of the day), or «1-й» (the subject's first that day) without a number."""
    return str(lesson.number) if lesson.number is not None else f"{lesson.slot}-й"


def _write_value(sheet: Worksheet, row: int, col: int, value: Value,
                 formats: dict[str, Format]) -> None:
    if isinstance(value, date):
        sheet.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, int):
        sheet.write_number(row, col, value, formats["number"])
    else:
        sheet.write_string(row, col, _text(value), formats["text"])


def _shown(value: Value) -> str:
    return "00.00.0000" if isinstance(value, date) else str(value)


def _heading(sheet: Worksheet, lines: Sequence[str], formats: dict[str, Format]) -> None:
    for row, line in enumerate(lines):
        sheet.write_string(row, 0, _text(line), formats["bold" if row == 0 else "plain"])


def _table(sheet: Worksheet, columns: Columns, rows: Sequence[Sequence[Value]],
           formats: dict[str, Format], empty: str) -> None:
    """Header at row TOP, the rows under it, frozen, filtered, printed with the header."""
    widths = [width for _, width in columns]
    for col, (title, width) in enumerate(columns):
        sheet.write_string(TOP, col, title, formats["header"])
        sheet.set_column(col, col, width)
    sheet.set_row(TOP, row_height([t for t, _ in columns], widths))
    for row, values in enumerate(rows, start=TOP + 1):
        for col, value in enumerate(values):
            _write_value(sheet, row, col, value, formats)
        sheet.set_row(row, row_height([_shown(v) for v in values], widths))
    if not rows:
        sheet.write_string(TOP + 1, 0, empty, formats["plain"])
    sheet.freeze_panes(TOP + 1, 0)
    sheet.autofilter(TOP, 0, TOP + max(len(rows), 1), len(columns) - 1)
    sheet.repeat_rows(TOP)


def _finding_row(finding: Finding) -> tuple[Value, ...]:
    return (finding.date, lesson_label(finding.lesson), finding.subject, finding.group or "—",
            finding.student, finding.journal_says, finding.should_say, finding.why)


def _teacher_sheet(sheet: Worksheet, teacher: str | None, found: list[Finding],
                   report: _Report, formats: dict[str, Format]) -> None:
    if teacher:
        lines = [f"{greeting(teacher)} Просим проверить отметки посещаемости в электронном "
                 "журнале:", f"Учитель: {teacher}. Класс {report.class_name}, период "
                 f"{report.span.title}."]
    else:
        lines = ["Учитель в выгрузке журнала не указан: передайте эти строки учителям "
                 "предметов.", f"Класс {report.class_name}, период {report.span.title}."]
    _heading(sheet, lines, formats)
    _table(sheet, TEACHER_COLUMNS, [_finding_row(f) for f in found], formats, NOTHING)
    _print_setup(sheet, report)


def _unexplained_sheet(sheet: Worksheet, report: _Report, formats: dict[str, Format]) -> None:
    lines = ["Пропуски «н» без записи на листе «Пропуски»: выясните причину у семьи и внесите "
             "запись.", f"Класс {report.class_name}, период {report.span.title}."]
    rows = [(f.date, lesson_label(f.lesson), f.subject, f.teacher or "—", f.student,
             f.journal_says, FIND_CAUSE)
            for f in report.findings if f.kind is FindingKind.UNEXPLAINED]
    _heading(sheet, lines, formats)
    _table(sheet, UNEXPLAINED_COLUMNS, rows, formats, "Таких пропусков нет.")
    _print_setup(sheet, report)


def _roster_sheet(sheet: Worksheet, report: _Report, formats: dict[str, Format]) -> None:
    lines = ["Расхождения списка класса (лист «Ученики») с электронным журналом.",
             f"Класс {report.class_name}, период проверки {report.span.title}."]
    rows = [(m.kind.label, m.student_name, m.journal_name or "—", m.details, m.action)
            for m in report.mismatches]
    _heading(sheet, lines, formats)
    _table(sheet, ROSTER_COLUMNS, rows, formats, "Список класса совпадает с журналом.")
    _print_setup(sheet, report)


def _summary(sheet: Worksheet, report: _Report,
             teachers: list[tuple[str | None, list[Finding]]], formats: dict[str, Format]) -> None:
    """Title block, counts per kind (attendance, roster) and per teacher."""
    sheet.write_string(0, 0, "Сверка с электронным журналом", formats["title"])
    lines = (f"Школа: {report.school}", f"Класс: {report.class_name}",
                      f"Период проверки: {report.span.title}")
    for row, line in enumerate(lines, start=1):
        sheet.write_string(row, 0, _text(line), formats["plain"])
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, len(FindingKind) + 1, 14)
    row = _counts(sheet, 5, "Посещаемость (журнал ↔ «Пропуски», список, «Группы»)",
                  [(k.label, sum(f.kind is k for f in report.findings)) for k in FindingKind],
                  formats)
    row = _counts(sheet, row + 1, "Список класса ↔ журнал",
                  [(k.label, sum(m.kind is k for m in report.mismatches)) for k in MismatchKind],
                  formats)
    if report.findings:
        row = _teacher_counts(sheet, row + 1, teachers, formats)
    else:
        sheet.write_string(row + 1, 0, NOTHING if not report.mismatches
                           else "Расхождений посещаемости не найдено", formats["bold"])
        row += 2
    sheet.write_string(row + 1, 0, LESSON_NOTE, formats["plain"])
    _print_setup(sheet, report)


def _counts(sheet: Worksheet, top: int, title: str, counts: list[tuple[str, int]],
            formats: dict[str, Format]) -> int:
    """A two-column table «what — how many» with a total; returns the row after it."""
    sheet.write_string(top, 0, title, formats["header"])
    sheet.write_string(top, 1, "Количество", formats["header"])
    for row, (label, count) in enumerate(counts, start=top + 1):
        sheet.write_string(row, 0, label, formats["text"])
        sheet.write_number(row, 1, count, formats["number"])
    total = top + len(counts) + 1
    sheet.write_string(total, 0, "Всего", formats["total_text"])
    sheet.write_number(total, 1, sum(c for _, c in counts), formats["total"])
    return total + 1


def _teacher_counts(sheet: Worksheet, top: int,
                    teachers: list[tuple[str | None, list[Finding]]],
                    formats: dict[str, Format]) -> int:
    """Teachers × kinds of findings, with each teacher's total; returns the row after it."""
    titles = ["Учитель", *SHORT.values(), "Всего"]
    for col, title in enumerate(titles):
        sheet.write_string(top, col, title, formats["header"])
    sheet.set_row(top, row_height(titles, [60, *[14] * (len(titles) - 1)]))
    for row, (teacher, found) in enumerate(teachers, start=top + 1):
        sheet.write_string(row, 0, _text(teacher or NO_TEACHER), formats["text"])
        for col, kind in enumerate(SHORT, start=1):
            sheet.write_number(row, col, sum(f.kind is kind for f in found), formats["number"])
        sheet.write_number(row, len(titles) - 1, len(found), formats["total"])
    return top + len(teachers) + 1


def _print_setup(sheet: Worksheet, report: _Report) -> None:
    print_setup(sheet, None, report.school, report.class_name)
