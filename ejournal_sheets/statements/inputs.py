"""Everything a statement is computed from, read once: the class, the journal, the period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from ejournal_sheets.codes import Mark
from ejournal_sheets.journal_model import Cell, Journal, Lesson
from ejournal_sheets.matching import StudentIndex
from ejournal_sheets.model import AbsenceNote, ClassRecord, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.reconcile import attended_lessons
from ejournal_sheets.settings import DateRange, Settings
from ejournal_sheets.statements.layout import Heading, period_title
from ejournal_sheets.stats.attendance import AttendanceTally, DayCount, day_counts, tally_days

T = TypeVar("T")


@dataclass(frozen=True)
class Subject:
    """A subject as the statements list it, with its teacher(s) in the period."""

    name: str
    teacher: str | None


@dataclass(frozen=True)
class StatementInputs:
    """The class, its journal and the reported period; derived views are computed once."""

    class_: ClassRecord
    journal: Journal
    settings: Settings
    period: DateRange
    previous: DateRange | None
    today: date
    _register: dict[DateRange, Mapping[Student, Mapping[Lesson, Cell | None]]] = field(
        default_factory=dict, compare=False, repr=False)
    _marks: dict[str, dict[Student, dict[str, Mark]]] = field(
        default_factory=dict, compare=False, repr=False)
    _days: dict[tuple[DateRange, Student], tuple[DayCount, ...]] = field(
        default_factory=dict, compare=False, repr=False)
    derived: dict[tuple[str, object], Any] = field(default_factory=dict, compare=False,
                                                    repr=False)
    """What statements and letters derive per student (forecasts…), computed once a run."""

    def heading(self, title: str) -> Heading:
        """The title block of a statement of this class and period."""
        return Heading(title, self.settings.school.name, self.settings.class_.name,
                       period_title(self.period, self.settings.year.period_kind),
                       self.settings.class_.teacher, self.today)

    @property
    def end(self) -> date:
        """The last day the statement covers: the period's end, or today when earlier."""
        return min(self.period.end, self.today)

    def on_roll(self, day: date) -> list[Student]:
        """Students enrolled that day, in the workbook's order."""
        return [s for s in self.class_.students if s.number is not None and s.enrolled_on(day)]

    def during(self, span: DateRange) -> list[Student]:
        """Students enrolled on any day of the span (arrived before its end, left after start)."""
        return [s for s in self.class_.students if s.number is not None
                and (s.arrival_date is None or s.arrival_date <= span.end)
                and (s.leaving_date is None or s.leaving_date > span.start)]

    @cached_property
    def index(self) -> StudentIndex:
        return StudentIndex.of(self.class_.students)

    @cached_property
    def subjects(self) -> tuple[Subject, ...]:
        """Subjects of the period in the order the journal lists them, each with its teacher
        (several teachers of a split subject joined with «, »)."""
        teachers: dict[str, Counter[str]] = {}
        names: dict[str, str] = {}
        for lesson in self.journal.lessons:
            if lesson.date in self.period:
                key = name_key(lesson.subject)
                names.setdefault(key, clean_spaces(lesson.subject))
                found = teachers.setdefault(key, Counter())
                if lesson.teacher:
                    found[clean_spaces(lesson.teacher)] += 1
        for mark in self.journal.period_marks:
            key = name_key(mark.subject)
            names.setdefault(key, clean_spaces(mark.subject))
            teachers.setdefault(key, Counter())
            if mark.teacher:
                teachers[key][clean_spaces(mark.teacher)] += 1
        return tuple(Subject(names[key], ", ".join(t for t, _ in teachers[key].most_common())
                             or None) for key in names)

    def period_marks(self, period_name: str) -> dict[Student, dict[str, Mark]]:
        """Each student's period marks of `period_name` (Ч1…, Год), by subject name."""
        wanted = name_key(period_name)
        if wanted not in self._marks:
            self._marks[wanted] = self._period_marks(wanted)
        return self._marks[wanted]

    def _period_marks(self, wanted: str) -> dict[Student, dict[str, Mark]]:
        subjects = {name_key(s.name): s.name for s in self.subjects}
        found: dict[Student, dict[str, Mark]] = {}
        students: dict[str, Student | None] = {}  # a name has a mark in every subject
        for mark in self.journal.period_marks:
            if name_key(mark.period) != wanted:
                continue
            if mark.student not in students:
                students[mark.student] = self.index.find(mark.student)
            student = students[mark.student]
            if student is None:
                continue
            subject = subjects.get(name_key(mark.subject), clean_spaces(mark.subject))
            found.setdefault(student, {})[subject] = mark.mark
        return found

    def lessons(self, span: DateRange) -> Mapping[Student, Mapping[Lesson, Cell | None]]:
        """Each student's lessons in the span with their cells (see reconcile.attended_lessons)."""
        if span not in self._register:
            self._register[span] = attended_lessons(self.class_, self.journal, span)
        return self._register[span]

    def notes(self, student: Student) -> tuple[AbsenceNote, ...]:
        """The student's rows of «Пропуски» (their reasons only are ever used)."""
        return self._notes.get(student.number, ()) if student.number is not None else ()

    @cached_property
    def _notes(self) -> dict[int, tuple[AbsenceNote, ...]]:
        found: dict[int, list[AbsenceNote]] = {}
        for note in self.class_.absences:
            if note.student_number is not None:
                found.setdefault(note.student_number, []).append(note)
        return {number: tuple(notes) for number, notes in found.items()}

    def tally(self, student: Student, register: DateRange, span: DateRange) -> AttendanceTally:
        """The student's attendance over `span`, from the lessons of the (wider) `register`
        span: each lesson of the register is classified once per student (stats.day_counts)."""
        key = (register, student)
        if key not in self._days:
            self._days[key] = day_counts(student, self.lessons(register).get(student, {}),
                                         self.notes(student))
        return tally_days(self._days[key], span, self.settings.rules.day_lessons)

    def once(self, kind: str, key: object, compute: Callable[[], T]) -> T:
        """`compute()` the first time (kind, key) is asked for, the same result after."""
        if (kind, key) not in self.derived:
            self.derived[(kind, key)] = compute()
        result: T = self.derived[(kind, key)]
        return result

    @cached_property
    def marks_so_far(self) -> dict[Student, dict[str, list[Mark]]]:
        """Each student's marks in the period so far, by subject (for the preliminary report
        and the letters), computed once."""
        found: dict[Student, dict[str, list[Mark]]] = {}
        names = {name_key(s.name): s.name for s in self.subjects}
        for student, lessons in self.lessons(self.period).items():
            for lesson, cell in lessons.items():
                if cell is not None and cell.marks:
                    subject = names.get(name_key(lesson.subject), lesson.subject)
                    found.setdefault(student, {}).setdefault(subject, []).extend(cell.marks)
        return found
