"""Statement 7 «Сводная ведомость учёта движения обучающихся» (DESIGN §7).

The counts come from the dates on «Ученики» (a student is on the roll from «Дата прибытия» up to
the day before «Дата выбытия», Student.enrolled_on), by the same rule as statement 3:
«на начало» — on the roll on the period's first day; прибыло / выбыло — arrival or leaving
dated after the first day up to the last (a student who arrived and left the same day was
never on the roll and is not counted); «на конец» — on the roll on the last day (or today).
Thus начало + прибыло − выбыло = конец. «Движение» gives the order number and the school and
is cross-checked: a movement missing there, or dated differently, is listed under the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejournal_sheets.checks.movements import student_of
from ejournal_sheets.model import Event, Movement, Student
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import (
    Column,
    Row,
    StatementSheet,
)
from ejournal_sheets.statements.save import save_statement

KIND = "Движение_обучающихся"
TITLE = "Сводная ведомость учёта движения обучающихся"
NO_MOVEMENT = "Движения обучающихся за период не было."
SUMMARY_COLUMNS = (Column("№ п/п", 5, "int"), Column("Показатель", 34),
                   Column("Обучающихся", 12, "int"))
DETAIL_COLUMNS = (
    Column("№ п/п", 5, "int"), Column("ФИО обучающегося", 34), Column("Дата рождения", 12, "date"),
    Column("Движение", 10), Column("Дата", 11, "date"), Column("№ приказа", 22),
    Column("Откуда прибыл / куда выбыл", 36),
)  # fmt: skip
_FIELD = {Event.ARRIVED: "arrival_date", Event.LEFT: "leaving_date"}
_VERB = {Event.ARRIVED: ("прибыл", "прибыла"), Event.LEFT: ("выбыл", "выбыла")}


@dataclass(frozen=True)
class Contingent:
    """Students on the roll at the period's start and end, arrivals and leavings between."""

    start: date
    end: date
    at_start: int
    arrived: int
    left: int
    at_end: int


@dataclass(frozen=True)
class Entry:
    """One arrival or leaving inside the period, with its order from «Движение»."""

    student: Student
    event: Event
    day: date
    order: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class MovementSummary:
    """What statement 7 shows: the counts, the movements, the discrepancies found."""

    contingent: Contingent
    entries: tuple[Entry, ...]
    notes: tuple[str, ...]


def contingent(inputs: StatementInputs) -> Contingent:
    """Start, arrived, left and end of the period, from the dates on «Ученики»."""
    start, end = inputs.period.start, inputs.end
    moves = period_moves(inputs.class_.students, start, end)
    return Contingent(start, end, len(inputs.on_roll(start)),
                      sum(e.event is Event.ARRIVED for e in moves),
                      sum(e.event is Event.LEFT for e in moves), len(inputs.on_roll(end)))


def period_moves(students: Iterable[Student], start: date, end: date) -> list[Entry]:
    """Arrivals and leavings dated after `start` up to `end` (the «Ученики» dates), in order."""
    found = []
    for student in students:
        for event, field in _FIELD.items():
            day = getattr(student, field)
            if student.number is not None and day is not None and start < day <= end \
                    and _ever_enrolled(student):
                found.append(Entry(student, event, day))
    return sorted(found, key=lambda e: (e.day, e.event is Event.ARRIVED, e.student.name))


def _ever_enrolled(student: Student) -> bool:
    arrival, leaving = student.arrival_date, student.leaving_date
    return arrival is None or leaving is None or arrival < leaving


def content(inputs: StatementInputs) -> MovementSummary:
    """The counts and the movements of the period, each with its order from «Движение»."""
    counts = contingent(inputs)
    movements = inputs.class_.movements
    owners = [student_of(inputs.class_, m) for m in movements]
    used: set[int] = set()
    entries, notes = [], []
    for entry in period_moves(inputs.class_.students, counts.start, counts.end):
        same = [i for i, m in enumerate(movements)
                if owners[i] == entry.student and m.event is entry.event and i not in used]
        exact = [i for i in same if movements[i].date == entry.day]
        if not same:
            notes.append(f"{entry.student.name}: {_verb(entry)} {entry.day:%d.%m.%Y} — "
                         f"нет записи на листе «Движение» (нет № приказа).")
            entries.append(entry)
            continue
        chosen = movements[(exact or same)[0]]
        used.add((exact or same)[0])
        if not exact:
            notes.append(f"{entry.student.name}: на листе «Ученики» {_verb(entry)} "
                         f"{entry.day:%d.%m.%Y}, а на листе «Движение» — {_day(chosen.date)}.")
        entries.append(Entry(entry.student, entry.event, entry.day, chosen.order, chosen.place))
    for index, move in enumerate(movements):
        if index not in used and move.date is not None and counts.start < move.date <= counts.end:
            notes.append(_orphan(move, owners[index]))
    return MovementSummary(counts, tuple(entries), tuple(notes))


def _orphan(move: Movement, student: Student | None) -> str:
    who = student.name if student else move.student_name or f"№ {move.student_number}"
    event = move.event.value if move.event else "событие не указано"
    return (f"На листе «Движение» (строка {move.row}): {who} — «{event}» {_day(move.date)}, "
            f"а на листе «Ученики» такой даты нет; в подсчёт не включено.")


def _verb(entry: Entry) -> str:
    male, female = _VERB[entry.event]
    return female if (entry.student.sex or "").strip().upper().startswith("Ж") else male


def _day(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "без даты"


def summary_rows(counts: Contingent) -> list[Row]:
    return [Row((1, f"На начало периода ({counts.start:%d.%m.%Y})", counts.at_start)),
            Row((2, "Прибыло", counts.arrived)), Row((3, "Выбыло", counts.left)),
            Row((4, f"На конец периода ({counts.end:%d.%m.%Y})", counts.at_end), total=True)]


def detail_rows(entries: Iterable[Entry]) -> list[Row]:
    return [Row((n, e.student.name, e.student.birth_date, _verb(e), e.day, e.order, e.place))
            for n, e in enumerate(entries, 1)]


def write(target_folder: Path, inputs: StatementInputs, inputs_paths: Iterable[Path] = ()) -> Path:
    """Write «Движение_обучающихся_<класс>_<период>.xlsx» into the folder, atomically."""
    data = content(inputs)
    return save_statement(target_folder, inputs, KIND, TITLE,
                          lambda book: lay_out(book.sheet("Движение"), data),
                          inputs_paths)


def lay_out(sheet: StatementSheet, summary: MovementSummary) -> None:
    """Title block, the counts, the movements (or «не было»), discrepancies, signature."""
    sheet.title_block(len(DETAIL_COLUMNS))
    sheet.line("Численность обучающихся", bold=True)
    sheet.table(SUMMARY_COLUMNS, summary_rows(summary.contingent), main=False)
    sheet.gap()
    sheet.line("Прибытие и выбытие обучающихся за период", bold=True)
    if summary.entries:
        sheet.table(DETAIL_COLUMNS, detail_rows(summary.entries), first_columns=2)
    else:
        sheet.line(NO_MOVEMENT)
    if summary.notes:
        sheet.gap()
        sheet.line("Сверка с листом «Движение» (в подсчёте — даты листа «Ученики»):", bold=True)
        for note in summary.notes:
            sheet.line(f"• {note}")
    sheet.signature()
    sheet.finish()
