"""Russian for letters (DESIGN §7): declined names, address and relation words, numbers, dates.

Templates get ready strings from here — «Иванова Петра Сергеевича», «Уважаемая Мария Ивановна»,
«Ваша дочь», «4,25», «27 ноября 2026 г.», «3 урока» — so they need no logic of their own.
Names are declined with pytrovich plus a few corrections of its known gaps (see `_corrected`).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

import pytrovich

from ejournal_sheets.dates import date_words
from ejournal_sheets.model import Parent, Student
from ejournal_sheets.names import clean_spaces, full_name, name_key
from ejournal_sheets.wording import plural

__all__ = [
    "DASH", "NBSP", "Case", "count_days", "count_lessons", "count_marks", "date_short",
    "date_words", "dear", "decimal", "decline", "name_sex", "parent_name", "parent_sex",
    "patronymic_sex", "percent", "plural", "pupil", "pupil_genitive", "sex_of", "short_name",
    "student_name", "student_word", "your_child",
]  # fmt: skip

DASH = "—"  # what a letter shows for a missing number or date
NBSP = "\u00a0"

MALE, FEMALE = "М", "Ж"
FEMALE_RELATIONS = frozenset({"мать", "мама", "бабушка", "мачеха", "тетя", "сестра", "опекунша",
                              "попечительница"})  # fmt: skip
MALE_RELATIONS = frozenset({"отец", "папа", "дедушка", "отчим", "дядя", "брат"})
# Turkic patronymics («Эльдар кызы», «Гасан оглы») are two words that never decline.
TURKIC_MALE = ("оглы", "улы", "угли")
TURKIC_FEMALE = ("кызы", "кизи", "гызы")
CONSONANT_ENDINGS = frozenset("бвгджзйклмнпрстфхцчшщь")  # a word ending so ends in a consonant
CONSONANT_LETTERS = CONSONANT_ENDINGS - {"й", "ь"}
VELARS_AND_HUSHING = frozenset("гкхжшчщ")  # never followed by «ы» in Russian spelling
HUSHING = frozenset("жшчщ")


class Case(StrEnum):
    """Grammatical case of a name: «кого?» is GENITIVE, «кому?» DATIVE."""

    NOMINATIVE = "nominative"
    GENITIVE = "genitive"
    DATIVE = "dative"
    ACCUSATIVE = "accusative"
    INSTRUMENTAL = "instrumental"
    PREPOSITIONAL = "prepositional"


# ---------------------------------------------------------------- sex


def sex_of(value: str | None) -> str | None:
    """«М»/«Ж» from «Пол» as typed (М, м, муж., Ж, жен.); None when empty or unclear."""
    first = name_key(value or "")[:1]
    return MALE if first == "м" else FEMALE if first == "ж" else None


def patronymic_sex(patronymic: str | None) -> str | None:
    """«М» for -вич/-ич/оглы, «Ж» for -вна/-чна/-шна/кызы; None otherwise."""
    text = name_key(patronymic or "")
    if text.endswith(("вна", "чна", "шна", *TURKIC_FEMALE)):
        return FEMALE
    if text.endswith(("ич", *TURKIC_MALE)):
        return MALE
    return None


def name_sex(last: str | None, first: str | None, patronymic: str | None,
             sex: str | None = None) -> str | None:
    """«Пол» when given, else by the patronymic, else pytrovich's guess from the name; or None."""
    known = sex_of(sex) or patronymic_sex(patronymic)
    if known or not (last or first or patronymic):
        return known
    guessed = _detector().detect(firstname=first or None, lastname=last or None,
                                 middlename=patronymic or None)
    return {pytrovich.Gender.MALE: MALE, pytrovich.Gender.FEMALE: FEMALE}.get(guessed)


def parent_sex(parent: Parent) -> str | None:
    """By «Пол», else by «Кем приходится» (мать → Ж, дедушка → М), else by the patronymic."""
    relation = name_key(parent.relation or "")
    by_relation = (FEMALE if relation in FEMALE_RELATIONS
                   else MALE if relation in MALE_RELATIONS else None)
    return sex_of(parent.sex) or by_relation or patronymic_sex(parent.patronymic)


