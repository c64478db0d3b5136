"""The deliberate journal ↔ workbook problems of the demo, each written down as a PlantedFinding.

`make_demo_journal` is the entry point: the clean journal agrees with the workbook in every
cell; the planted one differs exactly by the findings it returns (docs/reconciliation.md).
Both end with the current period's marks (journal_grades.py); the planted one also carries
the planted categories of that period (journal_cast.py), whose students no problem touches.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date

from ejournal_sheets.demo.journal_bench import Bench
from ejournal_sheets.demo.journal_cast import (
    LAGGARD,
    Cast,
    PlantedCategory,
    choose_cast,
    planted_categories,
    treatment_notes,
)
from ejournal_sheets.demo.journal_data import make_journal
from ejournal_sheets.demo.journal_grades import grade_current
from ejournal_sheets.demo.journal_marks import required_marks
from ejournal_sheets.demo.journal_plan import FrozenRows, plan_plants, with_notes
from ejournal_sheets.demo.journal_records import STREAM, DemoJournal, Entry
from ejournal_sheets.demo.roster import GROUPS
from ejournal_sheets.demo.timetable import LONG_TABLE_SUBJECTS, Slot

SILENT_LESSONS = 6  # no marks in its last six lessons: three weeks of Физика
NO_TOPIC_LESSONS = 3  # the last lessons without topic and homework


@dataclass(frozen=True)
class PlantedFinding:
    """A planted journal problem: the finding kind reconciliation or filling control gives."""

    kind: str
    date: date | None
    lesson_number: int | None
    subject: str | None
    teacher: str | None
    student: str | None  # ФИО as on «Ученики» (the journal's name when only it has the student)
    what: str


@dataclass(frozen=True)
class DemoJournalBuild:
    """The rows the workbook gets, the journal and what was planted in it."""

    rows: FrozenRows
    journal: DemoJournal
    planted_findings: tuple[PlantedFinding, ...]
    planted_categories: tuple[PlantedCategory, ...] = ()


def make_demo_journal(
    rows: FrozenRows, today: date, seed: int, class_name: str, plant_problems: bool,
    reserved: Collection[int] = (),
) -> DemoJournalBuild:  # fmt: skip
    """The demo journal for `rows` with the period marks of the previous and current period.

    With `plant_problems`, the planted problems and categories and their lists; the categories
    go to students other than the `reserved` ones (hosts of the workbook's planted problems)
    and the problems' students.
    """
    if not plant_problems:
        journal = make_journal(rows, today, seed, class_name)
        return DemoJournalBuild(rows, grade_current(journal, Cast(), (), seed), ())
    cast = choose_cast(rows, today, seed, reserved)
    rows, plan = plan_plants(rows, today, seed, spared=cast.numbers)
    rows = with_notes(rows, treatment_notes(cast, today, plan.week[0], seed))
    journal = make_journal(rows, today, seed, class_name, missing=plan.missing,
                           plain_yo=(plan.yo,), extra=(plan.extra,))  # fmt: skip
    bench = Bench(journal, plan, random.Random(f"{STREAM}:{seed}:plant"))
    findings = [finding for planter in PLANTERS for finding in planter(bench)]
    journal = grade_current(bench.result(), cast, bench.fixed, seed)
    return DemoJournalBuild(rows, journal, tuple(findings), planted_categories(cast, rows))


def finding(kind: str, slot: Slot | None, student: str | None, what: str) -> PlantedFinding:
    """A finding at a lesson (date, number, subject, teacher), or about a student only."""
    course = slot.course if slot else None
    return PlantedFinding(kind, slot.day if slot else None, slot.number if slot else None,
                          course.subject if course else None, course.teacher if course else None,
                          student, what)  # fmt: skip


def _coded(code: str) -> Callable[[Entry | None], bool]:
    return lambda entry: entry is not None and entry.code == code


def plant_code_mismatches(bench: Bench) -> list[PlantedFinding]:
    """«н» on a lesson of an illness note (→ Б); «Б» on one of a «без уважительной» note (→ НП)."""
    found = []
    for pick, was, wrong, reason in ((bench.plan.ill, "Б", "н", "болезнь"),
                                     (bench.plan.unexcused, "НП", "Б", "без уважительной")):
        pupil = bench.pupil(pick.number)
        slot, _ = bench.choose(pupil, [pick.day], _coded(was))
        bench.cells[slot, pupil.name] = Entry(slot, pupil.name, code=wrong)
        found.append(finding("code-mismatch", slot, pupil.workbook_name,
                             f"В журнале «{wrong}», а на листе «Пропуски» причина «{reason}»: "
                             f"должно быть «{was}»"))  # fmt: skip
    return found


def plant_present_while_noted(bench: Bench) -> list[PlantedFinding]:
    """A mark in one lesson of a day the student is noted absent for the whole day."""
    pick = bench.plan.whole_day
    pupil = bench.pupil(pick.number)
    slot, entry = bench.choose(pupil, [pick.day], lambda e: bool(e and e.code))
    mark = bench.mark(slot, pupil)
    code = entry.code if entry else ""
    what = (f"В журнале отметка «{mark}», а по листу «Пропуски» ученик отсутствовал весь день: "
            f"должно быть «{code}»")  # fmt: skip
    return [finding("present-while-noted", slot, pupil.workbook_name, what)]


def plant_unexplained(bench: Bench) -> list[PlantedFinding]:
    """An «н» on a day no note covers, in a lesson the student had no mark in."""
    for number in bench.plan.unexplained:
        pupil = bench.pupil(number)
        if bench.slots(pupil, bench.plan.week, lambda e: e is None):
            slot, _ = bench.choose(pupil, bench.plan.week, lambda e: e is None)
            bench.cells[slot, pupil.name] = Entry(slot, pupil.name, code="н")
            return [finding("unexplained", slot, pupil.workbook_name,
                            "В журнале «н», а записи на листе «Пропуски» нет: выяснить у семьи")]
    raise ValueError("no student without a mark in some lesson of the week")


def plant_departed_mark(bench: Bench) -> list[PlantedFinding]:
    """The student who left gets a mark in a lesson of the week, on or after the leaving day."""
    if bench.plan.departed is None:
        return []
    pupil = bench.pupil(bench.plan.departed)
    assert pupil.leaving is not None
    days = [day for day in bench.plan.week if day >= pupil.leaving]
    slot, _ = bench.choose(pupil, days, lambda e: True,
                           lambda s: s.course.subject not in LONG_TABLE_SUBJECTS)
    mark = bench.mark(slot, pupil)
    left = f"{pupil.leaving:%d.%m.%Y}"
    return [
        finding("outside-enrolment", slot, pupil.workbook_name,
                f"Отметка «{mark}» после выбытия {left}: её не должно быть"),
        finding("departed-in-journal", slot, pupil.workbook_name,
                f"Выбытие {left}, а журнал продолжает вести ученика: сообщить администратору ЭЖ"),
    ]  # fmt: skip


def plant_wrong_group(bench: Bench) -> list[PlantedFinding]:
    """A group-1 student marked in a group-2 English lesson (an extra row of that grid)."""
    pupil = bench.pupil(bench.plan.wrong_group)
    other = replace(pupil, group=GROUPS[1][0])
    slot, _ = bench.choose(other, bench.plan.week, lambda e: True,
                           lambda s: s.course.group == GROUPS[1][0])
    mark = bench.mark(slot, pupil)
    return [finding("wrong-group", slot, pupil.workbook_name,
                    f"Отметка «{mark}» на уроке «{slot.course.title}», а по листу «Группы» "
                    f"ученик в группе «{pupil.group}»")]  # fmt: skip


def plant_roster(bench: Bench) -> list[PlantedFinding]:
    """The roll problems made when the journal was built: an extra student, two missing."""
    plan = bench.plan
    found = [finding("journal-only", None, plan.extra.name,
                     f"«{plan.extra.name}» есть во всех выгрузках журнала, но нет на листе "
                     "«Ученики»")]  # fmt: skip
    for number, kind, why in ((plan.workbook_only, "workbook-only", "числится в классе"),
                              (plan.arrived, "arrived-not-in-journal", "прибыл в класс")):
        if number is not None:
            found.append(finding(kind, None, plan.names[number],
                                 f"По листу «Ученики» {why}, но ни в одной выгрузке журнала "
                                 "его нет: сообщить администратору ЭЖ"))  # fmt: skip
    return found


def plant_name_variants(bench: Bench) -> list[PlantedFinding]:
    """The journal spells two names differently: «е» for «ё», and no Latin look-alike."""
    found = []
    for number, why in ((bench.plan.yo, "«е» вместо «ё»"),
                        (bench.plan.latin, "русскими буквами, в книге — латинская")):  # fmt: skip
        if number is not None:
            pupil = bench.pupil(number)
            found.append(finding("journal-name-variant", None, pupil.workbook_name,
                                 f"В журнале «{pupil.name}» ({why}), в рабочей книге "
                                 f"«{pupil.workbook_name}»"))  # fmt: skip
    return found


def plant_laggard(bench: Bench) -> list[PlantedFinding]:
    """Физика: no marks in the last SILENT_LESSONS lessons, too few before, no topics at the end."""
    journal = bench.journal
    ours = sorted(slot for slot in bench.lessons if slot.course.subject == LAGGARD)
    silent = ours[-SILENT_LESSONS:]
    if not silent:
        return []
    allowed = required_marks(journal.period, journal.today) - 1
    kept: dict[str, int] = {}
    for slot in ours:
        for pupil in journal.pupils:
            entry = bench.cells.get((slot, pupil.name))
            if entry and (entry.grades or entry.debt):
                room = 0 if slot in silent else max(0, allowed - kept.get(pupil.name, 0))
                kept[pupil.name] = kept.get(pupil.name, 0) + min(room, len(entry.grades))
                _trim(bench, entry, room)
    found = [finding("marks-missing", silent[0], None,
                     f"С {silent[0].day:%d.%m} ни одной отметки ({len(silent)} уроков подряд): "
                     f"у учеников меньше {allowed + 1} отметок за период")]  # fmt: skip
    for slot in ours[-NO_TOPIC_LESSONS:]:
        bench.lessons[slot] = replace(bench.lessons[slot], topic="", homework="")
        found.append(finding("lesson-no-topic", slot, None,
                             "Не записаны тема урока и домашнее задание"))
    return found


def _trim(bench: Bench, entry: Entry, room: int) -> None:
    """Keep at most `room` of the cell's marks (no debt when none); drop the cell if empty."""
    key = (entry.slot, entry.student)
    trimmed = replace(entry, grades=entry.grades[:room], debt=entry.debt and room > 0)
    if trimmed.text:
        bench.cells[key] = trimmed
    else:
        del bench.cells[key]


Planter = Callable[[Bench], list[PlantedFinding]]
PLANTERS: tuple[Planter, ...] = (
    plant_code_mismatches,
    plant_present_while_noted,
    plant_unexplained,
    plant_departed_mark,
    plant_wrong_group,
    plant_roster,
    plant_name_variants,
    plant_laggard,
)

