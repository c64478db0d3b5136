"""Header vocabulary of the journal exports: column names and aliases, title lines, periods."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from ejournal_sheets.journal.table import Table, Value
from ejournal_sheets.names import clean_spaces, header_key
from ejournal_sheets.problems import Location

Aliases = tuple[tuple[str, tuple[str, ...]], ...]

TITLE_LABELS = ("Предмет", "Учитель", "Класс", "Группа", "Период")
_TITLE = re.compile(r"(" + "|".join(TITLE_LABELS) + r")\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """A column a layout knows: its canonical header and the other names exports use."""

    canonical: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Title:
    """A title line above a table («Предмет: Алгебра»): its value and where it was."""

    value: str
    where: Location


@lru_cache(maxsize=1 << 16, typed=True)
def cell_text(value: Value) -> str:
    """A cell as clean text: integers without «.0», dates as дд.мм.гггг, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}" if value.time() else f"{value:%d.%m.%Y}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return clean_spaces(str(value))


STUDENT_NAMES = ("Обучающийся", "Обучающаяся", "Учащийся", "ФИО ученика",
                 "ФИО обучающегося", "Ученик (ФИО)")
NUMBER = Column("№", ("№ п/п", "N", "Номер", "п/п"))
STUDENT = Column("Ученик", ("ФИО", *STUDENT_NAMES))
CHILD = Column("Ученик", (*STUDENT_NAMES, "Ребёнок"))  # where «ФИО» is the user's own name
DATE = Column("Дата", ("Дата урока", "Дата проведения"))
SUBJECT = Column("Предмет", ("Учебный предмет", "Дисциплина", "Предмет (курс)"))
TEACHER = Column("Учитель", ("Преподаватель", "Педагог", "ФИО учителя"))
GROUP = Column("Группа", ("Подгруппа", "Класс/группа"))
LESSON_NUMBER = Column("№ урока", ("Номер урока", "Урок №", "Урок"))
TOPIC_LONG = Column("Тема урока", ("Тема",))
HOMEWORK = Column("Домашнее задание", ("ДЗ", "Д/З", "Задание на дом"))
MARK = Column("Отметка", ("Оценка", "Отметки", "Оценки"))
ABSENCE = Column("Пропуск", ("Пропуски", "Посещаемость", "Отсутствие"))
WEIGHT = Column("Вес", ("Вес отметки", "Вес оценки", "Коэффициент"))
WORK = Column("Вид работы", ("Тип работы", "Форма контроля"))
PERIOD = Column("Период", ("Учебный период", "Четверть", "Триместр", "Полугодие"))
PERIOD_MARK = Column("Отметка", ("Оценка", "Итоговая отметка", "Итоговая оценка"))
USER = Column("Пользователь", ("ФИО", "ФИО пользователя", "Пользователь (ФИО)"))
ROLE = Column("Роль", ("Тип пользователя", "Роль пользователя"))
LOGIN_AT = Column("Дата/время входа", ("Дата и время входа", "Время входа", "Дата входа",
                                       "Вход"))
LAST_VISIT = Column("Последний вход", ("Дата последнего входа", "Последнее посещение"))
VISIT_COUNT = Column("Число входов", ("Количество входов", "Кол-во входов", "Входов"))
TOPIC = Column("Тема", ("Тема урока",))
MARKS_SET = Column("Отметки выставлены", ("Выставлены отметки", "Отметки"))
NAME = Column("ФИО", ("Пользователь", "ФИО пользователя", "Имя"))
LOGIN = Column("Логин", ("Имя пользователя", "Login"))
SECRET = Column("Пароль", ("Код активации", "Временный пароль", "Пароль / код активации"))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "grid": (NUMBER, STUDENT),
    "long": (DATE, LESSON_NUMBER, SUBJECT, TEACHER, GROUP, STUDENT, MARK, ABSENCE, WEIGHT, WORK,
             TOPIC_LONG, HOMEWORK),
    "period-long": (STUDENT, SUBJECT, PERIOD, PERIOD_MARK, TEACHER),
    "period-wide": (NUMBER, STUDENT),
    "visits": (USER, ROLE, CHILD, LOGIN_AT, LAST_VISIT, VISIT_COUNT),
    "lessons": (DATE, SUBJECT, TEACHER, GROUP, LESSON_NUMBER, TOPIC, HOMEWORK, MARKS_SET),
    "credentials": (NAME, ROLE, LOGIN, SECRET, CHILD),
}


