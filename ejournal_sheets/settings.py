"""ejournal.toml → frozen Settings with defaults; a broken or unknown key is named with its line."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ejournal_sheets.errors import SettingsError

CONFIG_NAME = "ejournal.toml"
SCHOOL_CONFIG_NAME = "school.toml"  # shared by the classes of a school folder (DESIGN §3)


@dataclass(frozen=True)
class School:
    name: str = ""
    short_name: str = ""
    address: str = ""
    director: str = ""
    deputy: str = ""
    deputy_email: str = ""
    journal_admin: str = ""
    journal_admin_email: str = ""
    support_email: str = ""


@dataclass(frozen=True)
class ClassInfo:
    name: str = ""
    teacher: str = ""
    teacher_email: str = ""
    teacher_phone: str = ""

    @property
    def grade(self) -> int | None:
        """The parallel (7 for «7Б»), or None when the class name has no number."""
        found = re.match(r"\s*(\d{1,2})", self.name)
        return int(found.group(1)) if found else None


@dataclass(frozen=True)
class DateRange:
    name: str
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def days(self) -> list[date]:
        """Every day of the range, ends included."""
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def title(self) -> str:
        """«23.11.2026 – 28.11.2026»"""
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"


def school_year_start(today: date) -> int:
    """Calendar year in which the current school year began (September)."""
    return today.year if today.month >= 8 else today.year - 1


def default_periods(first_year: int) -> tuple[DateRange, ...]:
    """Typical quarters; the teacher checks them against the school's calendar."""
    y, n = first_year, first_year + 1
    return (
        DateRange("Ч1", date(y, 9, 1), date(y, 10, 24)),
        DateRange("Ч2", date(y, 11, 5), date(y, 12, 28)),
        DateRange("Ч3", date(n, 1, 12), date(n, 3, 21)),
        DateRange("Ч4", date(n, 4, 1), date(n, 5, 26)),
    )


def default_holidays(first_year: int) -> tuple[DateRange, ...]:
    y, n = first_year, first_year + 1
    return (
        DateRange("осенние", date(y, 10, 25), date(y, 11, 4)),
        DateRange("зимние", date(y, 12, 29), date(n, 1, 11)),
        DateRange("весенние", date(n, 3, 22), date(n, 3, 31)),
    )


@dataclass(frozen=True)
class Year:
    start: date = field(default_factory=lambda: date(school_year_start(date.today()), 9, 1))
    end: date = field(default_factory=lambda: date(school_year_start(date.today()) + 1, 5, 26))
    period_kind: str = "четверти"
    week_days: int = 5
    periods: tuple[DateRange, ...] = field(
        default_factory=lambda: default_periods(school_year_start(date.today()))
    )
    holidays: tuple[DateRange, ...] = field(
        default_factory=lambda: default_holidays(school_year_start(date.today()))
    )

    def period_of(self, day: date) -> DateRange | None:
        return next((p for p in self.periods if day in p), None)


@dataclass(frozen=True)
class Rules:
    thresholds: tuple[float, float, float] = (2.5, 3.5, 4.5)
    min_marks: int = 3
    absence_risk: float = 0.30
    edge: float = 0.1
    day_lessons: int = 0
    double_marks: str = "две"
    age_tolerance: int = 1
    no_mark_lessons: int = 5
    inactive_days: int = 7


@dataclass(frozen=True)
class Journal:
    profile: str = "auto"
    site: str = ""
    regulation: str = ""
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Mail:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    sender: str = ""
    administration: str = ""
    password_env: str = "EJOURNAL_SMTP_PASSWORD"
    use_keyring: bool = True
    timeout: int = 30


@dataclass(frozen=True)
class Schedule:
    weekly_day: str = "пятница"
    weekly_time: str = "15:00"
    monthly_day: int = 1


@dataclass(frozen=True)
class Letters:
    weekly_for_inactive: bool = False


