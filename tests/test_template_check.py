"""The shipped empty template passes our own check; a new workspace starts clean."""

from __future__ import annotations

from pathlib import Path

from ejournal_sheets.flows.check import check_class
from ejournal_sheets.workspace import TEMPLATE_PATH, init_workspace
from tests.conftest import TODAY


def test_empty_template_has_no_problems(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "7Б", "7Б", "МБОУ СОШ № 1", TODAY)
    assert workspace.workbook.read_bytes() == TEMPLATE_PATH.read_bytes()
    result = check_class(workspace, TODAY)
    assert result.report.problems == ()
    assert result.output is not None and result.output.exists()
