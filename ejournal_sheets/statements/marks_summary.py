"""Statement 5 «Сводная ведомость учёта успеваемости обучающихся класса» (DESIGN §7).

Students × subjects with a block of rows per student: one row per period of the year up to
the reported one (I, II … as `[year] periods` lists them), then «Год», «Экзамен», «Итог» when
the journal has such marks. Students who arrived or left during the year are included with
the marks they have and a note. «2», «н/а» and «незач» are highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ejournal_sheets.codes import Mark, MarkKind
from ejournal_sheets.model import Student
from ejournal_sheets.names import name_key
from ejournal_sheets.reports.layout import row_height
from ejournal_sheets.settings import DateRange
from ejournal_sheets.statements.inputs import StatementInputs, Subject
from ejournal_sheets.statements.layout import (
    Column,
    Row,
    StatementSheet,
    Value,
    safe_text,
)
from ejournal_sheets.statements.save import save_statement

KIND = "Сводная_ведомость_успеваемости"
TITLE = "Сводная ведомость учёта успеваемости обучающихся класса"
YEAR_ROWS = ("Год", "Экзамен", "Итог")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
SHORT = {"четверти": "четв.", "триместры": "трим.", "полугодия": "полуг."}
NAME_WIDTH = 30
FIXED = (Column("№", 4, "int"), Column("ФИО обучающегося", NAME_WIDTH), Column("Период", 8))
LEGEND = "Цветом выделены отметки «2», «н/а» и «незач». Пустая клетка — отметки нет."


@dataclass(frozen=True)
class StudentMarks:
    """A student's block: one tuple of marks (in subject order) per period row."""

    number: int | None
    name: str
    note: str
    rows: tuple[tuple[Mark | None, ...], ...]


@dataclass(frozen=True)
class MarksSummary:
    """What statement 5 shows: the subject columns, the period rows, the students."""

    subjects: tuple[Subject, ...]
    periods: tuple[str, ...]  # row labels: «I четв.», …, «Год», «Экзамен», «Итог»
    students: tuple[StudentMarks, ...]


def content(inputs: StatementInputs) -> MarksSummary:
    """Every student of the year so far with their period marks, period by period."""
    kind = inputs.settings.year.period_kind
    names = [p.name for p in shown_periods(inputs)] or [inputs.period.name]
    given = {name_key(m.period) for m in inputs.journal.period_marks}
    names += [n for n in YEAR_ROWS if n not in names and name_key(n) in given]
    marks = {name: inputs.period_marks(name) for name in names}
    year = DateRange("Год", inputs.settings.year.start, inputs.end)
    present = set(inputs.during(year)).union(*(m.keys() for m in marks.values()))
    students = []
    for student in inputs.class_.students:
        if student in present and student.number is not None:
            rows = tuple(tuple(marks[n].get(student, {}).get(s.name) for s in inputs.subjects)
                         for n in names)
            students.append(StudentMarks(student.number, student.name,
                                         movement_note(student, year), rows))
    return MarksSummary(inputs.subjects, tuple(row_label(n, kind) for n in names),
                        tuple(students))


def shown_periods(inputs: StatementInputs) -> list[DateRange]:
    """The year's periods up to the reported one (all of them when it is «Год»)."""
    periods = list(inputs.settings.year.periods)
    keys = [name_key(p.name) for p in periods]
    wanted = name_key(inputs.period.name)
    if wanted in keys:
        return periods[: keys.index(wanted) + 1]
    return [p for p in periods if p.start <= inputs.period.end]


def row_label(name: str, kind: str) -> str:
    """«Ч2» → «II четв.»; «Год», «Экзамен», «Итог» and other names as they are."""
    found = re.fullmatch(r"[А-ЯA-Zа-яa-z]{0,2}\s*([1-4])", name.strip())
    if found and kind in SHORT:
        return f"{ROMAN[found.group(1)]} {SHORT[kind]}"
    return name


