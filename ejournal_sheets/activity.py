"""E-diary activity (duties 2.30, 2.40): who of the parents and students visits, and whom to call.

Rules:
- A visit is matched to a workbook parent by name forms («Фамилия Имя Отчество», «Фамилия И.О.»)
  among the parents of the student it names, else among all parents (one person with children
  in two rows counts for both); a student's visit is matched among the students. A visit that
  fits nobody goes to «не найдены в рабочей книге», not to an error.
- Last visit: the latest in the export, or the one remembered from the previous snapshot when
  that is later (an export of logins covers only its own dates).
- Status: «не заходил ни разу»; «не заходил N дней» when N ≥ rules.inactive_days; else «активен»
  (the words agree with the person: «не заходила», «активна»).
- Visits this week: logins dated in the school week; an aggregate export gives only a total,
  which is shown as the total (`aggregate` is then True).
- A family is a student on the roll today; it is active when any of its parents is active.
- The call list: parents who never visited or are inactive, and every parent informed on paper
  («на бумаге — выписка»), with the phone from the workbook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ejournal_sheets.filling import plural
from ejournal_sheets.journal_model import Journal, Visit
from ejournal_sheets.matching import StudentIndex, journal_forms, name_forms
from ejournal_sheets.model import Channel, ClassRecord, Parent, Student
from ejournal_sheets.names import name_key
from ejournal_sheets.settings import DateRange, Rules

PARENT = "родитель"
STUDENT = "ученик"
PAPER_REASON = "на бумаге — выписка"
FEMININE_RELATIONS = frozenset({"мать", "мама", "бабушка", "опекунша", "тетя", "сестра",
                                "мачеха", "попечительница"})


class Status(StrEnum):
    NEVER = "не заходил ни разу"
    INACTIVE = "не заходил"
    ACTIVE = "активен"


@dataclass(frozen=True)
class UserActivity:
    """A parent or a student of the class with their e-diary visits."""

    key: str
    role: str
    student: Student
    parent: Parent | None
    last_visit: date | None
    visits: int  # logins this week, or the export's total when `aggregate`
    aggregate: bool
    status: Status
    days: int | None  # days since the last visit

    @property
    def name(self) -> str:
        return self.parent.name if self.parent else self.student.name

    @property
    def label(self) -> str:
        """«не заходил 12 дней», «не заходила ни разу», «активен» — agreeing with the person."""
        she = self.feminine
        if self.status is Status.ACTIVE:
            return "активна" if she else "активен"
        verb = "не заходила" if she else "не заходил"
        if self.status is Status.INACTIVE and self.days is not None:
            return f"{verb} {plural(self.days, 'день', 'дня', 'дней')}"
        return f"{verb} ни разу"

    @property
    def feminine(self) -> bool:
        """By «Пол», else by «Кем приходится» (мать, бабушка…)."""
        sex = self.parent.sex if self.parent else self.student.sex
        if sex:
            return name_key(sex).startswith("ж")
        relation = name_key(self.parent.relation or "") if self.parent else ""
        return relation in FEMININE_RELATIONS


@dataclass(frozen=True)
class Call:
    """A parent to phone (or hand a paper extract to), with the reason."""

    student: Student
    parent: Parent
    reason: str


@dataclass(frozen=True)
class Unmatched:
    """A user of the visits export found neither among the parents nor among the students."""

    user: str
    role: str
    student: str | None
    last_visit: date | None
    visits: int


@dataclass(frozen=True)
class ActivitySnapshot:
    """What next week's review compares with: the share, who was active, last visits."""

    week: str
    families_active: int
    families_total: int
    active: frozenset[str] = frozenset()
    last_visits: Mapping[str, date] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        return self.families_active / self.families_total if self.families_total else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: user keys and dates only, no phones or emails."""
        return {"week": self.week, "families_active": self.families_active,
                "families_total": self.families_total, "active": sorted(self.active),
                "last_visits": {k: v.isoformat() for k, v in sorted(self.last_visits.items())}}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ActivitySnapshot:
        """The snapshot back from `to_dict` output (as history.load_latest returns it)."""
        active = data.get("active")
        return cls(str(data.get("week", "")), _int(data.get("families_active")),
                   _int(data.get("families_total")),
                   frozenset(map(str, active)) if isinstance(active, list) else frozenset(),
                   _dates(data.get("last_visits")))


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _dates(value: object) -> dict[str, date]:
    """Last visits by user key; an entry spoiled by hand is dropped, not fatal."""
    found: dict[str, date] = {}
    for key, text in (value.items() if isinstance(value, dict) else ()):
        try:
            found[str(key)] = date.fromisoformat(str(text))
        except ValueError:
            continue
    return found


@dataclass(frozen=True)
class Trend:
    """Week over week: the share of active families then and who changed."""

    previous_week: str
    previous_share: float | None
    previous_active: int  # families active then
    previous_total: int
    became_inactive: tuple[UserActivity, ...]
    became_active: tuple[UserActivity, ...]


@dataclass(frozen=True)
class ActivityReport:
    """The e-diary activity of a class for a school week."""

    week: DateRange
    today: date
    inactive_days: int
    parents: tuple[UserActivity, ...]
    students: tuple[UserActivity, ...]
    families_active: int
    families_total: int
    trend: Trend | None
    calls: tuple[Call, ...]
    unmatched: tuple[Unmatched, ...]

    @property
    def share(self) -> float | None:
        return self.families_active / self.families_total if self.families_total else None

    @property
    def aggregate(self) -> bool:
        """True when the visits came (at least partly) from an aggregate export."""
        return any(user.aggregate for user in (*self.parents, *self.students))

    def counts(self, role: str) -> Counter[Status]:
        """How many parents (or students) never visited, are inactive, are active."""
        users = self.parents if role == PARENT else self.students
        return Counter(user.status for user in users)

    def snapshot(self) -> ActivitySnapshot:
        """The part of this report next week's review needs."""
        users = (*self.parents, *self.students)
        return ActivitySnapshot(
            self.week.name, self.families_active, self.families_total,
            frozenset(u.key for u in users if u.status is Status.ACTIVE),
            {u.key: u.last_visit for u in users if u.last_visit is not None})


