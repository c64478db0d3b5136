"""Statement 2: «Предварительный отчёт классного руководителя за учебный период» (DESIGN §6, §7).

Before the period marks exist: for each student on the roll and each subject they are taught,
the predicted mark (weighted average of the period's marks so far against rules.thresholds),
«риск н/а» (too few marks, or too large a share of the subject's lessons missed from the period's
start to the statement's end) and «на грани». The categories follow from the predicted marks
(stats.student_category), with the subjects and teachers; the risk list gives the reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from xlsxwriter.format import Format

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.journal_model import Cell, Lesson
from ejournal_sheets.model import Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.settings import DateRange, Rules
from ejournal_sheets.statements.attendance import reported_span
from ejournal_sheets.statements.inputs import StatementInputs, Subject
from ejournal_sheets.statements.layout import (
    Column,
    Row,
    StatementBook,
    StatementSheet,
    Value,
    write_cell,
)
from ejournal_sheets.statements.report import LABELS, Listed, list_rows, with_teacher
from ejournal_sheets.statements.save import save_statement
from ejournal_sheets.stats import (
    Category,
    ClassIndicators,
    Prediction,
    StudentResult,
    class_indicators,
    percent,
    predict,
    required_marks,
    student_category,
)

KIND = "Предварительный_отчёт"
TITLE = "Предварительный отчёт классного руководителя за учебный период"
EXEMPT = "осв"
NO_MARKS = "—"
RISK = "Риск «н/а»"
RISK_SHEET = "Риск неаттестации"
EDGE_FORMAT = {"bg_color": "#FFF2CC", "italic": True}
PREDICTED = {**LABELS, Category.NO_MARKS: "Без отметок"}  # no period marks are expected yet


@dataclass(frozen=True, slots=True)
class Taught:
    """A student's lessons of a subject in the span: held, missed, by whom, and the marks."""

    lessons: int
    missed: int
    teacher: str | None
    marks: tuple[Mark, ...]
    exempt: bool


@dataclass(frozen=True, slots=True)
class StudentForecast:
    """A student's predictions by subject name («осв» subjects apart) and predicted category."""

    number: int | None
    name: str
    predictions: Mapping[str, Prediction]
    exempt: frozenset[str]
    result: StudentResult

    @property
    def risks(self) -> list[Prediction]:
        return [p for p in self.predictions.values() if p.at_risk]


@dataclass(frozen=True)
class Forecast:
    """Everything statement 2 shows."""

    subjects: tuple[Subject, ...]
    students: tuple[StudentForecast, ...]
    indicators: ClassIndicators
    rules: Rules
    listed: tuple[Listed, ...]


def by_subject(lessons: Mapping[Lesson, Cell | None],
               span: DateRange) -> dict[str, list[tuple[Lesson, Cell | None]]]:
    """A student's lessons in the span grouped by the subject's name key."""
    found: dict[str, list[tuple[Lesson, Cell | None]]] = {}
    keys: dict[str, str] = {}
    for lesson, cell in lessons.items():
        if span.start <= lesson.date <= span.end:
            key = keys.get(lesson.subject) or keys.setdefault(lesson.subject,
                                                              name_key(lesson.subject))
            found.setdefault(key, []).append((lesson, cell))
    return found


def taught(own: Sequence[tuple[Lesson, Cell | None]], marks: Mapping[str, list[Mark]],
           subject: Subject) -> Taught | None:
    """The student's lessons of the subject and their marks; None when they do not take it."""
    given = tuple(marks.get(subject.name, ()))
    if not own and not given:
        return None
    missed = exempt_lessons = 0
    teachers: dict[str, int] = {}
    for lesson, cell in own:
        code = cell.attendance if cell is not None else None
        missed += code is not None and code.is_absence
        exempt_lessons += code is Attendance.EXEMPT
        if lesson.teacher:
            teachers[lesson.teacher] = teachers.get(lesson.teacher, 0) + 1
    graded = any(m.kind is MarkKind.GRADE for m in given)
    exempt = not graded and (any(m.kind is MarkKind.EXEMPT for m in given)
                             or (bool(own) and exempt_lessons == len(own)))
    teacher = clean_spaces(max(teachers, key=teachers.__getitem__)) if teachers \
        else subject.teacher
    return Taught(len(own), missed, teacher, given, exempt)


