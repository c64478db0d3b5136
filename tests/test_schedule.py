"""run-due and serve: due keys, one catch-up run, retries, the lock, the loop on a fake clock.

Nothing here sleeps: every flow gets a fixed moment, and `serve` a fake clock whose sleep moves
it forward.
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from ejournal_sheets.cli import run
from ejournal_sheets.demo import build_demo
from ejournal_sheets.errors import EjournalError
from ejournal_sheets.flows import schedule as sched
from ejournal_sheets.flows.jobs import JobResult
from ejournal_sheets.flows.schedule import (
    DueRun,
    Plan,
    RunLocked,
    RunRecord,
    RunState,
    Status,
    due_jobs,
    load_state,
    log_path,
    plan_runs,
    run_due,
    run_lock,
    serve,
)
from ejournal_sheets.settings import (
    DateRange,
    Schedule,
    Settings,
    Year,
    default_holidays,
    default_periods,
)
from ejournal_sheets.workspace import Workspace, init_workspace, open_workspace

FRIDAY = datetime(2026, 11, 27, 16, 0)  # W48's weekly run was due at 15:00
MOMENTS = (FRIDAY, datetime(2026, 12, 18, 16, 0), datetime(2027, 1, 5, 10, 0))
YEAR = Year(start=date(2026, 9, 1), end=date(2027, 5, 26), periods=default_periods(2026),
            holidays=default_holidays(2026))
SETTINGS = Settings(year=YEAR)
PASSWORD = "Sekret-pa55-Пароль"
Q2 = DateRange("Ч2", date(2026, 11, 5), date(2026, 12, 28))


def statuses(workspace: Workspace) -> dict[str, str]:
    return {key: record.status.value for key, record in load_state(workspace).runs.items()}


def state_since(started: datetime, **done: str) -> RunState:
    """A ledger started at `started` with the given keys done (key=job)."""
    runs = {key.replace("_", "-"): RunRecord(job, Status.DONE, started, year="2026/2027")
            for key, job in done.items()}
    return RunState(started, runs)


# ---------------------------------------------------------------- the demo, end to end


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, list[list[JobResult]]]:
    """The demo class; run-due twice at each of three moments three weeks and a month apart."""
    root = tmp_path_factory.mktemp("schedule") / "demo"
    build_demo(root, date(2026, 11, 27))
    workspace = open_workspace(root)
    calls = []
    for moment in MOMENTS:
        for _ in range(2):
            calls.append(run_due(workspace, moment, clock=lambda m=moment: m, pdf=False))
    return workspace, calls


def test_catch_up_runs_each_missed_series_once_and_records_the_others(scenario) -> None:
    workspace, calls = scenario
    assert [[(r.job, r.key) for r in call] for call in calls] == [
        [("weekly", "2026-W48"), ("monthly", "2026-11")], [],
        [("weekly", "2026-W51"), ("monthly", "2026-12")], [],
        [("weekly", "2026-W53"), ("monthly", "2027-01"), ("period", "Ч2")], [],
    ]
    assert not [r.error for call in calls for r in call if r.failed]
    assert statuses(workspace) == {
        "2026-W48": "выполнено", "2026-W49": "пропущено", "2026-W50": "пропущено",
        "2026-W51": "выполнено", "2026-W52": "пропущено", "2026-W53": "выполнено",
        "2026-11": "выполнено", "2026-12": "выполнено", "2027-01": "выполнено",
        "Ч2-предв": "пропущено", "Ч2": "выполнено",
    }
    ledger = json.loads((workspace.state_dir / "state" / "runs.json").read_text("utf-8"))
    assert ledger["started"] == "2026-11-27T16:00:00"
    assert ledger["runs"]["2026-W49"]["result"].endswith("выполнялся 2026-W51")
    assert ledger["runs"]["Ч2"]["finished"] == "2027-01-05T10:00:00"


def test_manifests_list_what_was_read_and_produced(scenario) -> None:
    workspace, calls = scenario
    weekly, period = calls[0][0], calls[4][2]
    assert weekly.manifest == workspace.root / "output/2026-11-27/Отчёт_о_запуске_weekly.json"
    data = json.loads(weekly.manifest.read_text("utf-8"))
    assert (data["job"], data["key"], data["date"]) == ("weekly", "2026-W48", "2026-11-27")
    read = {item["path"]: item for item in data["inputs"]}
    assert read["класс.xlsx"]["size"] == (workspace.root / "класс.xlsx").stat().st_size
    assert "ejournal.toml" in read and any(p.startswith("журнал/") for p in read)
    assert all(set(item) == {"path", "size", "modified"} for item in data["inputs"])
    names = {Path(p).name for p in data["outputs"]}
    assert {"Замечания.xlsx", "Сверка_посещаемости.xlsx", "Контроль_заполнения.xlsx",
            "Активность_ЭД.xlsx", "Выписки_все.docx"} <= names
    assert all((workspace.root / p).is_file() for p in data["outputs"])
    assert data["problems"] == weekly.counts and set(weekly.counts) == {
        "ошибка", "предупреждение", "сведение"}
    assert data["started"] == data["finished"] == "2026-11-27T16:00:00"
    assert data["summary"] == weekly.summary_lines
    assert weekly.summary_lines[0] == "Еженедельная работа 2026-W48 (23.11.2026 – 28.11.2026)"

    final = json.loads(period.manifest.read_text("utf-8"))
    statements = [p for p in final["outputs"] if "/Ведомости/" in p]
    assert len(statements) == 7
    assert any(p.endswith("Информационные_письма_все.docx") for p in final["outputs"])
    assert final["key"] == "Ч2" and period.outputs == tuple(
        workspace.root / p for p in final["outputs"])


# ---------------------------------------------------------------- planning, without flows


@pytest.fixture
def light(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "7Б", SETTINGS)


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Replace the three jobs by recorders; `calls` lists (job, key or span, today, flag)."""
    calls: list[tuple[Any, ...]] = []

    def result(job: str, key: str) -> JobResult:
        return JobResult(job, key, counts={"ошибка": 0, "предупреждение": 0, "сведение": 0},
                         summary_lines=[f"{job} {key}", "  Файлов  0"])

    def weekly(workspace, today, *, week, pdf, clock) -> JobResult:
        calls.append(("weekly", week.name, today))
        return result("weekly", week.name)

    def monthly(workspace, today, *, key, clock) -> JobResult:
        calls.append(("monthly", key, today))
        return result("monthly", key)

    def period(workspace, today, period, preliminary, *, pdf, clock) -> JobResult:
        calls.append(("period", period.name, today, preliminary))
        return result("period", period.name)

    monkeypatch.setattr(sched, "weekly_job", weekly)
    monkeypatch.setattr(sched, "monthly_job", monthly)
    monkeypatch.setattr(sched, "period_job", period)
    return calls


