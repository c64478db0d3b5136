"""The `журнал/` folder → one Journal: every export read, merged, lessons joined across files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ejournal_sheets.journal.credentials import read_credentials
from ejournal_sheets.journal.grid import read_grid
from ejournal_sheets.journal.headers import cell_text, is_title_line
from ejournal_sheets.journal.layouts import (
    Detected,
    Layout,
    ReadContext,
    detect_layout,
    other_class,
    prefer_text,
    unknown_layout,
)
from ejournal_sheets.journal.lessons import read_lessons
from ejournal_sheets.journal.long_table import read_long_table
from ejournal_sheets.journal.period_marks import read_period_marks
from ejournal_sheets.journal.table import Table
from ejournal_sheets.journal.tables import read_tables
from ejournal_sheets.journal.visits import read_visits
from ejournal_sheets.journal_model import Cell, Journal, Lesson
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.settings import Settings
from ejournal_sheets.sniff import FILE_LOCK, is_lock_file

JOURNAL_EMPTY = Code(
    "journal-empty", Severity.WARNING, "Нет выгрузок журнала",
    "В папке {folder} нет выгрузок электронного журнала; сверка с журналом не сделана.",
    "Выгрузите из электронного журнала журналы предметов (или отчёты посещения, итоговых "
    "отметок) и положите файлы в папку журнал/ рабочей папки класса.")
READ_CRASHED = Code(
    "journal-read-crashed", Severity.ERROR, "Выгрузка не прочитана из-за ошибки программы",
    "Таблицу ({layout}) не удалось прочитать из-за внутренней ошибки программы ({error}); "
    "остальные выгрузки прочитаны.",
    "Это ошибка программы, а не ваших данных: сообщите разработчикам и приложите файл "
    "(без паролей и личных данных, если можно).")
JOURNAL_DUPLICATE = Code(
    "journal-duplicate", Severity.WARNING, "Одни и те же уроки в двух выгрузках",
    "Файл {second} повторяет записи файла {first} (например, {student}, {subject}, "
    "{day}); повторы взяты из {first}.",
    "Уберите из папки журнал/ старую или лишнюю выгрузку, чтобы не было расхождений.")

Adapter = Callable[[Table, ReadContext, Detected | None], tuple[Journal, list[Problem]]]
ADAPTERS: dict[Layout, Adapter] = {
    Layout.GRID: read_grid,
    Layout.LONG_TABLE: read_long_table,
    Layout.PERIOD_MARKS: read_period_marks,
    Layout.VISITS: read_visits,
    Layout.LESSONS: read_lessons,
    Layout.CREDENTIALS: read_credentials,
}
_IGNORED = ("thumbs.db", "desktop.ini")
_HELD = (Layout.GRID, Layout.LONG_TABLE)  # lessons with students' cells


@dataclass(frozen=True)
class _Part:
    """What one table gave: its file, layout and records."""

    path: Path
    layout: Layout
    journal: Journal


def read_journal(folder: Path, settings: Settings) -> tuple[Journal, list[Problem]]:
    """Every export in `folder` read and merged; problems collected, never raised."""
    context = ReadContext.from_settings(settings)
    problems: list[Problem] = []
    files = _files(folder, problems)
    if not files:
        problems.append(JOURNAL_EMPTY(Location(folder), folder=f"{folder.name}/"))
        return Journal(), problems
    parts: list[_Part] = []
    for path in files:
        tables, found = read_tables(path)
        problems += found
        for table in tables:
            layout, journal, notes = read_table(table, context)
            problems += notes
            if layout is not None:
                parts.append(_Part(path, layout, journal))
    return _merge(parts, problems), problems


def read_table(table: Table, context: ReadContext) -> tuple[Layout | None, Journal, list[Problem]]:
    """One table through its layout's adapter; blank tables are skipped, unknown ones reported."""
    if is_blank(table):
        return None, Journal(), []
    found = detect_layout(table, context)
    if found is None:
        return None, Journal(), [unknown_layout(table)]
    skip = other_class(found, context)
    if skip is not None:
        return None, Journal(), [skip]
    try:
        journal, problems = ADAPTERS[found.layout](table, context, found)
    except Exception as exc:  # one odd file must not stop the weekly run (cf. check-crashed)
        crashed = READ_CRASHED(Location(table.path, table.sheet), layout=found.layout.value,
                               error=type(exc).__name__)
        return None, Journal(), [crashed]
    return found.layout, journal, problems


def is_blank(table: Table) -> bool:
    """True for a table with nothing to read: empty, one caption cell, or only title lines."""
    filled = other = 0
    for line in table.rows:
        after_label = False  # «Предмет:» | «Алгебра»: the value cell belongs to the title
        for value in line:
            if value is None or not cell_text(value):
                continue
            filled += 1
            if is_title_line(value):
                after_label = cell_text(value).endswith(":")
            elif after_label:
                after_label = False
            else:
                other += 1
            if other and filled > 1:
                return False
    return True


