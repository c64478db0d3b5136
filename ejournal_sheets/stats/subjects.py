"""Per-subject indicators of a period (DESIGN §6): N, counts, успеваемость, качество, СОУ.

Rules a teacher can check by hand (docs/statements.md):
- N = students attested: period marks 2–5 plus «н/а»; «осв», «зач» and «незач» are not in N.
- A period «1» counts as a «2» everywhere (n2, СОУ, средний балл).
- Percentages are returned unrounded; writers show one decimal. None when a denominator is 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ejournal_sheets.codes import Mark, MarkKind

TOTAL_SUBJECT = "Итого по классу"
SOU_WEIGHTS = {5: 100, 4: 64, 3: 36, 2: 16}
SOU_NOT_ASSESSED = 7


def weighted_average(marks: Iterable[Mark]) -> float | None:
    """Σ(value·weight) / Σ(weight) over grade marks only; None without grades."""
    total = weights = 0.0
    for mark in marks:
        if mark.kind is MarkKind.GRADE and mark.value is not None:
            total += mark.value * mark.weight
            weights += mark.weight
    return total / weights if weights > 0 else None


def percent(part: float, whole: float) -> float | None:
    """part / whole · 100, unrounded; None when the whole is 0."""
    return 100 * part / whole if whole else None


def grade_of(mark: Mark) -> int | None:
    """The grade a period mark counts as (2–5; a «1» is a 2), None for anything but a grade."""
    if mark.kind is not MarkKind.GRADE or mark.value is None:
        return None
    return max(2, min(5, mark.value))


@dataclass(frozen=True)
class SubjectStats:
    """One row of «Итоги успеваемости»: counts and indicators of a subject (or the total)."""

    subject: str
    teacher: str | None
    n: int
    n5: int
    n4: int
    n3: int
    n2: int
    n_na: int
    n_exempt: int
    n_pass: int
    progress: float | None
    quality: float | None
    sou: float | None
    average: float | None
    n_fail: int = 0  # «незач»: like «зач», not in N

    @property
    def graded(self) -> int:
        """Students with a grade 2–5 (the denominator of the average)."""
        return self.n5 + self.n4 + self.n3 + self.n2


def subject_stats(subject: str, teacher: str | None, marks: Iterable[Mark]) -> SubjectStats:
    """Indicators from the period marks of the students on the roll, one mark per student."""
    counts = {5: 0, 4: 0, 3: 0, 2: 0}
    other = {kind: 0 for kind in MarkKind}
    for mark in marks:
        grade = grade_of(mark)
        if grade is not None:
            counts[grade] += 1
        elif mark.kind is not MarkKind.GRADE:
            other[mark.kind] += 1
    return _stats(subject, teacher, counts, other[MarkKind.NOT_ASSESSED],
                  other[MarkKind.EXEMPT], other[MarkKind.PASS], other[MarkKind.FAIL])


def class_subject_total(stats: Sequence[SubjectStats]) -> SubjectStats:
    """The summary row «Итого по классу»: sums of the counts, indicators from the sums."""
    counts = {5: sum(s.n5 for s in stats), 4: sum(s.n4 for s in stats),
              3: sum(s.n3 for s in stats), 2: sum(s.n2 for s in stats)}
    return _stats(TOTAL_SUBJECT, None, counts, sum(s.n_na for s in stats),
                  sum(s.n_exempt for s in stats), sum(s.n_pass for s in stats),
                  sum(s.n_fail for s in stats))


def _stats(subject: str, teacher: str | None, counts: dict[int, int], n_na: int,
           n_exempt: int, n_pass: int, n_fail: int) -> SubjectStats:
    graded = sum(counts.values())
    n = graded + n_na
    sou_points = sum(SOU_WEIGHTS[g] * c for g, c in counts.items()) + SOU_NOT_ASSESSED * n_na
    return SubjectStats(
        subject=subject, teacher=teacher, n=n,
        n5=counts[5], n4=counts[4], n3=counts[3], n2=counts[2], n_na=n_na,
        n_exempt=n_exempt, n_pass=n_pass,
        progress=percent(counts[5] + counts[4] + counts[3], n),
        quality=percent(counts[5] + counts[4], n),
        sou=sou_points / n if n else None,
        average=sum(g * c for g, c in counts.items()) / graded if graded else None,
        n_fail=n_fail,
    )
