"""The ready Russian strings of every letter, built from russian.py: people, periods, dates.

Names: the student's by `student_name` (the workbook's «ФИО в род. п. / дат. п.» win), the
parents' by `parent_name`; officials (teacher, director, administrator) as initials and surname
(«Е. В. Смирнова», «Смирновой Е. В.»). Settings left empty become None, which a letter prints
as «—».
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from ejournal_sheets.dates import MONTHS_GENITIVE
from ejournal_sheets.model import Event, Parent, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.russian import (
    Case,
    date_words,
    dear,
    decline,
    name_sex,
    parent_name,
    parent_sex,
    plural,
    pupil_genitive,
    short_name,
    student_name,
    your_child,
)
from ejournal_sheets.settings import DateRange, Settings

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# period kind → (nominative, accusative «за …», prepositional «в …»)
PERIOD_NOUNS = {
    "четверти": ("четверть", "четверть", "четверти"),
    "триместры": ("триместр", "триместр", "триместре"),
    "полугодия": ("полугодие", "полугодие", "полугодии"),
}
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
EVENT_WORDS = {Event.ARRIVED: ("прибыл", "прибыла"), Event.LEFT: ("выбыл", "выбыла")}
PARENTS_DATIVE = "Родителям (законным представителям)"
PARENTS_DEAR = "Уважаемые родители"
_REFUSED = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # characters Windows refuses in a file name
STEM_LIMIT = 60
_INITIAL_GAP = re.compile(r"\.\s*(?=\w)")  # «Е.В.» → «Е. В.»


def text(value: str | None) -> str | None:
    """Spaces tidied; None for an empty setting (the letter prints «—»)."""
    tidy = clean_spaces(value or "")
    return tidy or None


# ---------------------------------------------------------------- people


def sex_of_student(student: Student) -> str | None:
    """«Пол», else by the patronymic, else pytrovich's guess from the name."""
    return name_sex(student.last_name, student.first_name, student.patronymic, student.sex)


def student_words(student: Student) -> dict[str, str]:
    """name, genitive, pupil_genitive, your_child — the student block of a letter."""
    sex = sex_of_student(student)
    return {"name": student.name, "genitive": student_name(student, Case.GENITIVE),
            "pupil_genitive": pupil_genitive(sex), "your_child": your_child(sex)}


def short_genitive(student: Student) -> str:
    """«Соколовой-Белых Анны»: surname and name in the genitive (the override column wins)."""
    full = student_name(student, Case.GENITIVE)
    words = full.split(" ")
    return " ".join(words[:-1]) if student.patronymic and len(words) > 2 else full


def parent_words(parent: Parent | None, student: Student) -> dict[str, str]:
    """dative («Соколову Игорю Викторовичу») and dear («Уважаемый Игорь Викторович»)."""
    if parent is None:
        return {"dative": f"{PARENTS_DATIVE} {student_name(student, Case.GENITIVE)}",
                "dear": PARENTS_DEAR}
    return {"dative": parent_name(parent, Case.DATIVE),
            "dear": dear(parent.first_name, parent.patronymic, parent_sex(parent))}


def event_word(event: Event | None, sex: str | None) -> str | None:
    """«прибыл» / «прибыла», «выбыл» / «выбыла»."""
    if event is None:
        return None
    male, female = EVENT_WORDS[event]
    return female if sex == "Ж" else male


def _initials(full: str | None, case: Case) -> tuple[str, str] | None:
    """(surname, «Е. В.») of a ФИО in a case; initials already typed are kept."""
    words = clean_spaces(full or "").split(" ")
    if not words[0]:
        return None
    rest = words[1:3]
    if any("." in word for word in rest):  # «Кузнецова О.Н.»: only the surname declines
        surname, initials = decline(words[0], None, None, None, case), " ".join(rest)
    else:
        first, patronymic = [*rest, "", ""][:2]
        declined = decline(words[0], first, patronymic, None, case)
        surname, _, initials = short_name(declined).partition(" ")
    return surname, _INITIAL_GAP.sub(". ", initials)


def official(full: str | None, case: Case = Case.NOMINATIVE) -> str | None:
    """«Е. В. Смирнова», «О. Н. Кузнецовой» (DATIVE): for signatures and addressees."""
    found = _initials(full, case)
    return None if found is None else " ".join(p for p in (found[1], found[0]) if p)


def official_reversed(full: str | None, case: Case = Case.NOMINATIVE) -> str | None:
    """«Кузнецов А. П.», «Смирновой Е. В.» (GENITIVE): in tables and «от кого»."""
    found = _initials(full, case)
    return None if found is None else " ".join(p for p in found if p)


def teachers_short(names: str | None) -> str | None:
    """Subject teachers joined with «, » → «Кузнецов А. П., Козлова М. С.»."""
    found = [official_reversed(n) for n in (names or "").split(",") if n.strip()]
    return ", ".join(n for n in found if n) or None


# ---------------------------------------------------------------- school and class