# ---------------------------------------------------------------- declension


@lru_cache(maxsize=1 << 13)
def decline(last: str | None, first: str | None, patronymic: str | None, sex: str | None,
            case: Case) -> str:
    """«Иванов Пётр Сергеевич» → «Иванова Петра Сергеевича» (GENITIVE); parts may be empty."""
    parts = (clean_spaces(last or ""), clean_spaces(first or ""), clean_spaces(patronymic or ""))
    if case is Case.NOMINATIVE:
        return full_name(*parts)
    gender = name_sex(parts[0], parts[1], parts[2], sex)
    kinds = (pytrovich.NamePart.LASTNAME, pytrovich.NamePart.FIRSTNAME,
             pytrovich.NamePart.MIDDLENAME)
    return full_name(*(_decline_part(kind, part, gender, case)
                       for kind, part in zip(kinds, parts, strict=True)))


def student_name(student: Student, case: Case) -> str:
    """The student's ФИО in a case; «ФИО в род. п.» / «ФИО в дат. п.» win when filled."""
    override = {Case.GENITIVE: student.name_genitive, Case.DATIVE: student.name_dative}.get(case)
    if override and clean_spaces(override):
        return clean_spaces(override)
    return decline(student.last_name, student.first_name, student.patronymic, student.sex, case)


def parent_name(parent: Parent, case: Case) -> str:
    """The parent's ФИО in a case, the sex taken as `parent_sex` decides."""
    return decline(parent.last_name, parent.first_name, parent.patronymic, parent_sex(parent),
                   case)


def _decline_part(kind: pytrovich.NamePart, text: str, sex: str | None, case: Case) -> str:
    if not text:
        return ""
    if kind is pytrovich.NamePart.MIDDLENAME and name_key(text).endswith(
            (*TURKIC_MALE, *TURKIC_FEMALE)):
        return text
    words = text.split(" ")
    if len(words) == 1:
        return _decline_word(kind, text, sex, case)
    # In a name of several words, lower-case ones are particles (де, фон, ибн) and stay.
    return " ".join(word if word[:1].islower() else _decline_word(kind, word, sex, case)
                    for word in words)


def _decline_word(kind: pytrovich.NamePart, word: str, sex: str | None, case: Case) -> str:
    surname_of_unknown_sex = sex is None and kind is pytrovich.NamePart.LASTNAME
    if surname_of_unknown_sex and word[-1:].lower() in CONSONANT_ENDINGS:
        return word  # «Шевчук» of unknown sex: a woman's would not decline; better as typed
    gender = {MALE: pytrovich.Gender.MALE, FEMALE: pytrovich.Gender.FEMALE}.get(
        sex or "", pytrovich.Gender.ANDROGYNOUS)
    declined = _maker().make(kind, gender, pytrovich.Case[case.name], word,
                             known_gender=sex is not None)
    pieces = zip(word.split("-"), declined.split("-"), strict=True)
    return "-".join(_corrected(kind, original, result, case) for original, result in pieces)


_KEPT_VOWEL_ENDINGS = {Case.GENITIVE: "а", Case.DATIVE: "у", Case.ACCUSATIVE: "а",
                       Case.INSTRUMENTAL: "ом", Case.PREPOSITIONAL: "е"}


