"""Study groups from «Группы» and teachers' names: who is in which group, whose lesson it is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from ejournal_sheets.journal_model import Lesson
from ejournal_sheets.model import ClassRecord, GroupMember
from ejournal_sheets.names import clean_spaces, name_key


@lru_cache(maxsize=1 << 12)
def teacher_words(name: str | None) -> tuple[str, ...]:
    """Surname and initials: («иванова», «а», «п») for «Иванова Анна Петровна», «Иванова А.П.»."""
    words = name_key(name or "").replace(".", " ").split()
    if not words:
        return ()
    return (words[0], *(w[0] for w in words[1:3]))


def teacher_key(name: str | None) -> str:
    """One key per teacher however the export writes the name: «иванова а п»."""
    return " ".join(teacher_words(name))


def teachers_match(first: str | None, second: str | None) -> bool:
    """Same surname, and the initials one name gives agree with the other's."""
    a, b = teacher_words(first), teacher_words(second)
    if not a or not b or a[0] != b[0]:
        return False
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _key(text: str | None) -> str:
    return name_key(text) if text and text.strip() else ""


@dataclass(frozen=True)
class Group:
    """One group of a split subject: its name as typed, its teacher and its students' №."""

    subject: str
    name: str
    teacher: str | None
    members: frozenset[int]


def _group(rows: list[GroupMember]) -> Group:
    teacher = next((clean_spaces(m.teacher) for m in rows if m.teacher and m.teacher.strip()),
                   None)
    members = frozenset(m.student_number for m in rows if m.student_number is not None)
    return Group(clean_spaces(rows[0].subject or ""), clean_spaces(rows[0].group or ""),
                 teacher, members)


@dataclass(frozen=True)
class Groups:
    """«Группы» by subject key → group key; a subject named there is split into its groups."""

    by_subject: Mapping[str, Mapping[str, Group]]

    @classmethod
    def of(cls, class_: ClassRecord) -> Groups:
        rows: dict[str, dict[str, list[GroupMember]]] = {}
        for member in class_.groups:
            subject, group = _key(member.subject), _key(member.group)
            if subject and group:
                rows.setdefault(subject, {}).setdefault(group, []).append(member)
        return cls(MappingProxyType({
            subject: MappingProxyType({key: _group(found) for key, found in groups.items()})
            for subject, groups in rows.items()
        }))

    def split(self, subject: str) -> bool:
        """The subject is taught in groups (it is named on «Группы»)."""
        return _key(subject) in self.by_subject

    def of_lesson(self, lesson: Lesson) -> Group | None:
        """The lesson's group: by the export's group name, else by its teacher, else unknown."""
        groups = self.by_subject.get(_key(lesson.subject), {})
        named = groups.get(_key(lesson.group))
        if named is not None:
            return named
        taught = [g for g in groups.values() if teachers_match(g.teacher, lesson.teacher)]
        return taught[0] if len(taught) == 1 else None

    def of_student(self, subject: str, number: int | None) -> Group | None:
        """The group of the subject the student is in on «Группы» (the first, if several)."""
        groups = self.by_subject.get(_key(subject), {})
        return next((g for g in groups.values() if number in g.members), None)
