"""What is due and not yet done (DESIGN §8): the run ledger .ejournal/state/runs.json, the plan
of due keys (2026-W48, 2026-11, Ч2-предв, Ч2), `run_due` under a lock, and the `serve` loop.

Catch-up: each series (weekly, monthly, period) runs only its most recent due key; the keys it
missed while the computer was off are recorded «пропущено», so they are visible. A job that
raises is recorded «ошибка» and retried by the next call; the other due jobs still run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import logging.handlers
import os
import threading
import time as clock_time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

import schedule

from ejournal_sheets.dates import school_week
from ejournal_sheets.errors import EjournalError
from ejournal_sheets.flows.jobs import (
    PRELIMINARY_SUFFIX,
    Clock,
    JobResult,
    counts_text,
    job_title,
    monthly_job,
    period_job,
    weekly_job,
)
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.settings import WEEKDAYS, DateRange, Settings
from ejournal_sheets.workspace import Workspace, open_workspace

STATE_FILE = Path("state") / "runs.json"
LOCK_FILE = "run-due.lock"
LOG_FILE = "ejournal.log"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3
STALE_LOCK = timedelta(hours=2)
PRELIMINARY_DAYS = 7
LATE_START = timedelta(days=7)  # statements due this long before the first run-due: not built
DAILY_CHECK = "07:00"
SERIES = {"weekly": "Еженедельная работа", "monthly": "Ежемесячная сверка данных",
          "period": "Ведомости за период"}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OFF = "компьютер был выключен или программа не запускалась"


class Status(StrEnum):
    DONE = "выполнено"
    MISSED = "пропущено"
    FAILED = "ошибка"


class ScheduleError(EjournalError):
    """The run ledger of a workspace cannot be read."""


class RunLocked(ScheduleError):
    """Another run-due is working in the same workspace."""


@dataclass(frozen=True)
class DueJob:
    """A key of a series that is due now; `missed` are the earlier keys it replaces."""

    job: str
    key: str
    due: datetime
    span: DateRange | None = None  # the week or the period
    preliminary: bool = False
    year: str = ""  # «2026/2027»: period names repeat every year
    missed: tuple[str, ...] = ()
    retry: bool = False

    @property
    def title(self) -> str:
        return job_title(self.job, self.key, self.span, self.preliminary)


@dataclass(frozen=True)
class RunRecord:
    job: str
    status: Status
    finished: datetime
    result: str = ""
    attempts: int = 1
    year: str = ""


@dataclass(frozen=True)
class RunState:
    """The ledger: when run-due first ran here, and each key's last outcome."""

    started: datetime | None = None
    runs: Mapping[str, RunRecord] = field(default_factory=dict)

    def record(self, job: DueJob) -> RunRecord | None:
        found = self.runs.get(job.key)
        return found if found is not None and found.year == job.year else None


@dataclass(frozen=True)
class Plan:
    due: tuple[DueJob, ...] = ()
    notes: tuple[str, ...] = ()  # in Russian: why the other series do not run now


@dataclass(frozen=True)
class DueRun:
    plan: Plan
    results: tuple[JobResult, ...]  # one per plan.due, in its order


# ---------------------------------------------------------------- the keys and the plan


def weekly_keys(settings: Settings) -> list[DueJob]:
    """Each configured weekday/time of the year; the key is the school week it reports on
    (a Monday or Sunday reports on the week just ended). Weeks without lessons have none."""
    plan, year = settings.schedule, settings.year
    at = _clock_time(plan.weekly_time)
    weekday = WEEKDAYS.index(plan.weekly_day)
    day = year.start + timedelta(days=(weekday - year.start.weekday()) % 7)
    keys = []
    while day <= year.end + timedelta(days=7):
        week = school_week(day)
        if any(week.start <= p.end and p.start <= week.end for p in year.periods):
            keys.append(DueJob("weekly", week.name, datetime.combine(day, at), week,
                               year=_school_year(settings)))
        day += timedelta(days=7)
    return keys


