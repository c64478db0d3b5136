"""Who can open the demo's e-diary and who does: the credentials and visits exports."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta

from ejournal_sheets.demo.journal_records import STREAM, Credential, Pupil, Visit
from ejournal_sheets.demo.names import transliterate

PARENT, STUDENT = "родитель", "ученик"
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
PASSWORD_LENGTH = 8
HISTORY_DAYS = 28  # the visits export covers the last four weeks
# Share of users who never logged in and who have not in 7+ days (the rest are active).
NEVER_SHARE, STALE_SHARE = {PARENT: 0.12, STUDENT: 0.08}, {PARENT: 0.25, STUDENT: 0.2}


def current(pupils: Sequence[Pupil], today: date) -> list[Pupil]:
    """Students on the roll today: the ones the journal keeps accounts for."""
    return [pupil for pupil in pupils if pupil.enrolled_on(today)]


def make_credentials(pupils: Sequence[Pupil], today: date, seed: int) -> tuple[Credential, ...]:
    """A login and password for every student on the roll and each of their parents."""
    rng = random.Random(f"{STREAM}:{seed}:credentials")
    taken: set[str] = set()
    rows = []
    for pupil in current(pupils, today):
        people = [(pupil.full_name, STUDENT), *((g.name, PARENT) for g in pupil.guardians)]
        for name, role in people:
            login = _unique(login_of(name), taken)
            rows.append(Credential(name, role, login, draw_password(rng), pupil.name))
    return tuple(rows)


def login_of(name: str) -> str:
    """«Журавлёв Александр Романович» → «zhuravlev.ar»."""
    last, *rest = name.split(" ")
    initials = "".join(transliterate(part)[:1] for part in rest)
    return f"{transliterate(last)}.{initials}" if initials else transliterate(last)


def _unique(login: str, taken: set[str]) -> str:
    candidate, number = login, 1
    while candidate in taken:
        number += 1
        candidate = f"{login}{number}"
    taken.add(candidate)
    return candidate


def draw_password(rng: random.Random) -> str:
    return "".join(rng.choice(PASSWORD_LETTERS) for _ in range(PASSWORD_LENGTH))


def make_visits(pupils: Sequence[Pupil], today: date, seed: int) -> tuple[Visit, ...]:
    """Logins of the last four weeks: most users active, some not for 7+ days, a few never.

    Families informed on paper never log in; neither do parents without e-diary access.
    """
    rng = random.Random(f"{STREAM}:{seed}:visits")
    online = [pupil for pupil in current(pupils, today) if not pupil.paper]
    users = {
        PARENT: [(g.name, p.name) for p in online for g in p.guardians if g.diary],
        STUDENT: [(p.full_name, p.name) for p in online],
    }
    visits = [visit for role, people in users.items()
              for visit in _visits(rng, role, people, today)]  # fmt: skip
    return tuple(sorted(visits, key=lambda visit: (visit.at, visit.user)))


def _visits(
    rng: random.Random, role: str, people: Sequence[tuple[str, str]], today: date
) -> Iterator[Visit]:
    order = rng.sample(list(people), len(people))
    never = max(2, round(NEVER_SHARE[role] * len(order)))
    stale = max(2, round(STALE_SHARE[role] * len(order)))
    for position, (user, student) in enumerate(order):
        if position < never:
            continue
        last = rng.randint(8, HISTORY_DAYS - 1) if position < never + stale else rng.randint(1, 6)
        earlier = rng.randint(0, 3) if position < never + stale else rng.randint(2, 12)
        for days_ago in (last, *(rng.randint(last, HISTORY_DAYS) for _ in range(earlier))):
            yield Visit(user, role, student, _moment(rng, today - timedelta(days=days_ago)))


def _moment(rng: random.Random, day: date) -> datetime:
    """A login time on that day, between 7:00 and 22:59."""
    return datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)))
