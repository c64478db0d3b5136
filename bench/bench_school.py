"""Benchmark: a whole school in school mode (DESIGN §11; issue 6, acceptance).

Run: .venv/bin/python bench/bench_school.py [--classes 40] [--date 2026-12-26] [--jobs 2]
     [--keep FOLDER] [--breakdown N]

A synthetic school (40 classes 5А…11Г of the demo generator, seeds 0…39: 27 students each, 26
on the roll — so about 1,040 information letters, not 1,200 — 15 subjects, one quarter of
exports) is built in a temporary folder — not measured — with a
school.toml holding everything but [class], which each class's ejournal.toml names. Measured
with the wall clock:

(a) the weekly flow for the whole school (run_school("weekly"), summary workbook included);
(b) the period flow: seven statements per class + the information letters of every student with
    the combined print files, no PDF (run_school("period", preliminary=False));
(c) one class's weekly flow as a whole process: `ejournal -w CLASS weekly`.

Printed with each: the CPU seconds of this process and its workers (the wall time on two free
cores is about half of it). Peak memory: ru_maxrss of this process + the largest worker.
Then the CPU time of each stage of a class (--breakdown N classes), to show where time goes.
Targets on 2 cores: (a) < 8 s, (b) < 10 s, (c) < 1.5 s, peak < 500 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from ejournal_sheets.demo.build import demo_config
from ejournal_sheets.demo.class_data import make_class_rows
from ejournal_sheets.demo.journal_files import write_journal
from ejournal_sheets.demo.journal_plants import make_demo_journal
from ejournal_sheets.demo.planting import hosts
from ejournal_sheets.flows.common import read_inputs, read_workbook
from ejournal_sheets.flows.letters import run_letters
from ejournal_sheets.flows.period import run_period
from ejournal_sheets.flows.weekly import run_weekly
from ejournal_sheets.journal.reader import read_journal
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.schema import WORKBOOK_NAME
from ejournal_sheets.school import (
    PeriodFigures,
    SchoolResult,
    period_class,
    run_school,
    weekly_class,
)
from ejournal_sheets.settings import CONFIG_NAME, SCHOOL_CONFIG_NAME
from ejournal_sheets.workbook_template import build_class_workbook
from ejournal_sheets.workspace import JOURNAL_DIR, OUTPUT_DIR, STATE_DIR, open_workspace

REPO = Path(__file__).resolve().parent.parent
LETTERS = "АБВГДЕ"
TARGETS = {"weekly": 8.0, "period": 10.0, "one class": 1.5}
TAGS = {"weekly": "a", "period": "b", "one class": "c"}
MEMORY_TARGET_MB = 500


def class_names(count: int) -> list[str]:
    """5А, 5Б, …, 5Е, 6А, …, 10Е, 11А, …: the first `count` (40 → 5А…11Г)."""
    return [f"{grade}{letter}" for grade in range(5, 12) for letter in LETTERS][:count]


def school_toml(today: date) -> str:
    """The demo school's settings without [class]: what every class inherits."""
    return re.sub(r"\n\[class\]\n.*?(?=\n\[)", "\n", demo_config(today), flags=re.DOTALL)


def build_class(root: Path, today: date, seed: int, class_name: str) -> Path:
    """A demo class named `class_name` (its exports say so too); ejournal.toml holds [class]."""
    demo = make_class_rows(today, seed, class_name)
    made = make_demo_journal(demo.rows, today, seed, class_name, True,
                             reserved=hosts(demo.planted, demo.rows))
    for folder in (JOURNAL_DIR, OUTPUT_DIR, STATE_DIR):
        (root / folder).mkdir(parents=True, exist_ok=True)
    write_text_atomic(root / CONFIG_NAME, f'[class]\nname = "{class_name}"\n'
                                          f'teacher = "Классный руководитель {class_name}"\n')
    build_class_workbook(root / WORKBOOK_NAME, made.rows, title=f"{class_name} класс")
    write_journal(root / JOURNAL_DIR, made.journal)
    return root


def build_school(folder: Path, classes: int, today: date, jobs: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / SCHOOL_CONFIG_NAME, school_toml(today))
    names = class_names(classes)
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(build_class, [folder / name for name in names],
                             [today] * classes, range(classes), names))


