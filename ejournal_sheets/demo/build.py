"""The demo workspace on disk: ejournal.toml, класс.xlsx and the folders of a class (DESIGN §3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ejournal_sheets.dates import school_week
from ejournal_sheets.demo.class_data import Planted, make_class_rows
from ejournal_sheets.demo.journal_cast import PlantedCategory
from ejournal_sheets.demo.journal_files import write_journal
from ejournal_sheets.demo.journal_plants import PlantedFinding, make_demo_journal
from ejournal_sheets.demo.journal_records import DemoJournal
from ejournal_sheets.demo.planting import hosts
from ejournal_sheets.demo.school_days import is_school_day
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.schema import WORKBOOK_NAME
from ejournal_sheets.settings import CONFIG_NAME, default_periods, school_year_start
from ejournal_sheets.workbook_template import build_class_workbook
from ejournal_sheets.workspace import JOURNAL_DIR, OUTPUT_DIR, STATE_DIR, render_config

SCHOOL = "МБОУ «Средняя общеобразовательная школа № 1» г. Заречный"
CLASS_NAME = "7Б"
TEACHER = "Алексеева Марина Сергеевна"


DEMO_SITE = "https://dnevnik.zarechny.example"  # a made-up address of the e-diary
DEMO_SETTINGS = (  # made-up people and addresses of the demo school
    ("site", DEMO_SITE),
    ("address", "624000, г. Заречный, ул. Школьная, д. 1"),
    ("director", "Соловьёва Татьяна Николаевна"),
    ("deputy", "Корнилов Сергей Андреевич"),
    ("deputy_email", "zavuch@school1.zarechny.example"),
    ("journal_admin", "Лаптева Ирина Олеговна"),
    ("journal_admin_email", "ej-admin@school1.zarechny.example"),
    ("support_email", "support@dnevnik.zarechny.example"),
    ("teacher_email", "alekseeva@school1.zarechny.example"),
    ("teacher_phone", "+7 (900) 123-45-67"),
)


def demo_config(today: date) -> str:
    """ejournal.toml of the demo class: the template with the demo school's e-diary site."""
    text = render_config(CLASS_NAME, SCHOOL, TEACHER, today)
    for key, value in DEMO_SETTINGS:
        text = text.replace(f'\n{key} = ""', f'\n{key} = "{value}"', 1)
    return text


def demo_date(today: date) -> date:
    """The date the demo runs on: today when it is inside a quarter with two school weeks
    behind it and its school week has lessons; otherwise the latest such day before it."""
    first = school_year_start(today)
    for year in (first, first - 1):
        started = [p for p in default_periods(year)
                   if p.start + timedelta(days=14) <= min(today, p.end)]
        if started:
            return _with_lessons(min(today, started[-1].end), started[-1].start)
    return date(first - 1, 11, 27)


def _with_lessons(day: date, period_start: date) -> date:
    """Step back a week at a time while the school week of `day` has no school day yet."""
    while day - timedelta(days=7) >= period_start + timedelta(days=14):
        if any(is_school_day(d) and d <= day for d in school_week(day).days()):
            break
        day -= timedelta(days=7)
    return day


@dataclass(frozen=True)
class DemoBuild:
    """What `build_demo` wrote: the workbook rows, its planted problems, the journal, the
    journal problems planted in it (docs/reconciliation.md kinds) and the planted categories
    of the current period.

    The period marks as the exports hold them: `journal.marks_of("Ч1")`, `marks_of("Ч2")`
    ({student: {subject: 5 or «н/а»}}, the journal's «Фамилия Имя»); each student's cells as
    the journal shows them: `journal.cells()` (absent cells = present without a mark).
    """

    rows: Mapping[str, tuple[Mapping[str, object], ...]]
    planted: tuple[Planted, ...]
    journal: DemoJournal
    planted_findings: tuple[PlantedFinding, ...]
    planted_categories: tuple[PlantedCategory, ...] = ()


def build_demo(root: Path, today: date, seed: int = 7, plant_problems: bool = True) -> DemoBuild:
    """Create (or overwrite) the demo class folder in `root`; every file is written atomically.

    The journal exports for the period containing `today` go into `журнал/`.
    """
    demo = make_class_rows(today, seed, CLASS_NAME, plant_problems)
    made = make_demo_journal(demo.rows, today, seed, CLASS_NAME, plant_problems,
                             reserved=hosts(demo.planted, demo.rows))
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for folder in (JOURNAL_DIR, OUTPUT_DIR, STATE_DIR):
        (root / folder).mkdir(exist_ok=True)
    write_text_atomic(root / CONFIG_NAME, demo_config(today))
    build_class_workbook(root / WORKBOOK_NAME, made.rows, title=f"{CLASS_NAME} класс")
    write_journal(root / JOURNAL_DIR, made.journal)
    return DemoBuild(made.rows, demo.planted, made.journal, made.planted_findings,
                     made.planted_categories)