@dataclass
class _Tally:
    last: date | None = None
    visits: int = 0
    aggregate: bool = False

    def add(self, visit: Visit, week: DateRange, today: date) -> None:
        day = visit.last_visit.date() if visit.last_visit else None
        if day is not None and day <= today and (self.last is None or day > self.last):
            self.last = day
        if visit.count is not None:
            self.aggregate = True
            self.visits += visit.count
        elif day is not None and day in week and day <= today:
            self.visits += 1


def review_activity(journal: Journal, class_: ClassRecord, week: DateRange, today: date,
                    rules: Rules, previous: ActivitySnapshot | None) -> ActivityReport:
    """Review the visits export against the class workbook for the week ending `today`."""
    on_roll = [s for s in class_.students if s.enrolled_on(today)]
    tallies, unmatched = _tally(journal.visits, class_, week, today)
    remembered = previous.last_visits if previous else {}

    def user(key: str, role: str, student: Student, parent: Parent | None) -> UserActivity:
        tally = tallies.get(key, _Tally())
        last = max((d for d in (tally.last, remembered.get(key)) if d), default=None)
        days = (today - last).days if last else None
        status = Status.NEVER if days is None else \
            Status.INACTIVE if days >= rules.inactive_days else Status.ACTIVE
        return UserActivity(key, role, student, parent, last, tally.visits, tally.aggregate,
                            status, days)

    parents = tuple(user(_parent_key(p), PARENT, s, p)
                    for s in on_roll for p in class_.parents_of(s.number))
    students = tuple(user(_student_key(s), STUDENT, s, None) for s in on_roll)
    active = sum(1 for s in on_roll if any(p.student is s and p.status is Status.ACTIVE
                                           for p in parents))
    trend = _trend(previous, parents + students)
    return ActivityReport(week, today, rules.inactive_days, parents, students, active,
                          len(on_roll), trend, _calls(parents), unmatched)


