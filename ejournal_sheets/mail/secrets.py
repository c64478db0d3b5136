"""The SMTP password: from the environment variable named in [mail], else the OS keyring.

Never from files or command-line arguments, and never printed, logged or written anywhere.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Mapping

from ejournal_sheets.mail.message import MailError
from ejournal_sheets.settings import Mail

KEYRING_SERVICE = "ejournal-sheets"
MASK = "***"


def find_password(mail: Mail, environ: Mapping[str, str] | None = None) -> str | None:
    """The password from `mail.password_env`, else the keyring (service «ejournal-sheets»)."""
    environ = os.environ if environ is None else environ
    value = environ.get(mail.password_env, "") if mail.password_env else ""
    if value:
        return value
    if mail.use_keyring and mail.user:
        return _from_keyring(mail.user)
    return None


def _from_keyring(user: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, user) or None
    except Exception:  # no keyring package or backend, a locked store: the variable remains
        return None


def require_password(mail: Mail, environ: Mapping[str, str] | None = None) -> str | None:
    """The password when the server needs a login ([mail] user set); MailError when none found."""
    if not mail.user:
        return None
    password = find_password(mail, environ)
    if password:
        return password
    raise missing_password(mail)


def missing_password(mail: Mail) -> MailError:
    """The error for a login without a password, with where to put the password."""
    keyring_hint = (f"сохраните его в хранилище паролей системы командой «keyring set "
                    f"{KEYRING_SERVICE} {mail.user}» (пароль спросят, на экране он не виден) "
                    "или " if mail.use_keyring else "")
    return MailError(
        f"Не найден пароль почты {mail.user}.",
        f"Пароль в файлах и параметрах команды не хранится: {keyring_hint}задайте его в "
        f"переменной окружения {mail.password_env or 'EJOURNAL_SMTP_PASSWORD'} "
        "(имя переменной — [mail] password_env в ejournal.toml).",
    )


def secret_forms(user: str, password: str | None) -> tuple[str, ...]:
    """The password as it may show up in a server's answer: plain and base64 (AUTH PLAIN, LOGIN)."""
    if not password:
        return ()
    plain = f"\0{user}\0{password}".encode()
    forms = {password, _b64(password.encode()), _b64(plain), _b64(plain).rstrip("=")}
    return tuple(sorted(forms, key=len, reverse=True))


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every form of the password replaced by ***."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
