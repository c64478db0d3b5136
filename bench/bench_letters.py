"""Benchmark: 1,200 information letters (40 classes × 30) and the combined print file.

Run: .venv/bin/python bench/bench_letters.py [--letters 1200] [--plain 1200] [--compose 100]

Measured three ways on the same contexts (the demo classes' real information letters,
repeated across 40 classes; building the classes and their contexts is not measured):

1. the fast path — the template compiled once, only word/document.xml rendered per letter,
   the combined file built in one pass (`render_batch`): 1,200 docx + the print file;
2. plain docxtpl, one DocxTemplate rendered and saved per letter (same sandbox);
3. plain docxtpl + docxcompose for the print file. docxcompose is quadratic in the number
   of letters (each append renumbers what is already there), so it is measured on
   `--compose` letters at two sizes, fitted to a·n + b·n² and extrapolated to 1,200 — the
   printout says so.

docxcompose is not a dependency and must NOT go into the project's venv: docxtpl imports it
when it is importable, and on import it rebinds python-docx's «cp» namespace prefix, which
changes how documents are saved (the committed templates stop matching their generator).
Install it aside and the bench puts that folder on sys.path only for its own stage:

    .venv/bin/pip install --no-deps --target /tmp/ejournal-docxcompose docxcompose babel

Target (DESIGN §11): fast path < 3 s; ratios ≥ 10× against (2) and ≥ 50× against (3).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import resource
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from ejournal_sheets.demo import build_demo
from ejournal_sheets.flows.common import read_inputs
from ejournal_sheets.letters import load_template, render_batch, render_letters
from ejournal_sheets.letters.context import info_letters, letter_inputs
from ejournal_sheets.letters.render import LetterTemplate, render_docxtpl
from ejournal_sheets.letters.templates import template_path
from ejournal_sheets.workspace import open_workspace

Context = Mapping[str, object]
SIDE_FOLDER = Path(tempfile.gettempdir()) / "ejournal-docxcompose"


def demo_contexts(folder: Path, classes: int, today: date) -> list[Context]:
    """Information letters of `classes` demo classes (different seeds)."""
    found: list[Context] = []
    for seed in range(classes):
        root = folder / f"class{seed:02d}"
        build_demo(root, today, seed=seed)
        workspace = open_workspace(root)
        inputs = read_inputs(workspace, today)
        letter_in = letter_inputs(inputs.class_, inputs.journal, workspace.settings, today)
        found += [letter.context for letter in info_letters(letter_in)]
    return found


def repeated(contexts: Sequence[Context], count: int) -> list[Context]:
    return [contexts[n % len(contexts)] for n in range(count)]


def names(count: int) -> list[str]:
    return [f"{n // 30 + 1:02d}_{n % 30 + 1:02d}_Ученик.docx" for n in range(count)]


def fast(template: LetterTemplate, contexts: Sequence[Context], folder: Path) -> float:
    started = time.perf_counter()
    render_batch(template, contexts, folder, names(len(contexts)), folder / "все.docx")
    return time.perf_counter() - started


def fast_letters_only(template: LetterTemplate, contexts: Sequence[Context],
                      folder: Path) -> float:
    started = time.perf_counter()
    render_letters(template, contexts, folder, names(len(contexts)))
    return time.perf_counter() - started


def plain(template: LetterTemplate, contexts: Sequence[Context], folder: Path) -> float:
    """docxtpl from scratch for every letter, each saved to its file."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for name, context in zip(names(len(contexts)), contexts, strict=True):
        (folder / name).write_bytes(render_docxtpl(template, context))
    return time.perf_counter() - started


