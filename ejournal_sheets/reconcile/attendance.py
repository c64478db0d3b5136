"""Attendance: the journal ↔ «Пропуски» ↔ the roll and «Группы» (duty 2.37).

See docs/reconciliation.md for the kinds. «Примечание» of a note is never read here: only
the reason, the document and the dates explain a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ejournal_sheets.codes import Attendance
from ejournal_sheets.journal_model import Cell, Journal, Lesson, SubjectRoll, merge_cells
from ejournal_sheets.matching import StudentIndex
from ejournal_sheets.model import AbsenceNote, ClassRecord, Reason, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.problems import Location
from ejournal_sheets.reconcile.groups import Group, Groups
from ejournal_sheets.reconcile.lessons import (
    LessonId,
    all_lessons,
    is_absent,
    journal_says,
    lesson_id,
    lessons_by_id,
    recorded,
    roll_matches,
)
from ejournal_sheets.settings import DateRange


class FindingKind(StrEnum):
    """Kinds of attendance findings; the value is the stable id of docs/reconciliation.md."""

    CODE_MISMATCH = "code-mismatch"
    PRESENT_WHILE_NOTED = "present-while-noted"
    UNEXPLAINED = "unexplained"
    OUTSIDE_ENROLMENT = "outside-enrolment"
    WRONG_GROUP = "wrong-group"

    @property
    def label(self) -> str:
        """What the teacher reads in the summary."""
        return FINDING_TITLES[self]


FINDING_TITLES = {
    FindingKind.CODE_MISMATCH: "Код пропуска не соответствует причине на листе «Пропуски»",
    FindingKind.PRESENT_WHILE_NOTED: "Отмечен на уроке, а по листу «Пропуски» отсутствовал",
    FindingKind.UNEXPLAINED: "Пропуск «н» без записи на листе «Пропуски»",
    FindingKind.OUTSIDE_ENROLMENT: "Отметка или пропуск вне времени обучения в классе",
    FindingKind.WRONG_GROUP: "Отметка или пропуск на уроке чужой группы",
}
EXPECTED = {Reason.ILL: Attendance.ILL, Reason.EXCUSED: Attendance.EXCUSED,
            Reason.UNEXCUSED: Attendance.UNEXCUSED}
ASK_FAMILY = "выяснить у семьи"
NOT_ENROLLED = "— (ученик не числился)"
OTHER_GROUP = "— (ученик в другой группе)"
NO_NOTE = "нет записи на листе «Пропуски»"


@dataclass(frozen=True)
class Finding:
    """One cell of the journal to correct (or a family to ask), with why."""

    kind: FindingKind
    date: date
    lesson: Lesson
    student: str
    number: int | None
    subject: str
    group: str | None
    teacher: str | None
    journal_says: str
    should_say: str
    why: str
    where: Location | None = None


@dataclass(frozen=True)
class _Place:
    """A lesson with what decides who attends it: its group and the grid's roll."""

    lesson: Lesson
    groups: Groups
    group: Group | None
    roll: frozenset[Student] | None
    split: bool  # the subject is taught in groups (named on «Группы»)

    @property
    def teacher(self) -> str | None:
        return self.lesson.teacher or (self.group.teacher if self.group else None)

    @property
    def group_name(self) -> str | None:
        return self.lesson.group or (self.group.name if self.group else None)


@dataclass(frozen=True)
class _Verdict:
    kind: FindingKind
    should_say: str
    why: str


def reconcile_attendance(class_: ClassRecord, journal: Journal,
                         span: DateRange) -> tuple[Finding, ...]:
    """Findings for the lessons dated within `span`, sorted by date, lesson, subject, student."""
    notes = _notes_by_student(class_)
    found: list[Finding] = []
    for place, cells in _places(class_, journal, span):
        found.extend(_lesson_findings(place, cells, notes))
    return tuple(sorted(found, key=_order))


def attended_lessons(class_: ClassRecord, journal: Journal,
                     span: DateRange) -> dict[Student, dict[Lesson, Cell | None]]:
    """Each student's lessons within `span` with their cell (None: present, nothing written):
    the lessons the journal lists them for (cell, grid roll or group) while they are enrolled
    and in the lesson's group — the same rules the reconciliation judges by."""
    register: dict[Student, dict[Lesson, Cell | None]] = {s: {} for s in class_.students}
    for place, cells in _places(class_, journal, span):
        lesson, roll, day = place.lesson, place.roll, place.lesson.date
        for student, lessons in register.items():
            cell = cells.get(student)
            # With a grid's roll only its students and those with a cell can attend.
            if cell is None and roll is not None and student not in roll:
                continue
            in_group = _in_group(place, student)
            if (in_group is not False and student.enrolled_on(day)
                    and _attends(place, student, cell, in_group)):
                lessons[lesson] = cell
    return register


