"""The demo class: deterministic, plausible, clean except for exactly the planted problems."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ejournal_sheets.contacts import normalize_email, normalize_phone
from ejournal_sheets.demo import DemoClass, Planted, build_demo, make_class_rows
from ejournal_sheets.demo.names import REGULAR_SURNAMES, SPECIAL_SURNAMES, patronymic_forms
from ejournal_sheets.demo.school_days import is_school_day
from ejournal_sheets.flows.check import check_class
from ejournal_sheets.names import has_latin, name_key
from ejournal_sheets.problems import Severity
from ejournal_sheets.schema import LISTS, SHEETS, Kind
from ejournal_sheets.settings import load_settings
from ejournal_sheets.workspace import open_workspace

TODAY = date(2026, 11, 27)
YEAR_START = date(2026, 9, 1)
PLANTED_CODES = {
    "phone-normalised": ("Родители", "phone"),
    "name-latin-lookalike": ("Ученики", "last_name"),
    "parent-email-no-consent": ("Родители", "channel"),
    "email-invalid": ("Родители", "email"),
    "date-as-text": ("Ученики", "birth_date"),
}
NAME_WORD = re.compile(r"[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?")
SURNAMES = {s.male: s for s in (*REGULAR_SURNAMES, *SPECIAL_SURNAMES)} | {
    s.female: s for s in (*REGULAR_SURNAMES, *SPECIAL_SURNAMES)
}
Row = Mapping[str, Any]


@pytest.fixture(scope="module")
def demo() -> DemoClass:
    return make_class_rows(TODAY)


@pytest.fixture(scope="module")
def clean() -> DemoClass:
    return make_class_rows(TODAY, plant_problems=False)


def rows(demo: DemoClass, sheet: str) -> tuple[Row, ...]:
    """A sheet's rows, with values typed loosely for the assertions."""
    return demo.rows[sheet]


def value_at(demo: DemoClass, planted: Planted) -> object:
    return demo.rows[planted.sheet][planted.row - 2][planted.field]


def parents_of(demo: DemoClass, number: int) -> list[Row]:
    return [p for p in rows(demo, "Родители") if p["student_number"] == number]


def full_name(person: Row) -> str:
    return f"{person['last_name']} {person['first_name']} {person['patronymic']}"


def consent_of(demo: DemoClass, parent: Row) -> Row:
    return next(
        c for c in rows(demo, "Согласия")
        if c["student_number"] == parent["student_number"] and c["parent"] == full_name(parent)
    )  # fmt: skip


def channel_works(demo: DemoClass, parent: Row) -> bool:
    """As the checker sees it: paper always; e-diary with access; email with valid consent."""
    if parent["channel"] == "бумага":
        return True
    if parent["channel"] == "электронный дневник":
        return parent["access_date"] is not None
    consent = consent_of(demo, parent)
    email = parent["email"]
    valid = isinstance(email, str) and normalize_email(email) == email
    return valid and consent["electronic"] == "Да" and consent["pd_withdrawn"] is None


def families(demo: DemoClass) -> dict[int, list[Row]]:
    return {s["number"]: parents_of(demo, s["number"]) for s in rows(demo, "Ученики")}


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_gives_the_same_class(demo: DemoClass) -> None:
    assert make_class_rows(TODAY, seed=7) == demo


def test_another_seed_gives_another_class(demo: DemoClass) -> None:
    other = make_class_rows(TODAY, seed=8)
    assert other.rows != demo.rows
    assert [s["last_name"] for s in rows(other, "Ученики")] != [
        s["last_name"] for s in rows(demo, "Ученики")
    ]


def test_people_do_not_depend_on_the_day(clean: DemoClass) -> None:
    later = make_class_rows(date(2027, 4, 20), plant_problems=False)
    for sheet, fields in (
        ("Ученики", ("last_name", "first_name", "patronymic", "address")),
        ("Родители", ("last_name", "first_name", "phone", "email", "channel")),
    ):
        before = [[r[f] for f in fields] for r in rows(clean, sheet)]
        assert before == [[r[f] for f in fields] for r in rows(later, sheet)]