def _corrected(kind: pytrovich.NamePart, original: str, result: str, case: Case) -> str:
    """Fix what pytrovich 0.2 gets wrong: letter case, «ы» after к/ш, dropped vowel in «-знец»."""
    lower = original.lower()
    if result.lower() == lower:
        return original
    if (kind is pytrovich.NamePart.LASTNAME and lower.endswith("ец")
            and all(ch in CONSONANT_LETTERS for ch in lower[-4:-2])
            and not result.lower().startswith(lower[:-1])):
        result = original + _KEPT_VOWEL_ENDINGS[case]  # Кузнец → Кузнеца, not «Кузнца»
    if result[-2:-1].lower() in VELARS_AND_HUSHING and result[-1:] == "ы":
        result = result[:-1] + "и"  # «Сашы» → «Саши» (unknown sex takes a rule without it)
    if (kind is pytrovich.NamePart.FIRSTNAME and result[-3:-2].lower() in HUSHING
            and result[-2:] == "ой"):
        result = result[:-2] + "ей"  # «Сашой» → «Сашей»: the ending of such names is unstressed
    if original.isupper() and len(original) > 1:
        return result.upper()  # pytrovich appends lower-case endings: «ИВАНОВа»
    return result.lower() if original.islower() else result


@lru_cache(maxsize=1)
def _maker() -> pytrovich.PetrovichDeclinationMaker:
    return pytrovich.PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def _detector() -> pytrovich.PetrovichGenderDetector:
    return pytrovich.PetrovichGenderDetector()


# ---------------------------------------------------------------- address and relation words


def dear(first: str | None, patronymic: str | None, sex: str | None) -> str:
    """«Уважаемая Мария Ивановна»; «Уважаемый(ая) …» when neither «Пол» nor the patronymic tell."""
    known = sex_of(sex) or patronymic_sex(patronymic)
    word = {MALE: "Уважаемый", FEMALE: "Уважаемая"}.get(known or "", "Уважаемый(ая)")
    return full_name(word, clean_spaces(first or ""), clean_spaces(patronymic or ""))


def your_child(sex: str | None) -> str:
    """«Ваш сын», «Ваша дочь», «Ваш ребёнок»."""
    return {MALE: "Ваш сын", FEMALE: "Ваша дочь"}.get(sex_of(sex) or "", "Ваш ребёнок")


def pupil(sex: str | None) -> str:
    """«обучающийся» / «обучающаяся» (the masculine when «Пол» is empty, as official forms do)."""
    return "обучающаяся" if sex_of(sex) == FEMALE else "обучающийся"


def pupil_genitive(sex: str | None) -> str:
    """«обучающегося» / «обучающейся»."""
    return "обучающейся" if sex_of(sex) == FEMALE else "обучающегося"


def student_word(sex: str | None) -> str:
    """«ученик» / «ученица»."""
    return "ученица" if sex_of(sex) == FEMALE else "ученик"


def short_name(full: str | None) -> str:
    """«Алексеева Марина Сергеевна» → «Алексеева М.С.»; initials already typed are kept."""
    words = clean_spaces(full or "").split()
    if not words:
        return ""
    initials = "".join(word if "." in word else "-".join(f"{p[0]}." for p in word.split("-") if p)
                       for word in words[1:3])
    return f"{words[0]} {initials}".rstrip()


# ---------------------------------------------------------------- numbers and dates


def decimal(value: float | None, digits: int = 2) -> str:
    """4.245 → «4,25» (half up, zeros kept to `digits`); None → «—»."""
    if value is None or not math.isfinite(value):
        return DASH
    # str() gives the shortest decimal that round-trips, so 4.245 rounds as written, not as stored.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no «-0,00»
    return f"{rounded:f}".replace(".", ",")


def percent(value: float | None, digits: int = 1) -> str:
    """92.58 (already in percent) → «92,6 %» with a no-break space; None → «—»."""
    text = decimal(value, digits)
    return text if text == DASH else f"{text}{NBSP}%"


def date_short(day: date | None) -> str:
    """«27.11.2026»; None → «—»."""
    return f"{day:%d.%m.%Y}" if day else DASH


def count_lessons(number: int) -> str:
    """«1 урок», «3 урока», «5 уроков»."""
    return plural(number, "урок", "урока", "уроков")


def count_days(number: int) -> str:
    """«1 день», «3 дня», «5 дней»."""
    return plural(number, "день", "дня", "дней")


def count_marks(number: int) -> str:
    """«1 отметка», «3 отметки», «5 отметок»."""
    return plural(number, "отметка", "отметки", "отметок")
