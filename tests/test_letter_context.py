"""Letter contexts of the demo class against what the demo wrote into the journal.

The expected marks, averages, absences and recipients are recomputed here from the demo's own
data (DemoBuild.journal, DemoBuild.rows), not with the program's formulas; the declined names
are written out by hand. Every context must have its template's sample fields exactly, and the
first context of each kind must render with docxtpl (sandboxed, autoescape, StrictUndefined).
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ejournal_sheets.demo import DemoBuild, build_demo
from ejournal_sheets.demo.build import DEMO_SITE
from ejournal_sheets.demo.journal_records import Pupil
from ejournal_sheets.flows.common import read_inputs
from ejournal_sheets.letters.context import (
    Letter,
    LetterInputs,
    SlipRow,
    breach_letter,
    info_letters,
    letter_context,
    letter_inputs,
    memo_letters,
    movement_letter,
    risk_letters,
    slips,
    weekly_letters,
)
from ejournal_sheets.letters.contexts.words import official, official_reversed, safe_stem
from ejournal_sheets.letters.templates import TEMPLATES, template_path, template_spec
from ejournal_sheets.russian import Case
from ejournal_sheets.workspace import open_workspace
from tests.conftest import TODAY

KINDS = [spec.kind for spec in TEMPLATES]
PERIOD_START = date(2026, 11, 5)  # Ч2 of the demo's ejournal.toml
WEEK = (date(2026, 11, 23), date(2026, 11, 28))
BREACH = {"detected": datetime(2026, 11, 27, 14, 0),
          "what": "Логин & пароль <w:t>родителя</w:t> в «общем» чате",
          "accounts": "Абрамова Юлия Владимировна (родитель), логин abramova.yv",
          "actions": "Сообщение удалено в 14:10.", "deadline": datetime(2026, 11, 30, 23, 59),
          "rule": "не позднее одного рабочего дня после обнаружения"}  # fmt: skip
WINDOWS_REFUSED = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclasses.dataclass(frozen=True)
class Demo:
    built: DemoBuild
    inputs: LetterInputs
    letters: dict[str, list[Letter]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    root = tmp_path_factory.mktemp("letters") / "7Б"
    built = build_demo(root, TODAY)
    workspace = open_workspace(root)
    read = read_inputs(workspace, TODAY)
    inputs = letter_inputs(read.class_, read.journal, workspace.settings, TODAY)
    letters = {
        "info": info_letters(inputs),
        "weekly": weekly_letters(inputs, include_inactive=True),
        "risk": risk_letters(inputs),
        "memo": memo_letters(inputs),
        "slips": [slips(inputs)[0]],
        "movement": [movement_letter(inputs, read.class_.movements)],
        "breach": [breach_letter(inputs, **BREACH)],
    }
    return Demo(built, inputs, letters)


def letter_of(letters: list[Letter], number: int) -> Letter:
    found = [letter for letter in letters if letter.stem.startswith(f"{number:02d}_")]
    assert len(found) == 1, [letter.stem for letter in letters]
    return found[0]


def pupil(built: DemoBuild, number: int) -> Pupil | None:
    """The student as the journal lists them; None for one the journal leaves out."""
    return next((p for p in built.journal.pupils if p.number == number), None)


# ---- recomputed from the demo's data -------------------------------------------------------


def half_up(value: Fraction) -> str:
    """Two decimals, half up, with a decimal comma — written out without the program's code."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}".replace(".", ",")


def entries_of(built: DemoBuild, number: int, start: date, end: date) -> list:
    found_pupil = pupil(built, number)
    name = found_pupil.name if found_pupil else None
    found = [e for e in built.journal.entries
             if e.student == name and start <= e.slot.day <= end]
    return sorted(found, key=lambda e: (e.slot.day, e.slot.number))


def expected_marks(built: DemoBuild, number: int, start: date, end: date
                   ) -> dict[str, tuple[str, str]]:
    """{subject: («5 4 5», «4,67»)} from the grades the demo wrote, weights included."""
    grades: dict[str, list] = {}
    for entry in entries_of(built, number, start, end):
        grades.setdefault(entry.slot.course.subject, []).extend(entry.grades)
    return {subject: (" ".join(str(g.value) for g in found),
                      half_up(Fraction(sum(g.value * g.weight for g in found),
                                       sum(g.weight for g in found))))
            for subject, found in grades.items() if found}


