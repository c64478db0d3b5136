"""What an input file really is, and whether it is safe to parse (BAD_INPUTS.md «Files»).

Every reader calls `require_kind` (or `open_xlsx`) before handing a file to a parser: the kind is
told from the first bytes and the zip member names, never from the extension; zips are bounded
from their central directory before anything is inflated; XML declaring a DTD is refused.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import olefile
from defusedxml import DefusedXmlException

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

from ejournal_sheets.errors import FileRejected
from ejournal_sheets.problems import Code, Severity


class FileKind(StrEnum):
    """What a file really is, whatever its name says."""

    XLSX = "xlsx"
    DOCX = "docx"
    ODS = "ods"
    ZIP = "zip"
    ENCRYPTED = "encrypted"
    XLS = "xls"
    DOC = "doc"
    OLE = "ole"
    SPREADSHEETML = "spreadsheetml"
    HTML = "html"
    CSV = "csv"
    PDF = "pdf"
    EMPTY = "empty"
    UNKNOWN = "unknown"


_E, _W = Severity.ERROR, Severity.WARNING
_SAVE_AS_XLSX = ("Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)» "
                 "(Файл → Сохранить как).")

FILE_MISSING = Code(
    "file-missing", _E, "Файл не найден",
    "Файл не найден: {name}.",
    "Проверьте путь {file_path}: нет ли опечатки в имени и не перемещён ли файл.")
FILE_DIRECTORY = Code(
    "file-directory", _E, "Папка вместо файла",
    "Вместо файла указана папка {name}.",
    "Укажите сам файл, который лежит в этой папке.")
FILE_UNREADABLE = Code(
    "file-unreadable", _E, "Файл не читается",
    "Файл {name} не удаётся прочитать: нет доступа.",
    "Проверьте права на чтение файла и закройте программу, которая его заблокировала.")
FILE_EMPTY = Code(
    "file-empty", _E, "Пустой файл",
    "Файл {name} пустой.",
    "Сохраните его ещё раз из Excel или заново выгрузите из электронного журнала.")
FILE_TRUNCATED = Code(
    "file-truncated", _E, "Файл записан не до конца",
    "Файл {name} повреждён или записан не до конца.",
    "Скопируйте или выгрузите файл заново; если он открывается в Excel, сохраните его там ещё раз.")
FILE_RENAMED_CSV = Code(
    "file-renamed-csv", _E, "Текст CSV вместо книги Excel",
    "Файл {name} на самом деле текст CSV, а не книга Excel.",
    _SAVE_AS_XLSX)
FILE_LEGACY_XLS = Code(
    "file-legacy-xls", _E, "Старый формат Excel (.xls)",
    "Файл {name} сохранён в старом формате Excel 97–2003 (.xls), а нужна книга .xlsx.",
    _SAVE_AS_XLSX)
FILE_ODS = Code(
    "file-ods", _E, "Таблица LibreOffice (.ods)",
    "Файл {name} — таблица LibreOffice (.ods), а не книга Excel.",
    "Откройте его в LibreOffice Calc и сохраните как «Книга Excel 2007–365 (.xlsx)» "
    "(Файл → Сохранить как).")
FILE_ENCRYPTED = Code(
    "file-encrypted", _E, "Файл защищён паролем",
    "Файл {name} защищён паролем.",
    "Снимите пароль в Excel: Файл → Сведения → Защитить книгу → Зашифровать с паролем, "
    "очистите поле пароля, нажмите ОК и сохраните книгу.")
FILE_HTML = Code(
    "file-html", _E, "Веб-страница вместо книги Excel",
    "Файл {name} — веб-страница с таблицей (HTML), а не книга Excel.",
    _SAVE_AS_XLSX)
FILE_SPREADSHEETML = Code(
    "file-spreadsheetml", _E, "Таблица XML Excel 2003",
    "Файл {name} — таблица в формате XML Excel 2003, а не книга Excel .xlsx.",
    _SAVE_AS_XLSX)
FILE_LOCK = Code(
    "file-lock", _W, "Файл открыт в Excel",
    "Файл {name} — служебная метка, которую Excel создаёт, пока книга открыта.",
    "Укажите саму книгу (имя без «~$» в начале); если Excel уже закрыт, метку можно удалить.")
FILE_TOO_LARGE = Code(
    "file-too-large", _E, "Файл подозрительно большой",
    "Файл {name} подозрительно большой после распаковки, поэтому он не прочитан.",
    "Если файл ваш, откройте его в Excel, удалите лишние пустые строки и листы и сохраните "
    "заново; если он пришёл от незнакомого отправителя, не открывайте его.")
FILE_UNSAFE = Code(
    "file-unsafe", _E, "Файл повреждён или небезопасен",
    "Файл {name} повреждён или небезопасен, поэтому он не прочитан.",
    "Откройте его в Excel и сохраните заново; если файл пришёл от незнакомого отправителя, "
    "не открывайте его.")
FILE_DAMAGED = Code(
    "file-damaged", _E, "Файл повреждён",
    "Файл {name} повреждён, и прочитать его не удалось.",
    "Откройте его в Excel: если откроется — сохраните как «Книга Excel (*.xlsx)» и повторите; "
    "если нет — выгрузите или скопируйте файл заново.")
FILE_WRONG_TYPE = Code(
    "file-wrong-type", _E, "Файл не того типа",
    "Файл {name} — это {what}, а здесь нужен другой тип файла: {expected}.",
    "Проверьте, тот ли файл указан, и сохраните данные в нужном формате.")

_KIND_NAMES: dict[FileKind, str] = {
    FileKind.XLSX: "книга Excel (.xlsx)",
    FileKind.DOCX: "документ Word (.docx)",
    FileKind.ODS: "таблица LibreOffice (.ods)",
    FileKind.ZIP: "архив ZIP",
    FileKind.ENCRYPTED: "файл, защищённый паролем",
    FileKind.XLS: "книга Excel 97–2003 (.xls)",
    FileKind.DOC: "документ Word 97–2003 (.doc)",
    FileKind.OLE: "документ Microsoft Office неизвестного вида",
    FileKind.SPREADSHEETML: "таблица XML Excel 2003",
    FileKind.HTML: "веб-страница с таблицей (HTML)",
    FileKind.CSV: "текст CSV",
    FileKind.PDF: "документ PDF",
    FileKind.EMPTY: "пустой файл",
    FileKind.UNKNOWN: "файл неизвестного формата",
}
_SPREADSHEETS = frozenset({FileKind.XLSX, FileKind.XLS, FileKind.ODS, FileKind.SPREADSHEETML,
                           FileKind.HTML, FileKind.CSV})
# Spreadsheets in a format other than the one asked for: a code whose hint says how to convert.
_CONVERTIBLE: dict[FileKind, Code] = {
    FileKind.CSV: FILE_RENAMED_CSV,
    FileKind.XLS: FILE_LEGACY_XLS,
    FileKind.ODS: FILE_ODS,
    FileKind.HTML: FILE_HTML,
    FileKind.SPREADSHEETML: FILE_SPREADSHEETML,
}
_ZIP_KINDS = frozenset({FileKind.XLSX, FileKind.DOCX, FileKind.ODS, FileKind.ZIP})
_XML_PACKAGES = frozenset({FileKind.XLSX, FileKind.DOCX, FileKind.ODS})

_MB = 1024 * 1024
HEAD_SIZE = 8192
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_SPREADSHEETML_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<style",
                "<table", "<div", "<font", "<link", "<script")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_CSV_SEPARATORS = (";", "\t", ",")
_CSV_ENCODINGS = ("utf-8", "cp1251")
_CSV_LINES = 5
# Reading a legacy workbook stream to look for its password record loads the whole stream.
_LEGACY_SCAN_LIMIT = 64 * _MB
_FIRST_LOOK = 4096
_PROLOG_LIMIT = 64 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError)
_EOCD = struct.Struct("<4s4H2LH")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature … file name length, extra length
_READ_CHUNK = 16 * 1024
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


@dataclass(frozen=True)
class ZipLimits:
    """What a zip may declare in its central directory before anything is inflated."""

    max_total: int = 256 * _MB
    max_member: int = 200 * _MB
    max_members: int = 10_000
    ratio_floor: int = 1 * _MB  # the compression ratio is checked above this member size
    max_ratio: int = 100


DEFAULT_LIMITS = ZipLimits()


@dataclass(frozen=True)
class _Sniffed:
    kind: FileKind
    broken: bool = False  # the zip or OLE2 container is cut off or damaged


def rejection(
    code: Code, path: Path, *, severity: Severity | None = None, **values: object
) -> FileRejected:
    """A FileRejected for `path` with {name} and {file_path} filled in."""
    return FileRejected(code, path, severity=severity, name=path.name, file_path=str(path),
                        **values)


def is_lock_file(path: Path) -> bool:
    """True for Excel's `~$name.xlsx` and LibreOffice's `.~lock.name#` lock files."""
    name = path.name
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def sniff(path: Path) -> FileKind:
    """What the file really is, from its first bytes and zip member names; OSError if unreadable."""
    return _sniff(path).kind


def require_kind(path: Path, allowed: frozenset[FileKind]) -> FileKind:
    """The file's kind, or FileRejected when it is missing, empty, a lock, unsafe or not allowed."""
    _require_regular_file(path)
    if is_lock_file(path):
        raise rejection(FILE_LOCK, path)
    try:
        sniffed = _sniff(path)
    except OSError as exc:
        raise rejection(FILE_UNREADABLE, path) from exc
    if sniffed.kind is FileKind.EMPTY:
        raise rejection(FILE_EMPTY, path)
    if sniffed.broken:
        raise rejection(FILE_TRUNCATED if sniffed.kind is FileKind.ZIP else FILE_DAMAGED, path)
    if sniffed.kind not in _ZIP_KINDS:
        if sniffed.kind not in allowed:
            raise _wrong_kind(path, sniffed.kind, allowed)
        return sniffed.kind
    with _checked_zip(path) as archive:
        if sniffed.kind not in allowed:
            raise _wrong_kind(path, sniffed.kind, allowed)
        if sniffed.kind in _XML_PACKAGES:
            _check_prologs(path, archive)
    return sniffed.kind


