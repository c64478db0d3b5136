"""Phones and emails: normalised forms (phonenumbers, email-validator without DNS)."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email


def normalize_phone(raw: str) -> str | None:
    """`8(912)345-67-89`, `+7 912 345-67-89`, 89123456789 → `+79123456789`; None if not a phone."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) == 10 and digits[0] == "9":
        digits = "7" + digits
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    try:
        number = phonenumbers.parse("+" + digits, "RU")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str | None:
    """Trimmed, syntactically valid address (no DNS lookups); None when invalid."""
    text = "".join(raw.split())
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None