@dataclass(frozen=True)
class Settings:
    school: School = field(default_factory=School)
    class_: ClassInfo = field(default_factory=ClassInfo)
    year: Year = field(default_factory=Year)
    rules: Rules = field(default_factory=Rules)
    journal: Journal = field(default_factory=Journal)
    mail: Mail = field(default_factory=Mail)
    schedule: Schedule = field(default_factory=Schedule)
    letters: Letters = field(default_factory=Letters)
    path: Path | None = None
    school_path: Path | None = None  # the school.toml this class inherits from, if any


SECTIONS: dict[str, tuple[str, type]] = {
    "school": ("school", School),
    "class": ("class_", ClassInfo),
    "year": ("year", Year),
    "rules": ("rules", Rules),
    "journal": ("journal", Journal),
    "mail": ("mail", Mail),
    "schedule": ("schedule", Schedule),
    "letters": ("letters", Letters),
}

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
SECURITY = ("starttls", "ssl", "none")
PERIOD_KINDS = ("четверти", "триместры", "полугодия")
DOUBLE_MARKS = ("две", "первая", "вторая", "среднее")
CLASS_ONLY = ("class",)  # sections a school.toml may not hold: each class names itself


def load_settings(path: Path, school: Path | None = None) -> Settings:
    """Read ejournal.toml (over `school`.toml when given: the class file wins key by key);
    raise SettingsError naming the file, key and line of the first bad value."""
    text = _read(path)
    if school is None:
        return parse_settings(text, path)
    return parse_layers([(_read(school), school), (text, path)])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise SettingsError(
            f"Не найден файл настроек {path}.",
            "Создайте рабочую папку командой «ejournal init ПАПКА --class 7Б --school …».",
        ) from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path.name}: файл не в кодировке UTF-8.",
                            "Сохраните его в UTF-8 (Блокнот: «Сохранить как» → UTF-8).") from exc


def parse_settings(text: str, path: Path) -> Settings:
    """Settings from TOML text; `path` is only for messages."""
    return parse_layers([(text, path)])


def parse_layers(layers: Sequence[tuple[str, Path]]) -> Settings:
    """Settings from TOML texts merged in order, the last (the class's ejournal.toml) winning
    key by key; every layer but the last is a school.toml and may not hold [class]. A bad
    value is reported with the file and line it came from."""
    locate = _Layers()
    merged: dict[str, Any] = {}
    for number, (text, path) in enumerate(layers):
        data = _parse_toml(text, path)
        layer = locate.add(text, path)
        shared = number < len(layers) - 1
        for section, content in data.items():
            _check_section(section, content, layer, shared)
            locate.merge(merged.setdefault(section, {}), section, content, layer)
    values: dict[str, Any] = {}
    for section, content in merged.items():
        attr, cls = SECTIONS[section]
        values[attr] = _build_section(cls, section, content, locate)
    school = layers[0][1] if len(layers) > 1 else None
    settings = Settings(**values, path=layers[-1][1], school_path=school)
    _check_year(settings.year, locate)
    return settings


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            f"{path.name}: ошибка записи настроек ({_toml_position(str(exc))}).",
            "Проверьте кавычки вокруг текста и знак «=» между именем и значением.",
        ) from exc


def _check_section(section: str, content: Any, layer: _Locator, shared: bool) -> None:
    if section not in SECTIONS:
        raise layer.error(section, None, f"неизвестный раздел [{section}]",
                          f"Известные разделы: {', '.join(SECTIONS)}.")
    if shared and section in CLASS_ONLY:
        raise layer.error(section, None, f"раздел [{section}] задаётся только в "
                          f"{CONFIG_NAME} класса", "Перенесите его в файл настроек класса.")
    if not isinstance(content, dict):
        raise layer.error(section, None, f"«{section}» должен быть разделом [{section}]")