def _places(class_: ClassRecord, journal: Journal,
            span: DateRange) -> Iterator[tuple[_Place, Mapping[Student, Cell]]]:
    """The lessons of the span whose attendance the journal shows, with their cells."""
    index = StudentIndex.of(class_.students)
    start, end = span.start, span.end
    lessons = lessons_by_id(x for x in all_lessons(journal) if start <= x.date <= end)
    cells = _cells_by_lesson((c for c in journal.cells if start <= c.lesson.date <= end),
                             lessons, index)
    groups = Groups.of(class_)
    rolls = _Rolls(journal.rolls, index)
    places: dict[tuple[str, str, str | None], tuple[Group | None, bool]] = {}
    for key, lesson in lessons.items():
        roll = rolls.of(lesson)
        if roll is None and key not in cells:
            continue  # listed by the lessons export only: attendance was not read for it
        teaching = (lesson.key[1], lesson.key[2], lesson.teacher)
        if teaching not in places:
            places[teaching] = (groups.of_lesson(lesson), groups.split(lesson.subject))
        group, split = places[teaching]
        yield _Place(lesson, groups, group, roll, split), cells.get(key, {})


class _Rolls:
    """The subject rolls by subject and group, each roll's students found once."""

    def __init__(self, rolls: Iterable[SubjectRoll], index: StudentIndex) -> None:
        self._by_name: dict[tuple[str, str], list[SubjectRoll]] = {}
        for roll in rolls:
            key = (name_key(roll.subject), name_key(roll.group or ""))
            self._by_name.setdefault(key, []).append(roll)
        self._index = index
        self._students: dict[int, frozenset[Student]] = {}
        self._found: dict[tuple[int, ...], frozenset[Student] | None] = {}

    def of(self, lesson: Lesson) -> frozenset[Student] | None:
        """The workbook students the grids of the lesson list; None when no grid lists it."""
        _, subject, group, _ = lesson.key
        candidates = self._by_name.get((subject, group), ())
        matching = tuple(id(r) for r in candidates if roll_matches(r, lesson))
        if matching not in self._found:
            chosen = [r for r in candidates if id(r) in matching]
            self._found[matching] = frozenset().union(*map(self._roll, chosen)) \
                if chosen else None
        return self._found[matching]

    def _roll(self, roll: SubjectRoll) -> frozenset[Student]:
        if id(roll) not in self._students:
            self._students[id(roll)] = frozenset(_found(self._index, roll.students))
        return self._students[id(roll)]


def _found(index: StudentIndex, names: Iterable[str]) -> Iterator[Student]:
    for name in names:
        student = index.find(name)
        if student is not None:
            yield student


def _cells_by_lesson(cells: Iterable[Cell], lessons: Mapping[LessonId, Lesson],
                     index: StudentIndex) -> dict[LessonId, dict[Student, Cell]]:
    """Each lesson's cells by workbook student; names not on «Ученики» are the roster's part."""
    rows: dict[LessonId, dict[Student, list[Cell]]] = {}
    known: dict[str, Student | None] = {}
    ids: dict[int, LessonId] = {}  # the cells of a lesson share its Lesson
    for cell in cells:
        key = ids.get(id(cell.lesson))
        if key is None:
            key = ids[id(cell.lesson)] = lesson_id(cell.lesson)
        if key not in lessons:
            continue
        if cell.student not in known:
            known[cell.student] = index.find(cell.student)
        student = known[cell.student]
        if student is not None:
            rows.setdefault(key, {}).setdefault(student, []).append(cell)
    return {key: {student: _one_cell(found, lessons[key]) for student, found in by.items()}
            for key, by in rows.items()}


def _one_cell(found: list[Cell], lesson: Lesson) -> Cell:
    """The student's cell of the lesson (several rows of a long table merged into one)."""
    if len(found) == 1 and found[0].lesson is lesson:
        return found[0]
    return merge_cells(found, lesson)


def _notes_by_student(class_: ClassRecord) -> dict[Student, tuple[AbsenceNote, ...]]:
    found: dict[Student, tuple[AbsenceNote, ...]] = {}
    for note in class_.absences:
        number = note.student_number
        student = class_.student(number) if number is not None else None
        if student is not None:
            found[student] = (*found.get(student, ()), note)
    return found


def _lesson_findings(place: _Place, cells: Mapping[Student, Cell],
                     notes: Mapping[Student, tuple[AbsenceNote, ...]]) -> Iterator[Finding]:
    day = place.lesson.date
    noted = {student for student, own in notes.items() if any(n.covers(day) for n in own)}
    for student in sorted(set(cells) | noted, key=lambda s: s.row):
        cell = cells.get(student)
        verdict = _judge(place, student, cell, notes.get(student, ()))
        if verdict is not None:
            yield _finding(place, student, cell, verdict)


