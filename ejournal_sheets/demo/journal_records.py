"""The demo journal as pure data: students as the journal lists them, lessons, cells, exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ejournal_sheets.demo.timetable import Course, Slot
from ejournal_sheets.settings import DateRange

STREAM = "ejournal-demo-journal"  # prefix of every random stream of the demo journal
NOT_ATTESTED_MARK = "н/а"  # the period mark of a student not attested in a subject


@dataclass(frozen=True)
class Guardian:
    """A parent as the journal knows them; `diary` = has access to the e-diary."""

    name: str
    diary: bool


@dataclass(frozen=True)
class Pupil:
    """A student as the journal lists them: «Фамилия Имя» in the journal's own spelling."""

    number: int | None  # № on «Ученики»; None for a student only the journal has
    name: str
    full_name: str
    workbook_name: str = ""  # ФИО exactly as on «Ученики» ("" when not there)
    arrival: date | None = None
    leaving: date | None = None
    group: str = ""  # English group
    ability: float = 4.0  # the mean mark this student tends to get
    paper: bool = False  # the family is informed on paper and never opens the e-diary
    guardians: tuple[Guardian, ...] = ()

    @property
    def key(self) -> str:
        """Names this student's random streams: the same in the clean and the planted demo."""
        return f"№{self.number}" if self.number is not None else self.name

    def enrolled_on(self, day: date) -> bool:
        """On the roll that day: arrived (or no date) and not yet left."""
        arrived = self.arrival is None or self.arrival <= day
        return arrived and (self.leaving is None or day < self.leaving)

    def takes(self, course: Course) -> bool:
        """Attends the course: every whole-class course, and the own group of a split one."""
        return not course.group or course.group == self.group


@dataclass(frozen=True)
class Lesson:
    """A lesson held, with what the teacher wrote in the lessons export."""

    slot: Slot
    topic: str
    homework: str
    work: str  # the kind of work its marks are for (a test weighs 2 in the long table)


@dataclass(frozen=True)
class Grade:
    """A mark 1–5 with its weight and kind of work (the long table shows both)."""

    value: int
    weight: int = 1
    work: str = "Ответ на уроке"


@dataclass(frozen=True)
class Entry:
    """A filled cell: one student in one lesson. A lesson without an entry = present, no mark."""

    slot: Slot
    student: str  # the journal's «Фамилия Имя»
    grades: tuple[Grade, ...] = ()
    code: str = ""  # Б, УП, НП, н or ОП; "" = present
    debt: bool = False  # «.»: work not handed in

    @property
    def text(self) -> str:
        """The grid cell: «5», «4/5», «н», «.», «ОП»."""
        parts = [self.code] if self.code else []
        if self.grades:
            parts.append("/".join(str(grade.value) for grade in self.grades))
        if self.debt:
            parts.append(".")
        return " ".join(parts)


@dataclass(frozen=True)
class Roll:
    """The students a course's journal lists, in its order."""

    course: Course
    students: tuple[str, ...]


@dataclass(frozen=True)
class PeriodMark:
    """A student's period mark in a subject: 2–5 or «н/а» (NOT_ATTESTED_MARK)."""

    period: str  # «Ч1»
    student: str  # the journal's «Фамилия Имя»
    subject: str
    value: int | str


@dataclass(frozen=True)
class Visit:
    """One login to the e-diary."""

    user: str
    role: str  # «родитель» or «ученик»
    student: str
    at: datetime


@dataclass(frozen=True)
class Credential:
    """A user's login and password from the credentials export."""

    name: str
    role: str
    login: str
    password: str
    student: str


@dataclass(frozen=True)
class DemoJournal:
    """Everything the demo's journal exports hold, for the period containing `today`."""

    class_name: str
    period: DateRange
    today: date
    pupils: tuple[Pupil, ...]
    lessons: tuple[Lesson, ...]
    entries: tuple[Entry, ...]
    rolls: tuple[Roll, ...]
    previous: str = ""  # the period before this one ("" in the first period)
    period_marks: tuple[PeriodMark, ...] = ()  # of the previous and the current period
    visits: tuple[Visit, ...] = ()
    credentials: tuple[Credential, ...] = ()

    def roll(self, course: Course) -> tuple[str, ...]:
        return next((roll.students for roll in self.rolls if roll.course == course), ())

    def lessons_of(self, course: Course) -> tuple[Lesson, ...]:
        return tuple(lesson for lesson in self.lessons if lesson.slot.course == course)

    def cells(self) -> dict[tuple[Slot, str], Entry]:
        """Entries by (lesson, student)."""
        return {(entry.slot, entry.student): entry for entry in self.entries}

    @property
    def mark_periods(self) -> tuple[str, ...]:
        """The periods with period marks, previous first: («Ч1», «Ч2»)."""
        return tuple(dict.fromkeys(mark.period for mark in self.period_marks))

    def marks_of(self, period: str) -> dict[str, dict[str, int | str]]:
        """The period marks of `period` as written: {student: {subject: 5 or «н/а»}}."""
        found: dict[str, dict[str, int | str]] = {}
        for mark in self.period_marks:
            if mark.period == period:
                found.setdefault(mark.student, {})[mark.subject] = mark.value
        return found