def failing_once(monkeypatch: pytest.MonkeyPatch, name: str, error: Exception) -> None:
    """The job `name` raises `error` on its first call, then works as before."""
    real = getattr(sched, name)
    state = {"raised": False}

    def job(*args: Any, **kwargs: Any) -> JobResult:
        if not state["raised"]:
            state["raised"] = True
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(sched, name, job)


def test_a_second_call_at_the_same_moment_runs_nothing(light, jobs) -> None:
    assert [r.key for r in run_due(light, FRIDAY, clock=lambda: FRIDAY)] == ["2026-W48",
                                                                                "2026-11"]
    for moment in (FRIDAY, FRIDAY + timedelta(hours=1), datetime(2026, 11, 30, 8, 0)):
        assert run_due(light, moment, clock=lambda m=moment: m) == []
    assert len(jobs) == 2


def test_a_failing_job_is_recorded_and_retried_while_the_others_run(light, jobs,
                                                                    monkeypatch) -> None:
    failing_once(monkeypatch, "weekly_job",
                 EjournalError("Не удалось записать Сверка_посещаемости.xlsx: файл занят."))
    first = run_due(light, FRIDAY, clock=lambda: FRIDAY)
    assert [(r.key, r.failed) for r in first] == [("2026-W48", True), ("2026-11", False)]
    record = load_state(light).runs["2026-W48"]
    assert (record.status, record.attempts) == (Status.FAILED, 1)
    assert record.result == "Не удалось записать Сверка_посещаемости.xlsx: файл занят."
    later = FRIDAY + timedelta(hours=1)
    second = run_due(light, later, clock=lambda: later)
    assert [(r.key, r.failed) for r in second] == [("2026-W48", False)]
    record = load_state(light).runs["2026-W48"]
    assert (record.status, record.attempts) == (Status.DONE, 2)
    assert [call[:2] for call in jobs] == [("monthly", "2026-11"), ("weekly", "2026-W48")]


