"""The class workbook's students as the e-journal lists them, each with a seeded ability."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from ejournal_sheets.demo.journal_records import STREAM, Guardian, Pupil
from ejournal_sheets.model import Channel
from ejournal_sheets.names import LOOKALIKES, full_name, name_key

Rows = Mapping[str, Sequence[Mapping[str, object]]]

# Strong, average and weak students: (share of the class, mean mark, spread of the mean).
LEVELS: tuple[tuple[float, float, float], ...] = ((0.25, 4.55, 0.15), (0.5, 3.95, 0.2),
                                                  (0.25, 3.3, 0.15))  # fmt: skip


def make_pupils(
    rows: Rows, seed: int, *, missing: Collection[int] = (), plain_yo: Collection[int] = (),
    extra: Sequence[Pupil] = (),
) -> tuple[Pupil, ...]:  # fmt: skip
    """Every student of «Ученики» but `missing`, plus `extra`, in the journal's order.

    The journal spells names right (no Latin look-alikes) and, for the students in
    `plain_yo`, with «е» where the workbook has «ё».
    """
    groups = {row["student_number"]: str(row["group"]) for row in rows["Группы"]}
    pupils = [
        _pupil(row, groups, _guardians(rows, row["number"]), seed, row["number"] in plain_yo)
        for row in rows["Ученики"]
        if row["number"] not in missing
    ]
    return tuple(sorted([*pupils, *extra], key=lambda pupil: name_key(pupil.full_name)))


def _pupil(
    row: Mapping[str, object], groups: Mapping[object, str],
    guardians: tuple[tuple[Guardian, ...], bool], seed: int, plain_yo: bool,
) -> Pupil:  # fmt: skip
    number = int(str(row["number"]))
    last, first, middle = (journal_spelling(_text(row[f]), plain_yo)
                           for f in ("last_name", "first_name", "patronymic"))  # fmt: skip
    workbook_name = full_name(_text(row["last_name"]), _text(row["first_name"]),
                              _text(row["patronymic"]))  # fmt: skip
    return Pupil(
        number=number,
        name=full_name(last, first),
        full_name=full_name(last, first, middle),
        workbook_name=workbook_name,
        arrival=_date(row["arrival_date"]),
        leaving=_date(row["leaving_date"]),
        group=groups.get(number, ""),
        ability=draw_ability(seed, f"№{number}"),
        paper=guardians[1],
        guardians=guardians[0],
    )


def _guardians(rows: Rows, number: object) -> tuple[tuple[Guardian, ...], bool]:
    """The student's parents (with e-diary access or not) and whether the family is on paper."""
    parents = [row for row in rows["Родители"] if row["student_number"] == number]
    guardians = tuple(
        Guardian(full_name(_text(p["last_name"]), _text(p["first_name"]), _text(p["patronymic"])),
                 p["access_date"] is not None)
        for p in parents
    )  # fmt: skip
    paper = bool(parents) and all(p["channel"] == Channel.PAPER.value for p in parents)
    return guardians, paper


def journal_spelling(text: str, plain_yo: bool = False) -> str:
    """A name as the journal writes it: Cyrillic letters only, «ё» as «е» when `plain_yo`."""
    text = text.translate(LOOKALIKES)
    return text.replace("ё", "е").replace("Ё", "Е") if plain_yo else text


def draw_ability(seed: int, key: str) -> float:
    """The mean mark of a strong, average or weak student, from the student's own stream."""
    rng = random.Random(f"{STREAM}:{seed}:ability:{key}")
    shares = [share for share, _, _ in LEVELS]
    _, mean, spread = rng.choices(LEVELS, weights=shares)[0]
    return round(mean + rng.uniform(-spread, spread), 2)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None
