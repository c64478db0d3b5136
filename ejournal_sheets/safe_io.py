"""Atomic output: write to a temp file in the same folder, then os.replace; inputs never touched."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ejournal_sheets.errors import OutputError


def _same_file(target: os.stat_result, source: Path) -> bool:
    try:
        return os.path.samestat(target, os.stat(source))
    except OSError:
        return False


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """Raise when an output path is one of the inputs (the teacher's files are never written).

    Only an existing file can be damaged: the target is compared by its device and inode
    (links and other spellings of the path included), or by its absolute path.
    """
    try:
        found: os.stat_result | None = os.stat(target)
    except OSError:
        found = None
    name = os.path.abspath(target)
    for source in inputs:
        if os.path.abspath(source) == name or (found is not None and _same_file(found, source)):
            raise OutputError(
                f"Отказ: файл результата {target} совпадает с исходным файлом.",
                "Укажите другую папку для результатов — исходные файлы не перезаписываются.",
            )


@contextlib.contextmanager
def atomic_path(target: Path, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield a temp path beside `target`; on success it replaces `target` in one step."""
    target = Path(target)
    refuse_inputs(target, inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}",
                                dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        # mkstemp makes 0600 files; outputs are ordinary documents others may open.
        temp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        _replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_atomic(
    target: Path, write: Callable[[Path], object], inputs: Iterable[Path] = ()
) -> Path:
    """Call `write(temp_path)` and move the result over `target` atomically."""
    with atomic_path(target, inputs) as temp:
        write(temp)
    return target


def write_bytes_atomic(target: Path, data: bytes, inputs: Iterable[Path] = ()) -> Path:
    return write_atomic(target, lambda temp: temp.write_bytes(data), inputs)


def write_text_atomic(target: Path, text: str, inputs: Iterable[Path] = ()) -> Path:
    return write_atomic(target, lambda temp: temp.write_text(text, encoding="utf-8"), inputs)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _replace(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
    except PermissionError as exc:
        raise OutputError(
            f"Не удалось записать {target.name}: файл занят другой программой.",
            "Закройте файл в Excel или LibreOffice и запустите команду ещё раз.",
        ) from exc
    except OSError as exc:
        raise OutputError(
            f"Не удалось записать {target}: {exc.strerror or exc}.",
            "Проверьте, что есть место на диске и права на запись в папку.",
        ) from exc
