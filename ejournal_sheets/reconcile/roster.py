"""The class list ↔ the journal (duty 2.35): who is missing on either side, who left or came.

See docs/reconciliation.md for the kinds and what the teacher is asked to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ejournal_sheets.journal_model import Journal, Lesson, SubjectRoll
from ejournal_sheets.matching import StudentIndex, spelled_differently
from ejournal_sheets.model import ClassRecord, Event, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.reconcile.lessons import all_lessons, lessons_by_id, recorded, roll_matches
from ejournal_sheets.schema import STUDENTS


class MismatchKind(StrEnum):
    """Kinds of roster mismatches; the value is the stable id of docs/reconciliation.md."""

    JOURNAL_ONLY = "journal-only"
    WORKBOOK_ONLY = "workbook-only"
    ARRIVED_NOT_IN_JOURNAL = "arrived-not-in-journal"
    DEPARTED_IN_JOURNAL = "departed-in-journal"

    @property
    def label(self) -> str:
        """What the teacher reads in the summary."""
        return MISMATCH_TITLES[self]


MISMATCH_TITLES = {
    MismatchKind.JOURNAL_ONLY: "Есть в журнале, нет на листе «Ученики»",
    MismatchKind.WORKBOOK_ONLY: "Числится в классе, но нет в журнале",
    MismatchKind.ARRIVED_NOT_IN_JOURNAL: "Прибыл, но не внесён в журнал",
    MismatchKind.DEPARTED_IN_JOURNAL: "Выбыл, но журнал продолжает его вести",
}
TELL_ADMIN = "сообщить администратору ЭЖ"
CHECK_UNKNOWN = ("проверить: если ученик в классе — добавить его на лист «Ученики»; "
                 f"если нет — {TELL_ADMIN}")

JOURNAL_NAME_VARIANT = Code(
    "journal-name-variant",
    Severity.WARNING,
    "Имя ученика в журнале написано иначе",
    "В журнале ученик записан как «{journal}», а на листе «Ученики» — «{workbook}» "
    "(№ {number}); записи сопоставлены без учёта ё/е, регистра и латинских букв.",
    "Если ошибка в рабочей книге — исправьте имя на листе «Ученики» так, как в журнале; "
    "если в журнале — сообщите администратору ЭЖ.",
)


@dataclass(frozen=True)
class RosterMismatch:
    """One disagreement between «Ученики» and the journal, with what to do about it."""

    kind: MismatchKind
    student_name: str
    journal_name: str | None
    number: int | None
    details: str
    action: str
    where: Location | None = None


@dataclass(frozen=True)
class _Seen:
    """A journal name where it appears: a grid's list, a lesson cell or a period mark."""

    name: str
    place: str
    where: Location | None
    day: date | None = None  # the lesson's date when the cell holds a mark or a code
    roll: SubjectRoll | None = None


def compare_roster(class_: ClassRecord, journal: Journal,
                   today: date) -> tuple[tuple[RosterMismatch, ...], list[Problem]]:
    """Mismatches between «Ученики» and the journal, and a warning per variant spelling."""
    seen = list(_sightings(journal))
    if not seen:
        return (), []  # no rolls, cells or period marks read: nothing to compare with
    index = StudentIndex.of(class_.students)
    names = {name: index.find(name) for name in dict.fromkeys(s.name for s in seen)}
    known: dict[Student, list[_Seen]] = {}
    unknown: dict[str, list[_Seen]] = {}
    for sighting in seen:
        student = names[sighting.name]
        if student is None:
            unknown.setdefault(name_key(sighting.name), []).append(sighting)
        else:
            known.setdefault(student, []).append(sighting)
    mismatches = [*_journal_only(unknown.values()), *_not_in_journal(class_, known, today),
                  *_departed(class_, journal, known, today)]
    return tuple(sorted(mismatches, key=_order)), list(_variants(class_, seen, names))


def _place(subject: str, group: str | None) -> str:
    subject = clean_spaces(subject)
    return f"{subject} ({clean_spaces(group)})" if group and group.strip() else subject


def _sightings(journal: Journal) -> Iterator[_Seen]:
    """Every place the journal names a student: rolls, cells and period marks."""
    for roll in journal.rolls:
        place = _place(roll.subject, roll.group)
        yield from (_Seen(n, place, roll.where, roll=roll) for n in roll.students if n.strip())
    for cell in journal.cells:
        if cell.student.strip():
            day = cell.lesson.date if recorded(cell) else None
            yield _Seen(cell.student, _place(cell.lesson.subject, cell.lesson.group),
                        cell.where, day)
    for mark in journal.period_marks:
        if mark.student.strip():
            yield _Seen(mark.student, f"{clean_spaces(mark.subject)}, итоговые отметки",
                        mark.where)


def _places(sightings: Iterable[_Seen], limit: int = 4) -> str:
    """«Алгебра, Английский язык (1 группа) и ещё 2»."""
    places = list(dict.fromkeys(s.place for s in sightings))
    shown = ", ".join(places[:limit])
    return f"{shown} и ещё {len(places) - limit}" if len(places) > limit else shown