def school_block(settings: Settings) -> dict[str, str | None]:
    """name and address of the letterhead."""
    return {"name": text(settings.school.name), "address": text(settings.school.address)}


def school_short(settings: Settings) -> str | None:
    """The short name, else the full one."""
    return text(settings.school.short_name) or text(settings.school.name)


# ---------------------------------------------------------------- dates and periods


def span_words(start: date, end: date) -> str:
    """«с 5 по 27 ноября 2026 г.», «с 28 октября по 3 ноября 2026 г.», across years in full."""
    if start == end:
        return date_words(end)
    if start.year != end.year:
        return f"с {date_words(start)} по {date_words(end)}"
    first = str(start.day) if start.month == end.month else \
        f"{start.day} {MONTHS_GENITIVE[start.month - 1]}"
    return f"с {first} по {date_words(end)}"


def datetime_words(moment: datetime, with_time: bool = True) -> str:
    """«27 ноября 2026 г. (пятница), 14:00»."""
    day = f"{date_words(moment.date())} ({WEEKDAYS[moment.weekday()]})"
    return f"{day}, {moment:%H:%M}" if with_time else day


def period_number(period: DateRange) -> str | None:
    """«II» for «Ч2» / «2» / «II»; None for a period without a number («Год»)."""
    name = clean_spaces(period.name)
    found = re.search(r"\d+", name)
    if found:
        return ROMAN.get(int(found.group()), found.group())
    return name.upper() if re.fullmatch(r"[IVX]+", name.upper()) else None


def period_nouns(kind: str) -> tuple[str, str, str]:
    return PERIOD_NOUNS.get(kind, PERIOD_NOUNS["четверти"])


def school_year(settings: Settings) -> str:
    """«2026/2027 учебного года»."""
    return f"{settings.year.start.year}/{settings.year.end.year} учебного года"


def period_for(period: DateRange, settings: Settings) -> str:
    """«за II четверть 2026/2027 учебного года» (or «за период «Год»» without a number)."""
    number = period_number(period)
    if number is None:
        return f"за период «{clean_spaces(period.name)}» {school_year(settings)}"
    return f"за {number} {period_nouns(settings.year.period_kind)[1]} {school_year(settings)}"


def period_in(period: DateRange, settings: Settings) -> str:
    """«во II четверти 2026/2027 учебного года», «в I четверти …»."""
    number = period_number(period)
    if number is None:
        return f"в период «{clean_spaces(period.name)}» {school_year(settings)}"
    preposition = "во" if number == "II" else "в"
    noun = period_nouns(settings.year.period_kind)[2]
    return f"{preposition} {number} {noun} {school_year(settings)}"


def period_span(period: DateRange, end: date, settings: Settings) -> str:
    """«за период с 5 по 27 ноября 2026 г. (II четверть)» — marks so far, before the end."""
    number = period_number(period)
    name = f"{number} {period_nouns(settings.year.period_kind)[0]}" if number else \
        clean_spaces(period.name)
    return f"за период {span_words(period.start, max(period.start, end))} ({name})"


def mark_column(period: DateRange, settings: Settings, final: bool) -> str:
    """«Отметка за II четверть» once period marks exist, else «Прогноз отметки за четверть»."""
    noun = period_nouns(settings.year.period_kind)[1]
    if not final:
        return f"Прогноз отметки за {noun}"
    number = period_number(period)
    return f"Отметка за {number} {noun}" if number else "Отметка за период"


def failing_risk(settings: Settings) -> str:
    """«"2" за четверть» — what a predicted «2» puts at risk."""
    return f"«2» за {period_nouns(settings.year.period_kind)[1]}"


def count_times(number: int) -> str:
    """«1 раз», «3 раза», «5 раз» — lates."""
    return plural(number, "раз", "раза", "раз")


# ---------------------------------------------------------------- file names


def family_stems(student: Student, recipients: Sequence[Parent | None]) -> list[str]:
    """«05_Иванов_Пётр»; with several addressees «…_мать», «…_отец» (or «…_1», «…_2»)."""
    if len(recipients) < 2:
        return [safe_stem(student.number, student.last_name, student.first_name)]
    relations = [name_key(p.relation or "") if p else "" for p in recipients]
    return [safe_stem(student.number, student.last_name, student.first_name,
                      p.relation if p and r and relations.count(r) == 1 else str(n))
            for n, (p, r) in enumerate(zip(recipients, relations, strict=True), start=1)]


def safe_stem(*parts: str | int | None) -> str:
    """«05_Иванов_Пётр»: parts joined with «_», Cyrillic kept, nothing Windows refuses, ≤ 60."""
    words = []
    for part in parts:
        if part is None or part == "":
            continue
        word = f"{part:02d}" if isinstance(part, int) else _REFUSED.sub("", str(part))
        words.append("_".join(word.split()))
    stem = "_".join(w for w in words if w)[:STEM_LIMIT].rstrip("._ ")
    return stem or "письмо"