def check_zip(path: Path, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip whose central directory declares too many, too big or too packed members."""
    with _checked_zip(path, limits):
        pass


@contextlib.contextmanager
def _checked_zip(path: Path, limits: ZipLimits = DEFAULT_LIMITS) -> Iterator[zipfile.ZipFile]:
    """The zip opened once, after its central directory passed the limits (nothing inflated)."""
    try:
        members = _declared_members(path)
        if members is not None and members > limits.max_members:
            raise rejection(FILE_TOO_LARGE, path)
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise rejection(FILE_TRUNCATED, path) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members or _too_big(infos, limits):
            raise rejection(FILE_TOO_LARGE, path)
        yield archive


def _check_prologs(path: Path, archive: zipfile.ZipFile) -> None:
    try:
        with path.open("rb") as handle:
            unsafe = any(_declares_dtd(archive, handle, info) for info in archive.infolist()
                         if info.filename.lower().endswith(_XML_SUFFIXES))
    except (*_ZIP_ERRORS, zlib.error, RuntimeError, NotImplementedError) as exc:
        raise rejection(FILE_DAMAGED, path) from exc
    if unsafe:
        raise rejection(FILE_UNSAFE, path)


def open_xlsx(path: Path, *, data_only: bool = False) -> Workbook:
    """A checked xlsx opened by openpyxl in full mode (merged cells, hidden rows), read-only."""
    import openpyxl  # only a workbook with formulas, errors or hidden rows needs it

    require_kind(path, frozenset({FileKind.XLSX}))
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise rejection(FILE_UNREADABLE, path) from exc
    with handle, warnings.catch_warnings():
        # openpyxl warns in English about features it drops on reading; they mean nothing here.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            return openpyxl.load_workbook(handle, data_only=data_only, read_only=False)
        except Exception as exc:  # openpyxl, lxml, zipfile, zlib: a dozen types on bad input
            raise rejection(FILE_UNSAFE if _defused(exc) else FILE_DAMAGED, path) from exc


def _defused(exc: BaseException | None) -> bool:
    """True when defusedxml refused the XML (openpyxl re-raises it wrapped in a ValueError)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DefusedXmlException):  # DTDForbidden, EntitiesForbidden, External…
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _require_regular_file(path: Path) -> None:
    try:
        exists, is_dir, is_file = path.exists(), path.is_dir(), path.is_file()
    except OSError as exc:
        raise rejection(FILE_UNREADABLE, path) from exc
    if not exists:
        raise rejection(FILE_MISSING, path)
    if is_dir:
        raise rejection(FILE_DIRECTORY, path)
    if not is_file:  # a pipe or a device: reading it could block forever
        raise rejection(FILE_UNREADABLE, path)


