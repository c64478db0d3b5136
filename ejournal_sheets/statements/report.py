"""Statement 3: «Отчёт классного руководителя за учебный период» (DESIGN §7).

1. Контингент: on the roll at the period's start, arrived, left, on the roll at its end.
2. Indicators (on the roll at the end, period marks) against the previous period, with the
   change: успеваемость and качество in percentage points, средний балл, students by category.
3. Attendance for the period: the totals of statement 1 (attendance.py), the same numbers.
4. Categories with names: the subject and teacher of the one «4» / «3», the subjects (and
   teachers) of «2» and «н/а». The category lists are shared with the preliminary report.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ejournal_sheets.codes import Mark
from ejournal_sheets.journal_model import PeriodMark
from ejournal_sheets.model import Event, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.settings import DateRange
from ejournal_sheets.statements import attendance
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import (
    Column,
    Group,
    Row,
    StatementBook,
    StatementSheet,
    period_label,
)
from ejournal_sheets.statements.movement import period_moves
from ejournal_sheets.statements.save import save_statement
from ejournal_sheets.stats import (
    AttendanceTally,
    Category,
    ClassIndicators,
    StudentResult,
    class_indicators,
    per_student,
    student_category,
)

KIND = "Отчёт_классного_руководителя"
TITLE = "Отчёт классного руководителя за учебный период"
LABELS = {
    Category.EXCELLENT: "Отличники",
    Category.ONE_FOUR: "С одной «4»",
    Category.GOOD: "Хорошисты",
    Category.ONE_THREE: "С одной «3»",
    Category.SATISFACTORY: "Троечники",
    Category.FAILING_ONE: "Неуспевающие по одному предмету",
    Category.FAILING_TWO: "Неуспевающие по двум предметам",
    Category.FAILING_MORE: "Неуспевающие по трём и более предметам",
    Category.NOT_ASSESSED: "Не аттестованы",
    Category.NO_MARKS: "Без итоговых отметок",
}
DELTA_FORMATS = {0: "+0;-0;0", 1: "+0.0;-0.0;0.0", 2: "+0.00;-0.00;0.00"}
Teachers = Callable[[Student, str], str | None]


@dataclass(frozen=True)
class Contingent:
    """Students on the roll at the start and the end, and the movements between."""

    start: int
    arrived: int
    left: int
    end: int
    movements: tuple[str, ...]


@dataclass(frozen=True)
class Listed:
    """A student in a category list; `details` name the subjects with teachers (or reasons)."""

    group: str
    number: int | None
    name: str
    details: str


@dataclass(frozen=True)
class Indicator:
    """A line of the comparison: kind is «percent», «decimal» or «int»."""

    title: str
    kind: str
    previous: float | None
    current: float | None

    @property
    def change(self) -> float | None:
        """Current − previous as shown (percents in points to 0.1, averages to 0.01)."""
        if self.previous is None or self.current is None:
            return None
        digits = {"percent": 1, "decimal": 2}.get(self.kind, 0)
        return round(round(self.current, digits) - round(self.previous, digits), digits)


@dataclass(frozen=True)
class PeriodReport:
    """Everything statement 3 shows."""

    contingent: Contingent
    labels: tuple[str | None, str]  # the previous period's and this one's
    indicators: tuple[Indicator, ...]
    attendance: AttendanceTally
    on_roll: int
    listed: tuple[Listed, ...]


def contingent(inputs: StatementInputs) -> Contingent:
    """Counts by Student.enrolled_on: end = start + arrived − left (the same moves as
    statement 7 counts)."""
    start, end = inputs.period.start, inputs.end
    moves = period_moves(inputs.class_.students, start, end)
    arrived = sum(move.event is Event.ARRIVED for move in moves)
    left = sum(move.event is Event.LEFT for move in moves)
    span = DateRange(inputs.period.name, start, end)
    return Contingent(len(inputs.on_roll(start)), arrived, left, len(inputs.on_roll(end)),
                      attendance.movements(inputs, span))


def teachers(inputs: StatementInputs, span: DateRange, period_name: str | None) -> Teachers:
    """Who teaches the student a subject: the teacher of the period mark, else of most of the
    student's lessons in the span (their group's), else the subject's teacher(s). Worked out
    only for the students asked about (those listed with subjects)."""
    wanted = name_key(period_name) if period_name else None
    marks: dict[str, list[PeriodMark]] = {}
    for mark in inputs.journal.period_marks if wanted else ():
        marks.setdefault(mark.student, []).append(mark)
    owners = {name: inputs.index.find(name) for name in marks}
    default = {name_key(s.name): s.teacher for s in inputs.subjects}

    @functools.cache
    def of_student(student: Student) -> dict[str, str]:
        counted: dict[str, Counter[str]] = {}
        for lesson in inputs.lessons(inputs.period).get(student, {}):
            if lesson.teacher and lesson.date in span:
                key = name_key(lesson.subject)
                counted.setdefault(key, Counter())[clean_spaces(lesson.teacher)] += 1
        found = {key: count.most_common(1)[0][0] for key, count in counted.items()}
        for name, given in marks.items():
            if owners[name] == student:
                found.update({name_key(m.subject): clean_spaces(m.teacher) for m in given
                              if m.teacher and name_key(m.period) == wanted})
        return found

    def teacher(student: Student, subject: str) -> str | None:
        key = name_key(subject)
        return of_student(student).get(key) or default.get(key)

    return teacher


def with_teacher(subject: str, teacher: str | None) -> str:
    """«Математика (Петрова Анна Ивановна)»"""
    return f"{subject} ({teacher})" if teacher else subject


def details(result: StudentResult, student: Student, teacher: Teachers) -> str:
    """The subjects that explain the category, each with its teacher."""
    named = "; ".join(with_teacher(s, teacher(student, s)) for s in result.subjects)
    if result.category is Category.NOT_ASSESSED and result.failing:
        failing = "; ".join(with_teacher(s, teacher(student, s)) for s in result.failing)
        named = f"н/а: {named}; «2»: {failing}"
    return named


def listed(results: Sequence[tuple[Student, StudentResult]], teacher: Teachers) -> list[Listed]:
    """The students grouped by category in the order of Category."""
    found = []
    for category in Category:
        for student, result in results:
            if result.category is category:
                found.append(Listed(LABELS[category], student.number, student.name,
                                    details(result, student, teacher)))
    return found


def ordered(marks: Mapping[str, Mark], inputs: StatementInputs) -> dict[str, Mark]:
    """A student's marks in the order of the subjects (so subject lists read in that order)."""
    order = {s.name: n for n, s in enumerate(inputs.subjects)}
    return dict(sorted(marks.items(), key=lambda item: order.get(item[0], len(order))))