def alias_lookup(columns: Iterable[Column], extra: Aliases = ()) -> dict[str, str]:
    """Header key → canonical name, the settings' aliases added to the column they name."""
    lookup: dict[str, str] = {}
    for column in columns:
        names = {header_key(column.canonical), *(header_key(a) for a in column.aliases)}
        for canonical, others in extra:
            if header_key(canonical) in names:
                names.update(header_key(o) for o in others)
        for name in names:
            lookup.setdefault(name, column.canonical)
    return lookup


def header_keys(row: Sequence[Value]) -> tuple[str, ...]:
    """The matching key of every cell of a candidate header row (empty for non-text cells)."""
    return tuple(header_key(cell_text(v)) if isinstance(v, str) else "" for v in row)


def map_headers(keys: Sequence[str], lookup: dict[str, str]) -> dict[str, int]:
    """Canonical name → 0-based column index of its first occurrence in the header row."""
    found: dict[str, int] = {}
    for index, key in enumerate(keys):
        canonical = lookup.get(key) if key else None
        if canonical is not None:
            found.setdefault(canonical, index)
    return found


def read_titles(table: Table, above: int) -> dict[str, Title]:
    """Title lines in the rows above the header: «Предмет: …», «Учитель: …», «Класс: …»…"""
    titles: dict[str, Title] = {}
    for row in range(min(above, len(table.rows))):
        cells = table.rows[row]
        for column, value in enumerate(cells):
            if not isinstance(value, str):
                continue  # a title line is text
            for label, text in _split_titles(cell_text(value)):
                if not text:  # «Предмет:» | «Алгебра» — the value is in the next filled cell
                    text = next((cell_text(v) for v in cells[column + 1:] if cell_text(v)), "")
                    text = "" if _TITLE.match(text) else text
                if text and label not in titles:
                    titles[label] = Title(text, table.where(row, column, label))
    return titles


def _split_titles(text: str) -> list[tuple[str, str]]:
    """«Предмет: Алгебра Учитель: Иванова» → [(Предмет, Алгебра), (Учитель, Иванова)]."""
    found = list(_TITLE.finditer(text))
    if not found or found[0].start() != 0:
        return []
    pairs = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        label = next(t for t in TITLE_LABELS if t.casefold() == match.group(1).casefold())
        pairs.append((label, text[match.end():end].strip(" ;,")))
    return pairs


def is_title_line(value: Value) -> bool:
    """True for a cell that is a title line («Класс: 7Б»)."""
    return bool(_split_titles(cell_text(value)))


# Period names (DESIGN §5): I–IV, Ч1–Ч4, «1 четв.», «2 четверть», Год, Экзамен, Итог.
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_KIND_PREFIX = {"четверти": "Ч", "триместры": "Т", "полугодия": "П"}
_WORD_PREFIX = (("четв", "Ч"), ("трим", "Т"), ("полуг", "П"))
_FIXED = {"год": "Год", "годовая": "Год", "годовые": "Год", "годовая отметка": "Год",
          "экзамен": "Экзамен", "экзаменационная": "Экзамен", "итог": "Итог",
          "итоговая": "Итог", "итоговые": "Итог", "итоговая отметка": "Итог",
          "годовая оценка": "Год", "итоговая оценка": "Итог"}
_NUMBERED = re.compile(r"^(?:(?P<prefix>[чтп])\s*-?\s*(?P<n1>[1-4])"
                       r"|(?P<n2>[1-4]|iv|i{1,3})\s*(?:-?\s*[яй])?\s*(?P<word>[а-я]*))$")
_IN_TEXT = re.compile(r"(?:^|[^а-я0-9])(?:(?P<prefix>[чтп])(?P<n1>[1-4])"
                      r"|(?P<n2>[1-4]|iv|i{1,3})\s*(?:-?\s*[яй])?\s*(?P<word>четв|трим|полуг)"
                      r"[а-я]*)(?:$|[^а-я0-9])")


