"""«Сводка_за_неделю.xlsx» for the administration: one file with the week's results of a class
(reconciliation, journal filling, e-diary activity, risks, data problems) — the e-mail
attachment of the weekly job."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.activity import ActivityReport
from ejournal_sheets.filling import FillingReport
from ejournal_sheets.problems import Report, Severity
from ejournal_sheets.reconcile import Finding, RosterMismatch
from ejournal_sheets.reports.layout import new_book, print_setup, row_height
from ejournal_sheets.safe_io import write_atomic
from ejournal_sheets.settings import DateRange
from ejournal_sheets.statements.layout import safe_text

FILE_NAME = "Сводка_за_неделю.xlsx"


@dataclass(frozen=True)
class Risk:
    """A student at risk in a subject, as the risk notices word it."""

    student: str
    subject: str
    teacher: str
    risk: str


@dataclass(frozen=True)
class WeekSummary:
    """What the administration reads about a class's week."""

    class_name: str
    school: str
    teacher: str
    week: DateRange
    findings: Sequence[Finding]
    mismatches: Sequence[RosterMismatch]
    filling: FillingReport | None
    activity: ActivityReport | None
    risks: Sequence[Risk]
    problems: Report


def write_weekly_summary(target: Path, summary: WeekSummary, inputs: Iterable[Path] = ()) -> Path:
    """Write the summary workbook atomically."""
    return write_atomic(target, lambda temp: _write(temp, summary), inputs)


def _write(temp: Path, summary: WeekSummary) -> None:
    with new_book(temp) as book:
        book.set_properties({"title": f"Сводка за неделю — {summary.class_name}"})
        formats = {
            "title": book.add_format({"bold": True, "font_size": 13}),
            "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                       "text_wrap": True, "valign": "vcenter"}),
            "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
            "number": book.add_format({"border": 1, "valign": "top", "align": "center"}),
        }
        _sheet(book, "Сводка", summary, formats, ("Показатель", 60), ("Значение", 18),
               _overview(summary))
        _sheet(book, "Сверка", summary, formats, ("Учитель", 36), ("Находок", 12),
               sorted(Counter(f.teacher or "учитель не указан"
                              for f in summary.findings).items()))
        _sheet(book, "Заполнение журнала", summary, formats, ("Предмет, учитель", 44),
               ("Замечания", 80), _filling_rows(summary.filling))
        _sheet(book, "Риски", summary, formats, ("Ученик", 32), ("Предмет (учитель)", 40),
               [(r.student, f"{r.subject} ({r.teacher}): {r.risk}") for r in summary.risks])


def _overview(summary: WeekSummary) -> list[tuple[str, object]]:
    counts = summary.problems.counts()
    activity = summary.activity
    share = (f"{activity.families_active} из {activity.families_total}"
             if activity is not None else "нет данных")
    behind = [r for r in summary.filling.rows if r.issues] if summary.filling else []
    return [
        ("Находок сверки посещаемости (по листу на учителя в Сверка_посещаемости.xlsx)",
         len(summary.findings)),
        ("Расхождений списка класса с журналом (сообщить администратору ЭЖ)",
         len(summary.mismatches)),
        ("Предметов с замечаниями по заполнению журнала", len(behind)),
        ("Семей, активных в электронном дневнике", share),
        ("Учеников с риском неуспешной ситуации", len({r.student for r in summary.risks})),
        ("Ошибок в данных класса", counts[Severity.ERROR]),
        ("Предупреждений в данных класса", counts[Severity.WARNING]),
    ]


def _filling_rows(filling: FillingReport | None) -> list[tuple[str, str]]:
    if filling is None:
        return []
    return [(f"{r.subject}{f' ({r.group})' if r.group else ''}, {r.teacher or '—'}",
             "; ".join(r.issues)) for r in filling.rows if r.issues]


def _sheet(book: xlsxwriter.Workbook, name: str, summary: WeekSummary,
           formats: dict[str, Format], first: tuple[str, int], second: tuple[str, int],
           rows: Sequence[tuple[object, object]]) -> Worksheet:
    sheet = book.add_worksheet(name)
    sheet.write_string(0, 0, safe_text(f"{name}: {summary.class_name}, неделя "
                                       f"{summary.week.title}"), formats["title"])
    sheet.write_string(1, 0, safe_text(f"{summary.school}. Классный руководитель: "
                                       f"{summary.teacher}"))
    widths = [first[1], second[1]]
    for col, (title, width) in enumerate((first, second)):
        sheet.set_column(col, col, width)
        sheet.write_string(3, col, title, formats["header"])
    for row, values in enumerate(rows or [("Нет", "")], start=4):
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(row, col, value, formats["number"])
            else:
                sheet.write_string(row, col, safe_text(value), formats["text"])
        sheet.set_row(row, row_height([str(v) for v in values], widths))
    sheet.freeze_panes(4, 0)
    print_setup(sheet, 3, summary.school, summary.class_name)
    return sheet
