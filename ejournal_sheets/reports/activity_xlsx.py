"""«Активность_ЭД.xlsx»: families' e-diary activity, week over week, and the call list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.activity import PARENT, STUDENT, ActivityReport, Status, UserActivity
from ejournal_sheets.reports.filling_xlsx import (
    Column,
    Value,
    add_formats,
    open_book,
    write_heading,
    write_table,
    write_value,
)
from ejournal_sheets.reports.layout import print_setup, row_height
from ejournal_sheets.safe_io import write_atomic
from ejournal_sheets.settings import DateRange

FILE_NAME = "Активность_ЭД.xlsx"
WIDTHS = (44, 14, 22, 14, 10)  # columns of «Сводка»
AGGREGATE_NOTE = ("Выгрузка сводная: в столбце «Входов за неделю» — общее число входов "
                  "за всё время выгрузки, а не за неделю.")


def write_activity(target: Path, report: ActivityReport, class_name: str, school: str,
                   week: DateRange, inputs: Iterable[Path] = ()) -> Path:
    """Write the e-diary activity workbook atomically; returns its path."""
    title = f"Активность в электронном дневнике — {class_name}"
    subtitle = (f"{school}. Неделя {week.title}; на {report.today:%d.%m.%Y}; неактивен — не "
                f"заходил {report.inactive_days} дн. и больше.")

    def write(temp: Path) -> None:
        with open_book(temp, title, report.today) as book:
            formats = add_formats(book)
            _summary(book.add_worksheet("Сводка"), formats, report, title, subtitle)
            _parents(book.add_worksheet("Родители"), formats, report, title, subtitle)
            _students(book.add_worksheet("Ученики"), formats, report, title, subtitle)
            _calls(book.add_worksheet("Обзвон"), formats, report, title, subtitle)
            if report.unmatched:
                _unmatched(book.add_worksheet("Не найдены"), formats, report, title, subtitle)

    return write_atomic(target, write, inputs)


def _summary(sheet: Worksheet, formats: dict[str, Format], report: ActivityReport, title: str,
             subtitle: str) -> None:
    write_heading(sheet, formats, title, subtitle)
    trend = report.trend
    before = f"Прошлая неделя ({trend.previous_week})" if trend else "Прошлая неделя"
    _row(sheet, formats, 2, ["Показатель", "Эта неделя", before, "Изменение"], header=True)
    change: Value = "нет данных"
    if trend and trend.previous_share is not None and report.share is not None:
        change = f"{round((report.share - trend.previous_share) * 100):+d} п.п."
    _row(sheet, formats, 3, ["Доля активных семей", report.share,
                             trend.previous_share if trend else "нет данных", change],
         percent=True)
    _row(sheet, formats, 4, ["Активных семей (семья — ученик в списке класса)",
                             f"{report.families_active} из {report.families_total}",
                             f"{trend.previous_active} из {trend.previous_total}" if trend
                             else "нет данных",
                             f"{report.families_active - trend.previous_active:+d}" if trend
                             else "нет данных"])
    labels = ["Кто", "Не заходили ни разу", f"Не заходили {report.inactive_days} дн. и больше",
              "Активны", "Всего"]
    _row(sheet, formats, 6, labels, header=True)
    for row, (role, name) in enumerate(((PARENT, "Родители"), (STUDENT, "Ученики")), start=7):
        counts = report.counts(role)
        _row(sheet, formats, row, [name, counts[Status.NEVER], counts[Status.INACTIVE],
                                   counts[Status.ACTIVE], sum(counts.values())])
    notes = _notes(report)
    for row, note in enumerate(notes, start=10):
        sheet.write_string(row, 0, note, formats["subtitle"])
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(3, 0)
    print_setup(sheet, 2)


def _row(sheet: Worksheet, formats: dict[str, Format], row: int, values: Sequence[Value],
         header: bool = False, percent: bool = False) -> None:
    for col, value in enumerate(values):
        if header and isinstance(value, str):
            sheet.write_string(row, col, value, formats["header"])
        else:
            write_value(sheet, row, col, value, formats, "percent" if percent else "auto")
    texts = [value if isinstance(value, str) else "" for value in values]
    sheet.set_row(row, row_height(texts, WIDTHS[:len(texts)]))


def _notes(report: ActivityReport) -> list[str]:
    """Who changed since last week, and what to know about the data."""
    notes = []
    if report.trend:
        for label, users in (("Стали неактивны", report.trend.became_inactive),
                             ("Стали активны", report.trend.became_active)):
            names = ", ".join(_who(user) for user in users) or "никто"
            notes.append(f"{label} ({len(users)}): {names}.")
    else:
        notes.append("Сравнения с прошлой неделей нет: это первый обзор активности.")
    if report.aggregate:
        notes.append(AGGREGATE_NOTE)
    if report.unmatched:
        notes.append(f"Не найдены в рабочей книге: {len(report.unmatched)} — см. лист "
                     f"«Не найдены».")
    return notes


def _who(user: UserActivity) -> str:
    if user.parent is None:
        return f"{user.name} (ученик)"
    return f"{user.name} ({user.parent.relation or 'родитель'} — {user.student.name})"


def _visits(user: UserActivity) -> Value:
    return f"{user.visits} (всего)" if user.aggregate else user.visits


def _parents(sheet: Worksheet, formats: dict[str, Format], report: ActivityReport, title: str,
             subtitle: str) -> None:
    columns = (Column("Ученик", 28), Column("Родитель", 30), Column("Кем приходится", 13),
               Column("Способ информирования", 16), Column("Последний вход", 12),
               Column("Входов за неделю", 11), Column("Статус", 22))
    write_heading(sheet, formats, title, subtitle + (f" {AGGREGATE_NOTE}"
                                                     if report.aggregate else ""))
    rows: list[list[Value]] = [
        [u.student.name, u.name, u.parent.relation if u.parent else "",
         u.parent.channel.value if u.parent and u.parent.channel else "", u.last_visit,
         _visits(u), u.label] for u in report.parents]
    bad = [{6} if u.status is not Status.ACTIVE else set() for u in report.parents]
    write_table(sheet, formats, columns, rows, bad, empty="Родителей в рабочей книге нет.")


def _students(sheet: Worksheet, formats: dict[str, Format], report: ActivityReport, title: str,
              subtitle: str) -> None:
    columns = (Column("Ученик", 32), Column("Последний вход", 12),
               Column("Входов за неделю", 11), Column("Статус", 22))
    write_heading(sheet, formats, title, subtitle)
    rows: list[list[Value]] = [[u.name, u.last_visit, _visits(u), u.label]
                               for u in report.students]
    bad = [{3} if u.status is not Status.ACTIVE else set() for u in report.students]
    write_table(sheet, formats, columns, rows, bad, empty="Учеников в рабочей книге нет.")


def _calls(sheet: Worksheet, formats: dict[str, Format], report: ActivityReport, title: str,
           subtitle: str) -> None:
    columns = (Column("№", 5), Column("Ученик", 28), Column("Родитель", 30),
               Column("Кем приходится", 13), Column("Телефон", 16), Column("Причина", 24),
               Column("Результат звонка", 36))
    write_heading(sheet, formats, title, subtitle)
    rows: list[list[Value]] = [
        [number, call.student.name, call.parent.name, call.parent.relation or "",
         call.parent.phone or "нет телефона", call.reason, None]
        for number, call in enumerate(report.calls, start=1)]
    bad = [{4} if not call.parent.phone else set() for call in report.calls]
    write_table(sheet, formats, columns, rows, bad, empty="Звонить некому: все семьи активны.",
                min_height=30)  # room to write the call's result by hand


def _unmatched(sheet: Worksheet, formats: dict[str, Format], report: ActivityReport, title: str,
               subtitle: str) -> None:
    columns = (Column("Пользователь", 32), Column("Роль", 12), Column("Ученик (в выгрузке)", 30),
               Column("Последний вход", 12), Column("Входов", 9))
    write_heading(sheet, formats, title, "Не найдены в рабочей книге: проверьте написание "
                  "имени на листах «Ученики» и «Родители».")
    rows: list[list[Value]] = [[u.user, u.role, u.student or "", u.last_visit, u.visits]
                               for u in report.unmatched]
    write_table(sheet, formats, columns, rows)
