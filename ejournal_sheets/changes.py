"""Monthly data verification (duties 2.28, 2.36): snapshots of the class data and what changed."""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ejournal_sheets.dates import date_words
from ejournal_sheets.model import ClassRecord, Consent, Parent, Student
from ejournal_sheets.names import clean_spaces, full_name, name_key, strip_control
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.schema import CONSENTS, PARENTS, STUDENTS

SNAPSHOT_DAMAGED = Code(
    "snapshot-damaged", Severity.WARNING, "Снимок данных класса повреждён",
    "Снимок данных класса {name} повреждён или не читается; он пропущен при сверке.",
    "Удалите или переименуйте файл {name} в папке .ejournal/snapshots: сверка сделана "
    "по более раннему снимку, если он есть.")  # fmt: skip

SNAPSHOTS_DIR = "snapshots"
VERSION = 1
STUDENTS_SECTION, PARENTS_SECTION, CONSENTS_SECTION, GROUPS_SECTION = (
    "Ученики", "Родители", "Согласия", "Группы")  # fmt: skip
SECTIONS = (STUDENTS_SECTION, PARENTS_SECTION, CONSENTS_SECTION, GROUPS_SECTION)
ADDED, REMOVED, CHANGED = "добавлен", "удалён", "изменён"

# (model field, Russian column header) in the order the workbook shows them; notes never.
STUDENT_FIELDS = (
    ("name", "ФИО"),
    *((f, STUDENTS.column(f).header) for f in ("sex", "birth_date", "arrival_date",
                                               "leaving_date", "study_form", "address")),
)
PARENT_FIELDS = (
    ("name", "ФИО"),
    *((f, PARENTS.column(f).header) for f in ("relation", "phone", "email", "channel",
                                              "access_date")),
)
CONSENT_FIELDS = tuple((f, CONSENTS.column(f).header) for f in (
    "parent", "pd_consent", "pd_withdrawn", "electronic", "regulation_date"))
DATE_FIELDS = frozenset({"birth_date", "arrival_date", "leaving_date", "access_date",
                         "pd_consent", "pd_withdrawn", "regulation_date"})
_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}")

