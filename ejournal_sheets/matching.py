"""Match names as the journal writes them to the workbook's people (ё/е, Latin, short forms)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from ejournal_sheets.journal_model import Journal
from ejournal_sheets.model import Student
from ejournal_sheets.names import clean_spaces, name_key


def _initials(words: list[str]) -> str:
    return " ".join([words[0], *(w[0] + "." for w in words[1:3] if w)])


def name_forms(last: str | None, first: str | None, patronymic: str | None,
               key: Callable[[str], str] = name_key) -> tuple[str, ...]:
    """Keys a person can be written by: full, «Фамилия Имя», «Фамилия И.О.», «Фамилия И.»."""
    words = [key(w) for w in (last, first, patronymic) if w and w.strip()]
    if not words:
        return ()
    forms = [" ".join(words), " ".join(words[:2]), _initials(words), _initials(words[:2])]
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=1 << 14)
def journal_forms(text: str) -> tuple[str, ...]:
    """Keys to look a journal name up by: as written, and initials written together («И.О.»)."""
    key = name_key(text)
    spaced = key.replace(".", ". ").replace("  ", " ").strip()
    return tuple(dict.fromkeys((key, clean_spaces(spaced))))


@dataclass(frozen=True)
class StudentIndex:
    """Finds the workbook's student for a journal name; ambiguous short forms match nobody."""

    by_form: dict[str, tuple[Student, ...]]

    @classmethod
    def of(cls, students: Iterable[Student]) -> StudentIndex:
        found: dict[str, list[Student]] = defaultdict(list)
        for student in students:
            for form in name_forms(student.last_name, student.first_name, student.patronymic):
                found[form].append(student)
        return cls({form: tuple(group) for form, group in found.items()})

    def find(self, journal_name: str) -> Student | None:
        for form in journal_forms(journal_name):
            candidates = self.by_form.get(form, ())
            if len(candidates) == 1:
                return candidates[0]
        return None


def spelled_differently(journal_name: str, student: Student) -> bool:
    """True when the names match only after normalising (ё/е, Latin look-alikes, NFC)."""
    forms = name_forms(student.last_name, student.first_name, student.patronymic, _light_key)
    return _light_key(journal_name) not in forms and \
        _light_key(journal_name.replace(".", ". ")) not in forms


def _light_key(text: str) -> str:
    """Only spaces and case ignored: what counts as «the same spelling»."""
    return clean_spaces(text).casefold()


def known_students(journal: Journal, index: StudentIndex) -> frozenset[Student]:
    """Workbook students the journal names in a roll, a cell or a period mark (a student it
    does not know is the roster reconciliation's finding, not a teacher's or a family's)."""
    names = {name for roll in journal.rolls for name in roll.students}
    names |= {cell.student for cell in journal.cells}
    names |= {mark.student for mark in journal.period_marks}
    return frozenset(s for s in map(index.find, names) if s is not None)
