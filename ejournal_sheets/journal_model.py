"""What the e-journal's exports say, as pure data (DESIGN §5): lessons, cells, marks, visits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import date as Day
from pathlib import Path

from ejournal_sheets.codes import Attendance, Mark
from ejournal_sheets.names import name_key
from ejournal_sheets.problems import Location


@dataclass(frozen=True, slots=True)
class Lesson:
    """A lesson held: one dated column of a subject grid, or a row of the lessons export.

    `slot` tells apart two lessons of a subject on one date (a double lesson: 1, 2);
    `number` is the lesson's place in the school day when the export gives it.
    """

    date: date
    subject: str
    teacher: str | None = None
    group: str | None = None
    slot: int = 1
    number: int | None = None
    topic: str | None = None
    homework: str | None = None
    marks_set: bool | None = None
    where: Location | None = None
    key: tuple[Day, str, str, int] = field(init=False, repr=False, compare=False)
    """Identity of the lesson across exports: date, subject, group, slot."""

    def __post_init__(self) -> None:
        key = (self.date, name_key(self.subject), name_key(self.group or ""), self.slot)
        object.__setattr__(self, "key", key)

    def __hash__(self) -> int:
        # Lessons key every register; equal lessons have equal keys (a cheaper hash).
        return hash(self.key)


@dataclass(frozen=True, slots=True)
class Cell:
    """One student in one lesson: marks and attendance as the journal shows them."""

    lesson: Lesson
    student: str
    marks: tuple[Mark, ...] = ()
    attendance: Attendance | None = None
    where: Location | None = None

    @property
    def student_key(self) -> str:
        return name_key(self.student)


def merge_cells(cells: list[Cell], lesson: Lesson) -> Cell:
    """One cell from several rows of one student in one lesson (a long table gives a row per
    mark): all the marks, and the absence code if any row has one."""
    marks = tuple(mark for cell in cells for mark in cell.marks)
    codes = [cell.attendance for cell in cells if cell.attendance is not None]
    absences = [code for code in codes if code.is_absence]
    attendance = next(iter(absences or codes), None)
    where = next((cell.where for cell in cells if cell.where is not None), None)
    return Cell(lesson, cells[0].student, marks, attendance, where)


@dataclass(frozen=True, slots=True)
class SubjectRoll:
    """The students a subject grid (or group) lists — who the journal thinks attends it."""

    subject: str
    teacher: str | None
    group: str | None
    students: tuple[str, ...]
    where: Location | None = None


@dataclass(frozen=True, slots=True)
class PeriodMark:
    """A period mark (Ч1…Ч4, I…IV, Год, Экзамен, Итог) of a student in a subject."""

    student: str
    subject: str
    period: str
    mark: Mark
    teacher: str | None = None
    where: Location | None = None


@dataclass(frozen=True, slots=True)
class Visit:
    """A user's visits to the e-diary: single logins, or an aggregate (last visit, count)."""

    user: str
    role: str  # «родитель» or «ученик»
    student: str | None
    last_visit: datetime | None
    count: int | None = None
    where: Location | None = None


@dataclass(frozen=True, slots=True)
class Credential:
    """Access details of a user from the credentials export; secrets never leave letters."""

    name: str
    role: str
    login: str
    secret: str | None
    student: str | None = None
    where: Location | None = None


@dataclass(frozen=True)
class Journal:
    """Everything read from the journal exports of one class."""

    lessons: tuple[Lesson, ...] = ()
    cells: tuple[Cell, ...] = ()
    rolls: tuple[SubjectRoll, ...] = ()
    period_marks: tuple[PeriodMark, ...] = ()
    visits: tuple[Visit, ...] = ()
    credentials: tuple[Credential, ...] = ()
    files: tuple[Path, ...] = ()

    def merged(self, other: Journal) -> Journal:
        """Both journals' records side by side (the reader then joins lessons across files)."""
        return Journal(
            lessons=self.lessons + other.lessons,
            cells=self.cells + other.cells,
            rolls=self.rolls + other.rolls,
            period_marks=self.period_marks + other.period_marks,
            visits=self.visits + other.visits,
            credentials=self.credentials + other.credentials,
            files=self.files + other.files,
        )
