"""Statement 1: «Отчёт о посещаемости класса (по месяцам)» (DESIGN §7).

Students enrolled at any time in the period × the months of the period: lessons missed (all,
по болезни, по уважительной, без уважительной) and days missed, then the same for the whole
period; a totals row and «на одного ученика» (÷ students on the roll at the period's end).
A student counts only between arrival and leaving; months when they were not on the roll at
all stay blank. The attendance helpers here are shared by statements 3 and 6.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ejournal_sheets.model import Student
from ejournal_sheets.reports.layout import row_height
from ejournal_sheets.settings import DateRange
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import (
    Column,
    Group,
    Row,
    StatementSheet,
    Value,
    write_cell,
)
from ejournal_sheets.statements.save import save_statement
from ejournal_sheets.stats import AttendanceTally, per_student, sum_tallies

KIND = "Посещаемость_по_месяцам"
TITLE = "Отчёт о посещаемости класса (по месяцам)"
MONTHS = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
          "Сентябрь", "Октябрь", "Ноябрь", "Декабрь")
# The five figures of each month, in column order: (AttendanceTally field, column title).
FIGURES = (("missed", "Пропущено уроков всего"), ("ill", "из них по болезни"),
           ("excused", "по уважит. причине"), ("unexcused", "без уважит. причины"),
           ("days_missed", "Пропущено дней"))
TOTAL = "Итого"
PER_STUDENT = "На одного ученика"


@dataclass(frozen=True)
class StudentAttendance:
    """A student's line: a tally per month (None: not on the roll that month), the period's."""

    number: int | None
    name: str
    months: tuple[AttendanceTally | None, ...]
    total: AttendanceTally


@dataclass(frozen=True)
class MonthlyAttendance:
    """Everything statement 1 shows; `on_roll` is the divisor of «на одного ученика»."""

    span: DateRange
    months: tuple[DateRange, ...]
    students: tuple[StudentAttendance, ...]
    month_totals: tuple[AttendanceTally, ...]
    total: AttendanceTally
    on_roll: int
    movements: tuple[str, ...]

    def per_student(self, tally: AttendanceTally) -> list[float | None]:
        """The five figures of a total divided by the students on the roll."""
        return [per_student(getattr(tally, name), self.on_roll) for name, _ in FIGURES]


def reported_span(inputs: StatementInputs) -> DateRange:
    """The period up to its end, or up to today when the statement is made before the end."""
    return DateRange(inputs.period.name, inputs.period.start, inputs.end)


def month_spans(span: DateRange) -> tuple[DateRange, ...]:
    """The calendar months of the span, each cut to the span: «Ноябрь» 05.11–30.11, …"""
    found: list[DateRange] = []
    start = span.start
    while start <= span.end:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        end = min(following - timedelta(days=1), span.end)
        found.append(DateRange(MONTHS[start.month - 1], start, end))
        start = following
    return tuple(found)


def enrolled_during(student: Student, span: DateRange) -> bool:
    """On the roll on at least one day of the span."""
    return ((student.arrival_date is None or student.arrival_date <= span.end)
            and (student.leaving_date is None or student.leaving_date > span.start))


def movements(inputs: StatementInputs, span: DateRange) -> tuple[str, ...]:
    """«Новиков Артём Игоревич — прибыл 16.11.2026» for arrivals and departures in the span."""
    found: list[str] = []
    for student in inputs.during(span):
        female = (student.sex or "").strip().upper().startswith("Ж")
        for day, verb in ((student.arrival_date, "прибыла" if female else "прибыл"),
                          (student.leaving_date, "выбыла" if female else "выбыл")):
            if day is not None and span.start < day <= span.end:
                found.append(f"{student.name} — {verb} {day:%d.%m.%Y}")
    return tuple(found)


def content(inputs: StatementInputs) -> MonthlyAttendance:
    """What statement 1 shows, computed from the inputs."""
    span = reported_span(inputs)
    months = month_spans(span)
    lines = []
    for student in inputs.during(span):
        by_month = tuple(inputs.tally(student, inputs.period, month)
                         if enrolled_during(student, month) else None for month in months)
        lines.append(StudentAttendance(student.number, student.name, by_month,
                                       sum_tallies([t for t in by_month if t is not None])))
    totals = tuple(sum_tallies([t for line in lines if (t := line.months[i]) is not None])
                   for i in range(len(months)))
    return MonthlyAttendance(
        span=span, months=months, students=tuple(lines), month_totals=totals,
        total=sum_tallies([line.total for line in lines]),
        on_roll=len(inputs.on_roll(span.end)), movements=movements(inputs, span),
    )


def period_total(inputs: StatementInputs) -> tuple[AttendanceTally, int]:
    """The class total over the period (the «За период» of the totals row) and the students on
    the roll at its end — what statement 3 summarises, counted the same way."""
    span = reported_span(inputs)
    tallies = [inputs.tally(student, inputs.period, span) for student in inputs.during(span)]
    return sum_tallies(tallies), len(inputs.on_roll(span.end))


def figures(tally: AttendanceTally | None) -> list[Value]:
    """The five numbers of a tally in column order; blanks for a month off the roll."""
    return [None if tally is None else getattr(tally, name) for name, _ in FIGURES]


def columns(groups: int) -> list[Column]:
    """№, ФИО and five columns for each month and the period."""
    found = [Column("№", 4, "int"), Column("Фамилия, имя, отчество", 34)]
    for _ in range(groups):
        found.extend(Column(title, 9.5, "int") for _, title in FIGURES)
    return found


def write_row(sheet: StatementSheet, cells: Sequence[tuple[Value, str]], mark: str = "") -> None:
    """A row whose cells each have their own kind (a «на одного ученика» row of decimals
    under integer columns; an indicator table of percents, averages and counts)."""
    for col, (value, kind) in enumerate(cells):
        write_cell(sheet.sheet, sheet.row, col, value, kind, sheet.formats, mark)
    texts = ["" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)
             for value, _ in cells]
    sheet.sheet.set_row(sheet.row, row_height(texts, [int(w) for w in sheet.widths]))
    sheet.row += 1


def merge_down(sheet: StatementSheet, top: int, titles: Mapping[int, str]) -> None:
    """Merge these columns' titles over the group row and the title row (№, ФИО, …)."""
    for col, title in titles.items():
        sheet.sheet.merge_range(top, col, top + 1, col, title, sheet.formats["header"])