def compose(documents: Sequence[bytes], target: Path) -> float:
    """docxcompose: append every rendered letter after a page break (the usual recipe)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docxcompose.composer import Composer

    started = time.perf_counter()
    master = Document(io.BytesIO(documents[0]))
    composer = Composer(master)
    for data in documents[1:]:
        master.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        composer.append(Document(io.BytesIO(data)))
    composer.save(str(target))
    return time.perf_counter() - started


def use_docxcompose(folder: Path) -> bool:
    """Make docxcompose importable from its side folder (after the other measurements)."""
    if importlib.util.find_spec("docxcompose") is None and folder.is_dir():
        sys.path.append(str(folder))
    return importlib.util.find_spec("docxcompose") is not None


def fitted(sizes: Sequence[int], times: Sequence[float], n: int) -> float:
    """Least squares a·n + b·n² (no constant) through the measurements, evaluated at n."""
    s2 = sum(x * x for x in sizes)
    s3 = sum(x ** 3 for x in sizes)
    s4 = sum(x ** 4 for x in sizes)
    t1 = sum(x * t for x, t in zip(sizes, times, strict=True))
    t2 = sum(x * x * t for x, t in zip(sizes, times, strict=True))
    b = (t2 * s2 - t1 * s3) / (s4 * s2 - s3 * s3)
    a = (t1 - b * s3) / s2
    return max(a, 0.0) * n + max(b, 0.0) * n * n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=1200)
    parser.add_argument("--classes", type=int, default=3, help="distinct demo classes built")
    parser.add_argument("--plain", type=int, default=1200, help="letters for plain docxtpl")
    parser.add_argument("--compose", type=int, default=100, help="letters for docxcompose")
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 28))
    parser.add_argument("--docxcompose", type=Path, default=SIDE_FOLDER,
                        help="folder docxcompose is installed in (pip install --target)")
    args = parser.parse_args()
    template = load_template(template_path("info"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        contexts = repeated(demo_contexts(folder, args.classes, args.date), args.letters)
        fast(template, contexts[:30], folder / "warm")  # imports and caches, not measured
        fast_time = fast(template, contexts, folder / "fast")
        letters_time = fast_letters_only(template, contexts, folder / "fast_letters")
        combined = (folder / "fast" / "все.docx").stat().st_size
        print(f"Писем: {len(contexts)} (контекстов демо-классов: {args.classes}, повторены).")
        print(f"Быстрый путь: {len(contexts)} docx + общий файл ({combined / 1e6:.1f} МБ) — "
              f"{fast_time:.2f} с; только письма — {letters_time:.2f} с "
              f"({letters_time / len(contexts) * 1000:.2f} мс на письмо).")
        plain_count = min(args.plain, len(contexts))
        plain_time = plain(template, contexts[:plain_count], folder / "plain")
        plain_full = plain_time * len(contexts) / plain_count
        measured = "" if plain_count == len(contexts) else \
            f" (измерено на {plain_count}, пересчитано линейно)"
        print(f"docxtpl, каждое письмо заново: {plain_full:.1f} с{measured} — "
              f"{plain_time / plain_count * 1000:.1f} мс на письмо.")
        print(f"  Ускорение: {plain_full / letters_time:.0f}× (письма к письмам), "
              f"{plain_full / fast_time:.0f}× (против быстрого пути с общим файлом).")
        if args.compose < 1:
            print("docxcompose: --compose 0, сравнение пропущено.")
            return
        if not use_docxcompose(args.docxcompose):
            print(f"docxcompose не найден в {args.docxcompose}: pip install --no-deps --target "
                  f"{args.docxcompose} docxcompose babel — сравнение пропущено.")
            return
        sizes = (max(2, args.compose // 2), args.compose, 2 * args.compose)
        documents = [render_docxtpl(template, c) for c in contexts[:sizes[-1]]]
        times = [compose(documents[:size], folder / f"composed{size}.docx") for size in sizes]
        composed = fitted(sizes, times, len(contexts))
        measured_text = ", ".join(f"{size} — {took:.1f} с" for size, took in zip(sizes, times,
                                                                                   strict=True))
        print(f"docxcompose (только сборка общего файла): {measured_text}; рост квадратичный, "
              f"для {len(contexts)} по a·n + b·n² ≈ {composed:.0f} с (экстраполяция по "
              "трём замерам, не измерение).")
        total = plain_full + composed
        print(f"docxtpl + docxcompose для {len(contexts)} писем и общего файла ≈ {total:.0f} с; "
              f"ускорение быстрого пути ≈ {total / fast_time:.0f}×.")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Пиковая память процесса: {peak:.0f} МБ.")


if __name__ == "__main__":
    main()
