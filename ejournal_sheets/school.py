"""School mode (DESIGN §3, issue 6 item 6): the class folders of a school folder, each class's
settings over the shared school.toml, and one flow run over many classes in parallel processes.

A class that fails (a broken ejournal.toml, an unreadable file, a bug) is reported with a Russian
message and never stops the others. Workers send back small figures (counts), never the class's
model: the parent process only aggregates them into «Сводка по школе».
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ejournal_sheets.dates import current_period
from ejournal_sheets.errors import EjournalError, WorkspaceError
from ejournal_sheets.flows import period as period_flow
from ejournal_sheets.flows import weekly as weekly_flow
from ejournal_sheets.flows.common import Inputs, read_inputs
from ejournal_sheets.flows.letters import run_letters
from ejournal_sheets.problems import Severity
from ejournal_sheets.reports.school_xlsx import write_school_summary
from ejournal_sheets.settings import CONFIG_NAME, SCHOOL_CONFIG_NAME, DateRange
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.layout import period_label
from ejournal_sheets.statements.report import class_results, contingent
from ejournal_sheets.stats import grade_of, percent, sum_tallies
from ejournal_sheets.workspace import OUTPUT_DIR, Workspace, open_workspace

SUMMARY_FILE = "Сводка_по_школе.xlsx"
SKIPPED_FOLDERS = frozenset({OUTPUT_DIR})


# ---------------------------------------------------------------- the school folder

def class_sort_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of class names: 5А, 5Б, …, 10А, 11Б (numbers by value, ё after е)."""
    parts = re.split(r"(\d+)", name.strip().casefold().replace("ё", "е\uffff"))
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def find_workspaces(school_folder: Path) -> list[Path]:
    """The class folders of a school folder (subfolders holding ejournal.toml), in class order."""
    folder = Path(school_folder)
    if not folder.is_dir():
        raise WorkspaceError(f"Папка школы {folder} не найдена.",
                             "Укажите папку, в которой лежат папки классов: --school ПАПКА.")
    found = [child for child in folder.iterdir()
             if child.is_dir() and not child.name.startswith(".")
             and child.name not in SKIPPED_FOLDERS and (child / CONFIG_NAME).is_file()]
    if not found:
        raise WorkspaceError(
            f"В папке {folder} нет папок классов (подпапок с файлом {CONFIG_NAME}).",
            "Создайте их: ejournal init ПАПКА/7Б --class 7Б --school \"…\".")
    return sorted(found, key=lambda path: class_sort_key(path.name))


def open_class(root: Path, school_toml: Path | None) -> Workspace:
    """A class of the school: its ejournal.toml over the school's school.toml (the class wins;
    [class] only from the class file). None: the school.toml beside the class folder, if any."""
    return open_workspace(root, school=school_toml)


def school_toml_of(folder: Path) -> Path | None:
    found = Path(folder) / SCHOOL_CONFIG_NAME
    return found if found.is_file() else None


# ---------------------------------------------------------------- what a worker sends back

@dataclass(frozen=True)
class Roll:
    """Контингент: on the roll at the period's start, arrived, left, on the roll today."""

    start: int
    arrived: int
    left: int
    now: int


@dataclass(frozen=True)
class Results:
    """Class indicators on the current period's marks, with the counts the totals need."""

    progress: float | None
    quality: float | None
    average: float | None
    on_roll: int
    succeeding: int
    good: int
    grade_sum: int
    grade_count: int


@dataclass(frozen=True)
class WeekAttendance:
    """Lessons held and missed by the class over the week."""

    lessons: int
    missed: int
    students: int  # on the roll at the week's end

    @property
    def per_student(self) -> float | None:
        return self.missed / self.students if self.students else None

    @property
    def percent(self) -> float | None:
        """% посещаемости: lessons attended of lessons held (0–100)."""
        return percent(self.lessons - self.missed, self.lessons)


@dataclass(frozen=True)
class WeeklyFigures:
    """One class's line of «Сводка по школе»; None where the run could not count it."""

    school: str
    teacher: str
    week: DateRange
    period: str | None  # «2-я четверть»
    roll: Roll | None
    results: Results | None
    attendance: WeekAttendance | None
    findings: int | None
    mismatches: int | None
    errors: int
    warnings: int
    families_active: int | None
    families_total: int | None
    skipped: tuple[str, ...] = ()

    @property
    def activity(self) -> float | None:
        """Active families, % of the families (0–100)."""
        if self.families_total is None or self.families_active is None:
            return None
        return percent(self.families_active, self.families_total)


@dataclass(frozen=True)
class PeriodFigures:
    """What the period flow made for a class."""

    school: str
    period: str
    preliminary: bool
    statements: int
    letters: int
    printed: int
    errors: int
    warnings: int
    skipped: tuple[str, ...] = ()


Figures = WeeklyFigures | PeriodFigures


@dataclass(frozen=True)
class ClassRun:
    """One class's run: its figures and files, or the Russian message of why it failed."""

    root: Path
    class_name: str
    ok: bool
    summary: Figures | None = None
    outputs: tuple[Path, ...] = ()
    error: str | None = None

    @property
    def weekly(self) -> WeeklyFigures | None:
        """The figures of a weekly run that succeeded (the school summary's row)."""
        return self.summary if self.ok and isinstance(self.summary, WeeklyFigures) else None


