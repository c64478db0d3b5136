"""PDF through LibreOffice headless: an isolated profile, batches of at most 200 files, and every
PDF counted — LibreOffice converts only ≈246 of 300 files given in one call and still succeeds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.safe_io import write_atomic

BATCH = 200
PDF_UNAVAILABLE = Code(
    "pdf-unavailable", Severity.WARNING, "PDF не создан: нет LibreOffice",
    "LibreOffice не установлен: PDF не создан; docx готовы к печати.",
    "Чтобы получать PDF, установите LibreOffice (ru.libreoffice.org) и запустите команду ещё раз.")
PDF_MISSING = Code(
    "pdf-missing", Severity.ERROR, "PDF не создан",
    "PDF для {name} не создан: LibreOffice его не преобразовал{reason}.",
    "Файл {name} готов к печати; PDF можно сохранить из Word или LibreOffice "
    "(Файл → Экспорт в PDF) или запустить команду ещё раз.")
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
)


def find_soffice() -> str | None:
    """LibreOffice's `soffice` on PATH or in its usual install folder, else None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _KNOWN_PLACES if Path(place).is_file()), None)


def to_pdf(paths: Sequence[Path], folder: Path, *, batch: int = BATCH,
           soffice: str | None = None, timeout: float | None = None,
           ) -> tuple[list[Path], list[Problem]]:
    """A PDF of each docx in `folder`; each one LibreOffice did not make is a problem."""
    if not paths:
        return [], []
    program = soffice or find_soffice()
    if program is None:
        return [], [PDF_UNAVAILABLE(Location(folder))]
    if len({path.stem for path in paths}) != len(paths):
        raise ValueError("у файлов для PDF совпадают имена: PDF перезаписали бы друг друга")
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="ejournal-pdf-") as work:
        profile = Path(work) / "profile"  # never the teacher's own LibreOffice profile
        for number, start in enumerate(range(0, len(paths), max(1, batch))):
            chunk = list(paths[start:start + max(1, batch)])
            outdir = Path(work) / f"batch{number}"
            limit = timeout if timeout is not None else 120.0 + 5.0 * len(chunk)
            finished = _convert(program, profile, chunk, outdir, limit)
            reason = "" if finished else f" за {limit:.0f} с"
            for path in chunk:
                produced = outdir / f"{path.stem}.pdf"
                if _is_pdf(produced):
                    made.append(_move(produced, folder / produced.name, path))
                else:
                    problems.append(PDF_MISSING(Location(path), name=path.name, reason=reason))
    return made, problems


def _convert(program: str, profile: Path, chunk: list[Path], outdir: Path, limit: float) -> bool:
    """One soffice call; False when it ran out of time (it is killed with its children)."""
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--nologo",
               "--nodefault", "--norestore", "--nolockcheck", "--convert-to", "pdf",
               "--outdir", str(outdir), *(str(path.absolute()) for path in chunk)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=os.name != "nt")
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(process)
        return False
    return True


def _kill(process: subprocess.Popen[bytes]) -> None:
    """soffice is a launcher: kill its whole process group, not only the launcher."""
    try:
        if os.name == "nt":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(5) == b"%PDF-"
    except OSError:
        return False


def _move(produced: Path, target: Path, source: Path) -> Path:
    """Copy the finished PDF into place atomically (the work folder may be on another disk)."""
    return write_atomic(target, lambda temp: shutil.copyfile(produced, temp), [source])