def class_results(inputs: StatementInputs, period: DateRange
                  ) -> tuple[list[tuple[Student, StudentResult]], ClassIndicators] | None:
    """Categories of the students on the roll at the period's end (or at the statement's end)
    and the class indicators, from the period marks; None when the period has no marks."""
    found = inputs.period_marks(period.name)
    if not found:
        return None
    roll = inputs.on_roll(min(period.end, inputs.end))
    marks = {s: ordered(found.get(s, {}), inputs) for s in roll}
    results = [(s, student_category(s.name, s.number, marks[s])) for s in roll]
    every = [mark for by_subject in marks.values() for mark in by_subject.values()]
    return results, class_indicators([r for _, r in results], len(roll), every)


def indicator_lines(previous: ClassIndicators | None,
                    current: ClassIndicators | None) -> tuple[Indicator, ...]:
    """The comparison table: roll, успеваемость, качество, средний балл, each category."""
    def pair(get: Callable[[ClassIndicators], float | None]) -> tuple[float | None, ...]:
        return tuple(get(i) if i is not None else None for i in (previous, current))

    lines = [Indicator("Обучающихся на конец периода", "int", *pair(lambda i: i.on_roll)),
             Indicator("Успеваемость, %", "percent", *pair(lambda i: i.progress)),
             Indicator("Качество знаний, %", "percent", *pair(lambda i: i.quality)),
             Indicator("Средний балл", "decimal", *pair(lambda i: i.average))]
    for category in Category:
        counts = tuple(i.counts.get(category, 0) if i is not None else None
                       for i in (previous, current))
        if category is Category.NO_MARKS and not any(counts):
            continue
        lines.append(Indicator(LABELS[category], "int", *counts))
    return tuple(lines)


def content(inputs: StatementInputs) -> PeriodReport:
    """What statement 3 shows, computed from the inputs."""
    kind = inputs.settings.year.period_kind
    span = attendance.reported_span(inputs)
    current = class_results(inputs, inputs.period)
    previous = class_results(inputs, inputs.previous) if inputs.previous else None
    teacher = teachers(inputs, span, inputs.period.name)
    total, on_roll = attendance.period_total(inputs)
    return PeriodReport(
        contingent=contingent(inputs),
        labels=(period_label(inputs.previous, kind) if inputs.previous else None,
                period_label(inputs.period, kind)),
        indicators=indicator_lines(previous[1] if previous else None,
                                   current[1] if current else None),
        attendance=total, on_roll=on_roll,
        listed=tuple(listed(current[0], teacher)) if current else (),
    )


CONTINGENT_COLUMNS = (Column("На начало периода", 40, "int"), Column("Прибыло", 14, "int"),
                      Column("Выбыло", 14, "int"), Column("На конец периода", 14, "int"))