Text = str | None
Record = Mapping[str, Text]
PersonKey = tuple[int, str]  # (№ ученика, name_key of the parent's ФИО)
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Snapshot:
    """The class data as it stood on a day: normalised text, JSON-able, no private notes."""

    students: Mapping[int, Record] = field(default_factory=dict)
    parents: Mapping[PersonKey, Record] = field(default_factory=dict)
    consents: Mapping[PersonKey, Record] = field(default_factory=dict)
    groups: Mapping[tuple[int, str], str] = field(default_factory=dict)  # (№, предмет) → группа

    def to_dict(self) -> dict[str, Any]:
        """Plain lists of records sorted by key, ready for json.dumps."""
        return {
            "version": VERSION,
            "students": [{"number": n, **r} for n, r in sorted(self.students.items())],
            "parents": _people_list(self.parents),
            "consents": _people_list(self.consents),
            "groups": [{"student_number": n, "subject": s, "group": g}
                       for (n, s), g in sorted(self.groups.items())],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """The snapshot back from `to_dict()`; ValueError when the data is not one."""
        if not isinstance(data, Mapping) or data.get("version") != VERSION:
            raise ValueError("not a snapshot of a known version")
        return cls(
            students={_typed(i, "number", int): _record(i, STUDENT_FIELDS)
                      for i in _items(data, "students")},
            parents=_people_dict(_items(data, "parents"), PARENT_FIELDS),
            consents=_people_dict(_items(data, "consents"), CONSENT_FIELDS),
            groups={_pair(i, "subject"): _typed(i, "group", str) for i in _items(data, "groups")},
        )


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots, worded for the teacher."""

    section: str  # «Ученики», «Родители», «Согласия», «Группы»
    kind: str  # «добавлен», «удалён», «изменён»
    who: str  # «№ 5 Иванов Пётр» / «Иванова Мария Петровна (мать ученика № 5)»
    field: str  # Russian column header; empty for a whole record added or removed
    old: str | date | None = None
    new: str | date | None = None


@dataclass(frozen=True)
class MonthlyChanges:
    """Result of the monthly verification: what changed since the previous snapshot."""

    previous: date | None
    changes: tuple[Change, ...]
    reminder: str | None
    problems: tuple[Problem, ...] = ()
    saved: Path | None = None


# --- building a snapshot -------------------------------------------------------------------

def snapshot(class_: ClassRecord) -> Snapshot:
    """The normalised picture of the workbook; rows without a № are left out (checks tell)."""
    students: dict[int, Record] = {}
    for s in class_.students:
        if s.number is not None:
            students.setdefault(s.number, _student_record(s))
    parents: dict[PersonKey, Record] = {}
    for p in class_.parents:
        if p.student_number is not None and p.key:
            parents.setdefault((p.student_number, p.key), _parent_record(p))
    consents: dict[PersonKey, Record] = {}
    for c in class_.consents:
        if c.student_number is not None and c.parent and name_key(c.parent):
            consents.setdefault((c.student_number, name_key(c.parent)), _consent_record(c))
    return Snapshot(students, parents, consents, _groups(class_))


def _student_record(s: Student) -> Record:
    return {"name": _text(s.name), "sex": _text(s.sex), "birth_date": _text(s.birth_date),
            "arrival_date": _text(s.arrival_date), "leaving_date": _text(s.leaving_date),
            "study_form": _text(s.study_form or "очная"), "address": _text(s.address)}


def _parent_record(p: Parent) -> Record:
    return {"name": _text(p.name), "relation": _text(p.relation),
            "phone": _text(p.phone or p.phone_raw), "email": _text(p.email or p.email_raw),
            "channel": _text(p.channel), "access_date": _text(p.access_date)}


def _consent_record(c: Consent) -> Record:
    return {"parent": _text(c.parent), "pd_consent": _text(c.pd_consent),
            "pd_withdrawn": _text(c.pd_withdrawn), "electronic": _text(c.electronic),
            "regulation_date": _text(c.regulation_date)}


def _groups(class_: ClassRecord) -> dict[tuple[int, str], str]:
    """(№, предмет) → группа; two groups of one subject are kept together, «1 группа, 2 группа»."""
    found: dict[tuple[int, str], set[str]] = {}
    for g in class_.groups:
        subject, group = _text(g.subject), _text(g.group)
        if g.student_number is not None and subject and group:
            found.setdefault((g.student_number, subject), set()).add(group)
    return {key: ", ".join(sorted(groups)) for key, groups in found.items()}


def _text(value: object) -> Text:
    """One comparable text: dates ISO, Да/Нет, spaces and control characters cleaned."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Да" if value else "Нет"
    if isinstance(value, date):
        return value.isoformat()
    return clean_spaces(strip_control(str(value))) or None


# --- reading a snapshot back ----------------------------------------------------------------

def _people_list(people: Mapping[PersonKey, Record]) -> list[dict[str, Any]]:
    return [{"student_number": n, "key": k, **r} for (n, k), r in sorted(people.items())]


def _people_dict(items: Iterable[Mapping[str, Any]],
                 fields: tuple[tuple[str, str], ...]) -> dict[PersonKey, Record]:
    return {_pair(i, "key"): _record(i, fields) for i in items}


def _items(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    items = data.get(name)
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise ValueError(f"{name} is not a list of records")
    return items


def _record(item: Mapping[str, Any], fields: tuple[tuple[str, str], ...]) -> Record:
    values = {name: item.get(name) for name, _ in fields}
    if not all(v is None or isinstance(v, str) for v in values.values()):
        raise ValueError("a value is neither text nor empty")
    return values


def _pair(item: Mapping[str, Any], name: str) -> tuple[int, str]:
    return _typed(item, "student_number", int), _typed(item, name, str)


def _typed(item: Mapping[str, Any], name: str, kind: type[Any]) -> Any:
    value = item.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"{name} is not {kind.__name__}")
    return value


# --- comparing ------------------------------------------------------------------------------

def compare(old: Snapshot, new: Snapshot) -> tuple[Change, ...]:
    """Every difference, by section, then №, then who, then the column order of the workbook."""
    names = _Names(old, new)
    parts: tuple[Iterable[tuple[tuple[Any, ...], Change]], ...] = (
        _diff(STUDENTS_SECTION, STUDENT_FIELDS, old.students, new.students,
              lambda n, _: names.student(n), lambda n: n),
        _diff(PARENTS_SECTION, PARENT_FIELDS, old.parents, new.parents,
              lambda k, r: names.parent(k, r.get("name")), lambda k: k[0]),
        _diff(CONSENTS_SECTION, CONSENT_FIELDS, old.consents, new.consents,
              lambda k, r: names.parent(k, r.get("parent")), lambda k: k[0]),
        _group_changes(old.groups, new.groups, names),
    )
    return tuple(change for part in parts for _, change in sorted(part, key=lambda p: p[0]))


def _diff(section: str, fields: tuple[tuple[str, str], ...], old: Mapping[K, Record],
          new: Mapping[K, Record], who: Callable[[K, Record], str],
          number: Callable[[K], int]) -> Iterator[tuple[tuple[Any, ...], Change]]:
    """Records added, removed, and each changed field of the records in both."""
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        label = who(key, after if after is not None else before or {})
        if before is None or after is None:
            kind = ADDED if before is None else REMOVED
            yield (number(key), label, -1), Change(section, kind, label, "")
            continue
        for rank, (name, header) in enumerate(fields):
            if before.get(name) != after.get(name):
                change = Change(section, CHANGED, label, header,
                                _shown(name, before.get(name)), _shown(name, after.get(name)))
                yield (number(key), label, rank), change


def _group_changes(old: Mapping[tuple[int, str], str], new: Mapping[tuple[int, str], str],
                   names: _Names) -> Iterator[tuple[tuple[Any, ...], Change]]:
    """A move between groups of a subject is one change; joining or leaving one is added/removed."""
    for number, subject in old.keys() | new.keys():
        before, after = old.get((number, subject)), new.get((number, subject))
        if before != after:
            kind = ADDED if before is None else REMOVED if after is None else CHANGED
            label = names.student(number)
            yield (number, subject), Change(GROUPS_SECTION, kind, label, subject, before, after)


def _shown(name: str, value: Text) -> str | date | None:
    """Snapshot text as the report shows it: dates back as dates."""
    if value is not None and name in DATE_FIELDS:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class _Names:
    """How people are called in the report, from the new snapshot or else the old one."""

    old: Snapshot
    new: Snapshot

    def _student(self, number: int) -> Record:
        return self.new.students.get(number) or self.old.students.get(number) or {}

    def student(self, number: int) -> str:
        """«№ 5 Иванов Пётр Сергеевич»."""
        return full_name(f"№ {number}", self._student(number).get("name"))

    def parent(self, key: PersonKey, name: Text) -> str:
        """«Иванова Мария Петровна (мать ученика № 5)»; «родитель» when the relation is unknown."""
        person = self.new.parents.get(key) or self.old.parents.get(key) or {}
        relation = person.get("relation") or "родитель"
        pupil = "ученицы" if self._student(key[0]).get("sex") == "Ж" else "ученика"
        return f"{name or key[1]} ({relation} {pupil} № {key[0]})"


# --- files ----------------------------------------------------------------------------------

def snapshot_path(state_dir: Path, day: date) -> Path:
    """.ejournal/snapshots/<YYYY-MM-DD>.json"""
    return Path(state_dir) / SNAPSHOTS_DIR / f"{day.isoformat()}.json"


def save_snapshot(state_dir: Path, snapshot: Snapshot, day: date) -> Path:
    """Write the day's snapshot atomically (UTF-8, Cyrillic as is, sorted keys)."""
    text = json.dumps(snapshot.to_dict(), ensure_ascii=False, sort_keys=True, indent=1)
    return write_text_atomic(snapshot_path(state_dir, day), text + "\n")


def read_snapshot(path: Path) -> Snapshot:
    """One snapshot file; ValueError when it is damaged or unreadable."""
    try:
        return Snapshot.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, TypeError, KeyError, AttributeError) as exc:
        raise ValueError(str(exc)) from exc


