"""Statement 4 «Итоги успеваемости класса за учебный период» (DESIGN §7).

Per subject: teacher, N, «5», «4», «3», «2», н/а, успеваемость, качество, СОУ, средний балл —
from the period marks of the students on the roll at the period's end; the class summary row;
then the class indicators by students (categories, успеваемость, качество, средний балл).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ejournal_sheets.codes import Mark
from ejournal_sheets.names import name_key
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import (
    Column,
    Row,
    StatementSheet,
    write_cell,
)
from ejournal_sheets.statements.save import save_statement
from ejournal_sheets.stats import (
    FAILING,
    Category,
    ClassIndicators,
    SubjectStats,
    class_indicators,
    class_subject_total,
    percent,
    student_category,
    subject_stats,
)

KIND = "Итоги_успеваемости"
TITLE = "Итоги успеваемости класса за учебный период"

COLUMNS = (
    Column("Предмет", 44), Column("Учитель", 32), Column("Аттестовано (N)", 10, "int"),
    Column("«5»", 5, "int"), Column("«4»", 5, "int"), Column("«3»", 5, "int"),
    Column("«2»", 5, "int"), Column("н/а", 5, "int"),
    Column("Успеваемость, %", 12, "percent"), Column("Качество знаний, %", 12, "percent"),
    Column("СОУ, %", 9, "percent"), Column("Средний балл", 9, "decimal"),
)  # fmt: skip
BAD_COUNTS = {6: "n2", 7: "n_na"}  # column → count highlighted when above zero
INDICATOR_COLUMNS = (Column("Показатель по обучающимся", 44),
                     Column("Число обучающихся", 32, "int"), Column("% от числа", 10, "percent"))
PLURAL = {
    Category.EXCELLENT: "Отличники (все «5»)",
    Category.ONE_FOUR: "С одной «4»",
    Category.GOOD: "Хорошисты («4» и «5»)",
    Category.ONE_THREE: "С одной «3»",
    Category.SATISFACTORY: "Троечники",
    Category.FAILING_ONE: "Неуспевающие по одному предмету",
    Category.FAILING_TWO: "Неуспевающие по двум предметам",
    Category.FAILING_MORE: "Неуспевающие по трём и более предметам",
    Category.NOT_ASSESSED: "Не аттестованы",
    Category.NO_MARKS: "Без итоговых отметок",
}
FORMULAS = ("N — аттестованные по предмету: отметки «2»–«5» и «н/а» («осв» и «зач» в N не "
            "входят). Успеваемость = («5» + «4» + «3») / N; качество знаний = («5» + «4») / N; "
            "СОУ = (100·«5» + 64·«4» + 36·«3» + 16·«2» + 7·н/а) / N; средний балл — по "
            "отметкам «2»–«5». Отметки «2» и «н/а» выделены цветом.")


@dataclass(frozen=True)
class Results:
    """What statement 4 shows: subject rows, the class row, the indicators, notes."""

    subjects: tuple[SubjectStats, ...]
    total: SubjectStats
    indicators: ClassIndicators
    notes: tuple[str, ...]


def content(inputs: StatementInputs) -> Results:
    """The figures of statement 4 from the period marks of the students on the roll."""
    roll = inputs.on_roll(inputs.end)
    found = inputs.period_marks(inputs.period.name)
    marks = {student: found.get(student, {}) for student in roll}
    taught = {name_key(lesson.subject) for lesson in inputs.journal.lessons
              if lesson.date in inputs.period}
    rows = []
    for subject in inputs.subjects:
        given = [m[subject.name] for m in marks.values() if subject.name in m]
        if given or name_key(subject.name) in taught:
            rows.append(subject_stats(subject.name, subject.teacher, given))
    results = [student_category(s.name, s.number, marks[s]) for s in roll]
    every: list[Mark] = [mark for by_subject in marks.values() for mark in by_subject.values()]
    indicators = class_indicators(results, len(roll), every)
    return Results(tuple(rows), class_subject_total(rows), indicators, _notes(rows))


def _notes(rows: Iterable[SubjectStats]) -> tuple[str, ...]:
    """Subjects without marks, and the «осв»/«зач» that are not in N."""
    notes = []
    empty = [s.subject for s in rows if s.n + s.n_exempt + s.n_pass + s.n_fail == 0]
    if empty:
        notes.append(f"Нет итоговых отметок за период: {', '.join(empty)}.")
    outside = []
    for s in rows:
        parts = [f"{label} — {count}" for label, count in
                 (("осв", s.n_exempt), ("зач", s.n_pass), ("незач", s.n_fail)) if count]
        if parts:
            outside.append(f"{s.subject} ({', '.join(parts)})")
    if outside:
        notes.append(f"Не входят в N: {'; '.join(outside)}.")
    return tuple(notes)


def subject_row(stats: SubjectStats, total: bool = False) -> Row:
    """One table row; «2» and н/а counts highlighted when above zero."""
    values = (stats.subject, stats.teacher, stats.n, stats.n5, stats.n4, stats.n3, stats.n2,
              stats.n_na, stats.progress, stats.quality, stats.sou, stats.average)
    bad = frozenset(col for col, name in BAD_COUNTS.items() if getattr(stats, name) > 0)
    return Row(values, bad, total)


def indicator_rows(indicators: ClassIndicators) -> list[Row]:
    """Category counts (the empty «без отметок» left out), успеваемость and качество."""
    on_roll = indicators.on_roll
    rows = [Row(("Обучающихся на конец периода", on_roll, None))]
    for category in Category:
        count = indicators.counts.get(category, 0)
        if category is Category.NO_MARKS and not count:
            continue
        alarming = count > 0 and (category in FAILING or category is Category.NOT_ASSESSED)
        rows.append(Row((PLURAL.get(category, category.value), count, percent(count, on_roll)),
                        frozenset({1, 2}) if alarming else frozenset()))
    rows.append(Row(("Успевают (успеваемость)", indicators.succeeding, indicators.progress),
                    total=True))
    rows.append(Row(("На «4» и «5» (качество знаний)", indicators.good, indicators.quality),
                    total=True))
    return rows


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write «Итоги_успеваемости_<класс>_<период>.xlsx» into the folder, atomically."""
    data = content(inputs)
    return save_statement(target_folder, inputs, KIND, TITLE,
                          lambda book: lay_out(book.sheet("Итоги успеваемости"), data),
                          inputs_paths)


def lay_out(sheet: StatementSheet, results: Results) -> None:
    """Title block, the subject table with its class row, indicators, notes, signature."""
    sheet.title_block(len(COLUMNS))
    rows = [subject_row(s) for s in results.subjects]
    sheet.table(COLUMNS, [*rows, subject_row(results.total, total=True)], first_columns=1)
    sheet.gap()
    top = sheet.row  # the indicators, notes and signature stay together on one page
    sheet.table(INDICATOR_COLUMNS, indicator_rows(results.indicators), freeze=False)
    label = "Средний балл класса"
    sheet.sheet.write_string(sheet.row, 0, label, sheet.formats["text+"])
    sheet.sheet.write_blank(sheet.row, 1, None, sheet.formats["int+"])
    write_cell(sheet.sheet, sheet.row, 2, results.indicators.average, "decimal", sheet.formats,
               "+")
    sheet.gap(2)
    for note in (*results.notes, FORMULAS):
        sheet.line(note)
    sheet.signature()
    sheet.keep_together(top, sheet.row - 1)
    sheet.finish()