def test_rows_are_read_only(demo: DemoClass) -> None:
    with pytest.raises(TypeError):
        rows(demo, "Ученики")[0]["last_name"] = "Иванов"  # type: ignore[index]


# --- counts and composition ------------------------------------------------------------------


def test_27_students_numbered_in_alphabetical_order(clean: DemoClass) -> None:
    students = rows(clean, "Ученики")
    assert [s["number"] for s in students] == list(range(1, 28))
    keys = [name_key(full_name(s)) for s in students]
    assert keys == sorted(keys)
    assert 10 <= Counter(s["sex"] for s in students)["Ж"] <= 17


def test_every_row_has_every_field_of_its_sheet(demo: DemoClass) -> None:
    for spec in SHEETS:
        fields = [c.field for c in spec.columns]
        assert all(list(row) == fields for row in demo.rows[spec.name]), spec.name


def test_list_values_come_from_the_drop_downs(demo: DemoClass) -> None:
    for spec in SHEETS:
        for column in spec.columns:
            if column.choices:
                values = {row[column.field] for row in demo.rows[spec.name]} - {None}
                assert values <= set(LISTS[column.choices]), (spec.name, column.field)


def test_two_english_groups_cover_the_class_once(clean: DemoClass) -> None:
    groups = rows(clean, "Группы")
    assert {(g["subject"], g["group"], g["teacher"]) for g in groups} == {
        ("Английский язык", "1 группа", "Смирнова Елена Викторовна"),
        ("Английский язык", "2 группа", "Козлов Андрей Петрович"),
    }
    assert sorted(g["student_number"] for g in groups) == list(range(1, 28))
    assert abs(Counter(g["group"] for g in groups)["1 группа"] - 27 / 2) < 1


def test_families_are_mostly_two_parents(clean: DemoClass) -> None:
    shapes = Counter(tuple(p["relation"] for p in family) for family in families(clean).values())
    assert shapes[("мать",)] == 3
    assert shapes[("опекун",)] == 1
    assert shapes[("мать", "отец")] == 23


def test_three_or_four_paper_families_one_withdrawn(clean: DemoClass) -> None:
    paper = [n for n, f in families(clean).items() if all(p["channel"] == "бумага" for p in f)]
    assert 3 <= len(paper) <= 4
    withdrawn = {c["student_number"] for c in rows(clean, "Согласия") if c["pd_withdrawn"]}
    assert len(withdrawn) == 1 and withdrawn <= set(paper)


def test_channels_are_mixed(clean: DemoClass) -> None:
    channels = Counter(p["channel"] for p in rows(clean, "Родители"))
    assert channels["email"] >= 4
    assert channels["электронный дневник"] > channels["email"] + channels["бумага"]


def test_every_family_is_reachable_when_clean(clean: DemoClass) -> None:
    for number, family in families(clean).items():
        assert any(channel_works(clean, p) for p in family), number
    for parent in rows(clean, "Родители"):
        assert channel_works(clean, parent), parent


def test_one_consent_row_per_parent(clean: DemoClass) -> None:
    parents = rows(clean, "Родители")
    assert len(rows(clean, "Согласия")) == len(parents)
    for parent in parents:
        consent = consent_of(clean, parent)
        assert consent["pd_consent"] and consent["regulation_date"]
        if parent["channel"] == "email":
            assert consent["electronic"] == "Да"


def test_contacts_are_valid_and_unique(clean: DemoClass) -> None:
    phones = [p["phone"] for p in rows(clean, "Родители")]
    emails = [p["email"] for p in rows(clean, "Родители") if p["email"]]
    assert all(isinstance(p, str) and normalize_phone(p) == p for p in phones)
    assert all(isinstance(e, str) and normalize_email(e) == e for e in emails)
    assert len(set(phones)) == len(phones) and len(set(emails)) == len(emails)
    assert len(emails) >= 8


