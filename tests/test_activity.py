"""E-diary activity (duties 2.30, 2.40): statuses, families, trend via history, call list, xlsx."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl

from ejournal_sheets.activity import (
    PAPER_REASON,
    PARENT,
    STUDENT,
    ActivityReport,
    ActivitySnapshot,
    Status,
    review_activity,
)
from ejournal_sheets.dates import school_week
from ejournal_sheets.history import load_latest, save_snapshot
from ejournal_sheets.journal_model import Journal, Visit
from ejournal_sheets.model import Channel, ClassRecord, Parent, Student
from ejournal_sheets.reports.activity_xlsx import write_activity
from ejournal_sheets.settings import Rules

TODAY = date(2026, 11, 27)  # Friday of 2026-W48
WEEK = school_week(TODAY)
LAST_FRIDAY = date(2026, 11, 20)
RULES = Rules(inactive_days=7)

IVANOV = Student(2, 1, "Иванов", "Пётр", "Сергеевич", sex="М")
SOKOLOVA = Student(3, 2, "Соколова", "Анна", "Ильинична", sex="Ж")
PETROV = Student(4, 3, "Петров", "Илья", "Андреевич", sex="М")
ORLOV = Student(5, 5, "Орлов", "Денис", "Павлович", leaving_date=date(2026, 11, 10))
MOTHER = Parent(2, 1, "Иванова", "Мария", "Петровна", "Ж", "мать", "+79123456789",
                channel=Channel.DIARY)
FATHER = Parent(3, 1, "Иванов", "Сергей", "Николаевич", "М", "отец", "+79120000001",
                channel=Channel.EMAIL)
PAPER = Parent(4, 2, "Соколов", "Илья", "Андреевич", "М", "отец", "+79223456789",
               channel=Channel.PAPER)
PETROVA = Parent(5, 3, "Петрова", "Ольга", "Ивановна", None, "мать", "+79330000003",
                 channel=Channel.DIARY)
ORLOVA = Parent(6, 5, "Орлова", "Нина", None, "Ж", "мать", "+79440000004", channel=Channel.DIARY)
CLASS = ClassRecord(Path("класс.xlsx"), students=(IVANOV, SOKOLOVA, PETROV, ORLOV),
                    parents=(MOTHER, FATHER, PAPER, PETROVA, ORLOVA))


def at(day: int, hour: int = 19) -> datetime:
    return datetime(2026, 11, day, hour, 5)


def logins(*visits: tuple[str, str, str | None, datetime]) -> Journal:
    return Journal(visits=tuple(Visit(user, role, student, when)
                                for user, role, student, when in visits))


LAST_WEEK = logins(
    ("Иванова Мария Петровна", "Родитель", "Иванов Пётр", at(20)),
    ("Петрова Ольга Ивановна", "родитель", None, at(16)),  # no student: among all parents
)
THIS_WEEK = logins(
    ("Иванова М.П.", "родитель", "Иванов Пётр", at(26)),  # short form, among her child's parents
    ("Иванова Мария Петровна", "родитель", "Иванов Пётр", at(26, 8)),
    ("Иванова Мария Петровна", "родитель", "Иванов Пётр", at(20)),  # last week: not counted
    ("Иванов Пётр Сергеевич", "ученик", "Иванов Пётр", at(25)),
    ("Петров Илья", "ученик", None, datetime(2026, 11, 1, 10)),
    ("Орлова Нина", "родитель", "Орлов Денис", at(24)),  # left the class: not on the roll
    ("Сидорова Нина Петровна", "родитель", "Сидоров Олег", at(23)),
    ("Сидорова Нина Петровна", "родитель", "Сидоров Олег", at(24)),
)


def current(tmp_path: Path) -> ActivityReport:
    """Last week's review saved to history, this week's reviewed against it."""
    state = tmp_path / ".ejournal"
    before = review_activity(LAST_WEEK, CLASS, school_week(LAST_FRIDAY), LAST_FRIDAY, RULES, None)
    save_snapshot(state, "activity", before.week.name, before.snapshot().to_dict())
    found = load_latest(state, "activity", WEEK.name)
    assert found is not None and found[0] == "2026-W47"
    return review_activity(THIS_WEEK, CLASS, WEEK, TODAY, RULES,
                           ActivitySnapshot.from_dict(found[1]))


def by_name(report: ActivityReport) -> dict[str, tuple[object, ...]]:
    return {u.name: (u.last_visit, u.visits, u.status, u.label)
            for u in (*report.parents, *report.students)}


def test_never_inactive_active(tmp_path: Path) -> None:
    users = by_name(current(tmp_path))
    assert users["Иванова Мария Петровна"] == (date(2026, 11, 26), 2, Status.ACTIVE, "активна")
    assert users["Иванов Сергей Николаевич"] == (None, 0, Status.NEVER, "не заходил ни разу")
    # not in this week's logins: the last visit is remembered from last week's snapshot
    assert users["Петрова Ольга Ивановна"] == \
        (date(2026, 11, 16), 0, Status.INACTIVE, "не заходила 11 дней")
    assert users["Иванов Пётр Сергеевич"][2:] == (Status.ACTIVE, "активен")
    assert users["Соколова Анна Ильинична"][3] == "не заходила ни разу"
    assert users["Петров Илья Андреевич"][2:] == (Status.INACTIVE, "не заходил 26 дней")
    assert "Орлова Нина" not in users  # her child left the class


def test_family_share_and_trend_from_the_saved_snapshot(tmp_path: Path) -> None:
    report = current(tmp_path)
    assert (report.families_active, report.families_total) == (1, 3)
    assert report.trend is not None and report.trend.previous_week == "2026-W47"
    assert (report.trend.previous_active, report.trend.previous_total) == (2, 3)
    assert [u.name for u in report.trend.became_inactive] == ["Петрова Ольга Ивановна"]
    assert [u.name for u in report.trend.became_active] == ["Иванов Пётр Сергеевич"]
    assert report.counts(PARENT) == {Status.ACTIVE: 1, Status.NEVER: 2, Status.INACTIVE: 1}
    assert report.counts(STUDENT) == {Status.ACTIVE: 1, Status.NEVER: 1, Status.INACTIVE: 1}


def test_call_list_with_phones_and_the_paper_family(tmp_path: Path) -> None:
    calls = [(c.student.last_name, c.parent.name, c.parent.phone, c.reason)
             for c in current(tmp_path).calls]
    assert calls == [
        ("Иванов", "Иванов Сергей Николаевич", "+79120000001", "не заходил ни разу"),
        ("Соколова", "Соколов Илья Андреевич", "+79223456789", PAPER_REASON),
        ("Петров", "Петрова Ольга Ивановна", "+79330000003", "не заходила 11 дней"),
    ]


def test_unmatched_visits_are_listed_not_raised(tmp_path: Path) -> None:
    unmatched = current(tmp_path).unmatched
    assert [(u.user, u.student, u.last_visit, u.visits) for u in unmatched] == \
        [("Сидорова Нина Петровна", "Сидоров Олег", date(2026, 11, 24), 2)]


def test_aggregate_export_counts_are_totals() -> None:
    journal = Journal(visits=(
        Visit("Иванова Мария Петровна", "родитель", "Иванов Пётр", at(26), count=14),
        Visit("Иванов Сергей Николаевич", "родитель", "Иванов Пётр", None, count=0),
        Visit("Петров Илья Андреевич", "ученик", "Петров Илья", at(2), count=3),
    ))
    report = review_activity(journal, CLASS, WEEK, TODAY, RULES, None)
    users = by_name(report)
    assert report.aggregate and report.trend is None
    assert users["Иванова Мария Петровна"][1:3] == (14, Status.ACTIVE)
    assert users["Иванов Сергей Николаевич"][1:3] == (0, Status.NEVER)
    assert users["Петров Илья Андреевич"][1:3] == (3, Status.INACTIVE)


def test_history_keeps_keys_and_dates_only(tmp_path: Path) -> None:
    state = tmp_path / ".ejournal"
    report = current(tmp_path)
    path = save_snapshot(state, "activity", "2026-W48", report.snapshot().to_dict())
    assert path == state / "history" / "activity" / "2026-W48.json"
    text = path.read_text(encoding="utf-8")
    assert "+79" not in text and "@" not in text
    assert ActivitySnapshot.from_dict(json.loads(text)) == report.snapshot()
    (state / "history" / "activity" / "2026-W49.json").write_text("{broken", encoding="utf-8")
    assert load_latest(state, "activity", "2026-W50")[0] == "2026-W48"  # type: ignore[index]
    assert load_latest(state, "activity", "2026-W47") is None
    assert load_latest(state, "changes", "2026-11") is None


def rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]


def test_workbook(tmp_path: Path) -> None:
    target = tmp_path / "Активность_ЭД.xlsx"
    write_activity(target, current(tmp_path), "7Б", "МБОУ СОШ № 1", WEEK)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Сводка", "Родители", "Ученики", "Обзвон", "Не найдены"]
    summary = book["Сводка"]
    assert [c.value for c in summary[4]][:4] == ["Доля активных семей", 1 / 3, 2 / 3, "-33 п.п."]
    assert summary["B4"].number_format == "0%"
    assert [c.value for c in summary[5]][1:4] == ["1 из 3", "2 из 3", "-1"]
    assert [c.value for c in summary[8]] == ["Родители", 2, 1, 1, 4]
    notes = [summary.cell(row, 1).value for row in range(11, 14)]
    assert notes[0] == "Стали неактивны (1): Петрова Ольга Ивановна (мать — Петров Илья " \
                       "Андреевич)."

    parents = rows(book["Родители"])
    assert parents[0][:4] == ["Иванов Пётр Сергеевич", "Иванова Мария Петровна", "мать",
                              "электронный дневник"]
    assert parents[0][4].date() == date(2026, 11, 26) and parents[0][5:] == [2, "активна"]
    calls = rows(book["Обзвон"])
    assert [(r[2], r[4], r[5], r[6]) for r in calls] == [
        ("Иванов Сергей Николаевич", "+79120000001", "не заходил ни разу", None),
        ("Соколов Илья Андреевич", "+79223456789", PAPER_REASON, None),
        ("Петрова Ольга Ивановна", "+79330000003", "не заходила 11 дней", None)]
    assert book["Обзвон"].cell(3, 7).value == "Результат звонка"
    assert rows(book["Не найдены"])[0][:2] == ["Сидорова Нина Петровна", "родитель"]


def test_workbook_of_an_aggregate_export_says_so(tmp_path: Path) -> None:
    journal = Journal(visits=(
        Visit("Иванова Мария Петровна", "родитель", "Иванов Пётр", at(26), count=14),))
    report = review_activity(journal, CLASS, WEEK, TODAY, RULES, None)
    target = write_activity(tmp_path / "Активность_ЭД.xlsx", report, "7Б", "Школа", WEEK)
    book = openpyxl.load_workbook(target)
    assert "Не найдены" not in book.sheetnames
    assert rows(book["Родители"])[0][5] == "14 (всего)"
    texts = [c.value for row in book["Сводка"].iter_rows() for c in row if c.value]
    assert any("Выгрузка сводная" in str(text) for text in texts)
    assert "первый обзор" in " ".join(map(str, texts))
