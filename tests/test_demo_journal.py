"""The demo journal: exports in the documented layouts, consistent with the class workbook,
filled by the rules, and different from the workbook by exactly the planted findings."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import lxml.html
import openpyxl
import pytest

from ejournal_sheets.dates import school_week
from ejournal_sheets.demo import make_class_rows
from ejournal_sheets.demo.build import DemoBuild, build_demo
from ejournal_sheets.demo.journal_files import (
    CREDENTIALS_HEADER,
    LESSONS_HEADER,
    LONG_HEADER,
    VISITS_HEADER,
)
from ejournal_sheets.demo.journal_marks import MAX_RUN, Noted, read_notes, required_marks
from ejournal_sheets.demo.journal_plants import (
    LAGGARD,
    DemoJournalBuild,
    PlantedFinding,
    make_demo_journal,
)
from ejournal_sheets.demo.journal_records import DemoJournal, Entry, Pupil
from ejournal_sheets.demo.school_days import is_school_day
from ejournal_sheets.demo.timetable import COURSES, SUBJECTS, WEEK, Course, Slot
from ejournal_sheets.names import name_key
from tests.conftest import TODAY

GRIDS = {f"{c.title}.xlsx" for c in COURSES if c.subject not in ("История", "География")}
FILES = GRIDS | {"История_и_География.csv", "Итоговые_Ч1.xlsx", "Итоговые_Ч2.xlsx",
                 "Посещения.xls", "Уроки.xlsx", "Реквизиты.csv"}  # fmt: skip
KINDS = {"code-mismatch": 2, "present-while-noted": 1, "unexplained": 1, "outside-enrolment": 1,
         "wrong-group": 1, "journal-only": 1, "workbook-only": 1, "arrived-not-in-journal": 1,
         "departed-in-journal": 1, "journal-name-variant": 2, "marks-missing": 1,
         "lesson-no-topic": 3}  # fmt: skip
LAGGARD_KINDS = {"marks-missing", "lesson-no-topic"}
MISSING_KINDS = {"workbook-only", "arrived-not-in-journal"}  # students left out of every export
ABSENCES = {"Б", "УП", "НП", "н"}
CASES = [(TODAY, 7), (TODAY, 1), (TODAY, 2), (date(2026, 12, 2), 7), (date(2027, 2, 10), 3)]


def journal_of(today: date, seed: int, plant: bool) -> DemoJournalBuild:
    rows = make_class_rows(today, seed).rows if plant else \
        make_class_rows(today, seed, plant_problems=False).rows
    return make_demo_journal(rows, today, seed, "7Б", plant)


@pytest.fixture(scope="module")
def planted() -> DemoJournalBuild:
    return journal_of(TODAY, 7, True)


@pytest.fixture(scope="module")
def clean() -> DemoJournalBuild:
    return journal_of(TODAY, 7, False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoBuild]:
    root = tmp_path_factory.mktemp("demo")
    return root, build_demo(root, TODAY)


def folder(built: tuple[Path, DemoBuild]) -> Path:
    return built[0] / "журнал"


def pupils_by_name(journal: DemoJournal) -> dict[str, Pupil]:
    return {pupil.name: pupil for pupil in journal.pupils}


def planted_cells(made: DemoJournalBuild) -> set[tuple[date | None, int | None, str | None, str]]:
    """(date, lesson, subject, workbook ФИО) of the planted attendance findings."""
    return {(f.date, f.lesson_number, f.subject, f.student or "")
            for f in made.planted_findings if f.kind not in LAGGARD_KINDS}  # fmt: skip


def cell_key(entry: Entry, pupil: Pupil) -> tuple[date, int, str, str]:
    return entry.slot.day, entry.slot.number, entry.slot.course.subject, pupil.workbook_name


def covering(notes: tuple[Noted, ...], number: int | None, slot: Slot) -> Noted | None:
    return next((n for n in notes if n.number == number and n.covers(slot)), None)


# --- timetable -------------------------------------------------------------------------------


def test_timetable_matches_the_weekly_load() -> None:
    load = Counter(subject for day in WEEK for subject in day)
    assert load == {subject: per_week for subject, _, per_week in SUBJECTS}
    assert sum(load.values()) == 30 and all(len(day) <= 7 for day in WEEK)
    assert any(Counter(day).most_common(1)[0][1] == 2 for day in WEEK)  # a double lesson


def test_english_groups_have_the_teachers_of_groups_sheet(clean: DemoJournalBuild) -> None:
    sheet = {(row["group"], row["teacher"]) for row in clean.rows["Группы"]}
    assert {(c.group, c.teacher) for c in COURSES if c.group} == sheet


def test_lessons_are_on_school_days_of_the_period(clean: DemoJournalBuild) -> None:
    journal = clean.journal
    assert journal.period.name == "Ч2" and journal.previous == "Ч1"
    days = {lesson.slot.day for lesson in journal.lessons}
    assert all(is_school_day(d) and journal.period.start <= d <= TODAY for d in days)
    assert min(days) == journal.period.start and len(days) == 17


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_same_journal(planted: DemoJournalBuild) -> None:
    assert journal_of(TODAY, 7, True) == planted
    assert journal_of(TODAY, 8, True).journal.entries != planted.journal.entries


def test_files_are_byte_for_byte_reproducible(tmp_path: Path, built) -> None:
    build_demo(tmp_path, TODAY)
    for name in FILES:
        assert (tmp_path / "журнал" / name).read_bytes() == (folder(built) / name).read_bytes()


# --- files and layouts -----------------------------------------------------------------------


def test_exactly_the_export_files(built) -> None:
    assert {p.name for p in folder(built).iterdir()} == FILES


def grid_rows(path: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


@pytest.mark.parametrize("course", [c for c in COURSES if f"{c.title}.xlsx" in GRIDS],
                         ids=lambda c: c.title)  # fmt: skip
def test_grid_layout(built, course: Course) -> None:
    journal = built[1].journal
    rows = grid_rows(folder(built) / f"{course.title}.xlsx")
    titles = [f"Предмет: {course.subject}", f"Учитель: {course.teacher}", "Класс: 7Б"]
    titles += [f"Группа: {course.group}"] if course.group else []
    assert [row[0] for row in rows[: len(titles)]] == titles
    header, body = rows[len(titles) + 1], rows[len(titles) + 2 :]
    lessons = journal.lessons_of(course)
    assert header == ("№", "Ученик", *(f"{x.slot.day:%d.%m}" for x in lessons))
    assert [row[1] for row in body] == list(journal.roll(course))
    assert [row[0] for row in body] == list(range(1, len(body) + 1))
    cells = journal.cells()
    for row in body:
        expected = [cells.get((x.slot, str(row[1]))) for x in lessons]
        assert list(row[2:]) == [e.text if e else None for e in expected]


def test_grid_cells_use_the_documented_tokens(built) -> None:
    texts = {entry.text for entry in built[1].journal.entries}
    token = re.compile(r"(н|Б|УП|НП|ОП|\.|[2-5](/[2-5])?)")
    assert all(token.fullmatch(text) for text in texts), texts
    assert {"н", "Б", "УП", "НП", "ОП", "."} <= texts and any("/" in t for t in texts)


def test_long_table_csv(built) -> None:
    raw = (folder(built) / "История_и_География.csv").read_bytes()
    text = raw.decode("cp1251")
    assert text.splitlines()[0] == ";".join(LONG_HEADER)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["Предмет"] for r in rows} == {"История", "География"}
    marks = [r for r in rows if r["Отметка"].isdigit()]
    assert {r["Вес"] for r in marks} == {"1", "2"}
    assert all(r["Вид работы"] == "Контрольная работа" for r in marks if r["Вес"] == "2")
    assert all(r["Вес"] == "" for r in rows if not r["Отметка"].isdigit())
    assert all(r["Тема урока"] and r["Домашнее задание"] and r["№ урока"].isdigit() for r in rows)
    assert all(re.fullmatch(r"\d\d\.\d\d\.2026", r["Дата"]) for r in rows)
    journal = built[1].journal
    events = sum(len(e.grades) + bool(e.code) + e.debt for e in journal.entries
                 if e.slot.course.subject in ("История", "География"))  # fmt: skip
    assert len(rows) == events


def test_period_marks_xlsx(built) -> None:
    rows = grid_rows(folder(built) / "Итоговые_Ч1.xlsx")
    assert rows[0][0] == "Период: Ч1"
    assert rows[3] == ("Ученик", *(subject for subject, _, _ in SUBJECTS))
    journal = built[1].journal
    expected = [p.name for p in journal.pupils if p.enrolled_on(TODAY)
                and p.enrolled_on(date(2026, 10, 24))]  # fmt: skip
    assert [row[0] for row in rows[4:]] == expected
    values = Counter(v for row in rows[4:] for v in row[1:])
    assert set(values) == {3, 4, 5} and values[4] > values[3]


def test_visits_html_table(built) -> None:
    page = lxml.html.fromstring((folder(built) / "Посещения.xls").read_bytes())
    rows = [[cell.text_content() for cell in tr] for tr in page.iter("tr")]
    assert tuple(rows[0]) == VISITS_HEADER
    journal = built[1].journal
    last: dict[str, datetime] = {}
    for user, role, _student, when in rows[1:]:
        assert role in ("родитель", "ученик")
        moment = datetime.strptime(when, "%d.%m.%Y %H:%M")
        assert TODAY - timedelta(days=28) <= moment.date() < TODAY
        last[user] = max(last.get(user, moment), moment)
    paper = {g.name for p in journal.pupils if p.paper for g in p.guardians}
    assert not paper & set(last) and paper
    parents = {g.name for p in journal.pupils if not p.paper and p.enrolled_on(TODAY)
               for g in p.guardians if g.diary}  # fmt: skip
    ages = Counter("never" if name not in last else
                   "active" if (TODAY - last[name].date()).days <= 6 else "stale"
                   for name in parents)  # fmt: skip
    assert ages["never"] >= 2 and ages["stale"] >= 2 and ages["active"] > ages["stale"]


def test_lessons_xlsx(built) -> None:
    rows = grid_rows(folder(built) / "Уроки.xlsx")
    assert rows[0] == LESSONS_HEADER
    journal = built[1].journal
    assert len(rows) - 1 == len(journal.lessons)
    first = rows[1]
    assert isinstance(first[0], datetime) and isinstance(first[4], int)
    empty = [(row[0].date(), row[1], row[4]) for row in rows[1:] if not row[5] or not row[6]]
    laggard = sorted(x.slot for x in journal.lessons if x.slot.course.subject == LAGGARD)[-3:]
    assert empty == [(s.day, s.course.subject, s.number) for s in laggard]
    assert {row[7] for row in rows[1:]} == {"да", "нет"}
    assert {row[3] for row in rows[1:]} == {None, "1 группа", "2 группа"}


def test_credentials_csv(built) -> None:
    raw = (folder(built) / "Реквизиты.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CREDENTIALS_HEADER
    logins = [row[2] for row in rows[1:]]
    assert len(set(logins)) == len(logins)
    assert all(re.fullmatch(r"[a-z.\-]+\d*", login) for login in logins)
    assert all(len(row[3]) == 8 for row in rows[1:])
    assert Counter(row[1] for row in rows[1:])["ученик"] == sum(
        1 for p in built[1].journal.pupils if p.enrolled_on(TODAY))


def test_planted_notes_are_on_the_workbook_sheet(built) -> None:
    sheet = openpyxl.load_workbook(built[0] / "класс.xlsx")["Пропуски"]
    written = [(row[0], row[1].date(), row[2].date(), row[4])
               for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]  # fmt: skip
    rows = built[1].rows["Пропуски"]
    assert written == [(r["student_number"], r["date_from"], r["date_to"], r["reason"])
                       for r in rows]  # fmt: skip
    assert len(rows) > len(make_class_rows(TODAY).rows["Пропуски"])


# --- consistency with the notes --------------------------------------------------------------


def absences_without_note(made: DemoJournalBuild) -> Iterator[tuple[Entry, Pupil]]:
    notes, pupils = read_notes(made.rows["Пропуски"]), pupils_by_name(made.journal)
    for entry in made.journal.entries:
        pupil = pupils[entry.student]
        note = covering(notes, pupil.number, entry.slot)
        if entry.code in ABSENCES and (note is None or note.code != entry.code):
            yield entry, pupil


def noted_without_code(made: DemoJournalBuild) -> Iterator[tuple[Slot, Pupil]]:
    notes, cells = read_notes(made.rows["Пропуски"]), made.journal.cells()
    for lesson in made.journal.lessons:
        for name in made.journal.roll(lesson.slot.course):
            pupil = pupils_by_name(made.journal)[name]
            note = covering(notes, pupil.number, lesson.slot)
            entry = cells.get((lesson.slot, name))
            if note and pupil.takes(lesson.slot.course) and (not entry or entry.code != note.code):
                yield lesson.slot, pupil


@pytest.mark.parametrize(("today", "seed"), CASES)
@pytest.mark.parametrize("plant", [False, True])
def test_absences_match_the_notes(today: date, seed: int, plant: bool) -> None:
    made = journal_of(today, seed, plant)
    wrong = {cell_key(entry, pupil) for entry, pupil in absences_without_note(made)}
    missing = {(slot.day, slot.number, slot.course.subject, pupil.workbook_name)
               for slot, pupil in noted_without_code(made)}  # fmt: skip
    assert wrong | missing <= planted_cells(made)
    assert len(wrong | missing) == (4 if plant else 0)  # code-mismatch ×2, unexplained, noted


@pytest.mark.parametrize(("today", "seed"), CASES)
@pytest.mark.parametrize("plant", [False, True])
def test_filling_rules_hold_except_for_the_laggard(today: date, seed: int, plant: bool) -> None:
    made = journal_of(today, seed, plant)
    journal = made.journal
    required = required_marks(journal.period, today)
    cells = journal.cells()
    for course in COURSES:
        if plant and course.subject == LAGGARD:
            continue
        lessons = journal.lessons_of(course)
        for pupil in journal.pupils:
            if not (pupil.takes(course) and pupil.enrolled_on(today)):
                continue
            row = [cells.get((x.slot, pupil.name)) for x in lessons
                   if pupil.enrolled_on(x.slot.day)]  # fmt: skip
            assert sum(len(e.grades) for e in row if e) >= required, (course.title, pupil.name)
            assert longest_silence(row) <= MAX_RUN < 5, (course.title, pupil.name)
    assert all(x.topic and x.homework for x in journal.lessons
               if not (plant and x.slot.course.subject == LAGGARD))  # fmt: skip


def longest_silence(row: list[Entry | None]) -> int:
    """Attended lessons in a row without a mark (absences neither count nor break the run)."""
    longest = run = 0
    for entry in row:
        if entry and entry.grades:
            run = 0
        elif not (entry and entry.code in ABSENCES):
            run += 1
            longest = max(longest, run)
    return longest


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_the_laggard_falls_behind(today: date, seed: int) -> None:
    journal = journal_of(today, seed, True).journal
    course = next(c for c in COURSES if c.subject == LAGGARD)
    required = required_marks(journal.period, today)
    cells = journal.cells()
    lessons = journal.lessons_of(course)
    since = lessons[-6].slot.day
    assert since >= school_week(today).start - timedelta(weeks=3)
    for pupil in (p for p in journal.pupils if p.enrolled_on(today)):
        row = [cells.get((x.slot, pupil.name)) for x in lessons]
        assert sum(len(e.grades) for e in row if e) < required
        assert not any(e and e.grades for e, x in zip(row, lessons, strict=True)
                       if x.slot.day >= since)  # fmt: skip
        assert longest_silence(row[-6:]) >= 5 or sum(bool(e and e.code) for e in row[-6:]) > 1


# --- the planted findings --------------------------------------------------------------------


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_exactly_the_planted_kinds(today: date, seed: int) -> None:
    made = journal_of(today, seed, True)
    assert Counter(f.kind for f in made.planted_findings) == KINDS
    week = school_week(today)
    for item in made.planted_findings:
        if item.date and item.kind not in LAGGARD_KINDS:
            assert week.start <= item.date <= min(week.end, today), item
        assert re.search("[а-я]", item.what)


def test_clean_has_none(clean: DemoJournalBuild) -> None:
    journal = clean.journal
    assert clean.planted_findings == ()
    assert clean.rows == make_class_rows(TODAY, plant_problems=False).rows
    assert all(p.number is not None and p.name == spoken(p) for p in journal.pupils)
    on_roll = {p.name for p in journal.pupils if p.enrolled_on(TODAY)}
    for course in COURSES:
        assert set(journal.roll(course)) == {n for n in on_roll
                                             if pupils_by_name(journal)[n].takes(course)}


def spoken(pupil: Pupil) -> str:
    """«Фамилия Имя» from the workbook ФИО."""
    return " ".join(pupil.workbook_name.split(" ")[:2])


def entry_at(journal: DemoJournal, item: PlantedFinding) -> tuple[Entry, Pupil]:
    for entry in journal.entries:
        pupil = pupils_by_name(journal)[entry.student]
        if cell_key(entry, pupil) == (item.date, item.lesson_number, item.subject, item.student):
            return entry, pupil
    raise AssertionError(f"no cell for {item}")


def found(made: DemoJournalBuild, kind: str) -> list[PlantedFinding]:
    return [f for f in made.planted_findings if f.kind == kind]


def test_code_mismatches(planted: DemoJournalBuild) -> None:
    notes = read_notes(planted.rows["Пропуски"])
    pairs = []
    for item in found(planted, "code-mismatch"):
        entry, pupil = entry_at(planted.journal, item)
        note = covering(notes, pupil.number, entry.slot)
        assert note is not None
        pairs.append((entry.code, note.code))
    assert sorted(pairs) == [("Б", "НП"), ("н", "Б")]


def test_present_while_noted(planted: DemoJournalBuild) -> None:
    (item,) = found(planted, "present-while-noted")
    entry, pupil = entry_at(planted.journal, item)
    note = covering(read_notes(planted.rows["Пропуски"]), pupil.number, entry.slot)
    assert entry.grades and not entry.code and note is not None and not note.lessons


def test_unexplained(planted: DemoJournalBuild) -> None:
    (item,) = found(planted, "unexplained")
    entry, pupil = entry_at(planted.journal, item)
    notes = read_notes(planted.rows["Пропуски"])
    assert entry.code == "н" and not any(n.number == pupil.number and n.covers_day(entry.slot.day)
                                         for n in notes)  # fmt: skip


def test_departed_student_marked_after_leaving(planted: DemoJournalBuild) -> None:
    (outside,) = found(planted, "outside-enrolment")
    (departed,) = found(planted, "departed-in-journal")
    assert (outside.date, outside.lesson_number, outside.student) == \
        (departed.date, departed.lesson_number, departed.student)
    entry, pupil = entry_at(planted.journal, outside)
    assert entry.grades and pupil.leaving and pupil.leaving <= entry.slot.day
    assert pupil.name in planted.journal.roll(entry.slot.course)


def test_wrong_group(planted: DemoJournalBuild) -> None:
    (item,) = found(planted, "wrong-group")
    entry, pupil = entry_at(planted.journal, item)
    groups = {r["student_number"]: r["group"] for r in planted.rows["Группы"]}
    assert groups[pupil.number] == "1 группа" and entry.slot.course.group == "2 группа"
    assert entry.grades and pupil.name in planted.journal.roll(entry.slot.course)
    others = [e for e in planted.journal.entries
              if e.student == pupil.name and e.slot.course == entry.slot.course]  # fmt: skip
    assert others == [entry]


def names_in_files(root: Path) -> str:
    """Every text of every export, joined (xlsx cells, csv, html)."""
    parts = []
    for path in (root / "журнал").iterdir():
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            parts += [str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                      for v in row if v]  # fmt: skip
        else:
            parts.append(path.read_bytes().decode("cp1251" if "История" in path.name
                                                  else "utf-8-sig"))  # fmt: skip
    return "\n".join(parts)


def test_roster_problems_in_the_files(built) -> None:
    root, demo = built
    text = names_in_files(root)
    (extra,) = found(demo, "journal-only")
    students = {name_key(f"{s['last_name']} {s['first_name']}") for s in demo.rows["Ученики"]}
    assert extra.student and name_key(extra.student) not in students
    assert all(extra.student in demo.journal.roll(c) for c in COURSES if c.group != "1 группа")
    assert f"{extra.student};" in text  # in the long table and the credentials
    for kind in sorted(MISSING_KINDS):
        (item,) = found(demo, kind)
        assert item.student and spoken_name(item.student) not in text


def spoken_name(full: str) -> str:
    return " ".join(full.split(" ")[:2])


def test_name_variants(planted: DemoJournalBuild) -> None:
    pupils = {p.workbook_name: p for p in planted.journal.pupils}
    variants = found(planted, "journal-name-variant")
    for item in variants:
        pupil = pupils[item.student or ""]
        assert pupil.name != spoken_name(pupil.workbook_name)
        assert name_key(pupil.name) == name_key(spoken_name(pupil.workbook_name))
    kinds = sorted("ё" in (v.student or "") for v in variants)
    assert kinds == [False, True]


def test_laggard_findings(planted: DemoJournalBuild) -> None:
    lessons = sorted(x.slot for x in planted.journal.lessons if x.slot.course.subject == LAGGARD)
    no_topic = [(f.date, f.lesson_number) for f in found(planted, "lesson-no-topic")]
    assert no_topic == [(s.day, s.number) for s in lessons[-3:]]
    (missing,) = found(planted, "marks-missing")
    assert missing.subject == LAGGARD and missing.teacher == lessons[0].course.teacher