def test_one_arrival_and_one_leaving_with_their_orders(clean: DemoClass) -> None:
    students = {s["number"]: s for s in rows(clean, "Ученики")}
    moves = rows(clean, "Движение")
    assert sorted(m["event"] for m in moves) == ["выбыл", "прибыл"]
    for move in moves:
        student = students[move["student_number"]]
        field = "arrival_date" if move["event"] == "прибыл" else "leaving_date"
        assert student[field] == move["date"]
        assert move["student_name"] == full_name(student)
        assert re.fullmatch(r"№ \d+-у от \d\d\.\d\d\.\d{4}", str(move["order"]))
        assert f"{move['date']:%d.%m.%Y}" in str(move["order"])
    arrived = next(m for m in moves if m["event"] == "прибыл")
    assert arrived["place"] == "МБОУ СОШ № 3 г. Заречный"
    assert sum(1 for s in students.values() if s["arrival_date"] or s["leaving_date"]) == 2


def test_study_forms(clean: DemoClass) -> None:
    forms = Counter(s["study_form"] for s in rows(clean, "Ученики"))
    assert forms == {"очная": 26, "на дому": 1}


def test_absence_notes(clean: DemoClass) -> None:
    notes = rows(clean, "Пропуски")
    assert 6 <= len(notes) <= 8
    reasons = Counter(n["reason"] for n in notes)
    assert reasons["без уважительной"] == 1 and reasons["болезнь"] >= 3
    for note in notes:
        assert note["date_from"] <= note["date_to"]
        if note["reason"] == "болезнь":
            assert re.fullmatch(r"Справка № \d+", str(note["document"]))
        if note["reason"] == "уважительная":
            assert note["document"] == "Заявление родителей"
    assert any(n["lessons"] == "3, 4" for n in notes)
    assert [n["note"] for n in notes if n["note"]] == ["ОРВИ, температура 38,5"]
    movers = {m["student_number"] for m in rows(clean, "Движение")}
    assert not movers & {n["student_number"] for n in notes}


# --- names -----------------------------------------------------------------------------------


def name_cells(demo: DemoClass) -> list[tuple[str, int, str, str]]:
    """(sheet, Excel row, field, value) of every filled name cell."""
    return [
        (spec.name, index + 2, column.field, str(row[column.field]))
        for spec in SHEETS
        for index, row in enumerate(demo.rows[spec.name])
        for column in spec.columns
        if column.kind is Kind.NAME and row[column.field]
    ]


def test_names_are_cyrillic_and_capitalised(clean: DemoClass) -> None:
    for sheet, row, _field, value in name_cells(clean):
        assert all(NAME_WORD.fullmatch(word) for word in value.split(" ")), (sheet, row, value)


def test_only_the_planted_name_has_latin_letters(demo: DemoClass) -> None:
    cells = name_cells(demo)
    latin = [(sheet, row, field) for sheet, row, field, value in cells if has_latin(value)]
    planted = next(p for p in demo.planted if p.code == "name-latin-lookalike")
    assert latin == [(planted.sheet, planted.row, planted.field)]


def test_parents_surnames_match_the_child(clean: DemoClass) -> None:
    students = {s["number"]: s for s in rows(clean, "Ученики")}
    for parent in rows(clean, "Родители"):
        surname = SURNAMES[str(students[parent["student_number"]]["last_name"])]
        expected = surname.male if parent["relation"] == "отец" else surname.female
        assert parent["last_name"] == expected, parent
        assert parent["sex"] == ("М" if parent["relation"] == "отец" else "Ж")


def test_special_surnames_are_in_the_class(clean: DemoClass) -> None:
    surnames = {SURNAMES[str(s["last_name"])] for s in rows(clean, "Ученики")}
    assert set(SPECIAL_SURNAMES) <= surnames
    assert any("-" in s.female for s in surnames)
    assert any(s.male == s.female for s in surnames)


def test_children_are_named_after_their_fathers(clean: DemoClass) -> None:
    for student in rows(clean, "Ученики"):
        father = [p for p in parents_of(clean, student["number"]) if p["relation"] == "отец"]
        if father:
            male, female = patronymic_forms(str(father[0]["first_name"]))
            assert student["patronymic"] == (female if student["sex"] == "Ж" else male)


