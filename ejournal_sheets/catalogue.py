"""The catalogue of every problem code the program reports; docs/problems.md is made from it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType

import ejournal_sheets
from ejournal_sheets.problems import Code

# Modules that only write or orchestrate define no codes; importing them all is harmless.
_SKIP = ("ejournal_sheets.__main__", "ejournal_sheets.cli", "ejournal_sheets.commands")


def _modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(ejournal_sheets.__path__, "ejournal_sheets."):
        if not info.name.startswith(_SKIP):
            yield importlib.import_module(info.name)


def all_codes() -> tuple[Code, ...]:
    """Every Code defined at module level in the package, sorted by id."""
    found: dict[int, Code] = {}
    for module in _modules():
        for value in vars(module).values():
            if isinstance(value, Code):
                found[id(value)] = value
    return tuple(sorted(found.values(), key=lambda c: c.id))


def render_markdown() -> str:
    """docs/problems.md: one row per code."""
    lines = [
        "# Каталог замечаний",
        "",
        "Все замечания, которые может выдать программа. Код — постоянный идентификатор "
        "(его видно в `ejournal check --json`). Файл создаётся командой "
        "`python -m ejournal_sheets.catalogue > docs/problems.md`.",
        "",
        "| Код | Важность | Что это | Что сделать |",
        "|---|---|---|---|",
    ]
    for code in all_codes():
        hint = re.sub(r"\{[^}]*\}", "…", code.hint).replace("|", "\\|") or "—"
        if hint == "…":
            hint = "см. текст замечания"
        lines.append(f"| `{code.id}` | {code.severity.value} | {code.title} | {hint} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
