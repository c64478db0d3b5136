"""Student categories on period marks and the class indicators built on them (DESIGN §6).

The order of the checks (docs/statements.md): «н/а» anywhere → не аттестован; else a «2» (or
«1», or «незач») → неуспевающий by the number of such subjects; else one «3» and the rest 4–5 →
с одной «3»; any «3» → троечник; one «4» and the rest 5 → с одной «4»; all 5 → отличник;
4 and 5 → хорошист; no grades at all → нет отметок. «осв» and «зач» are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ejournal_sheets.codes import Mark, MarkKind
from ejournal_sheets.stats.subjects import grade_of, percent


class Category(StrEnum):
    """A student's category for a period; the value is what the statements print."""

    EXCELLENT = "отличник"
    ONE_FOUR = "с одной «4»"
    GOOD = "хорошист"
    ONE_THREE = "с одной «3»"
    SATISFACTORY = "троечник"
    FAILING_ONE = "неуспевающий по одному предмету"
    FAILING_TWO = "неуспевающий по двум предметам"
    FAILING_MORE = "неуспевающий по трём и более предметам"
    NOT_ASSESSED = "не аттестован"
    NO_MARKS = "нет отметок"


# Counted in качество знаний: «с одной 4» are хорошисты too.
QUALITY = frozenset({Category.EXCELLENT, Category.ONE_FOUR, Category.GOOD})
# Counted in успеваемость: everyone with marks and without «2» and «н/а».
SUCCEEDING = QUALITY | {Category.ONE_THREE, Category.SATISFACTORY}
FAILING = frozenset({Category.FAILING_ONE, Category.FAILING_TWO, Category.FAILING_MORE})


@dataclass(frozen=True, slots=True)
class StudentResult:
    """A student's category with the subjects that explain it.

    `subjects`: the subject of the one «4» or «3»; the subjects with «2»; the subjects with
    «н/а»; empty otherwise. `failing` and `not_assessed` list those subjects whatever the
    category (a не аттестован student may also have a «2»).
    """

    student: str
    number: int | None
    category: Category
    subjects: tuple[str, ...]
    failing: tuple[str, ...] = ()
    not_assessed: tuple[str, ...] = ()


def student_category(student: str, number: int | None,
                     marks: Mapping[str, Mark]) -> StudentResult:
    """The category from the student's period marks (subject → mark), subjects in given order."""
    grades = {subject: g for subject, mark in marks.items() if (g := grade_of(mark)) is not None}
    not_assessed = tuple(s for s, m in marks.items() if m.kind is MarkKind.NOT_ASSESSED)
    failing = tuple(s for s, m in marks.items()
                    if grades.get(s) == 2 or m.kind is MarkKind.FAIL)
    category, subjects = _category(grades, not_assessed, failing)
    return StudentResult(student, number, category, subjects, failing, not_assessed)


def _category(grades: Mapping[str, int], not_assessed: tuple[str, ...],
              failing: tuple[str, ...]) -> tuple[Category, tuple[str, ...]]:
    if not_assessed:
        return Category.NOT_ASSESSED, not_assessed
    if failing:
        by_count = {1: Category.FAILING_ONE, 2: Category.FAILING_TWO}
        return by_count.get(len(failing), Category.FAILING_MORE), failing
    if not grades:
        return Category.NO_MARKS, ()
    threes = tuple(s for s, g in grades.items() if g == 3)
    fours = tuple(s for s, g in grades.items() if g == 4)
    if len(threes) == 1:
        return Category.ONE_THREE, threes
    if threes:
        return Category.SATISFACTORY, ()
    if len(fours) == 1:
        return Category.ONE_FOUR, fours
    return (Category.GOOD if fours else Category.EXCELLENT), ()


@dataclass(frozen=True)
class ClassIndicators:
    """Class успеваемость and качество over the students on the roll, category counts."""

    on_roll: int
    counts: Mapping[Category, int]
    progress: float | None
    quality: float | None
    average: float | None
    succeeding: int = 0  # students counted in успеваемость
    good: int = 0  # students counted in качество (отличники, с одной «4», хорошисты)
    by_category: Mapping[Category, tuple[StudentResult, ...]] = field(
        default_factory=lambda: MappingProxyType({}))


def class_indicators(results: Sequence[StudentResult], on_roll: int,
                     marks: Iterable[Mark] = ()) -> ClassIndicators:
    """Indicators of the class; `results` are the students on the roll at the period's end."""
    counts = dict.fromkeys(Category, 0)
    grouped: dict[Category, list[StudentResult]] = {c: [] for c in Category}
    for result in results:
        counts[result.category] += 1
        grouped[result.category].append(result)
    succeeding = sum(counts[c] for c in SUCCEEDING)
    good = sum(counts[c] for c in QUALITY)
    grades = [g for mark in marks if (g := grade_of(mark)) is not None]
    return ClassIndicators(
        on_roll=on_roll,
        counts=MappingProxyType(counts),
        progress=percent(succeeding, on_roll),
        quality=percent(good, on_roll),
        average=sum(grades) / len(grades) if grades else None,
        succeeding=succeeding,
        good=good,
        by_category=MappingProxyType({c: tuple(found) for c, found in grouped.items()}),
    )