def _parent_key(parent: Parent) -> str:
    return f"{PARENT}:{parent.student_number}:{parent.key}"


def _student_key(student: Student) -> str:
    return f"{STUDENT}:{student.number}:{student.key}"


def _tally(visits: Iterable[Visit], class_: ClassRecord, week: DateRange,
           today: date) -> tuple[dict[str, _Tally], tuple[Unmatched, ...]]:
    """Visits added up per user key; the ones matching nobody added up per name."""
    index = StudentIndex.of(class_.students)
    forms = _parent_forms(class_.parents)
    found: dict[str, _Tally] = {}
    lost: dict[tuple[str, str, str], tuple[Visit, _Tally]] = {}
    for visit in visits:
        keys = _owners(visit, class_, index, forms)
        if not keys:
            lost_key = (name_key(visit.user), name_key(visit.role), name_key(visit.student or ""))
            lost.setdefault(lost_key, (visit, _Tally()))[1].add(visit, week, today)
        for key in keys:
            found.setdefault(key, _Tally()).add(visit, week, today)
    return found, tuple(Unmatched(v.user, v.role, v.student, t.last, t.visits)
                        for v, t in lost.values())


def _parent_forms(parents: Iterable[Parent]) -> dict[str, list[Parent]]:
    forms: dict[str, list[Parent]] = {}
    for parent in parents:
        for form in name_forms(parent.last_name, parent.first_name, parent.patronymic):
            forms.setdefault(form, []).append(parent)
    return forms


def _owners(visit: Visit, class_: ClassRecord, index: StudentIndex,
            forms: dict[str, list[Parent]]) -> tuple[str, ...]:
    """User keys a visit belongs to: the parent(s) or the student; () when nobody fits."""
    role = name_key(visit.role)
    if role.startswith(("уч", "обуч")):
        student = index.find(visit.user)
        return (_student_key(student),) if student else ()
    child = index.find(visit.student) if visit.student else None
    parents = _find_parents(visit.user, forms, child.number if child else None) or \
        _find_parents(visit.user, forms, None)
    if parents or role:
        return tuple(_parent_key(p) for p in parents)
    student = index.find(visit.user)  # no role given: perhaps a student
    return (_student_key(student),) if student else ()


def _find_parents(user: str, forms: dict[str, list[Parent]],
                  number: int | None) -> tuple[Parent, ...]:
    """Parents written as `user` (of student `number` when given); one person only."""
    for form in journal_forms(user):
        found = [p for p in forms.get(form, ()) if number is None or p.student_number == number]
        if found and len({p.key for p in found}) == 1:
            return tuple(found)
    return ()


def _trend(previous: ActivitySnapshot | None, users: Sequence[UserActivity]) -> Trend | None:
    if previous is None:
        return None
    was = previous.active
    return Trend(previous.week, previous.share,
                 previous.families_active, previous.families_total,
                 tuple(u for u in users if u.key in was and u.status is not Status.ACTIVE),
                 tuple(u for u in users if u.key not in was and u.status is Status.ACTIVE))


def _calls(parents: Iterable[UserActivity]) -> tuple[Call, ...]:
    """Parents on paper, who never visited, or who stopped visiting — in the roll's order."""
    calls = []
    for user in parents:
        if user.parent is None:
            continue
        if user.parent.channel is Channel.PAPER:
            calls.append(Call(user.student, user.parent, PAPER_REASON))
        elif user.status is not Status.ACTIVE:
            calls.append(Call(user.student, user.parent, user.label))
    return tuple(calls)
