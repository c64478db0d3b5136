"""Russian for letters: declined names, address words, numbers with a decimal comma, plurals."""

from __future__ import annotations

from datetime import date

import pytest

from ejournal_sheets import dates, russian, wording
from ejournal_sheets.model import Parent, Student
from ejournal_sheets.russian import (
    Case,
    count_days,
    count_lessons,
    count_marks,
    date_short,
    date_words,
    dear,
    decimal,
    decline,
    name_sex,
    parent_name,
    parent_sex,
    percent,
    pupil,
    pupil_genitive,
    short_name,
    student_name,
    student_word,
    your_child,
)

CASES = (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL, Case.PREPOSITIONAL)

# ФИО and «Пол» → кого? / кому? / кого? (вин.) / кем? / о ком?  — written by hand.
NAMES: dict[tuple[str, str, str | None, str | None], tuple[str, str, str, str, str]] = {
    ("Иванов", "Пётр", "Сергеевич", "М"): (
        "Иванова Петра Сергеевича", "Иванову Петру Сергеевичу", "Иванова Петра Сергеевича",
        "Ивановым Петром Сергеевичем", "Иванове Петре Сергеевиче"),
    ("Смирнова", "Анна", "Ильинична", "Ж"): (
        "Смирновой Анны Ильиничны", "Смирновой Анне Ильиничне", "Смирнову Анну Ильиничну",
        "Смирновой Анной Ильиничной", "Смирновой Анне Ильиничне"),
    ("Петрова-Водкина", "Мария", "Кузьминична", "Ж"): (
        "Петровой-Водкиной Марии Кузьминичны", "Петровой-Водкиной Марии Кузьминичне",
        "Петрову-Водкину Марию Кузьминичну", "Петровой-Водкиной Марией Кузьминичной",
        "Петровой-Водкиной Марии Кузьминичне"),
    ("Петров-Водкин", "Кузьма", "Сергеевич", "М"): (
        "Петрова-Водкина Кузьмы Сергеевича", "Петрову-Водкину Кузьме Сергеевичу",
        "Петрова-Водкина Кузьму Сергеевича", "Петровым-Водкиным Кузьмой Сергеевичем",
        "Петрове-Водкине Кузьме Сергеевиче"),
    ("Черных", "Ольга", "Петровна", "Ж"): (
        "Черных Ольги Петровны", "Черных Ольге Петровне", "Черных Ольгу Петровну",
        "Черных Ольгой Петровной", "Черных Ольге Петровне"),
    ("Черных", "Илья", "Андреевич", "М"): (
        "Черных Ильи Андреевича", "Черных Илье Андреевичу", "Черных Илью Андреевича",
        "Черных Ильёй Андреевичем", "Черных Илье Андреевиче"),
    ("Дурново", "Кирилл", "Олегович", "М"): (
        "Дурново Кирилла Олеговича", "Дурново Кириллу Олеговичу", "Дурново Кирилла Олеговича",
        "Дурново Кириллом Олеговичем", "Дурново Кирилле Олеговиче"),
    ("Шевчук", "Ярослав", "Алексеевич", "М"): (
        "Шевчука Ярослава Алексеевича", "Шевчуку Ярославу Алексеевичу",
        "Шевчука Ярослава Алексеевича", "Шевчуком Ярославом Алексеевичем",
        "Шевчуке Ярославе Алексеевиче"),
    ("Шевчук", "Алёна", "Алексеевна", "Ж"): (
        "Шевчук Алёны Алексеевны", "Шевчук Алёне Алексеевне", "Шевчук Алёну Алексеевну",
        "Шевчук Алёной Алексеевной", "Шевчук Алёне Алексеевне"),
    ("Орлов", "Никита", "Ильич", "М"): (
        "Орлова Никиты Ильича", "Орлову Никите Ильичу", "Орлова Никиту Ильича",
        "Орловым Никитой Ильичом", "Орлове Никите Ильиче"),
    ("Толстой", "Лев", "Николаевич", "М"): (
        "Толстого Льва Николаевича", "Толстому Льву Николаевичу", "Толстого Льва Николаевича",
        "Толстым Львом Николаевичем", "Толстом Льве Николаевиче"),
    ("Андреев", "Павел", "Лукич", "М"): (
        "Андреева Павла Лукича", "Андрееву Павлу Лукичу", "Андреева Павла Лукича",
        "Андреевым Павлом Лукичом", "Андрееве Павле Лукиче"),
    ("Орлова", "Любовь", "Фоминична", "Ж"): (
        "Орловой Любови Фоминичны", "Орловой Любови Фоминичне", "Орлову Любовь Фоминичну",
        "Орловой Любовью Фоминичной", "Орловой Любови Фоминичне"),
    ("Ёлкина", "Алёна", "Саввична", "Ж"): (
        "Ёлкиной Алёны Саввичны", "Ёлкиной Алёне Саввичне", "Ёлкину Алёну Саввичну",
        "Ёлкиной Алёной Саввичной", "Ёлкиной Алёне Саввичне"),
    ("Шевченко", "Ирина", "Петровна", "Ж"): (
        "Шевченко Ирины Петровны", "Шевченко Ирине Петровне", "Шевченко Ирину Петровну",
        "Шевченко Ириной Петровной", "Шевченко Ирине Петровне"),
    ("Ткач", "Мария", "Ивановна", "Ж"): (
        "Ткач Марии Ивановны", "Ткач Марии Ивановне", "Ткач Марию Ивановну",
        "Ткач Марией Ивановной", "Ткач Марии Ивановне"),
    ("Гёте", "Анна", None, "Ж"): (
        "Гёте Анны", "Гёте Анне", "Гёте Анну", "Гёте Анной", "Гёте Анне"),
    ("Гарсиа", "Хосе", None, "М"): (
        "Гарсиа Хосе", "Гарсиа Хосе", "Гарсиа Хосе", "Гарсиа Хосе", "Гарсиа Хосе"),
    # Corrections of pytrovich 0.2: letter case, the vowel of «-знец», Turkic patronymics.
    ("ИВАНОВ", "ПЁТР", "СЕРГЕЕВИЧ", "М"): (
        "ИВАНОВА ПЕТРА СЕРГЕЕВИЧА", "ИВАНОВУ ПЕТРУ СЕРГЕЕВИЧУ", "ИВАНОВА ПЕТРА СЕРГЕЕВИЧА",
        "ИВАНОВЫМ ПЕТРОМ СЕРГЕЕВИЧЕМ", "ИВАНОВЕ ПЕТРЕ СЕРГЕЕВИЧЕ"),
    ("Кузнец", "Олег", "Иванович", "М"): (
        "Кузнеца Олега Ивановича", "Кузнецу Олегу Ивановичу", "Кузнеца Олега Ивановича",
        "Кузнецом Олегом Ивановичем", "Кузнеце Олеге Ивановиче"),
    ("Мамедова", "Лейла", "Эльдар кызы", None): (
        "Мамедовой Лейлы Эльдар кызы", "Мамедовой Лейле Эльдар кызы",
        "Мамедову Лейлу Эльдар кызы", "Мамедовой Лейлой Эльдар кызы",
        "Мамедовой Лейле Эльдар кызы"),
    ("Алиев", "Рашид", "Гасан оглы", None): (
        "Алиева Рашида Гасан оглы", "Алиеву Рашиду Гасан оглы", "Алиева Рашида Гасан оглы",
        "Алиевым Рашидом Гасан оглы", "Алиеве Рашиде Гасан оглы"),
    # Unknown «Пол»: a consonant surname stays as typed; «Сашы»/«Сашой» are spelled right.
    ("Шевчук", "Саша", None, None): (
        "Шевчук Саши", "Шевчук Саше", "Шевчук Сашу", "Шевчук Сашей", "Шевчук Саше"),
}  # fmt: skip


