"""Benchmark: read a school's journal exports (40 classes × 15+ subjects, one quarter) and
reconcile them with the class workbooks.

Run: .venv/bin/python bench/bench_journal.py [--classes 40] [--date 2026-12-26] [--jobs 2]
Building the synthetic school is not measured; reading and reconciling are: first class by
class in one process, then with the classes spread over `--jobs` processes (the machine's
two cores), wall-clock time.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from ejournal_sheets.dates import school_week
from ejournal_sheets.demo import build_demo
from ejournal_sheets.journal.reader import read_journal
from ejournal_sheets.reconcile import compare_roster, reconcile_attendance
from ejournal_sheets.workbook import read_class
from ejournal_sheets.workspace import open_workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classes", type=int, default=40)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 12, 26))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        roots = [Path(folder) / f"class{n:02d}" for n in range(args.classes)]
        started = time.perf_counter()
        for n, root in enumerate(roots):
            build_demo(root, args.date, seed=n)
        print(f"built {args.classes} classes in {time.perf_counter() - started:.1f} s "
              "(not measured)")
        measure(roots, args.date)
        started = time.perf_counter()
        with ProcessPoolExecutor(args.jobs) as pool:
            counts = list(pool.map(one_class, roots, [args.date] * len(roots), chunksize=4))
        print(f"{args.jobs} processes: read + reconcile {len(counts)} classes in "
              f"{time.perf_counter() - started:.2f} s wall-clock "
              f"({sum(counts)} findings)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


def one_class(root: Path, today: date) -> int:
    """Read one class's workbook and exports and reconcile them; the number of findings."""
    workspace = open_workspace(root)
    class_, _ = read_class(workspace.workbook)
    journal, _ = read_journal(workspace.journal_dir, workspace.settings)
    mismatches, _ = compare_roster(class_, journal, today)
    return len(reconcile_attendance(class_, journal, school_week(today))) + len(mismatches)


def measure(roots: list[Path], today: date) -> None:
    span = school_week(today)
    read = reconcile = 0.0
    cells = lessons = findings = files = 0
    for root in roots:
        workspace = open_workspace(root)
        class_, _ = read_class(workspace.workbook)
        started = time.perf_counter()
        journal, _ = read_journal(workspace.journal_dir, workspace.settings)
        middle = time.perf_counter()
        mismatches, _ = compare_roster(class_, journal, today)
        found = reconcile_attendance(class_, journal, span)
        reconcile += time.perf_counter() - middle
        read += middle - started
        cells += len(journal.cells)
        lessons += len(journal.lessons)
        files += len(journal.files)
        findings += len(found) + len(mismatches)
    print(f"files {files}, lessons {lessons}, non-empty lesson cells {cells}, "
          f"findings {findings}")
    print(f"read journal exports: {read:.2f} s; reconcile: {reconcile:.2f} s; "
          f"total {read + reconcile:.2f} s")


if __name__ == "__main__":
    main()