def snapshot_days(state_dir: Path) -> tuple[date, ...]:
    """Days that have a snapshot file, oldest first (temp and foreign files ignored)."""
    folder = Path(state_dir) / SNAPSHOTS_DIR
    names = [p.stem for p in folder.glob("*.json")] if folder.is_dir() else []
    return tuple(sorted(day for n in names if (day := _day(n))))


def _day(text: str) -> date | None:
    """The date a file stem names, or None."""
    try:
        return date.fromisoformat(text) if _DAY_FILE.fullmatch(text) else None
    except ValueError:
        return None


def latest_snapshot(
    state_dir: Path, before: date
) -> tuple[tuple[date, Snapshot] | None, tuple[Problem, ...]]:
    """((day, snapshot) of the newest readable one strictly before `before` or None, warnings)."""
    problems: list[Problem] = []
    for day in reversed(snapshot_days(state_dir)):
        if day >= before:
            continue
        path = snapshot_path(state_dir, day)
        try:
            return (day, read_snapshot(path)), tuple(problems)
        except ValueError:
            problems.append(SNAPSHOT_DAMAGED(Location(path), name=path.name))
    return None, tuple(problems)


# --- the monthly job ------------------------------------------------------------------------

def one_month_after(day: date) -> date:
    """Same day next month, or its last day when shorter: 31.10 → 30.11, 31.01 → 28.02."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reminder(last_check: date | None, today: date) -> str | None:
    """A reminder when the data was never checked or the last check is over a month old."""
    action = "Сверьте рабочую книгу с личными делами и журналом."
    if last_check is None:
        return f"Данные класса ещё ни разу не сверялись. {action}"
    if today <= one_month_after(last_check):
        return None
    return f"Данные класса не сверялись с {date_words(last_check)} (больше месяца). {action}"


def run_monthly_changes(class_: ClassRecord, state_dir: Path, today: date) -> MonthlyChanges:
    """Compare with the latest snapshot before today, then save today's (a re-run replaces it)."""
    found, problems = latest_snapshot(state_dir, today)
    current = snapshot(class_)
    previous = found[0] if found else None
    changes = compare(found[1], current) if found else ()
    saved = save_snapshot(state_dir, current, today)
    return MonthlyChanges(previous, changes, reminder(previous, today), problems, saved)