@pytest.mark.parametrize(("name", "case", "expected"), [
    (name, case, forms[i]) for name, forms in NAMES.items() for i, case in enumerate(CASES)
], ids=lambda value: value if isinstance(value, str) else None)
def test_decline_table(name, case, expected):
    assert decline(*name, case) == expected


def test_nominative_is_the_name_as_typed_with_spaces_cleaned():
    assert decline(" Иванов ", "Пётр\u00a0", None, "М", Case.NOMINATIVE) == "Иванов Пётр"


def test_gender_from_the_patronymic_when_pol_is_empty():
    assert decline("Смирнова", "Анна", "Ильинична", None, Case.DATIVE) == (
        "Смирновой Анне Ильиничне")
    assert decline("Шевчук", "Алёна", "Алексеевна", "", Case.GENITIVE) == (
        "Шевчук Алёны Алексеевны")
    assert decline("Шевчук", "Ярослав", "Алексеевич", None, Case.GENITIVE) == (
        "Шевчука Ярослава Алексеевича")


@pytest.mark.parametrize(("last", "first", "patronymic", "sex", "expected"), [
    ("Шевчук", "Алёна", "Алексеевна", "М", "М"),  # «Пол» wins over the patronymic
    ("Шевчук", "Алёна", "Алексеевич", "жен.", "Ж"),
    ("Шевчук", "Никита", "Ильич", None, "М"),
    ("Шевчук", "Алёна", "Ильинишна", None, "Ж"),
    ("Шевчук", "Мария", None, None, "Ж"),  # pytrovich's guess from the first name
    ("Иванова", "Саша", None, None, "Ж"),  # … or from the surname
    ("Шевчук", "Саша", None, None, None),
    ("", "", None, None, None),
])  # fmt: skip
def test_name_sex(last, first, patronymic, sex, expected):
    assert name_sex(last, first, patronymic, sex) == expected