def lay_out(sheet: StatementSheet, data: MonthlyAttendance) -> None:
    """The table with its totals, the arrivals and departures, the signature."""
    cols = columns(len(data.months) + 1)
    groups = [Group("№", 1), Group("ФИО", 1)]
    groups += [Group(f"{m.name} ({m.start:%d.%m}–{m.end:%d.%m})", len(FIGURES))
               for m in data.months]
    groups.append(Group(f"За период ({data.span.title})", len(FIGURES)))
    rows = [Row([s.number, s.name, *(v for t in s.months for v in figures(t)),
                 *figures(s.total)]) for s in data.students]
    rows.append(Row([None, TOTAL, *(v for t in data.month_totals for v in figures(t)),
                     *figures(data.total)], total=True))
    sheet.title_block(len(cols))
    top = sheet.row
    sheet.table(cols, rows, groups, first_columns=2)
    merge_down(sheet, top, {0: cols[0].title, 1: cols[1].title})
    averages = [v for t in (*data.month_totals, data.total) for v in data.per_student(t)]
    write_row(sheet, [(None, "int"), (f"{PER_STUDENT} (учеников на конец периода: "
                                      f"{data.on_roll})", "text"),
                      *((v, "decimal") for v in averages)], "+")
    sheet.gap()
    sheet.line("Учтены уроки только за время обучения в классе (от даты прибытия до даты "
               "выбытия); пустые клетки — ученик в этот месяц в классе не числился.")
    if data.movements:
        sheet.line("Движение обучающихся за период:", bold=True)
    for text in data.movements:
        sheet.line(text)
    sheet.signature()
    sheet.finish()


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write statement 1 into the folder; returns the file's path."""
    data = content(inputs)
    return save_statement(target_folder, inputs, KIND, TITLE,
                          lambda book: lay_out(book.sheet("Посещаемость"), data),
                          inputs_paths)
