"""The demo workspace on disk: ejournal.toml, класс.xlsx and the folders of a class (DESIGN §3)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ejournal_sheets.demo.class_data import DemoClass, make_class_rows
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.schema import WORKBOOK_NAME
from ejournal_sheets.settings import CONFIG_NAME, school_year_start
from ejournal_sheets.workbook_template import build_class_workbook
from ejournal_sheets.workspace import JOURNAL_DIR, OUTPUT_DIR, STATE_DIR, render_config

SCHOOL = "МБОУ «Средняя общеобразовательная школа № 1» г. Заречный"
CLASS_NAME = "7Б"
TEACHER = "Алексеева Марина Сергеевна"


def demo_date(today: date) -> date:
    """The date the demo runs on: today, or 27 November of the last school year when the
    current one has barely begun (the demo needs some weeks of school behind it)."""
    first = school_year_start(today)
    if today < date(first, 9, 1) + timedelta(days=21):
        return date(first - 1, 11, 27)
    return today


def build_demo(root: Path, today: date, seed: int = 7, plant_problems: bool = True) -> DemoClass:
    """Create (or overwrite) the demo class folder in `root`; every file is written atomically."""
    demo = make_class_rows(today, seed, CLASS_NAME, plant_problems)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for folder in (JOURNAL_DIR, OUTPUT_DIR, STATE_DIR):
        (root / folder).mkdir(exist_ok=True)
    write_text_atomic(root / CONFIG_NAME, render_config(CLASS_NAME, SCHOOL, TEACHER, today))
    build_class_workbook(root / WORKBOOK_NAME, demo.rows, title=f"{CLASS_NAME} класс")
    return demo
