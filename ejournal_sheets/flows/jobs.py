"""The scheduled jobs (DESIGN §8) for a fixed `today`: each runs its flows, writes a run
manifest output/<date>/Отчёт_о_запуске_<job>.json (what was read, what was produced, problems
by severity, start and end) and returns a short Russian summary table for printing and the log.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ejournal_sheets.dates import period_range, school_week
from ejournal_sheets.flows.common import read_inputs
from ejournal_sheets.flows.delivery import (
    Delivery,
    deliver_letters,
    deliver_statements,
    deliver_weekly,
)
from ejournal_sheets.flows.letters import LettersResult, run_letters
from ejournal_sheets.flows.monthly import run_monthly
from ejournal_sheets.flows.period import STATEMENTS_DIR, run_period
from ejournal_sheets.flows.weekly import run_weekly
from ejournal_sheets.problems import Problem, Report, Severity
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.settings import DateRange
from ejournal_sheets.workspace import Workspace

Clock = Callable[[], datetime]
JOBS = ("weekly", "monthly", "period")
PRELIMINARY_SUFFIX = "-предв"  # «Ч2-предв»: the preliminary report of Ч2


def manifest_name(job: str) -> str:
    return f"Отчёт_о_запуске_{job}.json"


def job_title(job: str, key: str, span: DateRange | None = None,
              preliminary: bool = False) -> str:
    """«Еженедельная работа 2026-W48 (23.11.2026 – 28.11.2026)» and the like."""
    dates = f" ({span.title})" if span is not None else ""
    if job == "weekly":
        return f"Еженедельная работа {key}{dates}"
    if job == "monthly":
        return f"Ежемесячная сверка данных {key}"
    what = "Предварительный отчёт" if preliminary else "Ведомости и информационные письма"
    return f"{what} за {span.name if span is not None else key}{dates}"


@dataclass(frozen=True)
class JobResult:
    """One run of a job: files written, problems by severity, its manifest, lines to print;
    `error` is the Russian message of a job that failed (then nothing was recorded as done)."""

    job: str
    key: str
    outputs: tuple[Path, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    manifest: Path | None = None
    summary_lines: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)

    @property
    def has_errors(self) -> bool:
        """The teacher's data has errors (the job itself ran)."""
        return self.counts.get(Severity.ERROR.value, 0) > 0


@dataclass(frozen=True)
class _Run:
    """What every job records: who, for which key, when it started, what it read."""

    job: str
    key: str
    title: str
    today: date
    started: datetime
    read: tuple[dict[str, Any], ...]


def weekly_job(workspace: Workspace, today: date, *, week: DateRange | None = None,
               pdf: bool = True, clock: Clock = datetime.now) -> JobResult:
    """The week's reports and the paper extracts for families without the e-diary."""
    week = week or school_week(today)
    run = _start(workspace, "weekly", week.name, job_title("weekly", week.name, week), today,
                 clock)
    inputs = read_inputs(workspace, today)
    weekly = run_weekly(workspace, today, week, inputs=inputs)
    extracts = run_letters(workspace, today, "weekly", week=week, pdf=pdf, inputs=inputs)
    mail = (deliver_weekly(workspace, today, week, weekly) if weekly.reconciliation is not None
            else Delivery())
    report = _merged(weekly.report, extracts.report)
    rows = [("Неделя", week.title), _problems_row(report)]
    if weekly.reconciliation is not None:
        rows.append(("Сверка посещаемости", f"находок {len(weekly.reconciliation.findings)}, "
                     f"расхождений со списком {len(weekly.reconciliation.mismatches)}"))
    if weekly.filling is not None:
        behind = sum(1 for row in weekly.filling.rows if row.issues)
        rows.append(("Заполнение журнала",
                     f"предметов с замечаниями {behind} из {len(weekly.filling.rows)}"))
    if weekly.activity is not None:
        rows.append(("Электронный дневник", f"активных семей {weekly.activity.families_active} "
                     f"из {weekly.activity.families_total}"))
    rows.append(("Выписки на бумаге", _letters_cell(extracts)))
    rows.append(("Исходящие письма", f"поставлено {len(mail.queued)}"))
    return _finish(workspace, run, report, (*weekly.outputs, *extracts.outputs, *mail.outputs),
                   rows, (*weekly.skipped, *extracts.skipped, *mail.skipped), clock)


def monthly_job(workspace: Workspace, today: date, *, key: str | None = None,
                clock: Clock = datetime.now) -> JobResult:
    """The month's data verification: checks and what changed since the last snapshot."""
    key = key or f"{today:%Y-%m}"
    run = _start(workspace, "monthly", key, job_title("monthly", key), today, clock)
    monthly = run_monthly(workspace, today)
    rows = [_problems_row(monthly.report)]
    skipped: tuple[str, ...] = ()
    if monthly.changes is None:
        skipped = ("Рабочая книга класса не прочитана — изменения не сравнивались.",)
    else:
        since = (f"с {monthly.changes.previous:%d.%m.%Y}" if monthly.changes.previous
                 else "первая сверка")
        rows.append(("Изменений в данных", f"{len(monthly.changes.changes)} ({since})"))
        if monthly.changes.reminder:
            skipped = (monthly.changes.reminder,)
    return _finish(workspace, run, monthly.report, monthly.outputs, rows, skipped, clock)


