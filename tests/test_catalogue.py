"""The problem catalogue: every code unique, Russian, with a hint, listed in docs/problems.md."""

from __future__ import annotations

import re
from pathlib import Path

from ejournal_sheets.catalogue import all_codes, render_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "problems.md"


def test_code_ids_are_unique_and_kebab_case() -> None:
    ids = [c.id for c in all_codes()]
    assert len(ids) == len(set(ids)) > 60
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids)


def test_codes_have_russian_message_title_and_hint() -> None:
    for code in all_codes():
        assert re.search("[а-я]", code.message) and re.search("[а-я]", code.title), code.id
        assert code.hint, code.id
        assert code.message.rstrip("}").endswith((".", "»", ")")) or "{" in code.message, code.id


def test_docs_catalogue_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "обновите: python -m ejournal_sheets.catalogue > docs/problems.md"
    )


def test_every_code_used_in_tests_exists() -> None:
    ids = {c.id for c in all_codes()}
    tests = "\n".join(p.read_text(encoding="utf-8") for p in DOC.parent.parent.glob("tests/*.py"))
    # (code, sheet, cell) triples as tests assert them: a sheet name or None follows the code
    used = set(re.findall(r'\("([a-z]+(?:-[a-z]+)+)", (?:"[А-ЯЁ]|None)', tests))
    assert used - ids == set()
