"""Monthly data verification: snapshots, the changes between them, the reminder, the report."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ejournal_sheets.changes import (
    Change,
    MonthlyChanges,
    Snapshot,
    compare,
    latest_snapshot,
    one_month_after,
    reminder,
    run_monthly_changes,
    save_snapshot,
    snapshot,
    snapshot_path,
)
from ejournal_sheets.model import (
    AbsenceNote,
    Channel,
    ClassRecord,
    Consent,
    GroupMember,
    Parent,
    Reason,
    Student,
)
from ejournal_sheets.problems import flatten
from ejournal_sheets.reports.changes_xlsx import FILE_NAME, write_changes

TODAY = date(2026, 11, 28)
LAST_MONTH = date(2026, 10, 27)
ENGLISH = "Английский язык"
IVANOVA = "Иванова Мария Петровна (мать ученика № 1)"
SOKOLOV = "Соколов Илья Андреевич (отец ученицы № 2)"

OCTOBER = ClassRecord(
    path=Path("класс.xlsx"),
    students=(
        Student(2, 1, "Иванов", "Пётр", "Сергеевич", "М", date(2013, 3, 14),
                address="ул. Ленина, 1", note="личное: не показывать"),
        Student(3, 2, "Соколова", "Анна", "Ильинична", "Ж", date(2013, 7, 2),
                address="ул. Мира, 5"),
        Student(4, 3, "Петров", "Олег", "Иванович", "М", date(2013, 1, 9)),
    ),
    parents=(
        Parent(2, 1, "Иванова", "Мария", "Петровна", "Ж", "мать", phone="+79123456789",
               email="ivanova@example.ru", channel=Channel.EMAIL, note="звонить после 18"),
        Parent(3, 2, "Соколов", "Илья", "Андреевич", "М", "отец", phone="+79223456789",
               channel=Channel.PAPER),
        Parent(4, 3, "Петрова", "Ольга", "Юрьевна", "Ж", "мать", phone="+79323456789",
               channel=Channel.DIARY, access_date=date(2026, 9, 3)),
    ),
    groups=(
        GroupMember(2, ENGLISH, "1 группа", "Смирнова Елена Викторовна", 1),
        GroupMember(3, ENGLISH, "2 группа", "Козлов Андрей Петрович", 2),
    ),
    consents=(
        Consent(2, 1, "Иванова Мария Петровна", date(2026, 9, 1), None, True, date(2026, 9, 1)),
        Consent(3, 2, "Соколов Илья Андреевич", date(2026, 9, 2), None, False, date(2026, 9, 2)),
    ),
    absences=(
        AbsenceNote(2, 1, date(2026, 11, 16), date(2026, 11, 18), reason=Reason.ILL,
                    document="Справка № 15", note="ОРВИ, температура"),
    ),
)

NOVEMBER = replace(
    OCTOBER,
    students=(
        OCTOBER.students[0],
        replace(OCTOBER.students[1], address="ул. Гагарина, 12, кв. 4"),
        Student(5, 4, "Кузнецова", "Дарья", "Олеговна", "Ж", date(2013, 5, 20),
                arrival_date=date(2026, 11, 10)),
    ),
    parents=(
        replace(OCTOBER.parents[0], phone="+79123450000"),
        replace(OCTOBER.parents[1], email="sokolov@example.ru", channel=Channel.EMAIL),
        Parent(5, 4, "Кузнецов", "Олег", "Петрович", "М", "отец", phone="+79423456789",
               channel=Channel.DIARY),
    ),
    groups=(
        replace(OCTOBER.groups[0], group="2 группа"),
        OCTOBER.groups[1],
    ),
    consents=(
        replace(OCTOBER.consents[0], pd_withdrawn=date(2026, 11, 20)),
        OCTOBER.consents[1],
    ),
)

EXPECTED = (
    Change("Ученики", "изменён", "№ 2 Соколова Анна Ильинична", "Адрес",
           "ул. Мира, 5", "ул. Гагарина, 12, кв. 4"),
    Change("Ученики", "удалён", "№ 3 Петров Олег Иванович", ""),
    Change("Ученики", "добавлен", "№ 4 Кузнецова Дарья Олеговна", ""),
    Change("Родители", "изменён", IVANOVA, "Телефон", "+79123456789", "+79123450000"),
    Change("Родители", "изменён", SOKOLOV, "Email", None, "sokolov@example.ru"),
    Change("Родители", "изменён", SOKOLOV, "Способ информирования", "бумага", "email"),
    Change("Родители", "удалён", "Петрова Ольга Юрьевна (мать ученика № 3)", ""),
    Change("Родители", "добавлен", "Кузнецов Олег Петрович (отец ученицы № 4)", ""),
    Change("Согласия", "изменён", IVANOVA, "Отзыв согласия", None, date(2026, 11, 20)),
    Change("Группы", "изменён", "№ 1 Иванов Пётр Сергеевич", ENGLISH, "1 группа", "2 группа"),
)


def test_compare_lists_every_change_in_order() -> None:
    assert compare(snapshot(OCTOBER), snapshot(NOVEMBER)) == EXPECTED


def test_same_class_has_no_changes() -> None:
    assert compare(snapshot(OCTOBER), snapshot(OCTOBER)) == ()


def test_spacing_and_row_order_are_not_changes() -> None:
    retyped = replace(
        OCTOBER,
        students=(replace(OCTOBER.students[0], row=9, address="ул.\u00a0Ленина,  1 "),
                  *OCTOBER.students[1:]),
        parents=tuple(reversed(OCTOBER.parents)),
    )
    assert compare(snapshot(OCTOBER), snapshot(retyped)) == ()


def test_spelling_of_a_name_is_a_field_change_not_a_new_parent() -> None:
    spelt = replace(OCTOBER, parents=(replace(OCTOBER.parents[0], last_name="ИВАНОВА"),
                                      *OCTOBER.parents[1:]))
    assert compare(snapshot(OCTOBER), snapshot(spelt)) == (
        Change("Родители", "изменён", "ИВАНОВА Мария Петровна (мать ученика № 1)", "ФИО",
               "Иванова Мария Петровна", "ИВАНОВА Мария Петровна"),
    )


def test_group_joined_and_left_and_consent_added() -> None:
    new = replace(
        OCTOBER,
        groups=(OCTOBER.groups[0], GroupMember(4, "Информатика", "1 группа", None, 3)),
        consents=(*OCTOBER.consents, Consent(4, 3, "Петрова Ольга Юрьевна", date(2026, 11, 2))),
    )
    assert compare(snapshot(OCTOBER), snapshot(new)) == (
        Change("Согласия", "добавлен", "Петрова Ольга Юрьевна (мать ученика № 3)", ""),
        Change("Группы", "удалён", "№ 2 Соколова Анна Ильинична", ENGLISH, "2 группа", None),
        Change("Группы", "добавлен", "№ 3 Петров Олег Иванович", "Информатика", None,
               "1 группа"),
    )


def test_invalid_phone_is_compared_as_typed() -> None:
    old = replace(OCTOBER, parents=(replace(OCTOBER.parents[0], phone=None, phone_raw="12-34"),))
    new = replace(OCTOBER, parents=(replace(OCTOBER.parents[0], phone=None, phone_raw="12-35"),))
    (change,) = compare(snapshot(old), snapshot(new))
    assert (change.field, change.old, change.new) == ("Телефон", "12-34", "12-35")


def test_snapshot_keeps_no_notes(tmp_path: Path) -> None:
    text = save_snapshot(tmp_path, snapshot(NOVEMBER), TODAY).read_text(encoding="utf-8")
    for private in ("ОРВИ", "Справка", "личное", "звонить", "note", "Примечание"):
        assert private not in text
    assert "Иванов" in text and "\\u" not in text  # Cyrillic kept as is


def test_snapshot_round_trip(tmp_path: Path) -> None:
    shot = snapshot(NOVEMBER)
    path = save_snapshot(tmp_path, shot, TODAY)
    assert path == tmp_path / "snapshots" / "2026-11-28.json" == snapshot_path(tmp_path, TODAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert Snapshot.from_dict(data) == shot == Snapshot.from_dict(shot.to_dict())
    assert list(data) == sorted(data)
    assert data["students"][0] == {
        "number": 1, "name": "Иванов Пётр Сергеевич", "sex": "М", "birth_date": "2013-03-14",
        "arrival_date": None, "leaving_date": None, "study_form": "очная",
        "address": "ул. Ленина, 1"}
    assert data["consents"][0]["electronic"] == "Да"


def test_save_replaces_the_days_snapshot_atomically(tmp_path: Path) -> None:
    save_snapshot(tmp_path, snapshot(OCTOBER), TODAY)
    save_snapshot(tmp_path, snapshot(NOVEMBER), TODAY)
    folder = tmp_path / "snapshots"
    assert [p.name for p in folder.iterdir()] == ["2026-11-28.json"]  # no temp files left
    found, problems = latest_snapshot(tmp_path, date(2026, 11, 29))
    assert found == (TODAY, snapshot(NOVEMBER)) and problems == ()


def test_latest_snapshot_is_strictly_before(tmp_path: Path) -> None:
    for day in (date(2026, 9, 28), LAST_MONTH, TODAY):
        save_snapshot(tmp_path, snapshot(OCTOBER), day)
    (tmp_path / "snapshots" / "notes.json").write_text("{}", encoding="utf-8")
    assert latest_snapshot(tmp_path, TODAY)[0] == (LAST_MONTH, snapshot(OCTOBER))
    assert latest_snapshot(tmp_path, date(2026, 9, 28)) == (None, ())
    assert latest_snapshot(tmp_path / "nowhere", TODAY) == (None, ())


@pytest.mark.parametrize("damage", ["{\"version\": 1, \"stud", "[1, 2]",
                                    '{"version": 1, "students": "x"}'])
def test_damaged_snapshot_is_skipped_with_a_warning(tmp_path: Path, damage: str) -> None:
    save_snapshot(tmp_path, snapshot(OCTOBER), date(2026, 9, 28))
    broken = snapshot_path(tmp_path, LAST_MONTH)
    broken.write_text(damage, encoding="utf-8")
    found, problems = latest_snapshot(tmp_path, TODAY)
    assert found == (date(2026, 9, 28), snapshot(OCTOBER))
    assert flatten(problems) == [("snapshot-damaged", None, "")]
    assert problems[0].where.path == broken and problems[0].severity.value == "предупреждение"
    assert "2026-10-27.json" in problems[0].message


def test_undecodable_snapshot_is_damaged(tmp_path: Path) -> None:
    path = snapshot_path(tmp_path, LAST_MONTH)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert flatten(latest_snapshot(tmp_path, TODAY)[1]) == [("snapshot-damaged", None, "")]


@pytest.mark.parametrize(("last", "today", "due"), [
    (date(2026, 10, 27), date(2026, 11, 28), True),
    (date(2026, 10, 28), date(2026, 11, 28), False),
    (date(2026, 11, 28), date(2026, 11, 28), False),
    (date(2026, 10, 31), date(2026, 11, 30), False),  # 31st → the 30th is a whole month
    (date(2026, 10, 31), date(2026, 12, 1), True),
    (date(2027, 1, 31), date(2027, 2, 28), False),
    (date(2027, 1, 31), date(2027, 3, 1), True),
    (date(2028, 1, 30), date(2028, 2, 29), False),  # leap year
    (date(2026, 12, 15), date(2027, 1, 15), False),  # over the new year
    (date(2026, 12, 15), date(2027, 1, 16), True),
])
def test_reminder_after_more_than_a_calendar_month(last: date, today: date, due: bool) -> None:
    assert (reminder(last, today) is not None) is due


def test_reminder_wording() -> None:
    assert reminder(LAST_MONTH, TODAY) == (
        "Данные класса не сверялись с 27 октября 2026 г. (больше месяца). "
        "Сверьте рабочую книгу с личными делами и журналом.")
    assert reminder(None, TODAY) == (
        "Данные класса ещё ни разу не сверялись. "
        "Сверьте рабочую книгу с личными делами и журналом.")
    assert one_month_after(date(2026, 10, 31)) == date(2026, 11, 30)


def test_first_run_lists_nothing_and_saves_a_snapshot(tmp_path: Path) -> None:
    result = run_monthly_changes(NOVEMBER, tmp_path, TODAY)
    assert result.previous is None and result.changes == () and result.problems == ()
    assert result.reminder is not None and "ни разу" in result.reminder
    assert result.saved == snapshot_path(tmp_path, TODAY)
    assert latest_snapshot(tmp_path, date(2026, 11, 29))[0] == (TODAY, snapshot(NOVEMBER))


def test_monthly_run_compares_with_last_month_and_reruns_the_same(tmp_path: Path) -> None:
    run_monthly_changes(OCTOBER, tmp_path, LAST_MONTH)
    result = run_monthly_changes(NOVEMBER, tmp_path, TODAY)
    assert (result.previous, result.changes) == (LAST_MONTH, EXPECTED)
    assert result.reminder is not None and "27 октября 2026 г." in result.reminder
    again = run_monthly_changes(NOVEMBER, tmp_path, TODAY)
    assert again.changes == EXPECTED  # today's snapshot is not compared with itself


def _read(path: Path) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(path).active
    return [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]


def test_report_shows_title_reminder_and_changes(tmp_path: Path) -> None:
    result = MonthlyChanges(LAST_MONTH, EXPECTED, reminder(LAST_MONTH, TODAY))
    path = write_changes(tmp_path, result, "7Б", "МБОУ СОШ № 5", TODAY)
    assert path == tmp_path / FILE_NAME
    rows = _read(path)
    assert rows[:3] == [("МБОУ СОШ № 5",), ("Сверка данных класса 7Б",),
                        ("Изменения с 27.10.2026 по 28.11.2026",)]
    assert rows[3][0].startswith("Данные класса не сверялись с 27 октября 2026 г.")
    assert rows[5] == ("Раздел", "Что", "Кто", "Поле", "Было", "Стало", "Проверено (подпись)")
    assert rows[6] == ("Ученики", "изменён", "№ 2 Соколова Анна Ильинична", "Адрес",
                       "ул. Мира, 5", "ул. Гагарина, 12, кв. 4")
    assert rows[7] == ("Ученики", "удалён", "№ 3 Петров Олег Иванович")
    assert rows[14] == ("Согласия", "изменён", IVANOVA, "Отзыв согласия",
                        datetime(2026, 11, 20))
    assert len([r for r in rows if r and r[0] in ("Ученики", "Родители", "Согласия", "Группы")
                ]) == len(EXPECTED)


def test_report_layout(tmp_path: Path) -> None:
    result = MonthlyChanges(LAST_MONTH, EXPECTED, None)
    sheet = openpyxl.load_workbook(write_changes(tmp_path, result, "7Б", "Школа", TODAY)).active
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == f"A5:G{5 + len(EXPECTED)}"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.oddFooter.center.text == "Стр. &P из &N"
    assert sheet["F14"].number_format == "dd.mm.yyyy"
    assert sheet["B6"].fill.fgColor.rgb.endswith("FFF2CC")
    assert sheet["B7"].fill.fgColor.rgb.endswith("F8CBAD")
    assert sheet.row_dimensions[6].height >= 15
    signed = [r for r in sheet.iter_rows(values_only=True) if r[0] and "Сверку провёл" in r[0]]
    assert len(signed) == 1


def test_report_without_changes(tmp_path: Path) -> None:
    none_found = write_changes(tmp_path / "a.xlsx", MonthlyChanges(LAST_MONTH, (), None),
                               "7Б", "Школа", TODAY)
    assert _read(none_found)[4:6] == [
        ("Раздел", "Что", "Кто", "Поле", "Было", "Стало", "Проверено (подпись)"),
        ("Изменений нет.",)]
    first = write_changes(tmp_path / "b.xlsx", MonthlyChanges(None, (), reminder(None, TODAY)),
                          "7Б", "Школа", TODAY)
    rows = _read(first)
    assert rows[2] == ("Первая сверка: изменений не с чем сравнивать",)
    assert rows[3][0].startswith("Данные класса ещё ни разу не сверялись")
    assert rows[6][0].startswith("Изменений нет: это первая сверка")


def test_report_writes_formulas_as_text(tmp_path: Path) -> None:
    tricky = Change("Родители", "изменён", "=HYPERLINK(\"http://x\")", "Email", "=1+1", "@x")
    path = write_changes(tmp_path, MonthlyChanges(LAST_MONTH, (tricky,), None), "7Б", "=2+2",
                         TODAY)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "=2+2" and sheet["A1"].data_type == "s"
    assert sheet["C6"].data_type == "s" and sheet["E6"].data_type == "s"


def test_report_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / FILE_NAME
    source.write_bytes(b"teacher's file")
    with pytest.raises(Exception, match="совпадает с исходным"):
        write_changes(tmp_path, MonthlyChanges(None, (), None), "7Б", "Школа", TODAY,
                      inputs=(source,))
    assert source.read_bytes() == b"teacher's file"
