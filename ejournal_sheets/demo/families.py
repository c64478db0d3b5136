"""Parents of the demo class: who they are, how they are informed, what they signed and when."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ejournal_sheets.demo.names import (
    GRANDFATHERS,
    GRANDMOTHERS,
    MOTHERS,
    patronymic,
    transliterate,
)
from ejournal_sheets.demo.people import Child, Person
from ejournal_sheets.demo.roles import Roles
from ejournal_sheets.model import Channel

MOBILE_CODES: tuple[str, ...] = (
    "900", "902", "904", "908", "912", "919", "922", "929", "950", "951", "953", "961", "963",
    "965", "977", "982", "985", "995", "996", "999",
)  # fmt: skip
MAIL_DOMAINS: tuple[str, ...] = ("mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru")
DIARY_EMAIL_SHARE = 0.35  # e-diary parents who also left an email
DIARY_CONSENT_SHARE = 0.5  # of those, the ones who also agreed to electronic informing
START_WEEK = 5  # consents are signed within the first school days


@dataclass(frozen=True)
class Relative:
    """A parent or guardian with contacts, channel and the dates of what they signed."""

    person: Person
    relation: str
    phone: str = ""
    channel: Channel = Channel.DIARY
    email: str | None = None
    electronic: bool = False
    consent_date: date | None = None
    regulation_date: date | None = None
    access_date: date | None = None
    withdrawn_date: date | None = None


def draw_family(
    rng: random.Random, child: Child, index: int, roles: Roles, taken: set[str]
) -> tuple[Relative, ...]:
    """The child's parents (or guardian) with channels and contacts, no dates yet.

    `taken` holds the phones and emails drawn so far, so no two parents share one.
    """
    members = _members(rng, child, index, roles)
    chooser = rng.randrange(len(members))  # the parent who picks email in an email family
    channels = (_with_channel(m, index, roles, n == chooser) for n, m in enumerate(members))
    return tuple(_with_contacts(rng, relative, index, roles, taken) for relative in channels)


def _members(rng: random.Random, child: Child, index: int, roles: Roles) -> tuple[Relative, ...]:
    """A guardian grandmother, a mother alone, or a mother and a father; surnames match."""
    if index == roles.guardian:
        return (
            Relative(_adult(rng, child.surname.female, rng.choice(GRANDMOTHERS), "Ж"), "опекун"),
        )
    mother = Relative(_adult(rng, child.surname.female, rng.choice(MOTHERS), "Ж"), "мать")
    if index in roles.mother_only:
        return (mother,)
    return mother, Relative(_adult(rng, child.surname.male, child.father_name, "М"), "отец")


def _adult(rng: random.Random, last_name: str, first_name: str, sex: str) -> Person:
    """A parent whose patronymic comes from a drawn grandfather's name."""
    return Person(last_name, first_name, patronymic(rng.choice(GRANDFATHERS), sex), sex)


def _with_channel(relative: Relative, index: int, roles: Roles, chooser: bool) -> Relative:
    """Paper families stay on paper; in an email family the chooser gets email with consent."""
    if index in roles.paper:
        return replace(relative, channel=Channel.PAPER)
    if index in roles.email and chooser:
        return replace(relative, channel=Channel.EMAIL, electronic=True)
    return relative


def _with_contacts(
    rng: random.Random, relative: Relative, index: int, roles: Roles, taken: set[str]
) -> Relative:
    """A phone for everyone; an email where the channel or a planted problem needs one."""
    relative = replace(relative, phone=_unique(lambda: draw_phone(rng), taken))
    if relative.channel is Channel.PAPER:
        return relative
    needs_email = relative.channel is Channel.EMAIL or index in (roles.no_consent, roles.bad_email)
    if not needs_email and rng.random() >= DIARY_EMAIL_SHARE:
        return relative
    agreed = relative.electronic or (
        index not in (roles.no_consent, roles.bad_email) and rng.random() < DIARY_CONSENT_SHARE
    )
    email = _unique(lambda: draw_email(rng, relative.person), taken)
    return replace(relative, email=email, electronic=agreed)


def _unique(draw: Callable[[], str], taken: set[str]) -> str:
    """Draw until the value is new, then remember it."""
    value = draw()
    while value in taken:
        value = draw()
    taken.add(value)
    return value


def draw_phone(rng: random.Random) -> str:
    """A valid Russian mobile number in the normalised form, e.g. «+79123456789»."""
    return f"+7{rng.choice(MOBILE_CODES)}{rng.randrange(10**7):07d}"


def draw_email(rng: random.Random, person: Person) -> str:
    """An address made from the name: «olga.petrova@mail.ru», «petrova84@yandex.ru»…"""
    first, last = transliterate(person.first_name), transliterate(person.last_name)
    local = rng.choice((f"{first}.{last}", f"{last}.{first[0]}", f"{last}{rng.randint(75, 92)}",
                        f"{first[0]}{last}"))  # fmt: skip
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def date_family(
    rng: random.Random, family: Sequence[Relative], days: Sequence[date], start: int | None,
    withdrawn: bool,
) -> tuple[Relative, ...]:  # fmt: skip
    """Consent, acknowledgement and access dates on school days; `start` = day of arrival.

    A family that withdrew its consent did so together, on one later school day.
    """
    first = rng.randrange(min(START_WEEK, len(days))) if start is None else start
    gone = rng.randrange(max(len(days) // 2, first + 2), len(days))
    return tuple(
        _dated(rng, relative, days, first, days[gone] if withdrawn else None) for relative in family
    )


def _dated(
    rng: random.Random, relative: Relative, days: Sequence[date], first: int, gone: date | None
) -> Relative:
    last = len(days) - 1
    consent = min(first + rng.randrange(2), last)
    regulation = min(consent + rng.randrange(3), last)
    access = min(consent + rng.randrange(4), last)
    return replace(
        relative,
        consent_date=days[consent],
        regulation_date=days[regulation],
        access_date=days[access] if relative.channel is Channel.DIARY else None,
        withdrawn_date=gone,
    )