def _wrong_kind(path: Path, kind: FileKind, allowed: frozenset[FileKind]) -> FileRejected:
    if kind is FileKind.ENCRYPTED:
        return rejection(FILE_ENCRYPTED, path)
    if kind in _CONVERTIBLE and allowed & _SPREADSHEETS:
        return rejection(_CONVERTIBLE[kind], path)
    names = [_KIND_NAMES[k] for k in FileKind if k in allowed]
    expected = " или ".join(names) if len(names) < 3 else ", ".join(names)
    return rejection(FILE_WRONG_TYPE, path, what=_KIND_NAMES[kind], expected=expected)


def _sniff(path: Path) -> _Sniffed:
    with path.open("rb") as handle:
        head = handle.read(HEAD_SIZE)
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if b"%PDF-" in head[:1024]:
        return _Sniffed(FileKind.PDF)
    return _Sniffed(_text_kind(head, complete=len(head) < HEAD_SIZE))


def _sniff_zip(path: Path) -> _Sniffed:
    try:
        members = _declared_members(path)
        if members is None:
            return _Sniffed(FileKind.ZIP, broken=True)
        if members > DEFAULT_LIMITS.max_members:  # not listed here: check_zip refuses it
            return _Sniffed(FileKind.ZIP)
        with zipfile.ZipFile(path) as archive:
            return _Sniffed(_zip_kind(archive))
    except _ZIP_ERRORS:
        return _Sniffed(FileKind.ZIP, broken=True)