def covered_reason(built: DemoBuild, number: int, day: date, lesson: int) -> str | None:
    for note in built.rows["Пропуски"]:
        lessons = {int(n) for n in str(note["lessons"] or "").replace(",", " ").split()}
        if (note["student_number"] == number and note["date_from"] <= day <= note["date_to"]
                and (not lessons or lesson in lessons)):
            return str(note["reason"])
    return None


def expected_absences(built: DemoBuild, number: int, start: date, end: date) -> dict[str, int]:
    """Missed lessons by kind and lates, from the codes the demo wrote (DESIGN §6)."""
    counts = {"ill": 0, "excused": 0, "unexcused": 0, "lates": 0}
    by_reason = {"болезнь": "ill", "уважительная": "excused", "без уважительной": "unexcused"}
    for entry in entries_of(built, number, start, end):
        if entry.code == "н":
            reason = covered_reason(built, number, entry.slot.day, entry.slot.number)
            counts[by_reason.get(reason or "", "unexcused")] += 1
        elif entry.code:
            counts[{"Б": "ill", "УП": "excused", "НП": "unexcused", "ОП": "lates"}[entry.code]] += 1
    return counts


def lessons_word(n: int) -> str:
    word = "урок" if n % 10 == 1 and n % 100 != 11 else \
        "урока" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "уроков"
    return f"{n} {word}"


def first_parent(built: DemoBuild, number: int) -> Mapping[str, object]:
    return next(p for p in built.rows["Родители"] if p["student_number"] == number)


def full(row: Mapping[str, object]) -> str:
    return f"{row['last_name']} {row['first_name']} {row['patronymic']}"


def may_email(built: DemoBuild, parent: Mapping[str, object]) -> str | None:
    consents = [c for c in built.rows["Согласия"] if c["student_number"] ==
                parent["student_number"] and c["parent"] == full(parent)]
    agreed = any(c["electronic"] == "Да" for c in consents)
    withdrawn = any(c["pd_withdrawn"] for c in consents)
    ok = parent["channel"] == "email" and parent["email"] and agreed and not withdrawn
    return str(parent["email"]) if ok else None


def on_roll(built: DemoBuild, day: date) -> list[int]:
    return [int(s["number"]) for s in built.rows["Ученики"]
            if (s["arrival_date"] is None or s["arrival_date"] <= day)
            and (s["leaving_date"] is None or day < s["leaving_date"])]


# ---- the template's fields, exactly ---------------------------------------------------------