def test_an_unexpected_exception_is_a_russian_message_not_a_crash(light, jobs,
                                                                  monkeypatch) -> None:
    failing_once(monkeypatch, "monthly_job", KeyError("student"))
    results = run_due(light, FRIDAY, clock=lambda: FRIDAY)
    assert [r.failed for r in results] == [False, True]
    assert results[1].error == "Внутренняя ошибка программы: KeyError: 'student'"
    assert statuses(light) == {"2026-W48": "выполнено", "2026-11": "ошибка"}


def test_preliminary_and_final_keys_fire_at_their_dates(light, jobs) -> None:
    state = state_since(datetime(2026, 11, 1), **{"2026-W51": "weekly", "2026-12": "monthly"})
    at = datetime(2026, 12, 20, 23, 59)
    assert [j.key for j in due_jobs(SETTINGS, at.date(), at.time(), state)
            if j.job == "period"] == []
    early = due_jobs(SETTINGS, date(2026, 12, 21), time(0, 0), state)
    assert [(j.key, j.preliminary, j.span) for j in early if j.job == "period"] == [
        ("Ч2-предв", True, Q2)]
    state = state_since(datetime(2026, 11, 1), Ч2_предв="period")
    assert [j.key for j in due_jobs(SETTINGS, date(2026, 12, 27), time(23, 59), state)
            if j.job == "period"] == []
    final = due_jobs(SETTINGS, date(2026, 12, 28), time(0, 0), state)
    assert [(j.key, j.preliminary, j.missed) for j in final if j.job == "period"] == [
        ("Ч2", False, ())]
    # and through run_due: the period job gets the period and the kind
    for moment in (datetime(2026, 12, 21, 9, 0), datetime(2026, 12, 28, 9, 0)):
        run_due(light, moment, clock=lambda m=moment: m)
    assert [c for c in jobs if c[0] == "period"] == [
        ("period", "Ч2", date(2026, 12, 21), True), ("period", "Ч2", date(2026, 12, 28), False)]


def test_statements_of_a_period_ended_before_the_first_run_are_not_built() -> None:
    plan = plan_runs(SETTINGS, FRIDAY, RunState())
    assert [j.key for j in plan.due] == ["2026-W48", "2026-11"]
    note = next(n for n in plan.notes if "Ч1" in n)
    assert "ejournal statements --period Ч1 --final" in note and "21.12.2026" in note


def test_on_monday_the_week_just_ended_is_still_due() -> None:
    state = state_since(datetime(2026, 11, 20))
    monday = due_jobs(SETTINGS, date(2026, 11, 30), time(8, 0), state)
    weekly = next(j for j in monday if j.job == "weekly")
    assert (weekly.key, weekly.span) == ("2026-W48", DateRange("2026-W48", date(2026, 11, 23),
                                                               date(2026, 11, 28)))
    on_monday = Settings(year=YEAR, schedule=Schedule(weekly_day="понедельник"))
    keys = [j.key for j in due_jobs(on_monday, date(2026, 11, 30), time(15, 0), state)]
    assert "2026-W48" in keys  # a Monday run reports on the week just ended


