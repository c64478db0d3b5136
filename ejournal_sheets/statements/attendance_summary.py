"""Statement 6: «Сводная ведомость учёта посещаемости» (DESIGN §7).

Students enrolled at any time in the year so far × the periods of the year up to the reported
one (Ч1, Ч2, …): days missed, lessons missed, of them по болезни, lates; then the year so far;
a totals row and the % of lessons attended in the reported period. The same counting rules as
statement 1 (attendance.py): only between arrival and leaving, a period off the roll is blank.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ejournal_sheets.settings import DateRange
from ejournal_sheets.statements.attendance import enrolled_during, merge_down
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import (
    Column,
    Group,
    Row,
    StatementSheet,
    Value,
    period_label,
)
from ejournal_sheets.statements.save import save_statement
from ejournal_sheets.stats import AttendanceTally, sum_tallies

KIND = "Сводная_ведомость_посещаемости"
TITLE = "Сводная ведомость учёта посещаемости"
FIGURES = (("days_missed", "Дней пропущено"), ("missed", "Уроков пропущено"),
           ("ill", "из них по болезни"), ("lates", "Опозданий"))


@dataclass(frozen=True)
class StudentYear:
    """A student's tally per period (None: not on the roll in it), the year's, the % attended
    in the reported period (None: no lessons there)."""

    number: int | None
    name: str
    periods: tuple[AttendanceTally | None, ...]
    year: AttendanceTally
    percent: float | None


@dataclass(frozen=True)
class YearAttendance:
    """Everything statement 6 shows."""

    periods: tuple[DateRange, ...]
    labels: tuple[str, ...]
    year: DateRange
    students: tuple[StudentYear, ...]
    period_totals: tuple[AttendanceTally, ...]
    total: AttendanceTally


def periods_so_far(inputs: StatementInputs) -> tuple[DateRange, ...]:
    """The year's periods up to the reported one, as `[year]` gives them."""
    reported = inputs.period
    earlier = sorted((p for p in inputs.settings.year.periods
                      if p.start < reported.start), key=lambda p: p.start)
    return (*earlier, reported)


def content(inputs: StatementInputs) -> YearAttendance:
    """What statement 6 shows, computed from the inputs."""
    registers = periods_so_far(inputs)
    periods = tuple(DateRange(p.name, p.start, min(p.end, inputs.end)) for p in registers)
    year = DateRange("Год", periods[0].start, inputs.end)
    kind = inputs.settings.year.period_kind
    lines = []
    for student in inputs.during(year):
        by_period = tuple(inputs.tally(student, register, p)
                          if enrolled_during(student, p) else None
                          for register, p in zip(registers, periods, strict=True))
        last = by_period[-1]
        lines.append(StudentYear(student.number, student.name, by_period,
                                 sum_tallies([t for t in by_period if t is not None]),
                                 last.percent if last is not None else None))
    totals = tuple(sum_tallies([t for line in lines if (t := line.periods[i]) is not None])
                   for i in range(len(periods)))
    return YearAttendance(periods, tuple(period_label(p, kind) for p in periods), year,
                          tuple(lines), totals, sum_tallies([line.year for line in lines]))


def figures(tally: AttendanceTally | None) -> list[Value]:
    return [None if tally is None else getattr(tally, name) for name, _ in FIGURES]


def lay_out(sheet: StatementSheet, data: YearAttendance) -> None:
    """The table with its totals row, a note on the counting, the signature."""
    reported = data.labels[-1]
    cols = [Column("№", 4, "int"), Column("Фамилия, имя, отчество", 34)]
    for _ in range(len(data.periods) + 1):
        cols.extend(Column(title, 9.5, "int") for _, title in FIGURES)
    cols.append(Column(f"% посещаемости ({reported})", 13, "percent"))
    groups = [Group("№", 1), Group("ФИО", 1)]
    groups += [Group(f"{label} ({p.start:%d.%m}–{p.end:%d.%m})", len(FIGURES))
               for label, p in zip(data.labels, data.periods, strict=True)]
    groups += [Group(f"За год ({data.year.start:%d.%m}–{data.year.end:%d.%m})", len(FIGURES)),
               Group(cols[-1].title, 1)]
    rows = [Row([s.number, s.name, *(v for t in s.periods for v in figures(t)),
                 *figures(s.year), s.percent]) for s in data.students]
    last = data.period_totals[-1]
    rows.append(Row([None, "Итого", *(v for t in data.period_totals for v in figures(t)),
                     *figures(data.total), last.percent], total=True))
    sheet.title_block(len(cols))
    top = sheet.row
    sheet.table(cols, rows, groups, first_columns=2)
    merge_down(sheet, top, {0: cols[0].title, 1: cols[1].title,
                            len(cols) - 1: cols[-1].title})
    sheet.gap()
    sheet.line("Учтены уроки только за время обучения в классе; пустые клетки — ученик в этот "
               "период в классе не числился. % посещаемости — доля уроков, на которых ученик "
               f"присутствовал, в периоде «{reported}».")
    empty = [label for label, t in zip(data.labels, data.period_totals, strict=True)
             if t.lessons == 0]
    if empty:
        sheet.line(f"В выгрузках журнала нет уроков за: {', '.join(empty)} — пропуски за этот "
                   "период не подсчитаны (выгрузите журнал за весь учебный год).")
    sheet.signature()
    sheet.finish()


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write statement 6 into the folder; returns the file's path."""
    data = content(inputs)
    return save_statement(target_folder, inputs, KIND, TITLE,
                          lambda book: lay_out(book.sheet("Посещаемость за год"), data),
                          inputs_paths)