@pytest.mark.parametrize(
    ("father", "son", "daughter"),
    [
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Илья", "Ильич", "Ильинична"),
        ("Никита", "Никитич", "Никитична"),
        ("Иван", "Иванович", "Ивановна"),
        ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Василий", "Васильевич", "Васильевна"),
        ("Михаил", "Михайлович", "Михайловна"),
        ("Павел", "Павлович", "Павловна"),
        ("Игорь", "Игоревич", "Игоревна"),
        ("Николай", "Николаевич", "Николаевна"),
        ("Пётр", "Петрович", "Петровна"),
    ],
)
def test_patronymics(father: str, son: str, daughter: str) -> None:
    assert patronymic_forms(father) == (son, daughter)


# --- dates -----------------------------------------------------------------------------------


def event_dates(demo: DemoClass) -> list[tuple[str, str, date]]:
    """Every date on the workbook except birth dates: (sheet, field, date)."""
    return [
        (sheet, field, value)
        for sheet, rows in demo.rows.items()
        for row in rows
        for field, value in row.items()
        if isinstance(value, date) and field != "birth_date"
    ]


@pytest.mark.parametrize(
    "today", [date(2026, 9, 15), TODAY, date(2027, 3, 24), date(2027, 5, 26), date(2027, 7, 1)]
)
def test_dates_are_past_school_days_of_the_year(today: date) -> None:
    demo = make_class_rows(today, plant_problems=False)
    dates = event_dates(demo)
    assert len(dates) > 100
    for sheet, field, day in dates:
        assert YEAR_START <= day < today and is_school_day(day), (sheet, field, day)


def test_arrival_and_leaving_are_in_order(clean: DemoClass) -> None:
    for parent in rows(clean, "Согласия"):
        assert parent["pd_consent"] <= parent["regulation_date"]
        if parent["pd_withdrawn"]:
            assert parent["pd_consent"] < parent["pd_withdrawn"]
    arrived = next(s for s in rows(clean, "Ученики") if s["arrival_date"])
    for parent in parents_of(clean, arrived["number"]):
        assert consent_of(clean, parent)["pd_consent"] >= arrived["arrival_date"]


def test_birth_dates_fit_grade_7(clean: DemoClass) -> None:
    years = Counter(s["birth_date"].year for s in rows(clean, "Ученики"))
    assert years[2013] >= 20 and set(years) <= {2012, 2013, 2014}
    assert years[2012] >= 1 and years[2014] >= 1


@pytest.mark.parametrize("today", [date(2026, 9, 4), date(2026, 8, 20)])
def test_too_early_in_the_year_is_refused(today: date) -> None:
    with pytest.raises(ValueError, match="учебных дней"):
        make_class_rows(today)


# --- planted problems ------------------------------------------------------------------------


def test_exactly_the_five_problems_are_planted(demo: DemoClass, clean: DemoClass) -> None:
    assert {p.code: (p.sheet, p.field) for p in demo.planted} == PLANTED_CODES
    assert len(demo.planted) == 5 and clean.planted == ()
    assert all(p.what and re.search("[а-я]", p.what) for p in demo.planted)


def test_only_the_planted_cells_differ_from_the_clean_class(
    demo: DemoClass, clean: DemoClass
) -> None:
    differ = {
        (sheet, index + 2, field)
        for sheet, rows in clean.rows.items()
        for index, row in enumerate(rows)
        for field, value in row.items()
        if demo.rows[sheet][index][field] != value
    }
    assert [len(rows) for rows in demo.rows.values()] == [len(r) for r in clean.rows.values()]
    assert differ == {(p.sheet, p.row, p.field) for p in demo.planted}


def planted(demo: DemoClass, code: str) -> Planted:
    return next(p for p in demo.planted if p.code == code)


def test_phone_typed_as_a_number(demo: DemoClass, clean: DemoClass) -> None:
    where = planted(demo, "phone-normalised")
    value, original = value_at(demo, where), value_at(clean, where)
    assert isinstance(value, int) and str(value).startswith("89") and len(str(value)) == 11
    assert original == f"+7{str(value)[1:]}"


def test_latin_lookalike_in_a_surname(demo: DemoClass, clean: DemoClass) -> None:
    where = planted(demo, "name-latin-lookalike")
    value, original = str(value_at(demo, where)), str(value_at(clean, where))
    assert len(re.findall("[A-Za-z]", value)) == 1
    assert name_key(value) == name_key(original) and value != original