def _zip_kind(archive: zipfile.ZipFile) -> FileKind:
    names = {name.lower() for name in archive.namelist()}
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "word/document.xml" in names:
        return FileKind.DOCX
    if _zip_mimetype(archive).startswith(_ODS_MIME):
        return FileKind.ODS
    return FileKind.ZIP


def _zip_mimetype(archive: zipfile.ZipFile) -> str:
    try:
        info = archive.getinfo("mimetype")
        if info.file_size > 200:
            return ""
        return archive.read(info).decode("ascii", "replace").strip()
    except (KeyError, zlib.error, RuntimeError, NotImplementedError, *_ZIP_ERRORS):
        return ""


def _sniff_ole(path: Path) -> _Sniffed:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return _Sniffed(_ole_kind(ole, path))
    except Exception:  # olefile raises OSError, ValueError, IndexError… on a damaged container
        return _Sniffed(FileKind.OLE, broken=True)


def _ole_kind(ole: olefile.OleFileIO, path: Path) -> FileKind:
    if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
        return FileKind.ENCRYPTED
    if ole.exists("Workbook") or ole.exists("Book"):
        return FileKind.ENCRYPTED if _legacy_encrypted(ole, path) else FileKind.XLS
    if ole.exists("WordDocument"):
        return FileKind.DOC
    return FileKind.OLE


def _legacy_encrypted(ole: olefile.OleFileIO, path: Path) -> bool:
    """True when an Excel 97–2003 workbook carries a password (FILEPASS) record."""
    if not ole.exists("Workbook") or ole.get_size("Workbook") > _LEGACY_SCAN_LIMIT:
        return False
    import msoffcrypto  # imports `cryptography`: only paid for legacy workbooks

    try:
        with path.open("rb") as handle:
            return bool(msoffcrypto.OfficeFile(handle).is_encrypted())
    except Exception:  # a stream msoffcrypto cannot parse is left to the xls reader
        return False


def _text_kind(head: bytes, *, complete: bool) -> FileKind:
    text, encoding = _decode_head(head, complete=complete)
    if text is None or not _is_textual(text):
        return FileKind.UNKNOWN
    if not text.strip(" \t\r\n\ufeff"):
        return FileKind.EMPTY if complete else FileKind.UNKNOWN
    markup = _skip_prolog(text.lstrip(" \t\r\n\ufeff").lower())
    if markup.startswith(_HTML_STARTS):
        return FileKind.HTML
    if markup.startswith("<"):
        return FileKind.SPREADSHEETML if _SPREADSHEETML_NS in text.lower() else FileKind.UNKNOWN
    # CSV readers take UTF-8 (with or without BOM) and cp1251; UTF-16 text is not CSV to them.
    csv = encoding in _CSV_ENCODINGS and _is_csv(text, complete=complete)
    return FileKind.CSV if csv else FileKind.UNKNOWN


def _decode_head(head: bytes, *, complete: bool) -> tuple[str | None, str]:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return _decode(head[len(bom):], encoding, complete=complete), encoding
    text = _decode(head, "utf-8", complete=complete)
    if text is not None:
        return text, "utf-8"
    return _decode(head, "cp1251", complete=complete), "cp1251"


def _decode(data: bytes, encoding: str, *, complete: bool) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if complete or exc.start < len(data) - 4:
            return None
        return data[: exc.start].decode(encoding)  # a character cut at the end of the head


