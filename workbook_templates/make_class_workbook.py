"""Regenerate the committed class workbook template.

Example:
    python workbook_templates/make_class_workbook.py   # writes class_workbook.xlsx beside it
    python workbook_templates/make_class_workbook.py /tmp/класс.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "class_workbook.xlsx"

# Run from a checkout without installing the package: the repository root holds ejournal_sheets.
sys.path.insert(0, str(HERE.parent))

from ejournal_sheets.workbook_template import build_class_workbook  # noqa: E402


def main(argv: list[str]) -> int:
    """Write the empty template to argv[0] (default: next to this script)."""
    if len(argv) > 1:
        print("Использование: python workbook_templates/make_class_workbook.py [ФАЙЛ.xlsx]")
        return 2
    out = Path(argv[0]) if argv else DEFAULT_OUT
    print(build_class_workbook(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