def monthly_keys(settings: Settings) -> list[DueJob]:
    """Every month of the school year, due from `monthly_day`."""
    year, keys = settings.year, []
    month = year.start.replace(day=1)
    while month <= year.end:
        due = datetime.combine(month.replace(day=settings.schedule.monthly_day), time())
        keys.append(DueJob("monthly", f"{month:%Y-%m}", due, year=_school_year(settings)))
        month = (month + timedelta(days=32)).replace(day=1)
    return keys


def period_keys(settings: Settings) -> list[DueJob]:
    """Per period: the preliminary report from 7 days before its end, the final statements
    from its last day."""
    keys = []
    for period in settings.year.periods:
        early = datetime.combine(period.end - timedelta(days=PRELIMINARY_DAYS), time())
        keys.append(DueJob("period", f"{period.name}{PRELIMINARY_SUFFIX}", early, period,
                           preliminary=True, year=_school_year(settings)))
        keys.append(DueJob("period", period.name, datetime.combine(period.end, time()), period,
                           year=_school_year(settings)))
    return sorted(keys, key=lambda job: job.due)


def plan_runs(settings: Settings, now: datetime, state: RunState) -> Plan:
    """Per series, the most recent key due by `now` unless it is done; notes say why not."""
    due, notes = [], []
    for keys in (weekly_keys(settings), monthly_keys(settings), period_keys(settings)):
        job, note = _series(keys, now, state, state.started or now)
        if job is not None:
            due.append(job)
        if note:
            notes.append(note)
    year = settings.year
    if not year.start <= now.date() <= year.end:
        notes.append(f"Сегодня вне учебного года из ejournal.toml ({year.start:%d.%m.%Y} – "
                     f"{year.end:%d.%m.%Y}); для нового года обновите раздел [year].")
    return Plan(tuple(due), tuple(notes))


def due_jobs(settings: Settings, today: date, now_time: time, state: RunState) -> list[DueJob]:
    """The jobs to run at this moment: per series the latest due key not yet done."""
    return list(plan_runs(settings, datetime.combine(today, now_time), state).due)


def _series(keys: list[DueJob], now: datetime, state: RunState,
            started: datetime) -> tuple[DueJob | None, str]:
    passed = [key for key in keys if key.due <= now]
    coming = next((key for key in keys if key.due > now), None)
    then = f"; следующий срок — {coming.key} с {_moment(coming.due)}" if coming else ""
    title = SERIES[keys[0].job] if keys else ""
    if not passed:
        return None, f"{title}: не пора{then}." if keys else ""
    current = passed[-1]
    record = state.record(current)
    if record is not None and record.status is Status.DONE:
        return None, f"{title} {current.key}: уже выполнено {_moment(record.finished)}{then}."
    if record is None and current.job == "period" and current.due < started - LATE_START:
        when = "--preliminary" if current.preliminary else "--final"
        return None, (f"{title} {current.key}: срок был {_moment(current.due)}, до начала "
                      f"работы по расписанию — не строятся; при необходимости: ejournal "
                      f"statements --period {current.span.name if current.span else ''} "
                      f"{when}{then}.")
    missed = tuple(key.key for key in passed[:-1]
                   if key.due >= started and state.record(key) is None)
    retry = record is not None and record.status is Status.FAILED
    return replace(current, missed=missed, retry=retry), ""


def _school_year(settings: Settings) -> str:
    return f"{settings.year.start.year}/{settings.year.start.year + 1}"


