"""Week-over-week memory: small JSON snapshots under `.ejournal/history/<kind>/<key>.json`.

Keys sort as text in time order («2026-W48», «2026-11», «Ч2»-style keys within one kind only).
Snapshots hold what a comparison needs (keys of people, dates, counts) — never phones or emails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ejournal_sheets.errors import EjournalError
from ejournal_sheets.safe_io import write_text_atomic

HISTORY_DIR = "history"
_SAFE = re.compile(r"[\w.-]+")


def snapshot_path(state_dir: Path, kind: str, key: str) -> Path:
    """Where the snapshot of `kind` for `key` lives; names are checked to stay in the folder."""
    for part in (kind, key):
        if not _SAFE.fullmatch(part) or part.startswith("."):
            raise EjournalError(f"Недопустимое имя снимка истории: «{part}».",
                                "Используйте буквы, цифры, точку, дефис и подчёркивание.")
    return Path(state_dir) / HISTORY_DIR / kind / f"{key}.json"


def save_snapshot(state_dir: Path, kind: str, key: str, data: Mapping[str, Any]) -> Path:
    """Write the snapshot atomically (a later run for the same key replaces it)."""
    text = json.dumps(dict(data), ensure_ascii=False, indent=1, sort_keys=True)
    return write_text_atomic(snapshot_path(state_dir, kind, key), text + "\n")


def load_latest(state_dir: Path, kind: str,
                before_key: str) -> tuple[str, dict[str, Any]] | None:
    """The newest readable snapshot with a key before `before_key`; None when there is none."""
    folder = snapshot_path(state_dir, kind, before_key).parent
    if not folder.is_dir():
        return None
    keys = sorted((p.stem for p in folder.glob("*.json")
                   if not p.name.startswith(".") and p.stem < before_key), reverse=True)
    for key in keys:
        data = _read(folder / f"{key}.json")
        if data is not None:
            return key, data
    return None


def _read(path: Path) -> dict[str, Any] | None:
    """The snapshot's data, or None when the file is damaged (then an older one is used)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None