def _judge(place: _Place, student: Student, cell: Cell | None,
           notes: tuple[AbsenceNote, ...]) -> _Verdict | None:
    """At most one finding per student and lesson; enrolment first, then the group."""
    day = place.lesson.date
    if not student.enrolled_on(day):
        if recorded(cell):
            return _Verdict(FindingKind.OUTSIDE_ENROLMENT, NOT_ENROLLED, _enrolment(student, day))
        return None
    in_group = _in_group(place, student)
    if in_group is False:
        if recorded(cell):
            return _Verdict(FindingKind.WRONG_GROUP, OTHER_GROUP, _group_why(place, student))
        return None
    if not _attends(place, student, cell, in_group):
        return None
    return _compare(place.lesson, cell, notes)


def _in_group(place: _Place, student: Student) -> bool | None:
    """In the lesson's group by «Группы»; None when the group of the lesson is unknown."""
    if not place.split:
        return True
    if place.group is None or student.number is None:
        return None
    return student.number in place.group.members


def _attends(place: _Place, student: Student, cell: Cell | None, in_group: bool | None) -> bool:
    """The journal lists the student for this lesson (a cell, the grid's roll, or the group)."""
    if cell is not None:
        return True
    if place.roll is not None:
        return student in place.roll
    return in_group is True


def _compare(lesson: Lesson, cell: Cell | None, notes: tuple[AbsenceNote, ...]) -> _Verdict | None:
    """The journal's code against the notes covering the lesson."""
    code = is_absent(cell)
    if code is not None:
        note = _covering(notes, lesson, code)
        if note is None:
            if code is Attendance.ABSENT:
                return _Verdict(FindingKind.UNEXPLAINED, ASK_FAMILY, NO_NOTE)
            return None
        expected = EXPECTED.get(note.reason) if note.reason else None
        if expected is None or expected is code:
            return None
        return _Verdict(FindingKind.CODE_MISMATCH, expected.value, note_text(note))
    if cell is not None and cell.attendance is Attendance.EXEMPT:
        return None
    note = _covering(notes, lesson, None)
    if note is None:
        return None
    expected = EXPECTED.get(note.reason) if note.reason else None
    should = expected.value if expected else "пропуск (причина не указана)"
    return _Verdict(FindingKind.PRESENT_WHILE_NOTED, should, note_text(note))


def _covering(notes: tuple[AbsenceNote, ...], lesson: Lesson,
              code: Attendance | None) -> AbsenceNote | None:
    """The note explaining the lesson, preferring one whose reason gives the journal's code.

    An absence is covered by a note listing lessons even when the export gives no lesson
    number; «present» needs a whole-day note or the lesson's number listed.
    """
    if code is not None:
        covering = [n for n in notes if n.covers(lesson.date, lesson.number)]
    else:
        covering = [n for n in notes if n.covers(lesson.date) and (
            not n.lessons or (lesson.number is not None and lesson.number in n.lessons))]
    agreeing = [n for n in covering if n.reason and EXPECTED[n.reason] is code]
    return next(iter(agreeing or covering), None)


def note_text(note: AbsenceNote) -> str:
    """«болезнь, Справка № 15, 16.11–18.11»: reason, document, dates — never «Примечание»."""
    parts = [note.reason.value] if note.reason else ["причина не указана"]
    if note.document and note.document.strip():
        parts.append(clean_spaces(note.document))
    if note.date_from and note.date_to:
        same = note.date_from == note.date_to
        parts.append(f"{note.date_from:%d.%m}" if same
                     else f"{note.date_from:%d.%m}–{note.date_to:%d.%m}")
    if note.lessons:
        word = "урок" if len(note.lessons) == 1 else "уроки"
        parts.append(f"{word} {', '.join(map(str, note.lessons))}")
    return ", ".join(parts)


def _enrolment(student: Student, day: date) -> str:
    if student.arrival_date is not None and day < student.arrival_date:
        return f"дата прибытия {student.arrival_date:%d.%m.%Y}"
    left = student.leaving_date
    return f"дата выбытия {left:%d.%m.%Y}" if left else "ученик не числился в классе"


def _group_why(place: _Place, student: Student) -> str:
    own = place.groups.of_student(place.lesson.subject, student.number)
    lesson_group = f"урок группы «{place.group_name}»"
    if own is None:
        return f"{lesson_group}; по листу «Группы» ученик не записан ни в одну группу предмета"
    return f"{lesson_group}; по листу «Группы» ученик в группе «{own.name}»"


def _finding(place: _Place, student: Student, cell: Cell | None, verdict: _Verdict) -> Finding:
    lesson = place.lesson
    return Finding(
        kind=verdict.kind,
        date=lesson.date,
        lesson=lesson,
        student=student.name,
        number=student.number,
        subject=lesson.subject,
        group=place.group_name,
        teacher=place.teacher,
        journal_says=journal_says(cell),
        should_say=verdict.should_say,
        why=verdict.why,
        where=(cell.where if cell is not None and cell.where else lesson.where),
    )


def _order(finding: Finding) -> tuple[object, ...]:
    lesson = finding.lesson
    place = lesson.number if lesson.number is not None else lesson.slot
    return (finding.date, place, name_key(finding.subject), name_key(finding.student),
            list(FindingKind).index(finding.kind))
