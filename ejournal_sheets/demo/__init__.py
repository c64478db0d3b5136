"""The demo class (`ejournal demo`): a realistic, seeded 7Б with deliberate problems.

`make_class_rows` gives the class-workbook rows and the planted data problems;
`make_demo_journal` the journal exports of the current quarter with planted discrepancies
and the period marks of the previous and current quarter (with planted categories);
`build_demo` writes a whole workspace (ejournal.toml, класс.xlsx, журнал/, folders) from them.
"""

from ejournal_sheets.demo.build import DemoBuild, build_demo, demo_date
from ejournal_sheets.demo.class_data import DemoClass, Planted, make_class_rows
from ejournal_sheets.demo.journal_cast import PlantedCategory
from ejournal_sheets.demo.journal_plants import PlantedFinding, make_demo_journal

__all__ = [
    "DemoBuild",
    "DemoClass",
    "Planted",
    "PlantedCategory",
    "PlantedFinding",
    "build_demo",
    "demo_date",
    "make_class_rows",
    "make_demo_journal",
]
