"""Benchmark: the seven statements for a whole school (40 classes → 280 files).

Run: .venv/bin/python bench/bench_statements.py [--classes 40] [--date 2026-12-26] [--jobs 2]
Building the synthetic school and reading its files are not measured; computing and
writing the statements are, wall clock:

(a) in one process;
(b) in `--jobs` processes (the machine's two cores) forked from this one after it read the
    classes — computing and writing only, as (a);
(c) in `--jobs` processes that read their classes too (reading included).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from ejournal_sheets.demo import build_demo
from ejournal_sheets.flows.common import read_inputs
from ejournal_sheets.flows.period import choose_period, previous_period
from ejournal_sheets.school import settle_worker
from ejournal_sheets.statements.inputs import StatementInputs
from ejournal_sheets.statements.registry import STATEMENTS
from ejournal_sheets.workspace import open_workspace


def statement_inputs(root: Path, today: date) -> StatementInputs:
    workspace = open_workspace(root)
    inputs = read_inputs(workspace, today)
    year = workspace.settings.year
    period = choose_period(year, today, None)
    return StatementInputs(inputs.class_, inputs.journal, workspace.settings, period,
                           previous_period(year, period), today)


def write_all(inputs: StatementInputs, folder: Path) -> int:
    return len([spec.write(folder, inputs) for spec in STATEMENTS])


PREPARED: list[tuple[StatementInputs, Path]] = []  # read by the parent, inherited by fork


def fresh(inputs: StatementInputs) -> StatementInputs:
    """The same inputs with nothing derived yet (no register, no forecast cached)."""
    return StatementInputs(inputs.class_, inputs.journal, inputs.settings, inputs.period,
                           inputs.previous, inputs.today)


def prepared_class(number: int) -> int:
    """Write the statements of a class the parent read before forking (b)."""
    inputs, root = PREPARED[number]
    return write_all(fresh(inputs), root / "output" / "Ведомости")


def one_class(root: Path, today: date) -> int:
    """Read a class and write its seven statements (the parallel run measures both)."""
    return write_all(statement_inputs(root, today), root / "output" / "Ведомости")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classes", type=int, default=40)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 12, 26))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        roots = [Path(folder) / f"class{n:02d}" for n in range(args.classes)]
        for n, root in enumerate(roots):
            build_demo(root, args.date, seed=n)
        write_all(statement_inputs(roots[0], args.date), Path(folder) / "warm")  # imports
        settle_worker()  # the collector set up as in a school run's worker process
        elapsed, files = 0.0, 0
        for root in roots:  # as a real run: one class read (not timed), then its statements
            inputs = statement_inputs(root, args.date)
            started = time.perf_counter()
            files += write_all(inputs, root / "output" / "Ведомости")
            elapsed += time.perf_counter() - started
        print(f"(a) {files} statements computed and written in {elapsed:.2f} s "
              f"({elapsed / files * 1000:.1f} ms each), one process, one class at a time")
        prepared = [statement_inputs(root, args.date) for root in roots]
        # The parent holds all 40 classes for the workers; a real run holds one class at a
        # time. Frozen, they stay out of the cyclic collector's scans, as one class's would.
        gc.freeze()
        PREPARED[:] = list(zip(prepared, roots, strict=True))
        started = time.perf_counter()
        with ProcessPoolExecutor(args.jobs,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            files = sum(pool.map(prepared_class, range(len(roots)), chunksize=4))
        print(f"(b) {args.jobs} processes, inputs read before: {files} statements in "
              f"{time.perf_counter() - started:.2f} s (process start included)")
        started = time.perf_counter()
        with ProcessPoolExecutor(args.jobs) as pool:
            files = sum(pool.map(one_class, roots, [args.date] * len(roots), chunksize=4))
        print(f"(c) {args.jobs} processes, reading included: {files} statements in "
              f"{time.perf_counter() - started:.2f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