def _is_textual(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\x1a")
    return "\x00" not in text and controls * 100 <= len(text)


def _skip_prolog(text: str) -> str:
    """Text after a leading XML declaration, processing instructions and comments."""
    while text.startswith(("<?", "<!--")):
        close = "?>" if text.startswith("<?") else "-->"
        end = text.find(close)
        if end < 0:
            return ""
        text = text[end + len(close):].lstrip(" \t\r\n")
    return text


def _is_csv(text: str, *, complete: bool) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in the middle
    lines = lines[:_CSV_LINES]
    return any(_separates(separator, lines) for separator in _CSV_SEPARATORS)


def _separates(separator: str, lines: list[str]) -> bool:
    """True when `separator` occurs on at least half of the first lines (title lines allowed)."""
    hits = sum(separator in line for line in lines)
    return hits > 0 and hits * 2 >= len(lines)


def _declared_members(path: Path) -> int | None:
    """Member count from the end-of-central-directory record, read before zipfile lists them."""
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - _EOCD.size - 0xFFFF))
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < _EOCD.size:
            return None
        total: int = _EOCD.unpack_from(tail, at)[4]
        if total != 0xFFFF or at < _ZIP64_LOCATOR.size:
            return total
        signature, _, offset, _ = _ZIP64_LOCATOR.unpack_from(tail, at - _ZIP64_LOCATOR.size)
        if signature != b"PK\x06\x07":
            return total
        handle.seek(offset)
        record = handle.read(_ZIP64_EOCD.size)
    if len(record) < _ZIP64_EOCD.size or not record.startswith(b"PK\x06\x06"):
        return None
    members: int = _ZIP64_EOCD.unpack(record)[7]
    return members


def _too_big(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> bool:
    total = 0
    for info in infos:
        total += info.file_size
        packed = info.file_size > limits.max_ratio * max(info.compress_size, 1)
        if (total > limits.max_total or info.file_size > limits.max_member
                or (info.file_size > limits.ratio_floor and packed)):
            return True
    return False


def _declares_dtd(archive: zipfile.ZipFile, handle: BinaryIO, info: zipfile.ZipInfo) -> bool:
    """Look at the first 4 KB (enough for a real prolog); only an unfinished prolog is read
    further, up to the limit — inflating 64 KB of every part made reading exports slow."""
    for limit in (_FIRST_LOOK, _PROLOG_LIMIT):
        head = _member_head(archive, handle, info, limit)
        text, cut = _xml_text(head), len(head) >= limit
        if _prolog_has_dtd(text, cut=False):
            return True
        if not (cut and _prolog_has_dtd(text, cut=True)):
            return False
    return True


def _member_head(archive: zipfile.ZipFile, handle: BinaryIO, info: zipfile.ZipInfo,
                 limit: int) -> bytes:
    """The member's first `limit` bytes, inflated no further. A stored or deflated member is
    read straight from its local header (a zipfile stream per part made the scan slow);
    others, and encrypted ones, through zipfile (which refuses what it cannot read)."""
    if info.flag_bits & 1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                          zipfile.ZIP_DEFLATED):
        with archive.open(info) as member:
            return member.read(limit)
    handle.seek(info.header_offset)
    local = handle.read(_LOCAL_HEADER.size)
    if len(local) < _LOCAL_HEADER.size or not local.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    name_length, extra_length = _LOCAL_HEADER.unpack(local)[-2:]
    handle.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        return handle.read(min(limit, info.compress_size))
    inflater, head, left = zlib.decompressobj(-zlib.MAX_WBITS), b"", info.compress_size
    while len(head) < limit and left > 0 and not inflater.eof:
        chunk = handle.read(min(_READ_CHUNK, left))
        if not chunk:
            raise zipfile.BadZipFile(f"{info.filename} is cut short")
        left -= len(chunk)
        head += inflater.decompress(chunk, limit - len(head))
    return head


def _xml_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        return head.decode("utf-16-le", "replace").lstrip("\ufeff")
    if head.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        return head.decode("utf-16-be", "replace").lstrip("\ufeff")
    return head.decode("utf-8", "replace").lstrip("\ufeff")


def _prolog_has_dtd(text: str, *, cut: bool) -> bool:
    """True when a `<!DOCTYPE …>` (or any `<!…>` declaration) comes before the root element."""
    position = 0
    while True:
        position = len(text) - len(text[position:].lstrip(" \t\r\n"))
        if text.startswith("<?", position):
            close = "?>"
        elif text.startswith("<!--", position):
            close = "-->"
        else:
            # A real part's prolog is a few hundred bytes; one longer than the limit is refused.
            return text.startswith("<!", position) or (cut and position >= len(text))
        end = text.find(close, position + 2)
        if end < 0:
            return cut
        position = end + len(close)