def test_declined_names_are_cached():
    decline.cache_clear()
    for _ in range(3):
        decline("Иванов", "Пётр", "Сергеевич", "М", Case.GENITIVE)
    assert decline.cache_info().hits == 2


def _student(**fields) -> Student:
    base = {"row": 2, "number": 1, "last_name": "Кох", "first_name": "Мария",
            "patronymic": "Олеговна", "sex": "Ж"}
    return Student(**{**base, **fields})


def test_student_name_overrides_win_for_their_case_only():
    student = _student(name_genitive="  Кох  Марьи Олеговны ")
    assert student_name(student, Case.GENITIVE) == "Кох Марьи Олеговны"
    assert student_name(student, Case.DATIVE) == "Кох Марии Олеговне"
    assert student_name(student, Case.ACCUSATIVE) == "Кох Марию Олеговну"
    assert student_name(student, Case.NOMINATIVE) == "Кох Мария Олеговна"
    student = _student(name_dative="Кох Марье Олеговне", name_genitive=" ")
    assert student_name(student, Case.DATIVE) == "Кох Марье Олеговне"
    assert student_name(student, Case.GENITIVE) == "Кох Марии Олеговны"


def _parent(**fields) -> Parent:
    base = {"row": 2, "student_number": 1, "last_name": "Черных", "first_name": "Ольга",
            "patronymic": None, "sex": None, "relation": None}
    return Parent(**{**base, **fields})


@pytest.mark.parametrize(("fields", "expected"), [
    ({"sex": "Ж", "relation": "отец"}, "Ж"),  # «Пол» first
    ({"relation": "Мать"}, "Ж"),
    ({"relation": "бабушка"}, "Ж"),
    ({"relation": "тётя"}, "Ж"),
    ({"first_name": "Илья", "relation": "отец"}, "М"),
    ({"first_name": "Илья", "relation": "Дедушка"}, "М"),
    ({"relation": "опекун", "patronymic": "Петровна"}, "Ж"),
    ({"first_name": "Илья", "relation": "другое", "patronymic": "Андреевич"}, "М"),
    ({"relation": "опекун"}, None),
])  # fmt: skip
def test_parent_sex(fields, expected):
    assert parent_sex(_parent(**fields)) == expected