def _toml_position(message: str) -> str:
    found = re.search(r"line (\d+), column (\d+)", message)
    if found:
        return f"строка {found.group(1)}, позиция {found.group(2)}"
    return "в конце файла" if "end of document" in message else "место не указано"


class _Locator:
    """Finds the line of a key so every message can point at it."""

    def __init__(self, text: str, path: Path) -> None:
        self.lines = text.splitlines()
        self.path = path

    def line_of(self, section: str, key: str | None) -> int | None:
        current = None
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            header = re.match(r"^\[+\s*([^\]\s.]+)", stripped)
            if header:
                current = header.group(1)
                if key is None and current == section:
                    return number
            elif current == section and key and re.match(rf"^{re.escape(key)}\s*=", stripped):
                return number
        return None

    def error(self, section: str, key: str | None, what: str, hint: str = "") -> SettingsError:
        line = self.line_of(section, key)
        where = f", строка {line}" if line else ""
        name = f"[{section}] {key}" if key else f"[{section}]"
        return SettingsError(f"{self.path.name}{where}: {name} — {what}.",
                             hint or "Исправьте значение или удалите строку.")


class _Layers:
    """The files a setting may come from, and which one each key came from (the last wins)."""

    def __init__(self) -> None:
        self.files: list[_Locator] = []
        self.origin: dict[tuple[str, str], _Locator] = {}

    def add(self, text: str, path: Path) -> _Locator:
        self.files.append(_Locator(text, path))
        return self.files[-1]

    def merge(self, target: dict[str, Any], section: str, content: dict[str, Any],
              layer: _Locator) -> None:
        """Copy a layer's keys over the section; a sub-table ([journal.aliases]) merges too."""
        for key, value in content.items():
            below = target.get(key)
            target[key] = ({**below, **value} if isinstance(below, dict)
                           and isinstance(value, dict) else value)
            self.origin[section, key] = layer

    def error(self, section: str, key: str | None, what: str, hint: str = "") -> SettingsError:
        """The error located in the file the key came from (else the class file)."""
        layer = self.origin.get((section, key or ""), self.files[-1])
        return layer.error(section, key, what, hint)


def _build_section(cls: type, section: str, content: dict[str, Any], locate: _Layers) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in content.items():
        if key not in known:
            raise locate.error(section, key, "неизвестная настройка",
                               f"Допустимые настройки раздела: {', '.join(known)}.")
        kwargs[key] = _convert(section, key, value, locate)
    return cls(**kwargs)


def _convert(section: str, key: str, value: Any, locate: _Layers) -> Any:
    converter = _CONVERTERS.get((section, key), _plain)
    try:
        return converter(section, key, value)
    except (TypeError, ValueError) as exc:
        raise locate.error(section, key, str(exc)) from None


def _plain(section: str, key: str, value: Any) -> Any:
    _, cls = SECTIONS[section]
    default = next(f for f in dataclasses.fields(cls) if f.name == key)
    sample = default.default if default.default is not dataclasses.MISSING else None
    if isinstance(sample, bool):
        return _typed(value, bool, "да/нет: true или false")
    if isinstance(sample, int):
        return _typed(value, int, "целое число")
    if isinstance(sample, float):
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return _typed(value, float, "число с точкой, например 0.3")
    if isinstance(sample, str):
        return _typed(value, str, "текст в кавычках")
    return value


def _typed(value: Any, kind: type, what: str) -> Any:
    if (kind is not bool and isinstance(value, bool)) or not isinstance(value, kind):
        raise ValueError(f"ожидается {what}, а записано {value!r}")
    return value


def _choice(options: tuple[str, ...]) -> Any:
    def convert(section: str, key: str, value: Any) -> str:
        text = _typed(value, str, "текст в кавычках").strip().lower()
        if text not in options:
            raise ValueError(f"значение «{value}» не из списка: {', '.join(options)}")
        return text

    return convert