def shape_errors(sample: object, ours: object, path: str = "") -> list[str]:
    """Where `ours` differs from the sample's structure: keys of every group, keys of every
    list item; a leaf must be a string; None stands for any value (printed «—»)."""
    if ours is None or sample is None:
        return []
    if isinstance(sample, Mapping):
        if not isinstance(ours, Mapping):
            return [f"{path}: ожидалась группа полей"]
        if set(ours) != set(sample):
            return [f"{path}: поля {sorted(ours)} вместо {sorted(sample)}"]
        return [e for key in sample for e in shape_errors(sample[key], ours[key], f"{path}.{key}")]
    if isinstance(sample, tuple | list):
        if not isinstance(ours, list | tuple):
            return [f"{path}: ожидался список"]
        model = next(item for item in sample if item is not None)
        return [e for item in ours for e in shape_errors(model, item, f"{path}[]")]
    return [] if isinstance(ours, str) else [f"{path}: {ours!r} не строка"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_context_has_exactly_the_fields_of_its_template(demo: Demo, kind: str) -> None:
    sample = template_spec(kind).sample
    assert demo.letters[kind]
    for letter in demo.letters[kind]:
        assert letter.kind == kind
        assert shape_errors(sample, letter.context) == [], letter.stem


def test_the_shape_check_catches_a_missing_or_extra_field() -> None:
    sample = template_spec("slips").sample
    row = {"name": "", "role": "", "login": "", "secret_label": "", "secret": ""}
    good = {"school": {"short_name": ""}, "journal": {"site": None}, "date_words": "",
            "rows": [{"left": row, "right": None}]}
    assert shape_errors(sample, good) == []
    bad = {**good, "rows": [{"left": {**row, "password": ""}, "right": None}]}
    assert shape_errors(sample, bad) != []
    assert shape_errors(sample, {k: v for k, v in good.items() if k != "journal"}) != []


def render_text(kind: str, context: Mapping[str, object]) -> str:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined,
                               finalize=lambda value: "—" if value is None else value)
    document = DocxTemplate(template_path(kind))
    document.render(dict(context), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    body = Document(io.BytesIO(out.getvalue())).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


@pytest.mark.parametrize("kind", KINDS)
def test_first_context_of_each_kind_renders_with_docxtpl(demo: Demo, kind: str) -> None:
    context = demo.letters[kind][0].context
    text = render_text(kind, context)
    assert "{{" not in text and "{%" not in text
    student = context.get("student")
    if isinstance(student, Mapping) and "genitive" in student:
        assert student["genitive"] in text
    if kind == "breach":
        assert BREACH["what"] in text  # & < > and an XML fragment come out literally
    if kind == "slips":
        rows = context["rows"]
        assert isinstance(rows, list)
        assert rows[0]["left"]["secret"] in text


# ---- who gets what --------------------------------------------------------------------------


def test_info_letters_one_per_student_on_the_roll_in_roll_order(demo: Demo) -> None:
    letters = demo.letters["info"]
    numbers = [int(letter.stem[:2]) for letter in letters]
    assert numbers == on_roll(demo.built, TODAY)
    assert 25 not in numbers  # Шевчук left on 06.11
    assert len({letter.stem for letter in letters}) == len(letters)
    for letter in letters:
        assert len(letter.stem) <= 60 and not WINDOWS_REFUSED.search(letter.stem)
    assert letter_of(letters, 20).stem == "20_Петрова-Водкина_Ева"
    assert letter_of(letters, 19).recipient == "Панова Юлия Львовна (мать), Панова Софья"


def test_email_only_for_families_that_chose_it_and_consented(demo: Demo) -> None:
    built = demo.built
    for letter in demo.letters["info"]:
        number = int(letter.stem[:2])
        assert letter.email == may_email(built, first_parent(built, number)), letter.stem
    emailed = {int(letter.stem[:2]) for letter in demo.letters["info"] if letter.email}
    assert emailed == {6, 10, 19}
    assert letter_of(demo.letters["info"], 15).email is None  # «email» without consent
    per_parent = info_letters(demo.inputs, per_parent=True)
    expected = {(int(p["student_number"]), may_email(built, p)) for p in built.rows["Родители"]
                if int(p["student_number"]) in on_roll(built, TODAY)}  # fmt: skip
    assert {(int(letter.stem[:2]), letter.email) for letter in per_parent} == expected
    assert {"04_Волкова_Ева_мать", "04_Волкова_Ева_отец"} <= {x.stem for x in per_parent}
    # passwords are never e-mailed; a family on paper gets paper
    assert all(x.email is None for x in demo.letters["slips"] + weekly_letters(demo.inputs))


def test_weekly_extracts_go_to_paper_families_and_with_the_setting_to_inactive_ones(
        demo: Demo) -> None:
    built = demo.built
    roll = on_roll(built, TODAY)
    paper = {int(p["student_number"]) for p in built.rows["Родители"]
             if p["channel"] == "бумага" and p["student_number"] in roll}
    plain = weekly_letters(demo.inputs)
    assert [int(x.stem[:2]) for x in plain] == sorted(paper) == [1, 12, 16, 26]
    visited = {v.student for v in built.journal.visits if v.role == "родитель"}
    journal_names = {p.number: p.name for p in built.journal.pupils}
    never = {n for n in roll if journal_names.get(n) not in visited}
    assert [int(x.stem[:2]) for x in demo.letters["weekly"]] == sorted(paper | never)
    assert never - paper  # the setting adds someone in the demo


def test_risk_notices_only_for_students_the_preliminary_rules_flag(demo: Demo) -> None:
    built = demo.built
    for letter in demo.letters["risk"]:
        number = int(letter.stem[:2])
        marks = expected_marks(built, number, PERIOD_START, TODAY)
        for row in letter.context["subjects"]:
            grades = marks.get(row["name"], ("", ""))[0].split()
            average = marks.get(row["name"], (None, None))[1]
            few = len(grades) < 3
            failing = average is not None and Decimal(average.replace(",", ".")) < Decimal("2.5")
            assert few or failing or "пропущено" in row["risk"], (letter.stem, row)
            assert row["marks"] == (" ".join(grades) or None)
    shishkina = letter_of(demo.letters["risk"], 26).context["subjects"]
    history = next(r for r in shishkina if r["name"] == "История")
    assert history == {"name": "История", "teacher": "Белоусова И. А.", "marks": "2 2 3 2",
                       "average": "2,40", "risk": "«2» за четверть"}  # a test weighs 2
    ershov = letter_of(demo.letters["risk"], 10).context["subjects"]
    literature = next(r for r in ershov if r["name"] == "Литература")
    assert literature["risk"].startswith("н/а: ") and "пропущено" in literature["risk"]
    context = letter_of(demo.letters["risk"], 26).context
    assert context["period"] == "во II четверти 2026/2027 учебного года"
    assert context["period_end"] == "28 декабря 2026 г."


# ---- what the letters say -------------------------------------------------------------------


@pytest.mark.parametrize("number", [2, 19, 20, 23, 24])
def test_info_letter_marks_averages_and_period_marks_match_the_journal(
        demo: Demo, number: int) -> None:
    built = demo.built
    context = letter_of(demo.letters["info"], number).context
    rows = context["subjects"]
    assert isinstance(rows, list)
    shown = {r["name"]: (r["marks"], r["average"]) for r in rows if r["marks"]}
    assert shown == expected_marks(built, number, PERIOD_START, TODAY)
    found = pupil(built, number)
    assert found is not None
    period_marks = built.journal.marks_of("Ч2")[found.name]
    assert {r["name"]: r["period_mark"] for r in rows if r["period_mark"]} == \
        {subject: str(mark) for subject, mark in period_marks.items()}
    assert context["period"] == "за II четверть 2026/2027 учебного года"
    assert context["mark_column"] == "Отметка за II четверть"
    assert context["date_words"] == "28 ноября 2026 г."


@pytest.mark.parametrize("number", [9, 10, 19, 23, 24])
def test_info_letter_absences_by_kind(demo: Demo, number: int) -> None:
    counts = expected_absences(demo.built, number, PERIOD_START, TODAY)
    absences = letter_of(demo.letters["info"], number).context["absences"]
    total = counts["ill"] + counts["excused"] + counts["unexcused"]
    assert absences == {"total": lessons_word(total), "ill": lessons_word(counts["ill"]),
                        "excused": lessons_word(counts["excused"]),
                        "unexcused": lessons_word(counts["unexcused"]),
                        "lates": absences["lates"]}
    assert absences["lates"].startswith(f"{counts['lates']} раз")


def test_panova_absences_written_out(demo: Demo) -> None:
    assert letter_of(demo.letters["info"], 19).context["absences"] == {
        "total": "4 урока", "ill": "1 урок", "excused": "2 урока", "unexcused": "1 урок",
        "lates": "0 раз"}
    assert letter_of(demo.letters["info"], 24).context["absences"]["lates"] == "1 раз"


NAMES = {
    # double surname, a girl: both parts decline; her mother and father
    20: ({"name": "Петрова-Водкина Ева Алексеевна", "genitive": "Петровой-Водкиной Евы Алексеевны",
          "pupil_genitive": "обучающейся", "your_child": "Ваша дочь"},
         {"dative": "Петровой-Водкиной Ксении Борисовне", "dear": "Уважаемая Ксения Борисовна"},
         {"dative": "Петрову-Водкину Алексею Васильевичу",
          "dear": "Уважаемый Алексей Васильевич"}),
    # «Черных» never declines, for a boy or his parents
    24: ({"name": "Черных Дмитрий Владимирович", "genitive": "Черных Дмитрия Владимировича",
          "pupil_genitive": "обучающегося", "your_child": "Ваш сын"},
         {"dative": "Черных Светлане Викторовне", "dear": "Уважаемая Светлана Викторовна"},
         {"dative": "Черных Владимиру Ильичу", "dear": "Уважаемый Владимир Ильич"}),
    # «Дурново» never declines either
    8: ({"name": "Дурново Марк Павлович", "genitive": "Дурново Марка Павловича",
         "pupil_genitive": "обучающегося", "your_child": "Ваш сын"},
        {"dative": "Дурново Алёне Ивановне", "dear": "Уважаемая Алёна Ивановна"},
        {"dative": "Дурново Павлу Васильевичу", "dear": "Уважаемый Павел Васильевич"}),
    # an adjective surname, a girl
    22: ({"name": "Трубецкая Арина Алексеевна", "genitive": "Трубецкой Арины Алексеевны",
          "pupil_genitive": "обучающейся", "your_child": "Ваша дочь"},
         {"dative": "Трубецкой Оксане Васильевне", "dear": "Уважаемая Оксана Васильевна"},
         {"dative": "Трубецкому Алексею Львовичу", "dear": "Уважаемый Алексей Львович"}),
}  # fmt: skip


@pytest.mark.parametrize("number", sorted(NAMES))
def test_declined_names_of_students_and_parents(demo: Demo, number: int) -> None:
    student, mother, father = NAMES[number]
    letter = letter_of(demo.letters["info"], number)
    assert letter.context["student"] == student
    assert letter.context["parent"] == mother
    per_parent = [x for x in info_letters(demo.inputs, per_parent=True)
                  if x.stem.startswith(f"{number:02d}_")]
    assert [x.context["parent"] for x in per_parent] == [mother, father]
    memo = letter_of(demo.letters["memo"], number).context
    assert memo["student"] == {"genitive": student["genitive"],
                               "pupil_genitive": student["pupil_genitive"]}


def test_a_family_without_parents_is_addressed_to_the_parents(demo: Demo) -> None:
    parents = tuple(p for p in demo.inputs.class_.parents if p.student_number != 24)
    class_ = dataclasses.replace(demo.inputs.class_, parents=parents)
    inputs = letter_inputs(class_, demo.inputs.base.journal, demo.inputs.settings, TODAY)
    letter = letter_of(info_letters(inputs, per_parent=True), 24)
    assert letter.context["parent"] == {
        "dative": "Родителям (законным представителям) Черных Дмитрия Владимировича",
        "dear": "Уважаемые родители"}
    assert letter.email is None and letter.stem == "24_Черных_Дмитрий"


def test_override_columns_win(demo: Demo) -> None:
    students = tuple(dataclasses.replace(s, name_genitive="Черныха Дмитрия Владимировича")
                     if s.number == 24 else s for s in demo.inputs.class_.students)
    class_ = dataclasses.replace(demo.inputs.class_, students=students)
    inputs = letter_inputs(class_, demo.inputs.base.journal, demo.inputs.settings, TODAY)
    assert letter_of(info_letters(inputs), 24).context["student"]["genitive"] == \
        "Черныха Дмитрия Владимировича"


def test_before_period_marks_the_letter_shows_the_forecast(demo: Demo) -> None:
    journal = dataclasses.replace(demo.inputs.base.journal, period_marks=())
    inputs = letter_inputs(demo.inputs.class_, journal, demo.inputs.settings, TODAY)
    context = letter_of(info_letters(inputs), 20).context
    assert context["period"] == "за период с 5 по 28 ноября 2026 г. (II четверть)"
    assert context["mark_column"] == "Прогноз отметки за четверть"
    marks = expected_marks(demo.built, 20, PERIOD_START, TODAY)
    # the norm of 3 marks pro-rated to the part of the quarter passed: 24 of 54 days → 2
    norm = math.ceil(3 * ((TODAY - PERIOD_START).days + 1) / 54)
    assert norm == 2
    for row in context["subjects"]:
        grades, average = marks.get(row["name"], ("", None))
        if len(grades.split()) < norm:
            assert row["period_mark"] == "н/а", row
        else:
            value = Decimal(average.replace(",", "."))
            assert row["period_mark"] == str(2 + sum(value >= t for t in
                                                     (Decimal("2.5"), Decimal("3.5"),
                                                      Decimal("4.5"))))


def test_weekly_extract_marks_with_dates_and_absences(demo: Demo) -> None:
    built = demo.built
    for number in (1, 12, 16, 26):
        context = letter_of(demo.letters["weekly"], number).context
        assert context["week"] == "с 23 по 28 ноября 2026 г."
        expected: dict[str, list[str]] = {}
        for entry in entries_of(built, number, *WEEK):
            expected.setdefault(entry.slot.course.subject, []).extend(
                f"{g.value} ({entry.slot.day:%d.%m})" for g in entry.grades)
        rows = context["subjects"]
        assert {r["name"]: r["marks"] for r in rows if r["marks"]} == \
            {s: ", ".join(found) for s, found in expected.items() if found}
        counts = expected_absences(built, number, *WEEK)
        total = counts["ill"] + counts["excused"] + counts["unexcused"]
        assert context["absences"]["total"] == lessons_word(total)
    abramov = letter_of(demo.letters["weekly"], 1)
    assert abramov.recipient == "Абрамова Юлия Владимировна (мать), Абрамов Илья"
    assert abramov.context["student"] == {"name": "Абрамов Илья Васильевич",
                                          "genitive": "Абрамова Ильи Васильевича",
                                          "pupil_genitive": "обучающегося"}


def test_health_details_never_leave_the_workspace(demo: Demo) -> None:
    private = [str(n["note"]) for n in demo.built.rows["Пропуски"] if n["note"]]
    documents = [str(n["document"]) for n in demo.built.rows["Пропуски"] if n["document"]]
    assert private
    every = json.dumps([x.context for kind in demo.letters.values() for x in kind],
                       ensure_ascii=False)
    for text in private + documents:
        assert text not in every


# ---- slips, movement, breach ----------------------------------------------------------------


def test_slips_pair_every_credential_and_the_register_has_no_password(demo: Demo) -> None:
    credentials = demo.built.journal.credentials
    document, register = slips(demo.inputs)
    rows = document.context["rows"]
    assert isinstance(rows, list)
    cards = [card for row in rows for card in (row["left"], row["right"]) if card]
    assert len(rows) == (len(credentials) + 1) // 2
    assert sorted(c["login"] for c in cards) == sorted(c.login for c in credentials)
    assert {(c["login"], c["secret"]) for c in cards} == \
        {(c.login, c.password) for c in credentials}
    sokolova = next(c for c in cards if c["login"] == "petrova-vodkina.kb")
    assert sokolova["role"] == "родитель обучающейся 7Б класса Петровой-Водкиной Евы"
    assert next(c for c in cards if c["login"] == "chernykh.dv")["role"] == \
        "обучающийся 7Б класса"
    assert [r.login for r in register] == [c["login"] for c in cards]
    secrets = {c.password for c in credentials}
    assert all(value not in secrets for row in register
               for value in dataclasses.astuple(row))
    assert {f.name for f in dataclasses.fields(SlipRow)} == \
        {"student", "name", "role", "login", "signature_blank"}


def test_slips_are_odd_safe(demo: Demo) -> None:
    journal = demo.inputs.base.journal
    odd = dataclasses.replace(journal, credentials=journal.credentials[:-1])
    inputs = letter_inputs(demo.inputs.class_, odd, demo.inputs.settings, TODAY)
    document, register = slips(inputs)
    rows = document.context["rows"]
    assert isinstance(rows, list)
    assert len(rows) * 2 - 1 == len(odd.credentials) == len(register)
    assert rows[-1]["right"] is None and rows[-1]["left"]
    text = render_text("slips", document.context)
    assert text.count("Логин:") == len(odd.credentials)


def test_movement_notice_lists_the_events_given(demo: Demo) -> None:
    context = demo.letters["movement"][0].context
    assert context["events"] == [
        {"name": "Шевчук Ярослав Алексеевич", "birth_date": "23.12.2013", "event": "выбыл",
         "date": "06.11.2026", "order": "№ 145-у от 06.11.2026",
         "place": "МАОУ «Лицей № 2» г. Екатеринбург"},
        {"name": "Кузнецова Ксения Владимировна", "birth_date": "17.11.2012", "event": "прибыла",
         "date": "10.11.2026", "order": "№ 152-у от 10.11.2026",
         "place": "МБОУ СОШ № 3 г. Заречный"},
    ]  # fmt: skip
    assert context["teacher"] == {"genitive": "Алексеевой М. С.", "short": "М. С. Алексеева"}
    one = movement_letter(demo.inputs, demo.inputs.class_.movements[1:])
    assert [e["name"] for e in one.context["events"]] == ["Кузнецова Ксения Владимировна"]


def test_breach_notice_words_the_given_deadline(demo: Demo) -> None:
    settings = demo.inputs.settings
    school = dataclasses.replace(settings.school, director="Петрова Наталья Андреевна",
                                 support_email="support@example.ru")
    inputs = letter_inputs(demo.inputs.class_, demo.inputs.base.journal,
                           dataclasses.replace(settings, school=school), TODAY)
    letter = breach_letter(inputs, **{**BREACH, "deadline": datetime(2026, 11, 30, 12, 0)})
    incident = letter.context["incident"]
    assert incident["detected"] == "27 ноября 2026 г. (пятница), 14:00"
    assert incident["deadline"] == "30 ноября 2026 г. (понедельник), 12:00"
    assert demo.letters["breach"][0].context["incident"]["deadline"] == \
        "30 ноября 2026 г. (понедельник)"
    assert letter.context["school"]["director_dative"] == "Н. А. Петровой"
    assert letter.context["school"]["support"] == "support@example.ru"


def test_site_and_regulation_come_from_the_settings(demo: Demo) -> None:
    settings = demo.inputs.settings
    journal = dataclasses.replace(settings.journal, site="https://dnevnik.example.ru")
    inputs = letter_inputs(demo.inputs.class_, demo.inputs.base.journal,
                           dataclasses.replace(settings, journal=journal), TODAY)
    assert memo_letters(inputs)[0].context["journal"] == {
        "site": "https://dnevnik.example.ru",
        "regulation": "Положение об электронном журнале и электронном дневнике"}
    assert slips(inputs)[0].context["journal"] == {"site": "https://dnevnik.example.ru"}
    assert demo.letters["memo"][0].context["journal"]["site"] == DEMO_SITE  # the demo's toml
    empty = dataclasses.replace(settings.journal, site="")
    inputs = letter_inputs(demo.inputs.class_, demo.inputs.base.journal,
                           dataclasses.replace(settings, journal=empty), TODAY)
    assert memo_letters(inputs)[0].context["journal"]["site"] is None  # printed «—»


def test_letter_context_dispatches_by_kind(demo: Demo) -> None:
    assert letter_context("info", demo.inputs) == demo.letters["info"]
    assert letter_context("weekly", demo.inputs, include_inactive=True) == \
        demo.letters["weekly"]
    assert letter_context("slips", demo.inputs) == demo.letters["slips"]
    with pytest.raises(KeyError, match="нет писем вида"):
        letter_context("nope", demo.inputs)


def test_officials_are_written_with_initials() -> None:
    assert official("Кузнецова Ольга Николаевна", Case.DATIVE) == "О. Н. Кузнецовой"
    assert official("Кузнецова О.Н.", Case.DATIVE) == "О. Н. Кузнецовой"
    assert official("Петров Николай Андреевич", Case.DATIVE) == "Н. А. Петрову"
    assert official_reversed("Смирнова Елена Викторовна", Case.GENITIVE) == "Смирновой Е. В."
    assert official_reversed("Захаров Игорь Валентинович") == "Захаров И. В."
    assert official("  ") is None


def test_stems_are_safe() -> None:
    assert safe_stem(5, "Иванов", "Пётр") == "05_Иванов_Пётр"
    assert safe_stem(7, 'Ко:ва<>"/\\|?*', "Анна Мария") == "07_Кова_Анна_Мария"
    assert len(safe_stem(1, "Д" * 80, "Е")) == 60


def test_risk_notices_leave_out_unfilled_journals_and_students_missing_from_it(
        demo: Demo) -> None:
    letters = risk_letters(demo.inputs)
    subjects = {row["name"] for letter in letters for row in letter.context["subjects"]}
    # Физика's teacher stopped giving marks: most of the class is short of marks there, which
    # the filling control puts to the teacher — no family is notified for that.
    assert "Физика" not in subjects
    numbers = {int(letter.stem.split("_")[0]) for letter in letters}
    missing = {p.student for p in demo.built.planted_findings
               if p.kind in ("workbook-only", "arrived-not-in-journal")}
    roll = {s.name: s.number for s in demo.inputs.class_.students}
    assert not numbers & {roll[name] for name in missing}
    failing = next(c for c in demo.built.planted_categories if c.category == "неуспевающий")
    letter = letter_of(letters, roll[failing.student])
    assert [row["risk"] for row in letter.context["subjects"]
            if row["name"] == failing.subject] == ["«2» за четверть"]