def movement_note(student: Student, year: DateRange) -> str:
    """«прибыл 16.11.2026», «выбыл 01.12.2026» for a movement inside the school year."""
    notes = []
    feminine = (student.sex or "").strip().upper().startswith("Ж")
    for day, verb in ((student.arrival_date, "прибыла" if feminine else "прибыл"),
                      (student.leaving_date, "выбыла" if feminine else "выбыл")):
        if day is not None and year.start <= day <= year.end:
            notes.append(f"{verb} {day:%d.%m.%Y}")
    return ", ".join(notes)


def is_bad(mark: Mark | None) -> bool:
    """«2» (and «1»), «н/а», «незач» — the marks the deputy looks for first."""
    if mark is None:
        return False
    low = mark.kind is MarkKind.GRADE and mark.value is not None and mark.value <= 2
    return low or mark.kind in (MarkKind.NOT_ASSESSED, MarkKind.FAIL)


def shown(mark: Mark | None) -> Value:
    """A grade as a number, anything else as its text («н/а», «осв», «зач»)."""
    if mark is None:
        return None
    if mark.kind is MarkKind.GRADE and mark.value is not None:
        return mark.value
    return str(mark)


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write «Сводная_ведомость_успеваемости_<класс>_<период>.xlsx» atomically."""
    data = content(inputs)
    return save_statement(target_folder, inputs, KIND, TITLE,
                          lambda book: lay_out(book.sheet("Успеваемость"), data),
                          inputs_paths)


def lay_out(sheet: StatementSheet, summary: MarksSummary) -> None:
    """Title block, the table with a merged № and ФИО per student block, legend, signature."""
    columns = (*FIXED, *(Column(s.name, 5, "mark", rotate=True) for s in summary.subjects))
    sheet.title_block(len(columns))
    first = sheet.row + 1
    rows = []
    for student in summary.students:
        for index, (label, marks) in enumerate(zip(summary.periods, student.rows, strict=True)):
            head: tuple[Value, Value] = (student.number, None) if index == 0 else (None, None)
            bad = frozenset(col for col, m in enumerate(marks, len(FIXED)) if is_bad(m))
            rows.append(Row((*head, label, *(shown(m) for m in marks)), bad))
    sheet.table(columns, rows, first_columns=len(FIXED))
    blocks = _merge_blocks(sheet, summary, first)
    if not summary.students:
        sheet.line("В классе нет обучающихся за этот период.")
    sheet.gap()
    sheet.line(LEGEND)
    sheet.signature()
    # each student's rows on one page; the last student keeps the signature company
    for top, bottom in blocks[:-1]:
        sheet.keep_together(top, bottom)
    if blocks:
        sheet.keep_together(blocks[-1][0], sheet.row - 1)
    sheet.finish()


def _merge_blocks(sheet: StatementSheet, summary: MarksSummary,
                  first: int) -> list[tuple[int, int]]:
    """№ and ФИО once per student, over the block's rows, tall enough for the whole name;
    returns the blocks' first and last rows."""
    size = len(summary.periods)
    blocks = []
    for offset, student in enumerate(summary.students):
        top, bottom = first + offset * size, first + offset * size + size - 1
        name = safe_text(f"{student.name}\n({student.note})" if student.note else student.name)
        if bottom > top:
            sheet.sheet.merge_range(top, 0, bottom, 0, None, sheet.formats["int"])
            sheet.sheet.merge_range(top, 1, bottom, 1, None, sheet.formats["text"])
        if student.number is not None:
            sheet.sheet.write_number(top, 0, student.number, sheet.formats["int"])
        sheet.sheet.write_string(top, 1, name, sheet.formats["text"])
        height = max(15.0, row_height([name], [NAME_WIDTH]) / size)
        for row in range(top, bottom + 1):
            sheet.set_height(row, height)
        blocks.append((top, bottom))
    return blocks
