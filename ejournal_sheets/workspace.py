"""The class workspace folder (DESIGN §3): create it, find its parts, load its settings."""

from __future__ import annotations

import shutil
import string
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from ejournal_sheets.errors import WorkspaceError
from ejournal_sheets.safe_io import write_atomic, write_text_atomic
from ejournal_sheets.schema import WORKBOOK_NAME
from ejournal_sheets.settings import (
    CONFIG_NAME,
    SCHOOL_CONFIG_NAME,
    DateRange,
    Settings,
    default_holidays,
    default_periods,
    load_settings,
    school_year_start,
)

JOURNAL_DIR = "журнал"
OUTPUT_DIR = "output"
STATE_DIR = ".ejournal"
REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = REPO_ROOT / "workbook_templates" / "class_workbook.xlsx"


@dataclass(frozen=True)
class Workspace:
    """A class folder and its settings."""

    root: Path
    settings: Settings

    @property
    def workbook(self) -> Path:
        return self.root / WORKBOOK_NAME

    @property
    def journal_dir(self) -> Path:
        return self.root / JOURNAL_DIR

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def output_dir(self, today: date) -> Path:
        """output/<date>/ — everything one run produces."""
        return self.root / OUTPUT_DIR / today.isoformat()

    def inputs(self) -> tuple[Path, ...]:
        """Files that are never written: the workbook, the config and the journal exports."""
        exports = sorted(self.journal_dir.glob("*")) if self.journal_dir.is_dir() else []
        school = (self.settings.school_path,) if self.settings.school_path else ()
        return (self.workbook, self.root / CONFIG_NAME, *school, *exports)


def school_config(root: Path) -> Path | None:
    """The school.toml of the school folder holding the class folder `root`, if there is one."""
    found = Path(root).absolute().parent / SCHOOL_CONFIG_NAME
    return found if found.is_file() else None


def open_workspace(root: Path, config: Path | None = None,
                   school: Path | None = None) -> Workspace:
    """Load a workspace; a folder without ejournal.toml gets a message on how to create one.

    The class's settings inherit from `school` (by default the school.toml beside the class
    folder, when there is one); the class file wins key by key.
    """
    root = Path(root)
    config = config or root / CONFIG_NAME
    if not root.is_dir():
        raise WorkspaceError(f"Папка {root} не найдена.",
                             "Укажите рабочую папку класса: ejournal -w ПАПКА …")
    if not config.exists():
        raise WorkspaceError(
            f"В папке {root} нет файла настроек {CONFIG_NAME} — это не рабочая папка класса.",
            "Создайте её: ejournal init ПАПКА --class 7Б --school \"…\", или укажите -w ПАПКА.",
        )
    settings = load_settings(config, school or school_config(root))
    if not settings.class_.name.strip():
        raise WorkspaceError(f"{config.name}: не указан класс ([class] name).",
                             "Впишите, например: name = \"7Б\".")
    return Workspace(root, settings)


def render_config(class_name: str, school: str, teacher: str, today: date) -> str:
    """ejournal.toml text with every setting present and explained in Russian."""
    first = school_year_start(today)
    template = string.Template(
        resources.files("ejournal_sheets").joinpath("resources/ejournal.toml.tmpl")
        .read_text(encoding="utf-8")
    )
    return template.substitute(
        school=_toml_text(school),
        school_short=_toml_text(school),
        class_name=_toml_text(class_name),
        teacher=_toml_text(teacher),
        year_start=date(first, 9, 1).isoformat(),
        year_end=date(first + 1, 5, 26).isoformat(),
        periods=_ranges_toml(default_periods(first)),
        holidays=_ranges_toml(default_holidays(first)),
    )


def _toml_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _ranges_toml(ranges: tuple[DateRange, ...]) -> str:
    return ",\n".join(
        f'  {{ name = "{r.name}", start = {r.start.isoformat()}, end = {r.end.isoformat()} }}'
        for r in ranges
    )


def init_workspace(
    root: Path, class_name: str, school: str, today: date, teacher: str = ""
) -> Workspace:
    """Create ejournal.toml, класс.xlsx (from the template), журнал/, output/; never overwrite."""
    root = Path(root)
    existing = [p.name for p in (root / CONFIG_NAME, root / WORKBOOK_NAME) if p.exists()]
    if existing:
        raise WorkspaceError(
            f"В папке {root} уже есть {', '.join(existing)} — рабочая папка не перезаписывается.",
            "Выберите другую (пустую) папку или продолжайте работать с этой.",
        )
    if not class_name.strip() or not school.strip():
        raise WorkspaceError("Укажите класс и школу: --class 7Б --school \"МБОУ СОШ № 1\".")
    root.mkdir(parents=True, exist_ok=True)
    for folder in (JOURNAL_DIR, OUTPUT_DIR, STATE_DIR):
        (root / folder).mkdir(exist_ok=True)
    write_text_atomic(root / CONFIG_NAME, render_config(class_name, school, teacher, today))
    copy_template(root / WORKBOOK_NAME)
    return open_workspace(root)


def copy_template(target: Path) -> Path:
    """The empty class workbook: the committed template, or built afresh when it is absent."""
    if TEMPLATE_PATH.exists():
        return write_atomic(target, lambda temp: shutil.copyfile(TEMPLATE_PATH, temp))
    from ejournal_sheets.workbook_template import build_class_workbook

    return build_class_workbook(target)
