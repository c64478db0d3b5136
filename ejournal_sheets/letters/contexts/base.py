"""What letters are made from: the statements' inputs plus the school week; the Letter record.

The marks, forecasts and attendance of a letter come from the same inputs and formulas as the
statements (StatementInputs, stats.tally_attendance, the preliminary statement's forecast), so a
letter never says something a statement contradicts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ejournal_sheets.activity import ActivityReport, review_activity
from ejournal_sheets.codes import Mark, MarkKind
from ejournal_sheets.dates import current_period, period_range, school_week
from ejournal_sheets.errors import EjournalError
from ejournal_sheets.journal_model import Cell, Journal, Lesson
from ejournal_sheets.model import AbsenceNote, ClassRecord, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.settings import DateRange, Settings
from ejournal_sheets.statements.inputs import StatementInputs, Subject
from ejournal_sheets.statements.preliminary import StudentForecast, student_forecast
from ejournal_sheets.stats import AttendanceTally

SharedInputs = Callable[[DateRange, DateRange | None], StatementInputs]
SHOWN_KINDS = frozenset({MarkKind.GRADE, MarkKind.PASS, MarkKind.FAIL})  # «.» and «н/а» are not


@dataclass(frozen=True)
class Letter:
    """One document of a batch: its template kind, file stem, manifest line and context.

    `email` is the parent's address when the family may get the letter electronically.
    """

    kind: str
    stem: str
    recipient: str
    context: Mapping[str, object]
    email: str | None = None


@dataclass(frozen=True, slots=True)
class DatedMark:
    """A mark as a letter shows it, with the date of its lesson."""

    day: date
    mark: Mark

    def __str__(self) -> str:
        return str(self.mark)


@dataclass(frozen=True)
class LetterInputs:
    """The statements' inputs (class, journal, period, today), the school week and, when the
    flow has it, the e-diary activity review of that week."""

    base: StatementInputs
    week: DateRange
    activity: ActivityReport | None = None

    @property
    def class_(self) -> ClassRecord:
        return self.base.class_

    @property
    def settings(self) -> Settings:
        return self.base.settings

    @property
    def today(self) -> date:
        return self.base.today

    @property
    def period(self) -> DateRange:
        return self.base.period

    @property
    def span(self) -> DateRange:
        """The period up to its end, or up to today when earlier."""
        return DateRange(self.period.name, self.period.start, self.base.end)

    @property
    def week_span(self) -> DateRange:
        """The school week up to today (an extract never speaks of days to come)."""
        end = max(self.week.start, min(self.week.end, self.today))
        return DateRange(self.week.name, self.week.start, end)

    @cached_property
    def final_marks(self) -> dict[Student, dict[str, Mark]]:
        """The period marks of the period, by student and subject; {} before they exist."""
        return self.base.period_marks(self.period.name)

    @cached_property
    def subject_names(self) -> dict[str, str]:
        """Subject name key → the name the statements use."""
        return {name_key(s.name): s.name for s in self.base.subjects}

    @cached_property
    def activity_report(self) -> ActivityReport:
        """The given activity review, or one made from the visits export alone."""
        return self.activity or review_activity(self.base.journal, self.class_, self.week,
                                                self.today, self.settings.rules, None)

    def subject_of(self, lesson: Lesson) -> str:
        return self.subject_names.get(name_key(lesson.subject), clean_spaces(lesson.subject))

    @property
    def subjects(self) -> tuple[Subject, ...]:
        """The subjects of the period in the statements' order."""
        return self.base.subjects

    def forecast(self, student: Student) -> StudentForecast:
        """The preliminary statement's forecast of the student (one per run)."""
        return student_forecast(self.base, student)

    def notes(self, student: Student) -> tuple[AbsenceNote, ...]:
        """The student's «Пропуски» rows (their reasons only are ever used)."""
        return self.base.notes(student)

    def lessons(self, student: Student, span: DateRange) -> dict[Lesson, Cell | None]:
        """The student's lessons of the span with their cells, in lesson order (the period's
        register, computed and ordered once, serves any span inside the period)."""
        start, end = span.start, span.end
        return {lesson: cell for lesson, cell in self._ordered(student, span)
                if start <= lesson.date <= end}

    def _ordered(self, student: Student, span: DateRange) -> list[tuple[Lesson, Cell | None]]:
        inside = self.period.start <= span.start and span.end <= self.period.end
        register = self.period if inside else span

        def order() -> list[tuple[Lesson, Cell | None]]:
            found = self.base.lessons(register).get(student, {})
            return sorted(found.items(), key=lambda item: lesson_order(item[0]))

        return self.base.once("ordered lessons", (register, student), order)

    def dated_marks(self, student: Student, span: DateRange) -> dict[str, list[DatedMark]]:
        """The student's marks in the span by subject, in lesson order."""
        found: dict[str, list[DatedMark]] = {}
        start, end = span.start, span.end
        for lesson, cell in self._ordered(student, span):
            if cell is not None and cell.marks and start <= lesson.date <= end:
                shown = [DatedMark(lesson.date, m) for m in cell.marks if m.kind in SHOWN_KINDS]
                if shown:
                    found.setdefault(self.subject_of(lesson), []).extend(shown)
        return found

    def tally(self, student: Student, span: DateRange) -> AttendanceTally:
        """Lessons missed by kind and lates in the span (stats.tally_attendance; the period's
        register serves any span inside the period)."""
        inside = self.period.start <= span.start and span.end <= self.period.end
        return self.base.tally(student, self.period if inside else span, span)


def lesson_order(lesson: Lesson) -> tuple[date, int, int]:
    """Date, then the lesson's number in the day, then its slot (a double lesson's half)."""
    return (lesson.date, lesson.number or 0, lesson.slot)


def letter_inputs(class_: ClassRecord, journal: Journal, settings: Settings, today: date,
                  period: DateRange | str | None = None, week: DateRange | None = None,
                  activity: ActivityReport | None = None,
                  shared: SharedInputs | None = None) -> LetterInputs:
    """The inputs of every letter batch: the period (by name, or the one containing today),
    the previous period, and the school week (DESIGN §12) unless given. `shared` gives the
    statements' inputs of a period when the run already has them (one attendance register)."""
    chosen = period_range(settings.year, period) if isinstance(period, str) else period
    chosen = chosen or current_period(settings.year, today)
    if chosen is None:
        raise EjournalError("Сегодня нет учебного периода, и период не указан.",
                            "Укажите его: --period Ч1 (периоды — в [year] ejournal.toml).")
    earlier = [p for p in settings.year.periods if p.end < chosen.start]
    previous = max(earlier, key=lambda p: p.end) if earlier else None
    base = shared(chosen, previous) if shared is not None else \
        StatementInputs(class_, journal, settings, chosen, previous, today)
    return LetterInputs(base, week or school_week(today), activity)