def forecast(inputs: StatementInputs, student: Student, marks: Mapping[str, list[Mark]],
             subjects: Sequence[tuple[Subject, str]]) -> StudentForecast:
    """The student's predictions in every subject they take (from the lessons since the
    period's start and the marks so far), and the predicted category."""
    # the whole period's lessons are cached for all statements; the forecast keeps to the span
    lessons = by_subject(inputs.lessons(inputs.period).get(student, {}), reported_span(inputs))
    rules = prorated(inputs, student)
    predictions: dict[str, Prediction] = {}
    exempt: set[str] = set()
    for subject, key in subjects:
        found = taught(lessons.get(key, ()), marks, subject)
        if found is None:
            continue
        if found.exempt:
            exempt.add(subject.name)
            continue
        predictions[subject.name] = predict(subject.name, found.teacher, found.marks,
                                            found.lessons, found.missed, rules)
    expected = {name: Mark(MarkKind.GRADE, p.predicted) for name, p in predictions.items()
                if p.predicted is not None}
    expected.update({name: Mark(MarkKind.EXEMPT) for name in exempt})
    result = student_category(student.name, student.number, expected)
    return StudentForecast(student.number, student.name, predictions, frozenset(exempt), result)


def student_forecast(inputs: StatementInputs, student: Student) -> StudentForecast:
    """The student's forecast on the marks so far, computed once for the statements and the
    letters of a run."""
    def compute() -> StudentForecast:
        keys = [(subject, name_key(subject.name)) for subject in inputs.subjects]
        return forecast(inputs, student, inputs.marks_so_far.get(student, {}), keys)

    return inputs.once("forecast", student, compute)


def prorated(inputs: StatementInputs, student: Student) -> Rules:
    """The rules with the norm of marks pro-rated to the part of the period already passed
    (the same norm the filling control uses): 3.5 weeks into a quarter nobody is «at risk»
    for having 2 marks of 3; at the period's end the norm is the full `min_marks`."""
    rules = inputs.settings.rules
    since = max(inputs.period.start, student.arrival_date or inputs.period.start)
    norm = required_marks(rules.min_marks, inputs.period, since, inputs.end)
    return replace(rules, min_marks=norm)


def risk_reasons(prediction: Prediction) -> list[str]:
    """The reasons of «риск н/а» (the «на грани» note is not one)."""
    return [r for r in prediction.reasons if not r.startswith("на грани")]


def category_list(students: Sequence[StudentForecast]) -> list[Listed]:
    """Predicted categories with the subjects and teachers, then «риск н/а» with reasons."""
    found = []
    for category in Category:
        for s in students:
            if s.result.category is category:
                named = "; ".join(with_teacher(name, s.predictions[name].teacher)
                                  for name in s.result.subjects if name in s.predictions)
                found.append(Listed(PREDICTED[category], s.number, s.name, named))
    for s in students:
        if s.risks:
            named = "; ".join(f"{with_teacher(p.subject, p.teacher)}: "
                              f"{', '.join(risk_reasons(p))}" for p in s.risks)
            found.append(Listed(RISK, s.number, s.name, named))
    return found


def content(inputs: StatementInputs) -> Forecast:
    """What statement 2 shows, computed from the inputs."""
    students = tuple(student_forecast(inputs, s) for s in inputs.on_roll(inputs.end))
    expected = [Mark(MarkKind.GRADE, p.predicted) for s in students
                for p in s.predictions.values() if p.predicted is not None]
    indicators = class_indicators([s.result for s in students], len(students), expected)
    taken = {name for s in students for name in (*s.predictions, *s.exempt)}
    subjects = tuple(s for s in inputs.subjects if s.name in taken)
    return Forecast(subjects, students, indicators, inputs.settings.rules,
                    tuple(category_list(students)))


def cell_of(student: StudentForecast, subject: Subject) -> Value:
    """The predicted mark; «—» without marks; «осв»; blank when the subject is not taken."""
    if subject.name in student.exempt:
        return EXEMPT
    prediction = student.predictions.get(subject.name)
    if prediction is None:
        return None
    return prediction.predicted if prediction.predicted is not None else NO_MARKS