def test_parent_name_declines_by_the_relation():
    mother = _parent(last_name="Шевчук", first_name="Алёна", relation="мать")
    assert parent_name(mother, Case.DATIVE) == "Шевчук Алёне"
    father = _parent(last_name="Шевчук", first_name="Ярослав", relation="отец")
    assert parent_name(father, Case.DATIVE) == "Шевчуку Ярославу"


@pytest.mark.parametrize(("first", "patronymic", "sex", "expected"), [
    ("Мария", "Ивановна", "Ж", "Уважаемая Мария Ивановна"),
    ("Мария", None, "Ж", "Уважаемая Мария"),
    ("Игорь", "Петрович", "М", "Уважаемый Игорь Петрович"),
    ("Игорь", "Петрович", None, "Уважаемый Игорь Петрович"),
    ("Лейла", "Эльдар кызы", None, "Уважаемая Лейла Эльдар кызы"),
    ("Саша", None, None, "Уважаемый(ая) Саша"),
    ("Саша", "", "", "Уважаемый(ая) Саша"),
])  # fmt: skip
def test_dear(first, patronymic, sex, expected):
    assert dear(first, patronymic, sex) == expected


def test_relation_words():
    assert [your_child(s) for s in ("М", "ж", None)] == ["Ваш сын", "Ваша дочь", "Ваш ребёнок"]
    assert [pupil(s) for s in ("М", "Ж", None)] == ["обучающийся", "обучающаяся", "обучающийся"]
    assert [pupil_genitive(s) for s in ("М", "Ж")] == ["обучающегося", "обучающейся"]
    assert [student_word(s) for s in ("М", "Ж")] == ["ученик", "ученица"]


@pytest.mark.parametrize(("full", "expected"), [
    ("Алексеева Марина Сергеевна", "Алексеева М.С."),
    ("  Алексеева\u00a0Марина  ", "Алексеева М."),
    ("Алексеева М.С.", "Алексеева М.С."),
    ("Алексеева М. С.", "Алексеева М.С."),
    ("Петрова Анна-Мария Ивановна", "Петрова А.-М.И."),
    ("Алексеева", "Алексеева"),
    ("", ""),
    (None, ""),
])  # fmt: skip
def test_short_name(full, expected):
    assert short_name(full) == expected


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (4.245, 2, "4,25"),  # half up, as written — not banker's, not the binary 4.24499…
    (2.675, 2, "2,68"),
    (0.125, 2, "0,13"),
    (2.5, 0, "3"),
    (4.0, 2, "4,00"),
    (4, 1, "4,0"),
    (3.96, 1, "4,0"),
    (-0.001, 2, "0,00"),
    (None, 2, "—"),
    (float("nan"), 2, "—"),
])  # fmt: skip
def test_decimal(value, digits, expected):
    assert decimal(value, digits) == expected


def test_percent():
    assert percent(92.58) == "92,6\u00a0%"
    assert percent(100) == "100,0\u00a0%"
    assert percent(33.333, 0) == "33\u00a0%"
    assert percent(None) == "—"


def test_dates():
    assert date_words(date(2026, 11, 27)) == "27 ноября 2026 г."
    assert date_short(date(2026, 3, 1)) == "01.03.2026"
    assert date_short(None) == "—"
    assert russian.date_words is dates.date_words  # one implementation
    assert russian.plural is wording.plural


PLURALS = {1: ("урок", "день", "отметка"), 2: ("урока", "дня", "отметки"),
           5: ("уроков", "дней", "отметок"), 11: ("уроков", "дней", "отметок"),
           12: ("уроков", "дней", "отметок"), 21: ("урок", "день", "отметка"),
           22: ("урока", "дня", "отметки"), 25: ("уроков", "дней", "отметок"),
           111: ("уроков", "дней", "отметок"), 0: ("уроков", "дней", "отметок")}


@pytest.mark.parametrize(("number", "words"), PLURALS.items())
def test_counts(number, words):
    lessons, days, marks = words
    assert count_lessons(number) == f"{number} {lessons}"
    assert count_days(number) == f"{number} {days}"
    assert count_marks(number) == f"{number} {marks}"