ATTENDANCE_COLUMNS = (
    Column("Уроков пропущено всего", 40, "int"), Column("по болезни", 14, "int"),
    Column("по уважит. причине", 14, "int"), Column("без уважит. причины", 14, "int"),
    Column("Дней пропущено", 12, "int"), Column("Уроков на одного ученика", 12, "decimal"),
    Column("Дней на одного ученика", 12, "decimal"), Column("% посещаемости", 12, "percent"),
)  # fmt: skip
LIST_COLUMNS = (Column("Категория", 32), Column("№", 5, "int"),
                Column("Фамилия, имя, отчество", 34), Column("Предметы (учителя)", 60))


def list_rows(entries: Sequence[Listed]) -> list[Row]:
    """One row per student; the category named on its first row only."""
    rows, last = [], None
    for entry in entries:
        rows.append(Row([entry.group if entry.group != last else "", entry.number, entry.name,
                         entry.details]))
        last = entry.group
    return rows


def write_indicators(sheet: StatementSheet, labels: tuple[str | None, str],
                     lines: Sequence[Indicator]) -> None:
    """Показатель | previous | current | Изменение, each row with its own number format."""
    columns = (Column("Показатель", 40), Column(labels[0] or "Предыдущий период", 14),
               Column(labels[1], 14), Column("Изменение", 14))
    sheet.table(columns, [], freeze=False, main=False)
    for line in lines:
        attendance.write_row(sheet, [(line.title, "text"), (line.previous, line.kind),
                                     (line.current, line.kind)])
        change = line.change
        style = delta_format(sheet, {"percent": 1, "decimal": 2}.get(line.kind, 0))
        if change is None:
            sheet.sheet.write_blank(sheet.row - 1, 3, None, style)
        else:
            sheet.sheet.write_number(sheet.row - 1, 3, change, style)


def delta_format(sheet: StatementSheet, digits: int) -> object:
    """A signed number format («+3,2», «-1», «0»), created once per file."""
    name = f"delta{digits}"
    if name not in sheet.formats:
        sheet.formats[name] = sheet.owner.book.add_format(
            {"border": 1, "align": "center", "valign": "top", "font_size": 10,
             "num_format": DELTA_FORMATS[digits]})
    return sheet.formats[name]


def lay_out(sheet: StatementSheet, report: PeriodReport) -> None:
    """Sections 1–3 one under another: small tables on a common grid, one page."""
    sheet.title_block(len(ATTENDANCE_COLUMNS))
    sheet.line("1. Контингент обучающихся", bold=True)
    c = report.contingent
    sheet.table(CONTINGENT_COLUMNS, [Row([c.start, c.arrived, c.left, c.end])], freeze=False,
                main=False)
    for text in c.movements:
        sheet.line(text)
    sheet.gap()
    sheet.line("2. Показатели успеваемости в сравнении с предыдущим периодом", bold=True)
    write_indicators(sheet, report.labels, report.indicators)
    sheet.line("Изменение успеваемости и качества — в процентных пунктах. Учащиеся — на конец "
               "периода, по итоговым отметкам; списки по категориям — на листе «Категории».")
    if report.labels[0] is None or all(i.previous is None for i in report.indicators):
        sheet.line("Итоговых отметок за предыдущий период нет — сравнение не приводится.")
    sheet.gap()
    sheet.line("3. Посещаемость за период", bold=True)
    t = report.attendance
    sheet.table(ATTENDANCE_COLUMNS, [Row([
        t.missed, t.ill, t.excused, t.unexcused, t.days_missed,
        per_student(t.missed, report.on_roll), per_student(t.days_missed, report.on_roll),
        t.percent])], freeze=False, main=False)
    sheet.line(f"На одного ученика — из расчёта {report.on_roll} обучающихся на конец периода; "
               "% посещаемости — доля уроков, на которых ученики присутствовали.")
    sheet.signature()
    sheet.finish()
    sheet.sheet.fit_to_pages(1, 1)  # sections 1–3 are one page; the lists follow on the next


def lay_out_lists(sheet: StatementSheet, report: PeriodReport) -> None:
    """Section 4: the students by category, one row each, with subjects and teachers."""
    sheet.title_block(len(LIST_COLUMNS))
    rows = list_rows(report.listed) or [Row(["Итоговых отметок за период нет", None, "", ""])]
    section = Group("4. Обучающиеся по категориям (по итоговым отметкам за период)",
                    len(LIST_COLUMNS))
    sheet.table(LIST_COLUMNS, rows, [section])
    sheet.signature()
    sheet.finish()


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write statement 3 into the folder; returns the file's path."""
    data = content(inputs)
    def fill(book: StatementBook) -> None:
        lay_out(book.sheet("Отчёт"), data)
        lay_out_lists(book.sheet("Категории"), data)

    return save_statement(target_folder, inputs, KIND, TITLE, fill, inputs_paths)