def lay_out_marks(sheet: StatementSheet, data: Forecast) -> None:
    """Students × subjects with the predicted marks; risk in red, «на грани» in yellow."""
    columns = [Column("№", 4, "int"), Column("Фамилия, имя, отчество", 34)]
    columns += [Column(s.name, 7, "mark", rotate=True) for s in data.subjects]
    columns.append(Column("Прогноз категории", 38))
    rows, edges = [], []
    for s in data.students:
        values: list[Value] = [s.number, s.name, *(cell_of(s, subject) for subject in
                                                   data.subjects), s.result.category.value]
        bad = {2 + n for n, subject in enumerate(data.subjects)
               if (p := s.predictions.get(subject.name)) is not None and p.at_risk}
        edges.append({2 + n for n, subject in enumerate(data.subjects)
                      if (p := s.predictions.get(subject.name)) is not None and p.on_edge
                      and 2 + n not in bad})
        rows.append(Row(values, frozenset(bad)))
    sheet.title_block(len(columns))
    sheet.table(columns, rows, first_columns=2)
    first = sheet.row - len(rows)
    for offset, (row, cols) in enumerate(zip(rows, edges, strict=True)):
        for col in cols:
            write_cell(sheet.sheet, first + offset, col, row.values[col], "mark",
                       edge_formats(sheet), "~")
    sheet.gap()
    for text in legend(data):
        sheet.line(text)
    sheet.signature()
    sheet.finish()


def edge_formats(sheet: StatementSheet) -> dict[str, Format]:
    """The book's formats with «mark~»/«text~» for «на грани», added once per file."""
    formats = sheet.formats
    if "mark~" not in formats:
        for name, spec in (("mark", {"border": 1, "align": "center", "valign": "top",
                                     "font_size": 10}),
                           ("text", {"border": 1, "valign": "top", "text_wrap": True,
                                     "font_size": 10})):
            formats[f"{name}~"] = sheet.owner.book.add_format({**spec, **EDGE_FORMAT})
    return formats


def legend(data: Forecast) -> list[str]:
    """The class forecast, then how to read the table with the limits actually used."""
    rules, i = data.rules, data.indicators
    limits = " / ".join(_number(t) for t in rules.thresholds)
    at_risk = sum(1 for s in data.students if s.risks)
    return [
        f"Прогноз по классу: обучающихся {i.on_roll}; успеваемость {_percent(i.progress)}, "
        f"качество знаний {_percent(i.quality)}; учеников с риском «н/а» — {at_risk}.",
        f"Прогноз — средневзвешенный балл текущих отметок за период, округлённый по порогам "
        f"{limits}. Красная заливка — риск «н/а»: меньше {rules.min_marks} отметок или "
        f"пропущено {_number(rules.absence_risk * 100)}% уроков предмета и больше (причины — "
        f"на листе «{RISK_SHEET}»). Жёлтая заливка, курсив — «на грани»: средний балл ближе "
        f"{_number(rules.edge)} к порогу. «{NO_MARKS}» — отметок нет; «{EXEMPT}» — освобождён; "
        "пустая клетка — предмет не изучает.",
    ]


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


LIST_COLUMNS = (Column("Категория (прогноз)", 32), Column("№", 5, "int"),
                Column("Фамилия, имя, отчество", 34), Column("Предметы (учителя)", 60))
RISK_COLUMNS = (
    Column("№", 4, "int"), Column("Фамилия, имя, отчество", 34), Column("Предмет", 20),
    Column("Учитель", 24), Column("Отметок", 8, "int"), Column("Средний балл", 8, "decimal"),
    Column("Уроков", 7, "int"), Column("Пропущено уроков", 9, "int"),
    Column("Пропущено, %", 9, "percent"), Column("Причина риска «н/а»", 30),
)  # fmt: skip


def lay_out_lists(sheet: StatementSheet, data: Forecast) -> None:
    """The predicted categories with names, subjects and teachers."""
    sheet.title_block(len(LIST_COLUMNS))
    rows = list_rows(data.listed) or [Row(["Учеников нет", None, "", ""])]
    sheet.table(LIST_COLUMNS, rows)
    sheet.signature()
    sheet.finish()


def lay_out_risks(sheet: StatementSheet, data: Forecast) -> None:
    """One row per student and subject at risk of «н/а», with the reasons and the teacher."""
    rows = [Row([s.number, s.name, p.subject, p.teacher, p.marks, p.average, p.lessons,
                 p.missed, percent(p.missed, p.lessons), ", ".join(risk_reasons(p))])
            for s in data.students for p in s.risks]
    sheet.title_block(len(RISK_COLUMNS))
    sheet.table(RISK_COLUMNS, rows or [Row([None, "Риска «н/а» нет"])], first_columns=2)
    sheet.signature()
    sheet.finish()


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write statement 2 into the folder; returns the file's path."""
    data = content(inputs)
    def fill(book: StatementBook) -> None:
        lay_out_marks(book.sheet("Прогноз отметок"), data)
        lay_out_lists(book.sheet("Категории"), data)
        lay_out_risks(book.sheet(RISK_SHEET), data)

    return save_statement(target_folder, inputs, KIND, TITLE, fill, inputs_paths)