def period_job(workspace: Workspace, today: date, period: DateRange | str, preliminary: bool,
               *, pdf: bool = True, clock: Clock = datetime.now) -> JobResult:
    """The preliminary report of a period, or (final) its seven statements and the
    information letters to the families."""
    if isinstance(period, str):
        period = period_range(workspace.settings.year, period)
    key = f"{period.name}{PRELIMINARY_SUFFIX}" if preliminary else period.name
    run = _start(workspace, "period", key, job_title("period", key, period, preliminary), today,
                 clock)
    inputs = read_inputs(workspace, today)
    result = run_period(workspace, today, period.name, preliminary, inputs=inputs)
    statements = [path for path in result.outputs if path.parent.name == STATEMENTS_DIR]
    report, outputs, skipped = result.report, [*result.outputs], [*result.skipped]
    rows = [("Период", period.title), ("Ведомостей", str(len(statements)))]
    mail = deliver_statements(workspace, period, statements)
    if not preliminary:
        letters = run_letters(workspace, today, "info", period=period, pdf=pdf, inputs=inputs)
        report = _merged(report, letters.report)
        outputs += letters.outputs
        skipped += letters.skipped
        rows.append(("Информационные письма", _letters_cell(letters)))
        mail = _joined(mail, deliver_letters(workspace, f"info:{period.name}",
                                             INFO_SUBJECT.format(period=period.name), letters))
    skipped += mail.skipped
    rows.append(("Исходящие письма", f"поставлено {len(mail.queued)}"))
    rows.insert(1, _problems_row(report))
    return _finish(workspace, run, report, outputs, rows, skipped, clock)


INFO_SUBJECT = "Информационное письмо классного руководителя за {period}"


def _joined(first: Delivery, second: Delivery) -> Delivery:
    return Delivery((*first.outputs, *second.outputs), (*first.queued, *second.queued),
                    (*first.skipped, *second.skipped))


def summary_table(rows: Sequence[tuple[str, str]], indent: str = "  ") -> list[str]:
    """Label and value in two aligned columns."""
    width = max((len(label) for label, _ in rows), default=0)
    return [f"{indent}{label:<{width}}  {value}" for label, value in rows]


def counts_text(counts: dict[str, int]) -> str:
    return (f"ошибок {counts.get(Severity.ERROR.value, 0)}, предупреждений "
            f"{counts.get(Severity.WARNING.value, 0)}, сведений "
            f"{counts.get(Severity.INFO.value, 0)}")


# ---------------------------------------------------------------- the manifest


def _start(workspace: Workspace, job: str, key: str, title: str, today: date,
           clock: Clock) -> _Run:
    """Note the start and the inputs as they are before anything is read."""
    return _Run(job, key, title, today, clock(), tuple(_described(workspace)))


def _described(workspace: Workspace) -> Iterable[dict[str, Any]]:
    """Each input file that exists: its path in the workspace, size, modification time."""
    for path in workspace.inputs():
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            modified = datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")
            yield {"path": _relative(workspace, path), "size": stat.st_size,
                   "modified": modified}


def _finish(workspace: Workspace, run: _Run, report: Report, outputs: Iterable[Path],
            rows: list[tuple[str, str]], skipped: Iterable[str], clock: Clock) -> JobResult:
    """Write the manifest atomically and build the result."""
    outputs = tuple(dict.fromkeys(outputs))
    counts = {severity.value: report.counts()[severity] for severity in Severity}
    folder = workspace.output_dir(run.today)
    rows = [*rows, ("Файлов", f"{len(outputs)} в {_relative(workspace, folder)}")]
    rows += [("Не сделано", note) for note in skipped]
    lines = [run.title, *summary_table(rows)]
    manifest = {
        "version": 1, "job": run.job, "key": run.key, "title": run.title,
        "date": run.today.isoformat(),
        "started": run.started.isoformat(timespec="seconds"),
        "finished": clock().isoformat(timespec="seconds"),
        "inputs": list(run.read),
        "outputs": [_relative(workspace, path) for path in outputs],
        "problems": counts,
        "skipped": list(skipped),
        "summary": lines,
    }
    target = write_text_atomic(folder / manifest_name(run.job),
                               json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                               inputs=workspace.inputs())
    return JobResult(run.job, run.key, outputs, counts, target, lines)


def _relative(workspace: Workspace, path: Path) -> str:
    try:
        return path.relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)


def _merged(first: Report, second: Report) -> Report:
    """Problems of two flows that read the same files, each problem once."""
    problems: list[Problem] = [*first.problems, *second.problems]
    return Report.of(problems, sheet_order=[spec.name for spec in SHEETS])


def _problems_row(report: Report) -> tuple[str, str]:
    counts = report.counts()
    return ("Замечания", counts_text({s.value: counts[s] for s in Severity}))


def _letters_cell(result: LettersResult) -> str:
    if result.folder is None:
        return "нет — причина ниже" if result.skipped else "нет"
    email = f", по email {result.by_email}" if result.by_email else ""
    return f"{result.letters} (на печать {result.printed}{email})"
