"""One place decides what a letter says (STYLE; issue 5, item 3): the contexts of every kind.

    inputs = letter_inputs(class_, journal, settings, today)      # period, week: optional
    letters = info_letters(inputs)                                # list[Letter], roll order
    document, register = slips(inputs)                            # one Letter + SlipRow rows
    letters = letter_context("weekly", inputs, include_inactive=True)

Each context has exactly the fields of its template's sample (letters/templates.py), as ready
Russian strings from russian.py; None is printed «—» by the renderer. Who gets a letter is
decided in letters/recipients.py; the parts live in letters/contexts/.
"""

from __future__ import annotations

from collections.abc import Callable

from ejournal_sheets.letters.contexts.base import Letter, LetterInputs, letter_inputs
from ejournal_sheets.letters.contexts.documents import (
    SlipRow,
    breach_letter,
    memo_letters,
    movement_letter,
    slips,
)
from ejournal_sheets.letters.contexts.progress import info_letters, risk_letters, weekly_letters

__all__ = [
    "BUILDERS",
    "Letter",
    "LetterInputs",
    "SlipRow",
    "breach_letter",
    "info_letters",
    "letter_context",
    "letter_inputs",
    "memo_letters",
    "movement_letter",
    "risk_letters",
    "slips",
    "weekly_letters",
]


def _slips(inputs: LetterInputs) -> list[Letter]:
    return [slips(inputs)[0]]


BUILDERS: tuple[tuple[str, Callable[..., list[Letter]]], ...] = (
    ("info", info_letters),
    ("weekly", weekly_letters),
    ("risk", risk_letters),
    ("memo", memo_letters),
    ("slips", _slips),
    ("movement", lambda inputs, events: [movement_letter(inputs, events)]),
    ("breach", lambda inputs, **incident: [breach_letter(inputs, **incident)]),
)


def letter_context(kind: str, inputs: LetterInputs, *args: object,
                   **options: object) -> list[Letter]:
    """The letters of a kind («info», «weekly», …) with their contexts; extra arguments go to
    the kind's builder (per_parent, include_inactive, events, the incident's fields)."""
    for name, build in BUILDERS:
        if name == kind:
            return build(inputs, *args, **options)
    raise KeyError(f"нет писем вида «{kind}»; есть: {', '.join(n for n, _ in BUILDERS)}")