def _clock_time(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


def _moment(moment: datetime) -> str:
    return f"{moment:%d.%m.%Y}" if moment.time() == time() else f"{moment:%d.%m.%Y %H:%M}"


# ---------------------------------------------------------------- running


def run_due(workspace: Workspace, now: datetime, *, clock: Clock | None = None,
            pdf: bool = True) -> list[JobResult]:
    """Run every job that is due at `now` and not yet done; safe to call every hour."""
    return list(run_plan(workspace, now, clock=clock, pdf=pdf).results)


def run_plan(workspace: Workspace, now: datetime, *, clock: Clock | None = None,
             pdf: bool = True) -> DueRun:
    """run_due with its plan: what ran, what was missed, what did not run and why."""
    clock = clock or datetime.now
    with run_lock(workspace, clock):
        state = load_state(workspace)
        if state.started is None:
            state = replace(state, started=now)
            save_state(workspace, state)
        plan = plan_runs(workspace.settings, now, state)
        results = []
        for job in plan.due:
            result = _attempt(workspace, job, now.date(), clock, pdf)
            state = _recorded(workspace, state, job, result, clock())
            save_state(workspace, state)
            results.append(result)
    return DueRun(plan, tuple(results))


def _attempt(workspace: Workspace, job: DueJob, today: date, clock: Clock,
             pdf: bool) -> JobResult:
    """The job's result, or its failure as a Russian message (the next call retries it)."""
    try:
        if job.job == "weekly":
            return weekly_job(workspace, today, week=job.span, pdf=pdf, clock=clock)
        if job.job == "monthly":
            return monthly_job(workspace, today, key=job.key, clock=clock)
        return period_job(workspace, today, job.span or job.key, job.preliminary, pdf=pdf,
                          clock=clock)
    except EjournalError as exc:
        error = str(exc)
    except Exception as exc:  # one job's crash never stops the others
        error = f"Внутренняя ошибка программы: {type(exc).__name__}: {exc}"
    return JobResult(job.job, job.key, summary_lines=[job.title, f"  Ошибка: {error}"],
                     error=error)


def _recorded(workspace: Workspace, state: RunState, job: DueJob, result: JobResult,
              at: datetime) -> RunState:
    runs = dict(state.runs)
    for key in job.missed:
        runs[key] = RunRecord(job.job, Status.MISSED, at, f"{OFF}; вместо него выполнялся "
                              f"{job.key}", 0, job.year)
    before = state.record(job)
    attempts = (before.attempts if before and before.status is Status.FAILED else 0) + 1
    if result.failed:
        runs[job.key] = RunRecord(job.job, Status.FAILED, at, result.error, attempts, job.year)
    else:
        manifest = (result.manifest.relative_to(workspace.root).as_posix()
                    if result.manifest else "")
        text = f"файлов {len(result.outputs)}; {counts_text(result.counts)}; {manifest}"
        runs[job.key] = RunRecord(job.job, Status.DONE, at, text, attempts, job.year)
    return replace(state, runs=runs)


# ---------------------------------------------------------------- the ledger


def state_path(workspace: Workspace) -> Path:
    return workspace.state_dir / STATE_FILE


def load_state(workspace: Workspace) -> RunState:
    """The ledger; an empty one before the first run-due."""
    path = state_path(workspace)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        started = datetime.fromisoformat(data["started"]) if data.get("started") else None
        runs = {str(key): _record(value) for key, value in data.get("runs", {}).items()}
    except FileNotFoundError:
        return RunState()
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ScheduleError(f"Файл {path} повреждён: не понять, какие задания уже выполнены.",
                            "Исправьте его или удалите; после удаления задания текущей недели "
                            "и месяца выполнятся снова.") from exc
    return RunState(started, runs)


def save_state(workspace: Workspace, state: RunState) -> Path:
    """Write the ledger atomically."""
    runs = {key: {"job": r.job, "status": r.status.value,
                  "finished": r.finished.isoformat(timespec="seconds"), "result": r.result,
                  "attempts": r.attempts, "year": r.year} for key, r in state.runs.items()}
    data = {"version": 1,
            "started": state.started.isoformat(timespec="seconds") if state.started else None,
            "runs": runs}
    return write_text_atomic(state_path(workspace),
                             json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _record(value: Mapping[str, Any]) -> RunRecord:
    return RunRecord(str(value["job"]), Status(value["status"]),
                     datetime.fromisoformat(value["finished"]), str(value.get("result", "")),
                     int(value.get("attempts", 1)), str(value.get("year", "")))


# ---------------------------------------------------------------- the lock


@contextlib.contextmanager
def run_lock(workspace: Workspace, clock: Clock = datetime.now) -> Iterator[Path]:
    """Hold .ejournal/run-due.lock for the run; a lock older than two hours is taken over."""
    path = workspace.state_dir / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    text = json.dumps({"pid": os.getpid(), "since": clock().isoformat(timespec="seconds"),
                       "token": token})
    if not _create(path, text):
        held = _lock_info(path)
        if not _stale(path, held, clock):
            raise _locked(path, held)
        write_text_atomic(path, text)  # the holder died: take its lock over
        if _lock_info(path).get("token") != token:  # another process took it over first
            raise _locked(path, _lock_info(path))
    try:
        yield path
    finally:
        if _lock_info(path).get("token") == token:
            path.unlink(missing_ok=True)


def _create(path: Path, text: str) -> bool:
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    return True


def _lock_info(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _stale(path: Path, held: Mapping[str, Any], clock: Clock) -> bool:
    try:
        return clock() - datetime.fromisoformat(str(held["since"])) > STALE_LOCK
    except (KeyError, ValueError):  # being written right now, or garbled: judge by its age
        try:
            return clock_time.time() - path.stat().st_mtime > STALE_LOCK.total_seconds()
        except OSError:
            return True


def _locked(path: Path, held: Mapping[str, Any]) -> RunLocked:
    since = str(held.get("since", "")).replace("T", " ")[:16]
    who = f" (с {since}, процесс {held.get('pid', '?')})" if since else ""
    return RunLocked(f"Задания по расписанию в папке {path.parent.parent} уже выполняются{who}.",
                     f"Дождитесь окончания. Если программа не запущена, удалите файл {path} — "
                     "или через 2 часа блокировка снимется сама.")


# ---------------------------------------------------------------- serve


class ClockedScheduler(schedule.Scheduler):
    """schedule's Scheduler on an injected clock (the library reads the system clock)."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def every(self, interval: int = 1) -> ClockedJob:
        return ClockedJob(interval, self)

    @property
    def idle_seconds(self) -> float | None:
        upcoming = self.get_next_run()
        return None if upcoming is None else (upcoming - self.clock()).total_seconds()


class ClockedJob(schedule.Job):
    """A daily or weekly job at a time of day, timed by its scheduler's clock."""

    def __init__(self, interval: int, scheduler: ClockedScheduler) -> None:
        super().__init__(interval, scheduler)
        self.clock = scheduler.clock

    @property
    def should_run(self) -> bool:
        return self.next_run is not None and self.clock() >= self.next_run

    def run(self) -> Any:
        result = self.job_func() if self.job_func is not None else None
        self.last_run = self.clock()
        self._schedule_next_run()
        return result

    def _schedule_next_run(self) -> None:
        if self.unit not in ("days", "weeks"):
            raise schedule.ScheduleValueError("only daily and weekly jobs are supported")
        now = self.clock()
        moment = datetime.combine(now.date(), self.at_time or time())
        step = timedelta(**{self.unit: self.interval})
        if self.start_day is not None:
            ahead = (WEEKDAY_NAMES.index(self.start_day) - now.weekday()) % 7
            moment += timedelta(days=ahead)
        while moment <= now:
            moment += step
        self.next_run = moment


def serve(workspaces: Sequence[Workspace], clock: Clock = datetime.now,
          sleep: Callable[[float], object] = clock_time.sleep, *,
          max_iterations: int | None = None, stop: threading.Event | None = None,
          tick: float = 60.0, pdf: bool = True) -> int:
    """Check what is due at start, daily at 07:00 and at each workspace's weekly day and time;
    log to .ejournal/ejournal.log; no failure stops the loop. Returns the iterations made."""
    scheduler = ClockedScheduler(clock)
    logs: list[logging.Logger] = []
    try:
        for workspace in workspaces:
            log = open_log(workspace, clock)
            logs.append(log)
            check = partial(_check, workspace, log, clock, pdf)
            plan = workspace.settings.schedule
            weekly_at = f"{_clock_time(plan.weekly_time):%H:%M}"
            day = WEEKDAY_NAMES[WEEKDAYS.index(plan.weekly_day)]
            getattr(scheduler.every(), day).at(weekly_at).do(
                check, f"еженедельная, {plan.weekly_day} {weekly_at}")
            scheduler.every().day.at(DAILY_CHECK).do(check, f"ежедневная, {DAILY_CHECK}")
            log.info("Работа по расписанию начата: %s — еженедельно %s %s, проверка сроков "
                     "каждый день в %s.", workspace.root, plan.weekly_day, weekly_at, DAILY_CHECK)
            check("при запуске")
        return _loop(scheduler, sleep, max_iterations, stop, tick)
    finally:
        for log in logs:
            log.info("Работа по расписанию остановлена.")
            close_log(log)


def _loop(scheduler: ClockedScheduler, sleep: Callable[[float], object],
          max_iterations: int | None, stop: threading.Event | None, tick: float) -> int:
    made = 0
    while stop is None or not stop.is_set():
        scheduler.run_pending()
        made += 1
        if max_iterations is not None and made >= max_iterations:
            break
        idle = scheduler.idle_seconds
        # Short naps: after the computer sleeps, an overdue check runs within a tick.
        sleep(max(1.0, min(tick, idle if idle is not None else tick)))
    return made


def _check(workspace: Workspace, log: logging.Logger, clock: Clock, pdf: bool,
           reason: str) -> None:
    """One check of what is due; any failure is logged and the loop goes on."""
    log.info("Проверка сроков (%s).", reason)
    try:
        if workspace.settings.path is not None:  # pick up edits of ejournal.toml
            workspace = open_workspace(workspace.root, workspace.settings.path)
        done = run_plan(workspace, clock(), clock=clock, pdf=pdf)
    except EjournalError as exc:
        log.error("Проверка не выполнена: %s", exc)
        return
    except Exception as exc:  # the loop outlives any failure; the next check tries again
        log.error("Проверка не выполнена: внутренняя ошибка программы: %s: %s",
                  type(exc).__name__, exc)
        return
    log_run(log, done)


def log_run(log: logging.Logger, done: DueRun) -> None:
    """What a run-due did, in Russian, without personal data."""
    if not done.results:
        log.info("Ничего не пора делать.")
    for job, result in zip(done.plan.due, done.results, strict=True):
        if job.missed:
            log.warning("%s: пропущены сроки %s (%s) — выполняется только %s.",
                        SERIES[job.job], ", ".join(job.missed), OFF, job.key)
        if result.failed:
            log.error("%s — не выполнено: %s Повтор — при следующей проверке.", job.title,
                      result.error)
            continue
        log.info("%s — выполнено%s.", job.title, " (повтор после ошибки)" if job.retry else "")
        for line in result.summary_lines[1:]:
            log.info("%s", line.strip())


# ---------------------------------------------------------------- the log


LEVELS = {"DEBUG": "отладка", "INFO": "сведение", "WARNING": "предупреждение",
          "ERROR": "ошибка", "CRITICAL": "ошибка"}


class _Formatter(logging.Formatter):
    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def format(self, record: logging.LogRecord) -> str:
        level = LEVELS.get(record.levelname, record.levelname)
        return f"{self.clock():%Y-%m-%d %H:%M:%S} {level}: {record.getMessage()}"


class _Redact(logging.Filter):
    """Never let the SMTP password into the log, whatever a message carries."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            text = record.getMessage()
            for secret in self.secrets:
                text = text.replace(secret, "***")
            record.msg, record.args = text, None
        return True


def log_path(workspace: Workspace) -> Path:
    return workspace.state_dir / LOG_FILE


def open_log(workspace: Workspace, clock: Clock = datetime.now) -> logging.Logger:
    """A logger of its own (not in logging's global tree) writing the rotating log file."""
    path = log_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES,
                                                   backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(_Formatter(clock))
    handler.addFilter(_Redact([os.environ.get(workspace.settings.mail.password_env, "")]))
    log = logging.Logger(f"ejournal.serve.{workspace.root.name}", logging.INFO)
    log.addHandler(handler)
    return log


def close_log(log: logging.Logger) -> None:
    for handler in list(log.handlers):
        handler.close()
        log.removeHandler(handler)