def timed(run: Callable[..., SchoolResult], *args: Any, **kwargs: Any
          ) -> tuple[float, float, SchoolResult]:
    """Wall-clock seconds, CPU seconds (this process and its workers) and the result."""
    before, started = os.times(), time.perf_counter()
    result = run(*args, **kwargs)
    wall, after = time.perf_counter() - started, os.times()
    cpu = sum(getattr(after, name) - getattr(before, name)
              for name in ("user", "system", "children_user", "children_system"))
    return wall, cpu, result


def verdict(label: str, seconds: float) -> str:
    target = TARGETS[label]
    return f"{seconds:6.2f} s (target < {target:g} s: {'ok' if seconds < target else 'MISSED'})"


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def one_class_process(root: Path, today: date, repeats: int = 3) -> list[float]:
    command = [str(REPO / ".venv" / "bin" / "ejournal"), "-q", "-q", "--today",
               today.isoformat(), "-w", str(root), "weekly"]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def report_school(label: str, seconds: float, cpu: float, result: SchoolResult) -> None:
    failed = result.failed
    print(f"({TAGS[label]}) {label:7} {verdict(label, seconds)}; CPU {cpu:.1f} s; classes "
          f"{len(result.per_class)}, failed {len(failed)}; files "
          f"{sum(len(r.outputs) for r in result.per_class)}")
    for run in failed:
        print(f"    {run.class_name}: {run.error}")


def breakdown(roots: list[Path], today: date) -> None:
    """CPU time of each stage of a class, averaged over `roots`, in this process."""
    spent: dict[str, float] = {}

    def clock(stage: str, run: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        result = run(*args, **kwargs)
        spent[stage] = spent.get(stage, 0.0) + time.process_time() - started
        return result

    for root in roots:
        workspace = open_workspace(root)
        clock("read the class workbook + checks", read_workbook, workspace, today)
        clock("read the journal exports", read_journal, workspace.journal_dir,
              workspace.settings)
        inputs = clock("read_inputs (both)", read_inputs, workspace, today)
        clock("run_weekly (reads again)", run_weekly, workspace, today)
        clock("school weekly worker (one reading)", weekly_class, workspace, today, {})
        clock("run_period, 7 statements (reads again)", run_period, workspace, today,
              preliminary=False)
        clock("run_letters info, no PDF (inputs given)", run_letters, workspace, today, "info",
              pdf=False, inputs=inputs)
        clock("school period worker (one reading)", period_class, workspace, today,
              {"preliminary": False})
    print(f"--- CPU per class, mean of {len(roots)} classes, one process:")
    for stage, seconds in spent.items():
        print(f"    {stage:45} {seconds / len(roots) * 1000:5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--classes", type=int, default=40)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 12, 26))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the school here and keep it")
    parser.add_argument("--breakdown", type=int, default=4, metavar="N",
                        help="CPU time per stage over N classes after the runs (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp) / "школа"
        started = time.perf_counter()
        roots = build_school(folder, args.classes, args.date, args.jobs)
        print(f"School built (not measured): {len(roots)} classes in "
              f"{time.perf_counter() - started:.1f} s — {folder}")
        seconds, cpu, weekly = timed(run_school, "weekly", folder, args.date, args.jobs)
        report_school("weekly", seconds, cpu, weekly)
        print(f"    summary: {weekly.summary}")
        seconds, cpu, period = timed(run_school, "period", folder, args.date, args.jobs,
                                     preliminary=False, pdf=False)
        report_school("period", seconds, cpu, period)
        made = [r.summary for r in period.per_class if isinstance(r.summary, PeriodFigures)]
        print(f"    statements {sum(f.statements for f in made)}, information letters "
              f"{sum(f.letters for f in made)} (to print {sum(f.printed for f in made)}), "
              f"print files {sum(1 for f in made if f.printed)}")
        own, children = peak_mb()
        ok = "ok" if own + children < MEMORY_TARGET_MB else "MISSED"
        print(f"    peak RSS: this process {own:.0f} MB + largest worker {children:.0f} MB = "
              f"{own + children:.0f} MB (target < {MEMORY_TARGET_MB} MB: {ok})")
        times = one_class_process(roots[0], args.date)
        print(f"(c) one class, `ejournal -w {roots[0].name} weekly` as a process: "
              f"{verdict('one class', min(times))} best of {len(times)}; "
              f"all: {', '.join(f'{t:.2f}' for t in times)} s")
        if args.breakdown:
            breakdown(roots[:args.breakdown], args.date)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