def period_name(text: str, kind: str = "четверти") -> str | None:
    """«1 четв.», «I», «ч1» → «Ч1»; «Годовая» → «Год»; None when the text is not a period."""
    key = header_key(text)
    if key in _FIXED:
        return _FIXED[key]
    found = _NUMBERED.match(key)
    if not found:
        return None
    return _numbered(found, kind)


def find_period(text: str, kind: str = "четверти") -> str | None:
    """A period mentioned in a sheet name or title line: «Итоговые за 2 четверть» → «Ч2»."""
    exact = period_name(text, kind)
    if exact:
        return exact
    key = header_key(text)
    found = _IN_TEXT.search(key)
    if found:
        return _numbered(found, kind)
    if re.search(r"годов", key):
        return "Год"
    return "Экзамен" if re.search(r"экзамен", key) else None


def _numbered(found: re.Match[str], kind: str) -> str | None:
    if found.group("n1"):
        return found.group("prefix").upper() + found.group("n1")
    word = found.group("word") or ""
    prefix = next((p for stem, p in _WORD_PREFIX if word.startswith(stem)), None)
    if (word and prefix is None) or (not word and found.group("n2").isdigit()):
        return None  # «1 класс», or a bare «1» (a lesson number, not a period)
    number = _ROMAN.get(found.group("n2")) or int(found.group("n2"))
    return f"{prefix or _KIND_PREFIX.get(kind, 'Ч')}{number}"


_SUMMARY_WORDS = ("средн", "итого", "всего", "пропущ", "пропуск", "кол-во", "количество")


def is_summary(text: str) -> bool:
    """«Средний балл», «Итого», «Пропущено уроков»: a computed column or footer row, not data."""
    key = header_key(text)
    return key.startswith(_SUMMARY_WORDS) or key in ("ср балл", "сб")


PARENT, STUDENT_ROLE, STAFF = "родитель", "ученик", ""
_ROLES = ((("родител", "законн", "мать", "отец", "опекун", "попечител", "представител",
            "parent"), PARENT),
          (("учени", "обучающ", "учащ", "student", "pupil"), STUDENT_ROLE),
          (("учител", "педагог", "сотрудн", "админ", "классн", "завуч", "директор", "завед",
            "teacher", "staff"), STAFF))
ROLE_CHOICES = "родитель (законный представитель), ученик; сотрудники школы пропускаются"


def role_of(text: str) -> str | None:
    """«Законный представитель» → «родитель», «Обучающийся» → «ученик», staff → "", else None."""
    key = header_key(text)
    return next((role for stems, role in _ROLES if key.startswith(stems)), None)


_DATE_TEXT = re.compile(r"^(?:(?:пн|вт|ср|чт|пт|сб|вс)[,.]?\s*)?(\d{1,2})\.(\d{1,2})"
                        r"(?:\.(\d{4}|\d{2}))?\.?(?:\s*\(?(?:пн|вт|ср|чт|пт|сб|вс)\)?)?$",
                        re.IGNORECASE)
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0?0:00(?::00)?)?$")


def parse_day(value: Value, first_year: int) -> tuple[date | None, str]:
    """A date cell, `дд.мм` (year of the school year), `дд.мм.гггг`, ISO text; else (None, why)."""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    if not isinstance(value, str):
        return None, ""
    text = cell_text(value)
    found = _DATE_TEXT.match(text)
    iso = _ISO_TEXT.match(text)
    if found:
        day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
        number = int(year) if year else first_year + (1 if month < 9 else 0)
        number += 2000 if year and len(year) == 2 else 0
    elif iso:
        number, month, day = (int(g) for g in iso.groups())
    else:
        return None, ""
    try:
        return date(number, month, day), ""
    except ValueError:
        return None, ": такого дня в календаре нет"


def looks_like_date(value: Value) -> bool:
    """True for a date cell or `дд.мм(.гггг)` text — a lesson column of a grid."""
    return isinstance(value, date) or (isinstance(value, str)
                                       and bool(_DATE_TEXT.match(cell_text(value))))