def _files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The folder's files, sorted; lock files skipped with a warning, subfolders ignored."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if is_lock_file(path):
            problems.append(FILE_LOCK(Location(path), name=path.name))
        elif path.is_file() and not path.name.startswith(".") and \
                path.name.lower() not in _IGNORED:
            found.append(path)
    return found


def _merge(parts: list[_Part], problems: list[Problem]) -> Journal:
    """All parts side by side; duplicate cells dropped, lessons unique and joined."""
    cells = _unique_cells(parts, problems)
    held = _unique_lessons(x for p in parts if p.layout in _HELD for x in p.journal.lessons)
    listed = [x for p in parts if p.layout is Layout.LESSONS for x in p.journal.lessons]
    joined, unmatched = join_lessons(list(held.values()), listed)
    final = {lesson.key: lesson for lesson in joined}
    merged = Journal()
    for part in parts:
        merged = merged.merged(replace(part.journal, lessons=(), cells=()))
    files = tuple(dict.fromkeys(part.path for part in parts))
    return replace(merged, lessons=(*joined, *unmatched), files=files,
                   cells=tuple(_repoint(c, final[c.lesson.key]) for c in cells))


def _repoint(cell: Cell, lesson: Lesson) -> Cell:
    """The cell pointing at the joined lesson (a copy only when the lesson changed)."""
    if cell.lesson is lesson:
        return cell
    return Cell(lesson, cell.student, cell.marks, cell.attendance, cell.where)


def _unique_cells(parts: list[_Part], problems: list[Problem]) -> list[Cell]:
    """Cells, a student's lesson kept from the first file that has it; one warning per pair."""
    owner: dict[tuple[object, ...], int] = {}  # → the number of the file that has it first
    numbers = {path: number for number, path in enumerate(dict.fromkeys(p.path for p in parts))}
    paths = list(numbers)
    warned: set[tuple[int, int]] = set()
    kept = []
    for part in parts:
        number = numbers[part.path]
        for cell in part.journal.cells:
            first = owner.setdefault((cell.student_key, *cell.lesson.key), number)
            if first == number:
                kept.append(cell)
            elif (first, number) not in warned:
                warned.add((first, number))
                problems.append(_duplicate(cell, paths[first], part.path))
    return kept


def _duplicate(cell: Cell, first: Path, second: Path) -> Problem:
    lesson = cell.lesson
    return JOURNAL_DUPLICATE(cell.where or Location(second), first=first.name,
                             second=second.name, student=cell.student, subject=lesson.subject,
                             day=f"{lesson.date:%d.%m.%Y}")


def _unique_lessons(lessons: Iterable[Lesson]) -> dict[tuple[object, ...], Lesson]:
    """Lessons by key, the first of each kept (a later copy adds what the first lacks)."""
    found: dict[tuple[object, ...], Lesson] = {}
    for lesson in lessons:
        known = found.get(lesson.key)
        found[lesson.key] = lesson if known is None else enrich(known, lesson)
    return found


def join_lessons(held: list[Lesson], listed: list[Lesson]) -> tuple[list[Lesson], list[Lesson]]:
    """Held lessons given topic/homework/number from the lessons export; unmatched listed ones."""
    exact: dict[tuple[object, ...], list[int]] = {}
    loose: dict[tuple[object, ...], list[int]] = {}
    for index, other in enumerate(listed):
        day, subject, _, slot = other.key
        exact.setdefault(other.key, []).append(index)
        loose.setdefault((day, subject, slot), []).append(index)
    used: set[int] = set()
    joined = []
    for lesson in held:
        found = _match(lesson, listed, exact, loose, used)
        if found is not None:
            used.add(found)
            lesson = enrich(lesson, listed[found])
        joined.append(lesson)
    return joined, [other for index, other in enumerate(listed) if index not in used]


def _match(lesson: Lesson, listed: list[Lesson], exact: dict[tuple[object, ...], list[int]],
           loose: dict[tuple[object, ...], list[int]], used: set[int]) -> int | None:
    """The unused listed lesson with the same date, subject, group and slot (a missing group
    on either side matches when only one candidate is left)."""
    same = [i for i in exact.get(lesson.key, ()) if i not in used]
    if same:
        return same[0]
    day, subject, group, slot = lesson.key
    candidates = [i for i in loose.get((day, subject, slot), ())
                  if i not in used and (not group or not listed[i].key[2])]
    return candidates[0] if len(candidates) == 1 else None


def enrich(lesson: Lesson, other: Lesson) -> Lesson:
    """`lesson` with the teacher, number, topic, homework and marks_set it lacks from `other`."""
    return replace(lesson, teacher=lesson.teacher or other.teacher,
                   number=lesson.number if lesson.number is not None else other.number,
                   topic=prefer_text(lesson.topic, other.topic),
                   homework=prefer_text(lesson.homework, other.homework),
                   marks_set=lesson.marks_set if lesson.marks_set is not None
                   else other.marks_set)
