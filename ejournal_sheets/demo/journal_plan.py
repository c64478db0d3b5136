"""Who and when the planted journal problems are about, and the notes they need on «Пропуски».

Every dated problem falls on a school day of `school_week(today)`. A note the problems need
is taken from «Пропуски» when one falls in that week, or added to the rows (and so to the
workbook) when none does.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from ejournal_sheets.dates import school_week
from ejournal_sheets.demo.journal_data import current_period
from ejournal_sheets.demo.journal_marks import CODES, Noted, read_notes
from ejournal_sheets.demo.journal_pupils import draw_ability
from ejournal_sheets.demo.journal_records import STREAM, Guardian, Pupil
from ejournal_sheets.demo.roster import GROUPS
from ejournal_sheets.demo.school_days import is_school_day
from ejournal_sheets.demo.sheets import row_of
from ejournal_sheets.model import Reason
from ejournal_sheets.names import full_name, has_latin, name_key
from ejournal_sheets.schema import ABSENCES

Row = dict[str, object]
FrozenRows = Mapping[str, tuple[Mapping[str, object], ...]]

# The student only the journal lists (and spare names, should the class have the surname).
EXTRA_NAMES: tuple[tuple[str, str, str], ...] = (("Новиков", "Артём", "Игоревич"),
                                                 ("Кравцов", "Артём", "Игоревич"))  # fmt: skip
EXTRA_PARENT = "{surname}а Ирина Сергеевна"
YO_NAME = "Артём"  # given to a boy when no student has «ё» in the name
MAX_WEEKS_BACK = 3  # how far back a holiday week's problems may move
ILL, UNEXCUSED = CODES[Reason.ILL.value], CODES[Reason.UNEXCUSED.value]


@dataclass(frozen=True)
class Pick:
    """A student (№ on «Ученики») and a day of the week a problem is planted on."""

    number: int
    day: date


@dataclass(frozen=True)
class Plan:
    """The students and days of the planted journal problems."""

    week: tuple[date, ...]  # school days of the week, up to today
    ill: Pick  # a whole-day illness note: one lesson gets «н»
    unexcused: Pick  # a «без уважительной» note: one lesson gets «Б»
    whole_day: Pick  # a whole-day note: one lesson gets a mark
    unexplained: tuple[int, ...]  # no note all week: one lesson of the first who can gets «н»
    wrong_group: int  # a group-1 student marked in a group-2 lesson
    workbook_only: int
    arrived: int | None
    departed: int | None
    yo: int  # written with «е» for «ё» in the journal
    latin: int | None  # the workbook's Latin look-alike, written right in the journal
    extra: Pupil  # listed only by the journal
    names: Mapping[int, str]  # ФИО of every student as on «Ученики»

    @property
    def missing(self) -> tuple[int, ...]:
        """Students left out of every export."""
        return tuple(n for n in (self.workbook_only, self.arrived) if n is not None)


def week_days(today: date, first: date) -> tuple[date, ...]:
    """School days of `school_week(today)` up to and including today.

    When holidays leave that week without lessons so far, the latest earlier week with
    school days since `first` (the period's start) stands in for it.
    """
    week = school_week(today)
    for back in range(MAX_WEEKS_BACK + 1):
        monday = week.start - timedelta(weeks=back)
        days = tuple(day for day in (monday + timedelta(days=n) for n in range(6))
                     if first <= day <= today and is_school_day(day))  # fmt: skip
        if days:
            return days
    raise ValueError(f"До {today:%d.%m.%Y} в четверти нет учебных дней: демонстрационному "
                     "журналу не на чем показать ошибки.")  # fmt: skip


def plan_plants(
    rows: FrozenRows, today: date, seed: int, spared: Collection[int] = ()
) -> tuple[FrozenRows, Plan]:
    """Choose the students (never the `spared` ones) and days; return the rows (maybe with
    notes added) and the plan."""
    rng = random.Random(f"{STREAM}:{seed}:plan")
    changed = {sheet: [dict(row) for row in sheet_rows] for sheet, sheet_rows in rows.items()}
    week = week_days(today, current_period(today)[1].start)
    students = changed["Ученики"]
    latin = _number_where(students, lambda s: has_latin(f"{s['last_name']} {s['first_name']}"))
    pool = [int(str(s["number"])) for s in students
            if not s["arrival_date"] and not s["leaving_date"] and s["number"] != latin
            and s["study_form"] == "очная" and s["number"] not in spared]  # fmt: skip
    yo = _yo_student(students, pool, rng)
    pool.remove(yo)
    rng.shuffle(pool)
    notes = read_notes(changed["Пропуски"])
    used: list[int] = []
    workbook_only = _take(pool, used, lambda n: not any(note.number == n for note in notes))
    ill, unexcused, whole_day = _noted_picks(changed, pool, used, week, rng)
    unexplained, wrong_group = _free_picks(changed, pool, used, week)
    changed["Пропуски"].sort(key=lambda row: (row["date_from"], row["student_number"]))
    plan = Plan(
        week=week, ill=ill, unexcused=unexcused, whole_day=whole_day, unexplained=unexplained,
        wrong_group=wrong_group, workbook_only=workbook_only,
        arrived=_number_where(students, lambda s: bool(s["arrival_date"])),
        departed=_number_where(students, lambda s: bool(s["leaving_date"])),
        yo=yo, latin=latin, extra=extra_pupil(students, seed), names=_names(students),
    )  # fmt: skip
    return _frozen(changed), plan


def _noted_picks(
    rows: dict[str, list[Row]], pool: Sequence[int], used: list[int], week: Sequence[date],
    rng: random.Random,
) -> tuple[Pick, Pick, Pick]:  # fmt: skip
    """An illness, a «без уважительной» and a whole-day note in the week, each for another
    student."""
    ill = _noted(rows, pool, used, week, rng, Reason.ILL, lambda note: note.code == ILL)
    unexcused = _noted(rows, pool, used, week, rng, Reason.UNEXCUSED,
                       lambda note: note.code == UNEXCUSED)  # fmt: skip
    whole_day = _noted(rows, pool, used, week, rng, Reason.EXCUSED, lambda note: not note.lessons)
    return ill, unexcused, whole_day


def _free_picks(
    rows: dict[str, list[Row]], pool: Sequence[int], used: list[int], week: Sequence[date]
) -> tuple[tuple[int, ...], int]:
    """Students no note covers all week: one (group 1) for the other group, the others as
    candidates for the «н» (the first with a lesson without a mark gets it)."""
    notes = read_notes(rows["Пропуски"])
    first_group = {row["student_number"] for row in rows["Группы"] if row["group"] == GROUPS[0][0]}

    def free(number: int) -> bool:
        return all(_free_day(notes, number, day) for day in week)

    wrong_group = _take(pool, used, lambda n: n in first_group and free(n))
    return tuple(n for n in pool if n not in used and free(n)), wrong_group


def _names(students: Sequence[Row]) -> Mapping[int, str]:
    """ФИО of each student as «Ученики» has it, by №."""
    return MappingProxyType({
        int(str(s["number"])): full_name(*(str(s[f] or "") for f in (
            "last_name", "first_name", "patronymic")))
        for s in students
    })  # fmt: skip


def _number_where(students: Sequence[Row], test: Callable[[Row], bool]) -> int | None:
    found = next((s for s in students if test(s)), None)
    return int(str(found["number"])) if found else None


def _take(pool: Sequence[int], used: list[int], test: Callable[[int], bool]) -> int:
    """The first student of the (shuffled) pool, not used yet, passing `test`."""
    number = next(n for n in pool if n not in used and test(n))
    used.append(number)
    return number


def _yo_student(students: list[Row], pool: Sequence[int], rng: random.Random) -> int:
    """A student with «ё» in the name; when there is none, a boy of the pool becomes «Артём»."""
    for student in students:
        name = f"{student['last_name']} {student['first_name']}"
        if "ё" in name.casefold() and int(str(student["number"])) in pool:
            return int(str(student["number"]))
    boys = [s for s in students if s["sex"] == "М" and int(str(s["number"])) in pool]
    boy = rng.choice(boys)
    boy["first_name"] = YO_NAME
    return int(str(boy["number"]))


def _free_day(notes: Sequence[Noted], number: int, day: date) -> bool:
    return not any(note.number == number and note.covers_day(day) for note in notes)


def _noted(
    rows: dict[str, list[Row]], pool: Sequence[int], used: list[int], week: Sequence[date],
    rng: random.Random, reason: Reason, fits: Callable[[Noted], bool],
) -> Pick:  # fmt: skip
    """A note of the pool's students in the week that `fits`; else a new one-day note.

    A new note goes on a day before today when the week has one (`week[:-1]` may hold today).
    """
    for note in read_notes(rows["Пропуски"]):
        days = [day for day in week if note.covers_day(day)]
        if note.number in pool and note.number not in used and days and fits(note):
            used.append(note.number)
            return Pick(note.number, days[0])
    notes = read_notes(rows["Пропуски"])
    number = _take(pool, used, lambda n: all(_free_day(notes, n, day) for day in week))
    day = rng.choice(week[:-1] or week)
    rows["Пропуски"].append(_note_row(rng, number, day, reason))
    return Pick(number, day)


def _note_row(rng: random.Random, number: int, day: date, reason: Reason) -> Row:
    """A one-day note as `absences.py` writes them: illness with a certificate, and so on."""
    lessons, document = {
        Reason.ILL: (None, f"Справка № {rng.randint(100, 999)}"),
        Reason.EXCUSED: (None, "Заявление родителей"),
        Reason.UNEXCUSED: ("5, 6", None),
    }[reason]
    return row_of(ABSENCES, student_number=number, date_from=day, date_to=day, lessons=lessons,
                  reason=reason.value, document=document)  # fmt: skip


def extra_pupil(students: Sequence[Row], seed: int) -> Pupil:
    """«Новиков Артём»: a student the journal lists but «Ученики» does not."""
    # No namesake in the class, not even by surname, so nobody mistakes one for the other.
    taken = {name_key(str(s["last_name"])).removesuffix("а") for s in students}
    last, first, middle = next(n for n in EXTRA_NAMES if name_key(n[0]) not in taken)
    name = f"{last} {first}"
    return Pupil(
        number=None, name=name, full_name=f"{name} {middle}", group=GROUPS[1][0],
        ability=draw_ability(seed, name),
        guardians=(Guardian(EXTRA_PARENT.format(surname=last), True),),
    )  # fmt: skip


def with_notes(rows: FrozenRows, notes: Sequence[Row]) -> FrozenRows:
    """The rows with `notes` added to «Пропуски», kept in date order."""
    changed = {sheet: [dict(row) for row in sheet_rows] for sheet, sheet_rows in rows.items()}
    changed["Пропуски"] += notes
    changed["Пропуски"].sort(key=lambda row: (row["date_from"], row["student_number"]))
    return _frozen(changed)


def _frozen(rows: Mapping[str, list[Row]]) -> FrozenRows:
    return MappingProxyType({sheet: tuple(MappingProxyType(row) for row in sheet_rows)
                             for sheet, sheet_rows in rows.items()})  # fmt: skip