@dataclass(frozen=True)
class SchoolResult:
    """A flow over the classes of a school, in class order; `summary` is the school workbook."""

    flow: str
    today: date
    per_class: tuple[ClassRun, ...]
    folder: Path | None = None
    summary: Path | None = None

    @property
    def failed(self) -> tuple[ClassRun, ...]:
        return tuple(run for run in self.per_class if not run.ok)

    @property
    def school_name(self) -> str:
        """The school name most classes carry."""
        names = Counter(run.summary.school for run in self.per_class
                        if run.summary is not None and run.summary.school)
        return names.most_common(1)[0][0] if names else ""


# ---------------------------------------------------------------- the flows in a worker

def _counts(report_counts: Counter[Severity]) -> tuple[int, int]:
    return report_counts[Severity.ERROR], report_counts[Severity.WARNING]


def weekly_class(workspace: Workspace, today: date,
                 options: Mapping[str, Any]) -> tuple[WeeklyFigures, tuple[Path, ...]]:
    """run_weekly for one class and its line of the school summary."""
    inputs = read_inputs(workspace, today)
    result = weekly_flow.run_weekly(workspace, today, options.get("span"), inputs=inputs)
    settings = workspace.settings
    errors, warnings = _counts(result.report.counts())
    found = result.reconciliation
    figures = WeeklyFigures(
        school=settings.school.name, teacher=settings.class_.teacher, week=result.span,
        period=None, roll=None, results=None, attendance=None,
        findings=len(found.findings) if found else None,
        mismatches=len(found.mismatches) if found else None,
        errors=errors, warnings=warnings,
        families_active=result.activity.families_active if result.activity else None,
        families_total=result.activity.families_total if result.activity else None,
        skipped=result.skipped)
    if inputs.class_readable:
        figures = _with_class_figures(figures, workspace, today, inputs)
    return figures, result.outputs


def _with_class_figures(figures: WeeklyFigures, workspace: Workspace, today: date,
                        inputs: Inputs) -> WeeklyFigures:
    """Contingent and indicators of the current period, attendance of the week — counted as
    statements 1 and 3 count them."""
    settings, week = workspace.settings, figures.week
    period = current_period(settings.year, min(today, week.end))
    statement = inputs.statement_inputs(settings, period or week, None, today)
    tallies = [statement.tally(s, week, week) for s in statement.during(week)]
    total = sum_tallies(tallies)
    seen = WeekAttendance(total.lessons, total.missed,
                          len(statement.on_roll(min(week.end, today))))
    if period is None:
        return replace(figures, attendance=seen)
    counted = contingent(statement)
    return replace(figures, attendance=seen,
                   period=period_label(period, settings.year.period_kind),
                   roll=Roll(counted.start, counted.arrived, counted.left, counted.end),
                   results=_results(statement, period))


def _results(statement: StatementInputs, period: DateRange) -> Results | None:
    """Успеваемость, качество, средний балл on the period marks; None before there are any."""
    found = class_results(statement, period)
    if found is None:
        return None
    indicators = found[1]
    marks = statement.period_marks(period.name)
    roll = statement.on_roll(min(period.end, statement.end))
    grades = [g for s in roll for mark in marks.get(s, {}).values()
              if (g := grade_of(mark)) is not None]
    return Results(indicators.progress, indicators.quality, indicators.average,
                   indicators.on_roll, indicators.succeeding, indicators.good, sum(grades),
                   len(grades))


def period_class(workspace: Workspace, today: date,
                 options: Mapping[str, Any]) -> tuple[PeriodFigures, tuple[Path, ...]]:
    """run_period for one class and, after the period, its information letters (print file
    included; PDF only with `pdf`)."""
    inputs = read_inputs(workspace, today)
    result = period_flow.run_period(workspace, today, options.get("period_name"),
                                    options.get("preliminary"), options.get("only", ()),
                                    inputs=inputs)
    statements = [p for p in result.outputs if p.parent.name == period_flow.STATEMENTS_DIR]
    outputs, skipped = list(result.outputs), list(result.skipped)
    letters = printed = 0
    if options.get("letters", True) and not result.preliminary and inputs.class_readable:
        batch = run_letters(workspace, today, "info", result.period,
                            pdf=options.get("pdf", False), inputs=inputs)
        outputs += batch.outputs
        skipped += batch.skipped
        letters, printed = batch.letters, batch.printed
    errors, warnings = _counts(result.report.counts())
    return PeriodFigures(workspace.settings.school.name, result.period.name, result.preliminary,
                         len(statements), letters, printed, errors, warnings,
                         tuple(skipped)), tuple(outputs)


ClassFlow = Callable[[Workspace, date, Mapping[str, Any]], tuple[Figures, tuple[Path, ...]]]
FLOWS: Mapping[str, ClassFlow] = {"weekly": weekly_class, "period": period_class,
                                  "statements": period_class}


