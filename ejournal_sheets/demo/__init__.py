"""The demo class (`ejournal demo`): a realistic, seeded 7Б with a few deliberate data problems.

`make_class_rows` gives the class-workbook rows and the list of planted problems; `build_demo`
writes a whole workspace (ejournal.toml, класс.xlsx, folders) from them.
"""

from ejournal_sheets.demo.build import build_demo
from ejournal_sheets.demo.class_data import DemoClass, Planted, make_class_rows

__all__ = ["DemoClass", "Planted", "build_demo", "make_class_rows"]
