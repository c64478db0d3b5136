"""Benchmark: read and check the class workbooks of a whole school (40 classes × 27 students).

Run: .venv/bin/python bench/bench_check.py [--classes 40]
Prints the time to build the synthetic school (not measured) and to check every class.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from ejournal_sheets.demo.build import build_demo
from ejournal_sheets.flows.check import check_class
from ejournal_sheets.workspace import open_workspace

TODAY = date(2026, 11, 27)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classes", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        roots = [Path(folder) / f"class{n:02d}" for n in range(args.classes)]
        for n, root in enumerate(roots):
            build_demo(root, TODAY, seed=n)
        started = time.perf_counter()
        problems = 0
        for root in roots:
            result = check_class(open_workspace(root), TODAY)
            problems += len(result.report.problems)
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"classes: {args.classes}, problems: {problems}")
    print(f"check (read + validate + Замечания.xlsx): {elapsed:.2f} s total, "
          f"{elapsed / args.classes * 1000:.0f} ms per class; peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