def test_holiday_weeks_have_no_weekly_key() -> None:
    state = state_since(datetime(2026, 12, 1), **{"2026-W53": "weekly"})
    plan = plan_runs(SETTINGS, datetime(2027, 1, 9, 16, 0), state)  # W01: all holidays
    assert "weekly" not in [j.job for j in plan.due]
    assert any("следующий срок — 2027-W02" in n for n in plan.notes)


# ---------------------------------------------------------------- the lock


def test_the_lock_prevents_a_concurrent_run(light, jobs) -> None:
    with run_lock(light, clock=lambda: FRIDAY) as lock:
        with pytest.raises(RunLocked) as raised:
            run_due(light, FRIDAY, clock=lambda: FRIDAY)
        assert "уже выполняются" in raised.value.message and lock.exists()
    assert jobs == [] and load_state(light).runs == {}
    assert not (light.state_dir / "run-due.lock").exists()
    assert len(run_due(light, FRIDAY, clock=lambda: FRIDAY)) == 2


@pytest.mark.parametrize(("age", "taken_over"), [(timedelta(hours=3), True),
                                                 (timedelta(hours=1), False)])
def test_a_lock_older_than_two_hours_is_taken_over(light, jobs, age, taken_over) -> None:
    lock = light.state_dir / "run-due.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text(json.dumps({"pid": 4242, "since": (FRIDAY - age).isoformat(),
                                "token": "dead"}), encoding="utf-8")
    if taken_over:
        assert len(run_due(light, FRIDAY, clock=lambda: FRIDAY)) == 2
        assert not lock.exists()
    else:
        with pytest.raises(RunLocked, match="процесс 4242"):
            run_due(light, FRIDAY, clock=lambda: FRIDAY)
        assert lock.exists()


# ---------------------------------------------------------------- serve


