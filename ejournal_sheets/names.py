"""Name keys for matching people across files, robust to the ways teachers and journals type."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters that look like Cyrillic ones, as people type them by mistake.
LOOKALIKES = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
        "P": "Р", "T": "Т", "X": "Х", "Y": "У",
        "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у",
    }
)  # fmt: skip

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LATIN = re.compile(r"[A-Za-z]")


_OOXML_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")


def unescape_ooxml(text: str) -> str:
    """`_x0007_` → the character: how xlsx stores control characters (openpyxl leaves it)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


@lru_cache(maxsize=1 << 16)
def clean_spaces(text: str) -> str:
    """NBSP and runs of whitespace become one space; ends trimmed."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


@lru_cache(maxsize=1 << 14)
def strip_control(text: str) -> str:
    """Remove control characters that break xlsx and docx writers (keeps tab and newline)."""
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text))


def lookalikes_only(text: str) -> bool:
    """True when every Latin letter in the text has a Cyrillic twin (a typing slip, not a name)."""
    latin = _LATIN.findall(text)
    return bool(latin) and all(ch.translate(LOOKALIKES) != ch for ch in latin)


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Matching key: NFC, Latin look-alikes → Cyrillic, ё → е, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", clean_spaces(text))
    text = text.translate(LOOKALIKES).casefold()
    return text.replace("ё", "е")


@lru_cache(maxsize=1 << 12)
def header_key(text: object) -> str:
    """Header matching key: trimmed, case-folded, ё → е, NBSP → space, dots and colons ignored."""
    if text is None:
        return ""
    key = name_key(str(text))
    return re.sub(r"[.:*]", "", key).strip()


def full_name(*parts: str | None) -> str:
    """«Фамилия Имя Отчество» from whatever parts exist."""
    return " ".join(p for p in parts if p)
