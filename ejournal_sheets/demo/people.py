"""The demo class's students: names, sex, birth dates and addresses from a seeded generator."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ejournal_sheets.demo.names import (
    BOYS,
    FATHERS,
    GIRLS,
    REGULAR_SURNAMES,
    SPECIAL_SURNAMES,
    Surname,
    patronymic,
)

TOWN = "г. Заречный"
STREETS: tuple[str, ...] = (
    "ул. Лесная", "ул. Садовая", "ул. Школьная", "ул. Молодёжная", "ул. Центральная",
    "ул. Набережная", "ул. Мира", "ул. Победы", "ул. Комсомольская", "ул. Гагарина",
    "пр. Строителей", "ул. Заводская", "ул. Рябиновая", "пер. Почтовый",
)  # fmt: skip

# Birth years: most of the class is born in the usual year, a few a year earlier or later.
OLDER, YOUNGER = 2, 2


@dataclass(frozen=True)
class Person:
    """Фамилия, имя, отчество and sex («М»/«Ж») of anyone in the demo."""

    last_name: str
    first_name: str
    patronymic: str
    sex: str

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.patronymic}"


@dataclass(frozen=True)
class Child:
    """A student before roles and dates: who they are and where they live."""

    person: Person
    surname: Surname
    father_name: str
    birth_date: date
    address: str

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """Alphabetical order of the class list (ё sorts as е)."""
        person = self.person
        return _key(person.last_name), _key(person.first_name), _key(person.patronymic)


def _key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def draw_children(rng: random.Random, count: int, birth_year: int) -> tuple[Child, ...]:
    """`count` students with distinct surnames, in class-list order (by surname)."""
    surnames = [*SPECIAL_SURNAMES, *rng.sample(REGULAR_SURNAMES, count - len(SPECIAL_SURNAMES))]
    boys = rng.randint(count // 2 - 2, count // 2 + 2)
    sexes = ["М"] * boys + ["Ж"] * (count - boys)
    rng.shuffle(sexes)
    births = _birth_years(rng, count, birth_year)
    children = [
        _draw_child(rng, surname, sex, _birth_date(rng, year, birth_year))
        for surname, sex, year in zip(surnames, sexes, births, strict=True)
    ]
    return tuple(sorted(children, key=lambda child: child.sort_key))


def _birth_years(rng: random.Random, count: int, usual: int) -> list[int]:
    years = [usual - 1] * OLDER + [usual + 1] * YOUNGER + [usual] * (count - OLDER - YOUNGER)
    rng.shuffle(years)
    return years


def _draw_child(rng: random.Random, surname: Surname, sex: str, birth: date) -> Child:
    first_name = rng.choice(BOYS if sex == "М" else GIRLS)
    father = rng.choice(FATHERS)
    person = Person(surname.for_sex(sex), first_name, patronymic(father, sex), sex)
    return Child(person, surname, father, birth, draw_address(rng))


def _birth_date(rng: random.Random, year: int, usual: int) -> date:
    """A day of the year; an older child is born late in it, a younger one early in it."""
    if year < usual:
        first, last = date(year, 9, 1), date(year, 12, 31)
    elif year > usual:
        first, last = date(year, 1, 1), date(year, 4, 30)
    else:
        first, last = date(year, 1, 1), date(year, 12, 31)
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def draw_address(rng: random.Random) -> str:
    """«г. Заречный, ул. Лесная, д. 12, кв. 45»; some houses have no flats."""
    street = rng.choice(STREETS)
    house = rng.randint(1, 60)
    if rng.random() < 0.15:
        return f"{TOWN}, {street}, д. {house}"
    return f"{TOWN}, {street}, д. {house}, кв. {rng.randint(1, 120)}"