def test_email_chosen_without_consent(demo: DemoClass, clean: DemoClass) -> None:
    where = planted(demo, "parent-email-no-consent")
    parent = rows(demo, where.sheet)[where.row - 2]
    assert parent["channel"] == "email" and value_at(clean, where) == "электронный дневник"
    assert normalize_email(str(parent["email"])) == parent["email"]
    assert consent_of(demo, parent)["electronic"] == "Нет"
    others = [p for p in parents_of(demo, parent["student_number"]) if p != parent]
    assert any(channel_works(demo, p) for p in others)


def test_invalid_email_of_an_e_diary_parent(demo: DemoClass, clean: DemoClass) -> None:
    where = planted(demo, "email-invalid")
    parent = rows(demo, where.sheet)[where.row - 2]
    assert normalize_email(str(parent["email"])) is None
    assert normalize_email(str(value_at(clean, where))) == value_at(clean, where)
    assert parent["channel"] == "электронный дневник" and parent["access_date"]


def test_birth_date_typed_as_text(demo: DemoClass, clean: DemoClass) -> None:
    where = planted(demo, "date-as-text")
    original = value_at(clean, where)
    assert isinstance(original, date)
    assert value_at(demo, where) == f"{original:%d.%m.%Y}"


def test_planted_cells_are_named_as_excel_names_them(demo: DemoClass) -> None:
    assert [p.cell[0] for p in demo.planted] == ["G", "B", "I", "H", "F"]
    assert all(p.cell[1:] == str(p.row) for p in demo.planted)


# --- the workspace on disk -------------------------------------------------------------------


def test_build_demo_writes_a_workspace(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    demo = build_demo(root, TODAY)
    assert {p.name for p in root.iterdir()} == {
        "ejournal.toml", "класс.xlsx", "журнал", "output", ".ejournal"
    }  # fmt: skip
    settings = load_settings(root / "ejournal.toml")
    assert settings.class_.name == "7Б" and settings.class_.teacher == "Алексеева Марина Сергеевна"
    assert settings.school.name == "МБОУ «Средняя общеобразовательная школа № 1» г. Заречный"
    book = openpyxl.load_workbook(root / "класс.xlsx")
    for item in demo.planted:
        sheet = book[item.sheet]
        header = next(s for s in SHEETS if s.name == item.sheet).column(item.field).header
        assert sheet[f"{item.cell[0]}1"].value == header
        assert sheet[item.cell].value == value_at(demo, item)
    assert book["Ученики"].max_row == 28


def test_build_demo_overwrites_an_earlier_demo(tmp_path: Path) -> None:
    build_demo(tmp_path, TODAY, seed=1)
    demo = build_demo(tmp_path, TODAY, seed=2, plant_problems=False)
    sheet = openpyxl.load_workbook(tmp_path / "класс.xlsx")["Ученики"]
    assert [sheet.cell(row, 2).value for row in range(2, 29)] == [
        s["last_name"] for s in rows(demo, "Ученики")
    ]
    birth = sheet.cell(2, 6).value
    assert isinstance(birth, datetime) and birth.date() == rows(demo, "Ученики")[0]["birth_date"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and "tmp" in p.name]


@pytest.mark.parametrize("plant", [True, False])
def test_the_checker_finds_exactly_the_planted_problems(tmp_path: Path, plant: bool) -> None:
    demo = build_demo(tmp_path, TODAY, plant_problems=plant)
    report = check_class(open_workspace(tmp_path), TODAY, write=False).report
    found = {(p.code, p.where.sheet, p.where.cell) for p in report.problems
             if p.severity is not Severity.INFO}
    assert found == {(p.code, p.sheet, p.cell) for p in demo.planted}
    # The family that withdrew its consent is already on paper: only a note about it.
    notes = {(p.code, p.where.sheet) for p in report.problems if p.severity is Severity.INFO}
    assert notes == {("consent-withdrawn", "Согласия")}


def test_every_seed_plants_all_five_problems() -> None:
    # Regression: a seed whose look-alike student had no twin letter in the surname crashed.
    for seed in range(120):
        assert len(make_class_rows(TODAY, seed).planted) == 5, seed