def _first_where(sightings: Iterable[_Seen]) -> Location | None:
    return next((s.where for s in sightings if s.where is not None), None)


def _journal_only(unknown: Iterable[list[_Seen]]) -> Iterator[RosterMismatch]:
    for sightings in unknown:
        name = clean_spaces(sightings[0].name)
        yield RosterMismatch(MismatchKind.JOURNAL_ONLY, name, name, None,
                             f"в журнале: {_places(sightings)}", CHECK_UNKNOWN,
                             _first_where(sightings))


def _order_no(class_: ClassRecord, student: Student, event: Event) -> str:
    """«, приказ № 45» from «Движение», when the teacher recorded it."""
    found = next((m.order for m in class_.movements if m.student_number == student.number
                  and student.number is not None and m.event is event and m.order), None)
    return f", приказ № {clean_spaces(found).removeprefix('№').strip()}" if found else ""


def _not_in_journal(class_: ClassRecord, known: dict[Student, list[_Seen]],
                    today: date) -> Iterator[RosterMismatch]:
    """Students on the roll today the journal never names; an arrival date says why."""
    for student in class_.students:
        if student in known or not student.name.strip() or not student.enrolled_on(today):
            continue
        arrived = student.arrival_date
        if arrived is not None:
            details = (f"прибыл {arrived:%d.%m.%Y}{_order_no(class_, student, Event.ARRIVED)}; "
                       "в журнале не найден")
            yield RosterMismatch(
                MismatchKind.ARRIVED_NOT_IN_JOURNAL, student.name, None, student.number,
                details, f"{TELL_ADMIN}: внести ученика в журнал с {arrived:%d.%m.%Y}",
                class_.where(STUDENTS.name, student.row, "arrival_date"))
        else:
            yield RosterMismatch(
                MismatchKind.WORKBOOK_ONLY, student.name, None, student.number,
                "в журнале не найден ни в одном предмете", TELL_ADMIN,
                class_.where(STUDENTS.name, student.row, "last_name"))


def _departed(class_: ClassRecord, journal: Journal, known: dict[Student, list[_Seen]],
              today: date) -> Iterator[RosterMismatch]:
    """Students who left (on or before today) whom the journal still keeps after that day."""
    lessons: list[Lesson] | None = None
    for student, sightings in known.items():
        left = student.leaving_date
        if left is None or left > today:
            continue
        if lessons is None:
            lessons = list(lessons_by_id(all_lessons(journal)).values())
        late = [s for s in sightings if s.day is not None and s.day >= left]
        listed = [s for s in sightings if s.roll is not None and _goes_past(s.roll, lessons, left)]
        if not late and not listed:
            continue
        details = (f"выбыл {left:%d.%m.%Y}{_order_no(class_, student, Event.LEFT)}; "
                   f"{_after_leaving(late, listed)}")
        yield RosterMismatch(
            MismatchKind.DEPARTED_IN_JOURNAL, student.name, clean_spaces(sightings[0].name),
            student.number, details,
            f"{TELL_ADMIN}: исключить ученика из журнала с {left:%d.%m.%Y}",
            _first_where(late) or _first_where(listed))


def _goes_past(roll: SubjectRoll, lessons: list[Lesson], left: date) -> bool:
    return any(lesson.date >= left and roll_matches(roll, lesson) for lesson in lessons)


def _after_leaving(late: list[_Seen], listed: list[_Seen]) -> str:
    """«после выбытия: отметки или пропуски 23.11–26.11 (Алгебра); в списке: Физика»."""
    parts = []
    if late:
        days = sorted(s.day for s in late if s.day is not None)
        span = f"{days[0]:%d.%m}" if days[0] == days[-1] else f"{days[0]:%d.%m}–{days[-1]:%d.%m}"
        parts.append(f"отметки или пропуски {span} ({_places(late)})")
    if listed:
        parts.append(f"в списке предмета с уроками после выбытия: {_places(listed)}")
    return "после выбытия в журнале: " + "; ".join(parts)


def _variants(class_: ClassRecord, seen: list[_Seen],
              names: dict[str, Student | None]) -> Iterator[Problem]:
    """One warning per journal spelling matched only through normalisation."""
    checked: set[str] = set()
    for sighting in seen:
        student, spelling = names[sighting.name], clean_spaces(sighting.name)
        if student is None or spelling in checked:
            continue
        checked.add(spelling)
        if not spelled_differently(spelling, student):
            continue
        where = _first_where(s for s in seen if clean_spaces(s.name) == spelling)
        yield JOURNAL_NAME_VARIANT(
            where or class_.where(STUDENTS.name, student.row, "last_name"),
            journal=spelling, workbook=student.name, number=student.number)


def _order(mismatch: RosterMismatch) -> tuple[object, ...]:
    number = mismatch.number if mismatch.number is not None else 10**6
    return (list(MismatchKind).index(mismatch.kind), number, name_key(mismatch.student_name))