class FakeClock:
    """A clock that only moves when the loop sleeps; stops the loop at `end`."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.now, self.end = start, end
        self.stop = threading.Event()
        self.naps: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.naps.append(seconds)
        self.now += timedelta(seconds=seconds)
        if self.now >= self.end:
            self.stop.set()


def test_serve_checks_at_start_daily_at_seven_and_at_the_weekly_time(light, monkeypatch) -> None:
    checks: list[datetime] = []

    def recorder(workspace, now, *, clock, pdf) -> DueRun:
        checks.append(now)
        return DueRun(Plan(), ())

    monkeypatch.setattr(sched, "run_plan", recorder)
    clock = FakeClock(datetime(2026, 11, 26, 6, 30), datetime(2026, 11, 28, 8, 0))
    serve([light], clock, clock.sleep, stop=clock.stop)
    assert checks == [datetime(2026, 11, 26, 6, 30), datetime(2026, 11, 26, 7, 0),
                      datetime(2026, 11, 27, 7, 0), datetime(2026, 11, 27, 15, 0),
                      datetime(2026, 11, 28, 7, 0)]
    assert max(clock.naps) <= 60  # short naps: a sleeping computer is noticed within a minute


def test_serve_keeps_running_after_a_job_raises_and_logs_without_the_password(
        light, jobs, monkeypatch) -> None:
    monkeypatch.setenv("EJOURNAL_SMTP_PASSWORD", PASSWORD)
    sched.save_state(light, state_since(datetime(2026, 11, 20, 16, 0),
                                        **{"2026-W47": "weekly", "2026-11": "monthly"}))
    failing_once(monkeypatch, "weekly_job",
                 RuntimeError(f"535 authentication failed for password {PASSWORD}"))
    clock = FakeClock(datetime(2026, 11, 27, 14, 0), datetime(2026, 11, 28, 8, 0))
    made = serve([light], clock, clock.sleep, stop=clock.stop)
    assert made > 1
    # 14:00 start: nothing due; 15:00: the week fails; Saturday 07:00: retried and done
    assert jobs == [("weekly", "2026-W48", date(2026, 11, 28))]
    record = load_state(light).runs["2026-W48"]
    assert (record.status, record.attempts) == (Status.DONE, 2)
    log = log_path(light).read_text(encoding="utf-8")
    assert PASSWORD not in log and "***" in log
    assert ("2026-11-27 15:00:00 ошибка: Еженедельная работа 2026-W48 (23.11.2026 – 28.11.2026)"
            " — не выполнено: Внутренняя ошибка программы: RuntimeError:") in log
    assert ("2026-11-28 07:00:00 сведение: Еженедельная работа 2026-W48 (23.11.2026 – "
            "28.11.2026) — выполнено (повтор после ошибки).") in log
    assert log.rstrip().endswith("сведение: Работа по расписанию остановлена.")


def test_serve_survives_a_broken_ledger(light, jobs) -> None:
    ledger = light.state_dir / "state" / "runs.json"
    ledger.parent.mkdir(parents=True)
    ledger.write_text("{не json", encoding="utf-8")
    clock = FakeClock(datetime(2026, 11, 27, 6, 0), datetime(2026, 11, 27, 8, 0))
    serve([light], clock, clock.sleep, stop=clock.stop)
    log = log_path(light).read_text(encoding="utf-8")
    assert log.count("ошибка: Проверка не выполнена: Файл") == 2  # at start and at 07:00
    assert jobs == []


def test_serve_stops_after_max_iterations(light, jobs) -> None:
    clock = FakeClock(datetime(2026, 11, 27, 16, 0), datetime(2027, 1, 1))
    assert serve([light], clock, clock.sleep, max_iterations=3) == 3
    assert len(clock.naps) == 2


# ---------------------------------------------------------------- the commands


@pytest.fixture
def class_folder(tmp_path: Path) -> Path:
    root = tmp_path / "7Б"
    init_workspace(root, "7Б", "МБОУ СОШ № 1", date(2026, 11, 27))
    return root


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_due_command_prints_what_ran_and_what_waits(class_folder, jobs, capsys) -> None:
    args = ("-w", str(class_folder), "run-due", "--now", "2026-11-27 16:00", "--no-pdf")
    code, out, _ = invoke(capsys, *args)
    assert code == 0
    assert out.startswith("Выполнено:\n  weekly 2026-W48\n    Файлов  0\n")
    assert "Ведомости за период Ч1: срок был 24.10.2026" in out
    code, out, _ = invoke(capsys, *args)
    assert code == 0 and out.startswith("Ничего не пора делать:\n")
    assert "Еженедельная работа 2026-W48: уже выполнено 27.11.2026 16:00" in out


def test_run_due_command_exit_3_when_a_job_fails(class_folder, jobs, monkeypatch,
                                                 capsys) -> None:
    failing_once(monkeypatch, "monthly_job", EjournalError("Файл занят."))
    code, out, _ = invoke(capsys, "-w", str(class_folder), "run-due", "--now",
                          "2026-12-18 16:00")
    assert code == 3
    assert "Не выполнено (повтор — при следующем запуске):\n  Ежемесячная сверка данных " \
           "2026-12: Файл занят." in out


def test_serve_command_stops_on_ctrl_c(class_folder, monkeypatch, capsys) -> None:
    seen: list[Path] = []

    def interrupted(workspaces: list[Workspace], **kwargs: Any) -> int:
        seen.extend(w.root for w in workspaces)
        raise KeyboardInterrupt

    monkeypatch.setattr("ejournal_sheets.commands.schedule.serve", interrupted)
    code, out, _ = invoke(capsys, "-w", str(class_folder), "serve")
    assert code == 0 and seen == [class_folder]
    assert f"Журнал работы: {class_folder / '.ejournal' / 'ejournal.log'}" in out
    assert out.rstrip().endswith("Остановлено.")