def _date(section: str, key: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    raise ValueError(f"ожидается дата без кавычек, например 2026-09-01, а записано {value!r}")


def _ranges(section: str, key: str, value: Any) -> tuple[DateRange, ...]:
    if not isinstance(value, list):
        raise ValueError("ожидается список вида [{ name = \"Ч1\", start = 2026-09-01, "
                         "end = 2026-10-24 }, …]")
    ranges = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"name", "start", "end"}:
            raise ValueError(f"каждый элемент — {{ name = …, start = …, end = … }}; "
                             f"найдено {item!r}")
        start, end = _date(section, key, item["start"]), _date(section, key, item["end"])
        if end < start:
            raise ValueError(f"у «{item['name']}» конец {end:%d.%m.%Y} раньше начала "
                             f"{start:%d.%m.%Y}")
        ranges.append(DateRange(str(item["name"]), start, end))
    return tuple(ranges)


def _thresholds(section: str, key: str, value: Any) -> tuple[float, float, float]:
    if (not isinstance(value, list) or len(value) != 3
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
        raise ValueError(f"ожидается список из трёх чисел, например [2.5, 3.5, 4.5]; "
                         f"записано {value!r}")
    low, mid, high = (float(v) for v in value)
    if not 2 < low < mid < high < 5:
        raise ValueError("пороги должны возрастать и лежать между 2 и 5")
    return (low, mid, high)


def _fraction(section: str, key: str, value: Any) -> float:
    number = _plain(section, key, value)
    if not 0 <= number <= 1:
        raise ValueError(f"ожидается доля от 0 до 1 (например 0.3 = 30%), записано {value!r}")
    return float(number)


def _time(section: str, key: str, value: Any) -> str:
    text = _typed(value, str, "время в кавычках, например \"15:00\"")
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text.strip()):
        raise ValueError(f"ожидается время ЧЧ:ММ, например \"15:00\"; записано {value!r}")
    return text.strip()


def _aliases(section: str, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError("ожидается раздел [journal.aliases] вида Ученик = [\"ФИО\", …]")
    pairs = []
    for canonical, names in value.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"для «{canonical}» ожидается список названий в кавычках")
        pairs.append((canonical, tuple(names)))
    return tuple(pairs)


def _range_int(low: int, high: int) -> Any:
    def convert(section: str, key: str, value: Any) -> int:
        number = _typed(value, int, "целое число")
        if not low <= number <= high:
            raise ValueError(f"ожидается число от {low} до {high}, записано {value!r}")
        return int(number)

    return convert


_CONVERTERS: dict[tuple[str, str], Any] = {
    ("year", "start"): _date,
    ("year", "end"): _date,
    ("year", "periods"): _ranges,
    ("year", "holidays"): _ranges,
    ("year", "period_kind"): _choice(PERIOD_KINDS),
    ("year", "week_days"): _range_int(5, 6),
    ("rules", "thresholds"): _thresholds,
    ("rules", "absence_risk"): _fraction,
    ("rules", "double_marks"): _choice(DOUBLE_MARKS),
    ("rules", "min_marks"): _range_int(0, 50),
    ("rules", "day_lessons"): _range_int(0, 10),
    ("rules", "age_tolerance"): _range_int(0, 5),
    ("rules", "no_mark_lessons"): _range_int(1, 50),
    ("rules", "inactive_days"): _range_int(1, 60),
    ("journal", "aliases"): _aliases,
    ("mail", "security"): _choice(SECURITY),
    ("mail", "port"): _range_int(1, 65535),
    ("schedule", "weekly_day"): _choice(WEEKDAYS),
    ("schedule", "weekly_time"): _time,
    ("schedule", "monthly_day"): _range_int(1, 28),
}


def _check_year(year: Year, locate: _Layers) -> None:
    if year.end <= year.start:
        raise locate.error("year", "end", "конец учебного года не позже его начала")
    for period in year.periods:
        if period.start < year.start or period.end > year.end:
            raise locate.error("year", "periods",
                               f"период «{period.name}» выходит за границы учебного года")
