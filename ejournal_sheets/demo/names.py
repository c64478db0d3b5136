"""Plausible Russian names for the demo class: first names, surnames by sex, patronymics."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Surname:
    """A surname in its male and female forms (equal when it does not change, e.g. «Черных»)."""

    male: str
    female: str

    def for_sex(self, sex: str) -> str:
        """The form for «М» or «Ж»."""
        return self.female if sex == "Ж" else self.male


def _pairs(*names: str) -> tuple[Surname, ...]:
    """Surnames whose female form adds «а»: Иванов → Иванова, Ильин → Ильина."""
    return tuple(Surname(name, f"{name}а") for name in names)


REGULAR_SURNAMES: tuple[Surname, ...] = _pairs(
    "Абрамов", "Белов", "Волков", "Воронцов", "Гаврилов", "Григорьев", "Дорофеев", "Егоров",
    "Жуков", "Журавлёв", "Зайцев", "Ильин", "Калинин", "Кузнецов", "Лебедев", "Макаров",
    "Медведев", "Морозов", "Никитин", "Новиков", "Орлов", "Панов", "Романов", "Соколов",
    "Сорокин", "Тарасов", "Уткин", "Фомин", "Цветков", "Чернов", "Шишкин", "Щербаков",
    "Яковлев", "Виноградов", "Голубев", "Ершов",
)  # fmt: skip

# Always in the class: surnames that letters and declension must handle with care.
SPECIAL_SURNAMES: tuple[Surname, ...] = (
    Surname("Петров-Водкин", "Петрова-Водкина"),  # double surname, both parts decline
    Surname("Черных", "Черных"),  # never declines, same for both sexes
    Surname("Дурново", "Дурново"),  # never declines
    Surname("Трубецкой", "Трубецкая"),  # adjective declension
    Surname("Шевчук", "Шевчук"),  # declines for a man, not for a woman
)

BOYS: tuple[str, ...] = (
    "Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Даниил", "Егор",
    "Кирилл", "Илья", "Матвей", "Тимофей", "Роман", "Владислав", "Арсений", "Глеб", "Лев",
    "Марк", "Степан", "Фёдор", "Ярослав",
)  # fmt: skip

GIRLS: tuple[str, ...] = (
    "Анастасия", "Мария", "Анна", "Виктория", "Полина", "Елизавета", "Екатерина", "Дарья",
    "Софья", "Варвара", "Алиса", "Ксения", "Вероника", "Ульяна", "Арина", "Валерия", "Милана",
    "Александра", "Таисия", "Ева",
)  # fmt: skip

FATHERS: tuple[str, ...] = (
    "Сергей", "Андрей", "Алексей", "Дмитрий", "Александр", "Евгений", "Максим", "Иван",
    "Михаил", "Николай", "Павел", "Игорь", "Юрий", "Денис", "Роман", "Владимир", "Олег",
    "Илья", "Никита", "Константин", "Василий", "Антон", "Артём", "Вадим", "Виталий",
)  # fmt: skip

MOTHERS: tuple[str, ...] = (
    "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Юлия", "Анна", "Екатерина",
    "Марина", "Мария", "Евгения", "Оксана", "Анастасия", "Людмила", "Надежда", "Алёна",
    "Ксения", "Дарья", "Вера",
)  # fmt: skip

GRANDMOTHERS: tuple[str, ...] = ("Галина", "Валентина", "Нина", "Тамара", "Любовь", "Лидия")

# Fathers of the parents: the source of the parents' patronymics.
GRANDFATHERS: tuple[str, ...] = (
    "Виктор", "Геннадий", "Анатолий", "Валерий", "Пётр", "Григорий", "Борис", "Леонид",
    "Фёдор", "Лев", "Илья", "Юрий", "Михаил", "Николай", "Сергей", "Владимир", "Василий",
    "Павел", "Никита", "Иван",
)  # fmt: skip

# Patronymics that no rule below produces (fleeting vowels, «-ич» forms).
IRREGULAR_PATRONYMICS: dict[str, tuple[str, str]] = {
    "Илья": ("Ильич", "Ильинична"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Павел": ("Павлович", "Павловна"),
    "Лев": ("Львович", "Львовна"),
    "Пётр": ("Петрович", "Петровна"),
    "Фома": ("Фомич", "Фоминична"),
    "Кузьма": ("Кузьмич", "Кузьминична"),
}

VOWELS = "аеёиоуыэюя"


def patronymic(father: str, sex: str) -> str:
    """Отчество from the father's first name: Сергей → Сергеевич / Сергеевна (sex «М»/«Ж»)."""
    male, female = patronymic_forms(father)
    return female if sex == "Ж" else male


def patronymic_forms(father: str) -> tuple[str, str]:
    """(male, female) patronymics: Иван → Иванович/Ивановна, Никита → Никитич/Никитична."""
    if father in IRREGULAR_PATRONYMICS:
        return IRREGULAR_PATRONYMICS[father]
    if father.endswith("ий"):
        stem = father[:-2]
        # After a consonant cluster the «и» stays (Дмитриевич), otherwise it softens (Юрьевич).
        link = "ь" if stem[-2].lower() in VOWELS else "и"
        return f"{stem}{link}евич", f"{stem}{link}евна"
    if father.endswith(("ей", "ай")):
        stem = father[:-1]
        return f"{stem}евич", f"{stem}евна"
    if father.endswith("ь"):
        stem = father[:-1]
        return f"{stem}евич", f"{stem}евна"
    if father.endswith(("а", "я")):
        stem = father[:-1]
        return f"{stem}ич", f"{stem}ична"
    return f"{father}ович", f"{father}овна"


LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Lower-case Latin spelling for e-mail addresses: «Петрова-Водкина» → «petrova-vodkina»."""
    return "".join(LATIN.get(ch, ch) for ch in text.casefold())


# Cyrillic letters with a Latin twin, for the planted look-alike typo.
LATIN_TWINS: dict[str, str] = {"о": "o", "а": "a", "е": "e", "с": "c", "р": "p", "х": "x"}


def has_twin_inside(word: str) -> bool:
    """True when a letter after the first has a Latin twin (so a typo can hide there)."""
    return any(ch in LATIN_TWINS for ch in word[1:])
