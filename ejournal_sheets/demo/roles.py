"""Who in the demo class plays which part: movers, paper families, the planted problems' hosts."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ejournal_sheets.demo.names import SPECIAL_SURNAMES, has_twin_inside
from ejournal_sheets.demo.people import Child

MOTHER_ONLY = 3
EMAIL_FAMILIES = 5


@dataclass(frozen=True)
class Roles:
    """Positions (0-based, in class-list order) of the students who play a part; all distinct."""

    latin: int  # surname gets a Latin look-alike letter
    birth_text: int  # birth date typed as text
    arrived: int
    left: int
    at_home: int  # «на дому»
    guardian: int  # only an опекун
    withdrawn: int  # the family withdrew the personal-data consent (paper, too)
    paper: tuple[int, ...]  # families informed on paper, `withdrawn` among them
    mother_only: tuple[int, ...]
    email: tuple[int, ...]  # one parent chooses email
    no_consent: int  # a parent with email but no consent to electronic informing
    bad_email: int  # an e-diary parent whose email gets broken
    phone_number: int  # a parent whose phone gets typed as a number


def assign_roles(rng: random.Random, children: Sequence[Child]) -> Roles:
    """Draw distinct students for every part; the same seed always gives the same parts."""
    order = rng.sample(range(len(children)), len(children))
    special = {surname.male for surname in SPECIAL_SURNAMES}
    latin = next(i for i in order if children[i].surname.male not in special
                 and has_twin_inside(children[i].surname.male)
                 and has_twin_inside(children[i].surname.female))
    pick = (i for i in order if i != latin)
    paper_count = rng.choice((3, 4))
    withdrawn = next(pick)
    return Roles(
        latin=latin,
        birth_text=next(pick),
        arrived=next(pick),
        left=next(pick),
        at_home=next(pick),
        guardian=next(pick),
        withdrawn=withdrawn,
        paper=(withdrawn, *_take(pick, paper_count - 1)),
        mother_only=_take(pick, MOTHER_ONLY),
        email=_take(pick, EMAIL_FAMILIES),
        no_consent=next(pick),
        bad_email=next(pick),
        phone_number=next(pick),
    )


def _take(pick: Iterator[int], count: int) -> tuple[int, ...]:
    return tuple(next(pick) for _ in range(count))
