"""Russian wording shared by reports and letters: greetings by ФИО, number agreement."""

from __future__ import annotations

from ejournal_sheets.names import clean_spaces


def greeting(full_name: str | None) -> str:
    """«Уважаемая Елена Викторовна!» by the patronymic; «Уважаемый(ая) Смирнова Е.В.!» without."""
    words = clean_spaces(full_name or "").split()
    if not words:
        return "Уважаемый коллега!"
    if len(words) >= 3 and "." not in words[1] + words[2]:
        patronymic = words[2].casefold()
        if patronymic.endswith(("вна", "чна", "шна", "кызы")):
            return f"Уважаемая {words[1]} {words[2]}!"
        if patronymic.endswith(("ич", "оглы")):
            return f"Уважаемый {words[1]} {words[2]}!"
    initials = "".join(word if "." in word else f"{word[0]}." for word in words[1:3])
    return f"Уважаемый(ая) {words[0]} {initials}".rstrip() + "!"


def plural(number: int, one: str, few: str, many: str) -> str:
    """«1 урок», «2 урока», «5 уроков»."""
    tens, units = number % 100, number % 10
    word = many if 11 <= tens <= 14 else one if units == 1 else few if 2 <= units <= 4 else many
    return f"{number} {word}"