@dataclass(frozen=True)
class ClassTask:
    """What a worker process needs to run one class (small and picklable)."""

    flow: str
    root: Path
    school_toml: Path | None
    today: date
    options: Mapping[str, Any] = field(default_factory=dict)


def run_class(task: ClassTask) -> ClassRun:
    """One class, in whichever process: every failure becomes a ClassRun with a message."""
    name = task.root.name
    try:
        workspace = open_class(task.root, task.school_toml)
        name = workspace.settings.class_.name or name
        figures, outputs = FLOWS[task.flow](workspace, task.today, task.options)
    except EjournalError as exc:
        return ClassRun(task.root, name, False, error=str(exc))
    except Exception as exc:  # one class's bug must not stop the school
        return ClassRun(task.root, name, False, error=(
            f"Внутренняя ошибка программы: {type(exc).__name__}: {exc}. Запустите класс "
            f"отдельно с -v (ejournal -v -w {task.root} …) и сообщите разработчикам."))
    return ClassRun(task.root, name, True, figures, outputs)


# ---------------------------------------------------------------- the school run

def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_school(flow: str, school: Path | Sequence[Path], today: date, jobs: int | None = None,
               summary: bool = True, **options: Any) -> SchoolResult:
    """Run `flow` (weekly, period) over a school folder or a list of class folders, `jobs`
    classes at a time in separate processes; the weekly run also writes «Сводка по школе»
    into <school>/output/<date>/. Options go to the flow (span; period_name, preliminary,
    only, letters, pdf)."""
    if flow not in FLOWS:
        raise EjournalError(f"Нет работы «{flow}» для режима школы.",
                            f"Есть: {', '.join(FLOWS)}.")
    folder, roots = _school_roots(school)
    shared = school_toml_of(folder) if folder is not None else None
    tasks = [ClassTask(flow, root, shared, today, dict(options)) for root in roots]
    runs = tuple(_run_all(tasks, jobs or default_jobs()))
    result = SchoolResult(flow, today, runs, folder)
    if summary and flow == "weekly" and folder is not None and any(r.ok for r in runs):
        target = folder / OUTPUT_DIR / today.isoformat() / SUMMARY_FILE
        inputs = (shared,) if shared else ()
        path = write_school_summary(target, result.school_name, today, runs, inputs)
        result = SchoolResult(flow, today, runs, folder, path)
    return result


def _school_roots(school: Path | Sequence[Path]) -> tuple[Path | None, list[Path]]:
    """A school folder → its classes; several class folders → them, and their common parent
    as the school folder (where the summary goes)."""
    if isinstance(school, str | os.PathLike):
        return Path(school), find_workspaces(Path(school))
    roots = [Path(root) for root in school]
    if not roots:
        raise WorkspaceError("Не указано ни одной папки класса.", "Укажите -w ПАПКА или --school.")
    parents = {root.absolute().parent for root in roots}
    return (parents.pop() if len(parents) == 1 else None), roots


def _run_all(tasks: Sequence[ClassTask], jobs: int) -> list[ClassRun]:
    """In class order; in this process when there is one job or one class."""
    if jobs <= 1 or len(tasks) <= 1:
        return [run_class(task) for task in tasks]
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                             initializer=settle_worker) as pool:
        futures = [pool.submit(run_class, task) for task in tasks]
        return [_collected(future, task) for future, task in zip(futures, tasks, strict=True)]


# A worker runs one class after another; each leaves cyclic garbage seldom and small.
WORKER_GC_THRESHOLDS = (10_000, 20, 20)


def settle_worker() -> None:
    """A worker's start: what it inherits (the imported modules) is never garbage, so the
    cyclic collector stops re-scanning it, and it runs less often: about 20 ms a class."""
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _collected(future: Future[ClassRun], task: ClassTask) -> ClassRun:
    try:
        return future.result()
    except BrokenProcessPool:
        return ClassRun(task.root, task.root.name, False, error=(
            "Обработка класса прервана: процесс завершился аварийно (возможно, не хватило "
            "памяти). Запустите этот класс отдельно."))


def describe(result: SchoolResult) -> list[str]:
    """Russian lines for the console: one per class, then the summary's path."""
    lines = []
    for run in result.per_class:
        if not run.ok:
            lines.append(f"  {run.class_name}: не обработан — {run.error}")
        elif isinstance(week := run.summary, WeeklyFigures):
            lines.append(f"  {run.class_name}: ошибок {week.errors}, предупреждений "
                         f"{week.warnings}, находок сверки {week.findings or 0}, расхождений "
                         f"списка {week.mismatches or 0}; файлов {len(run.outputs)}")
        elif isinstance(made := run.summary, PeriodFigures):
            lines.append(f"  {run.class_name}: ведомостей {made.statements}, писем "
                         f"{made.letters} (на печать {made.printed}); файлов "
                         f"{len(run.outputs)}")
    done = len(result.per_class) - len(result.failed)
    lines.append(f"Классов обработано: {done} из {len(result.per_class)}.")
    if result.summary is not None:
        lines.append(f"Сводка по школе: {result.summary}")
    return lines
