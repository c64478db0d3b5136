"""sniff.py: each bad file of BAD_INPUTS.md «Files» gets its own refusal; inputs untouched."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import traceback
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import olefile
import openpyxl
import openpyxl.xml
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from ejournal_sheets import sniff
from ejournal_sheets.errors import FileRejected
from ejournal_sheets.problems import Code, Severity
from ejournal_sheets.sniff import (
    FileKind,
    ZipLimits,
    check_zip,
    is_lock_file,
    open_xlsx,
    rejection,
    require_kind,
)

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]
XLSX_ONLY = frozenset({FileKind.XLSX})
JOURNAL_KINDS = frozenset({FileKind.XLSX, FileKind.XLS, FileKind.HTML, FileKind.CSV})
# Latin words a Russian message may carry: product and format names only.
LATIN_ALLOWED = {"Excel", "LibreOffice", "Calc", "Word", "Microsoft", "Office", "CSV", "HTML",
                 "XML", "PDF", "ZIP", "xlsx", "xls", "ods", "docx", "doc"}
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PATH = "xl/worksheets/sheet1.xml"


# --- builders: every input is made here, in tmp_path ----------------------------------------

def make_xlsx(path: Path) -> Path:
    """A small real class workbook: a merged title, a header, two students, a hidden row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ученики"
    sheet.append(["Список класса 7Б"])
    sheet.merge_cells("A1:C1")
    sheet.append(["№", "Фамилия", "Имя"])
    sheet.append([1, "Иванов", "Пётр"])
    sheet.append([2, "Соколова", "Анна"])
    sheet.row_dimensions[4].hidden = True
    sheet["D3"] = "=A3+1"
    book.save(path)
    return path


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def xlsx_members(tmp_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(make_xlsx(tmp_path / "source.xlsx")) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def xlsx_with_sheet(tmp_path: Path, name: str, sheet_xml: str) -> Path:
    """A valid openpyxl-written xlsx whose first sheet part is replaced by `sheet_xml`."""
    members: dict[str, bytes | str] = {**xlsx_members(tmp_path), SHEET_PATH: sheet_xml}
    return write_zip(tmp_path / name, members)


def sheet_xml(doctype: str, cell_text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}\n'
            f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1">'
            f'<c r="A1" t="inlineStr"><is><t>{cell_text}</t></is></c></row></sheetData>'
            '</worksheet>')


def make_ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    return path


def make_docx(path: Path) -> Path:
    return write_zip(path, {"[Content_Types].xml": "<Types/>",
                            "word/document.xml": "<w:document/>"})


def make_encrypted(path: Path, tmp_path: Path) -> Path:
    plain = make_xlsx(tmp_path / "plain.xlsx")
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("пароль123", target)
    return path


CSV_ROWS = ("№;Фамилия;Имя;Дата рождения\r\n1;Иванов;Пётр;14.03.2013\r\n"
            "2;Соколова;Анна;02.07.2013\r\n")
HTML_TABLE = ("<html><head><meta charset=\"utf-8\"><title>Журнал</title></head><body>"
              "<table><tr><td>№</td><td>Ученик</td></tr><tr><td>1</td><td>Иванов Пётр</td></tr>"
              "</table></body></html>")
SPREADSHEETML = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Ученики"><Table><Row><Cell><Data ss:Type="String">Иванов</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>
"""
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


BUILDERS: dict[str, tuple[Callable[[Path], Path], FileKind]] = {
    "xlsx": (lambda p: make_xlsx(p / "класс.xlsx"), FileKind.XLSX),
    "xlsx-named-xls": (lambda p: make_xlsx(p / "журнал.xls"), FileKind.XLSX),
    "docx": (lambda p: make_docx(p / "шаблон.docx"), FileKind.DOCX),
    "ods": (lambda p: make_ods(p / "класс.xlsx"), FileKind.ODS),
    "zip": (lambda p: write_zip(p / "архив.xlsx", {"readme.txt": "привет"}), FileKind.ZIP),
    "encrypted": (lambda p: make_encrypted(p / "класс.xlsx", p), FileKind.ENCRYPTED),
    "csv-utf8": (lambda p: _write(p / "a.xlsx", CSV_ROWS.encode()), FileKind.CSV),
    "csv-utf8-bom": (lambda p: _write(p / "a.xlsx", b"\xef\xbb\xbf" + CSV_ROWS.encode()),
                     FileKind.CSV),
    "csv-cp1251": (lambda p: _write(p / "a.xlsx", CSV_ROWS.encode("cp1251")), FileKind.CSV),
    "csv-comma-title": (lambda p: _write(p / "a.csv", "Журнал 7Б,,\nФИО,Отметка\nИванов,5\n"
                                         .encode()), FileKind.CSV),
    "tsv": (lambda p: _write(p / "a.txt", CSV_ROWS.replace(";", "\t").encode()), FileKind.CSV),
    "utf16-tabs": (lambda p: _write(p / "a.txt", "\ufeffФИО\tОтметка\nИванов\t5\n"
                                    .encode("utf-16-le")), FileKind.UNKNOWN),
    "html-utf16": (lambda p: _write(p / "журнал.xls", ("\ufeff" + HTML_TABLE)
                                    .encode("utf-16-le")), FileKind.HTML),
    "html": (lambda p: _write(p / "журнал.xls", HTML_TABLE.encode()), FileKind.HTML),
    "html-bom-cp1251": (lambda p: _write(p / "журнал.xls", b"\xef\xbb\xbf \r\n<!DOCTYPE html>"
                                         + HTML_TABLE.encode()), FileKind.HTML),
    "html-table-only": (lambda p: _write(p / "журнал.xls", "\n  <TABLE border=1><tr><td>Иванов"
                                         "</td></tr></TABLE>".encode("cp1251")), FileKind.HTML),
    "html-xhtml": (lambda p: _write(p / "журнал.xls", ('<?xml version="1.0"?>\n<!-- отчёт -->\n'
                                    + HTML_TABLE).encode()), FileKind.HTML),
    "spreadsheetml": (lambda p: _write(p / "журнал.xls", SPREADSHEETML.encode()),
                      FileKind.SPREADSHEETML),
    "pdf": (lambda p: _write(p / "журнал.xlsx", PDF), FileKind.PDF),
    "empty": (lambda p: _write(p / "пусто.xlsx", b""), FileKind.EMPTY),
    "blank": (lambda p: _write(p / "пусто.csv", b"\xef\xbb\xbf  \r\n\r\n"), FileKind.EMPTY),
    "binary": (lambda p: _write(p / "шум.xlsx", bytes(range(256)) * 8), FileKind.UNKNOWN),
    "prose": (lambda p: _write(p / "письмо.txt", "Уважаемые родители\n".encode()),
              FileKind.UNKNOWN),
    "other-xml": (lambda p: _write(p / "данные.xml", b'<?xml version="1.0"?><root a="1,2"/>'),
                  FileKind.UNKNOWN),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- the zip bomb: a real xlsx whose sheet part inflates to 400 MB ---------------------------

def deflate(data: bytes, flush: int = zlib.Z_FINISH) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(flush)


def inflating_part(prefix: bytes, megabytes: int, suffix: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of prefix + `megabytes` MB of spaces + suffix, built without compressing it all.

    After a full flush a deflate stream restarts with an empty window, so the one compressed
    megabyte of spaces can be repeated: 400 MB of XML whitespace cost ≈ 400 KB.
    """
    chunk = b" " * MB
    stream = (deflate(prefix, zlib.Z_FULL_FLUSH) + deflate(chunk, zlib.Z_FULL_FLUSH) * megabytes
              + deflate(suffix))
    crc = zlib.crc32(prefix)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return stream, zlib.crc32(suffix, crc), len(prefix) + megabytes * MB + len(suffix)


def write_raw_zip(path: Path, members: dict[str, tuple[bytes, int, int]]) -> Path:
    """A zip of already deflated members (name → (raw deflate, crc, size)), as Excel writes one."""
    local, central = bytearray(), bytearray()
    for name, (data, crc, size) in members.items():
        encoded = name.encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc,
                               len(data), size, len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size,
                             len(encoded), 0) + encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                      len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def make_bomb(tmp_path: Path, name: str, megabytes: int) -> Path:
    members = {n: (deflate(d), zlib.crc32(d), len(d)) for n, d in xlsx_members(tmp_path).items()}
    prefix = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{SHEET_NS}"><sheetData>'
    members[SHEET_PATH] = inflating_part(prefix.encode(), megabytes,
                                         b"</sheetData></worksheet>")
    return write_raw_zip(tmp_path / name, members)


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_bomb(tmp_path_factory.mktemp("bomb"), "бомба.xlsx", 400)


@pytest.fixture(scope="session")
def legacy_xls(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Path:
    """An Excel 97–2003 workbook converted by LibreOffice from a real xlsx."""
    work = tmp_path_factory.mktemp("legacy")
    source = make_xlsx(work / "журнал.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "xls", "--outdir", str(work / "out"),
                    str(source)], check=True, capture_output=True, timeout=180)
    result = work / "out" / "журнал.xls"
    assert result.is_file()
    return result


# --- assertions -----------------------------------------------------------------------------

def assert_russian(rejected: FileRejected, path: Path) -> None:
    """One Russian sentence naming the file, a Russian hint, no English, no library text."""
    problem = rejected.problem
    assert path.name in problem.message
    assert problem.where.path == path
    assert problem.hint
    for text in (problem.message, problem.hint):
        rest = text.replace(str(path), "").replace(path.name, "")
        assert re.search("[а-яё]", rest, re.IGNORECASE), text
        assert set(re.findall("[A-Za-z]+", rest)) <= LATIN_ALLOWED, text
    assert problem.message.endswith(".") and ". " not in problem.message.replace(path.name, "")


def assert_rejected(
    path: Path, code: str, call: Callable[[Path], object] = open_xlsx
) -> FileRejected:
    """`call(path)` raises FileRejected with `code`, in Russian, and the input is byte-identical."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(FileRejected) as excinfo:
        call(path)
    assert excinfo.value.problem.code == code
    assert_russian(excinfo.value, path)
    if before is not None:
        assert path.read_bytes() == before
    return excinfo.value


def everything_said(rejected: FileRejected) -> str:
    """All the text a user or a log could ever see from this refusal, causes included."""
    return "\n".join([str(rejected), repr(rejected.problem), str(rejected.problem.as_dict()),
                      *traceback.format_exception(rejected)])


def xlsx_only(path: Path) -> FileKind:
    return require_kind(path, XLSX_ONLY)


# --- sniff ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(BUILDERS))
def test_sniff_tells_the_kind_from_content_not_the_name(tmp_path: Path, case: str) -> None:
    build, kind = BUILDERS[case]
    path = build(tmp_path)
    before = path.read_bytes()
    assert sniff.sniff(path) is kind
    assert path.read_bytes() == before


def test_sniff_tells_legacy_xls_and_doc(legacy_xls: Path, tmp_path: Path, soffice: str) -> None:
    assert sniff.sniff(legacy_xls) is FileKind.XLS
    text = tmp_path / "письмо.txt"
    text.write_text("Уважаемые родители!\n", encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "doc", "--outdir",
                    str(tmp_path), str(text)], check=True, capture_output=True, timeout=180)
    assert sniff.sniff(tmp_path / "письмо.doc") is FileKind.DOC


def test_sniff_reads_a_long_csv_cut_inside_a_character(tmp_path: Path) -> None:
    # The head ends in the middle of a two-byte letter: still text, still CSV.
    path = _write(tmp_path / "длинный.csv", ("ж" * 4095 + ";\n" + "я;я\n" * 5000).encode())
    assert sniff.sniff(path) is FileKind.CSV


# --- require_kind / open_xlsx: one code per bad file ----------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "нет такой папки" / "класс.xlsx"
    rejected = assert_rejected(path, "file-missing")
    assert str(path) in rejected.problem.hint
    assert_rejected(path, "file-missing", xlsx_only)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "класс.xlsx"
    folder.mkdir()
    assert_rejected(folder, "file-directory")


def test_empty_file(tmp_path: Path) -> None:
    assert_rejected(_write(tmp_path / "класс.xlsx", b""), "file-empty")
    assert_rejected(_write(tmp_path / "журнал.csv", b"\r\n"), "file-empty",
                    lambda p: require_kind(p, JOURNAL_KINDS))


def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = make_xlsx(tmp_path / "целый.xlsx").read_bytes()
    path = _write(tmp_path / "класс.xlsx", whole[: len(whole) // 2])
    rejected = assert_rejected(path, "file-truncated")
    assert "записан не до конца" in rejected.problem.message
    assert_rejected(path, "file-truncated", check_zip)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_renamed_to_xlsx(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "класс.xlsx", CSV_ROWS.encode(encoding))
    rejected = assert_rejected(path, "file-renamed-csv")
    assert "CSV" in rejected.problem.message
    assert "«Книга Excel (*.xlsx)»" in rejected.problem.hint
    assert require_kind(path, JOURNAL_KINDS) is FileKind.CSV


def test_ods_renamed_to_xlsx(tmp_path: Path) -> None:
    rejected = assert_rejected(make_ods(tmp_path / "класс.xlsx"), "file-ods")
    assert "LibreOffice" in rejected.problem.message


def test_legacy_xls(legacy_xls: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "класс.xlsx"
    shutil.copyfile(legacy_xls, renamed)
    rejected = assert_rejected(renamed, "file-legacy-xls")
    assert "97–2003" in rejected.problem.message
    assert require_kind(renamed, JOURNAL_KINDS) is FileKind.XLS


def test_html_table_saved_as_xls(tmp_path: Path) -> None:
    path = _write(tmp_path / "журнал.xls", HTML_TABLE.encode())
    assert_rejected(path, "file-html")
    assert require_kind(path, JOURNAL_KINDS) is FileKind.HTML


def test_spreadsheetml_2003(tmp_path: Path) -> None:
    path = _write(tmp_path / "журнал.xls", SPREADSHEETML.encode())
    rejected = assert_rejected(path, "file-spreadsheetml")
    assert "2003" in rejected.problem.message


def test_password_protected_xlsx(tmp_path: Path) -> None:
    path = make_encrypted(tmp_path / "класс.xlsx", tmp_path)
    rejected = assert_rejected(path, "file-encrypted")
    assert "защищён паролем" in rejected.problem.message
    assert "Зашифровать с паролем" in rejected.problem.hint
    assert_rejected(path, "file-encrypted", lambda p: require_kind(p, JOURNAL_KINDS))


def test_password_protected_legacy_xls(legacy_xls: Path, tmp_path: Path) -> None:
    # An Excel 97–2003 workbook whose globals carry a FILEPASS record (XOR obfuscation).
    path = tmp_path / "журнал.xls"
    shutil.copyfile(legacy_xls, path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = ole.openstream("Workbook").read()
        after_bof = 4 + struct.unpack_from("<H", stream, 2)[0]
        filepass = struct.pack("<5H", 0x002F, 6, 0, 0x1234, 0x5678)
        ole.write_stream("Workbook", stream[:after_bof] + filepass + stream[after_bof:-10])
    assert sniff.sniff(path) is FileKind.ENCRYPTED
    assert_rejected(path, "file-encrypted", lambda p: require_kind(p, JOURNAL_KINDS))


def test_excel_lock_file(tmp_path: Path) -> None:
    # What Excel writes: the user name's length, the name padded to 54 bytes, then again in UTF-16.
    owner = "Учитель".encode("cp1251")
    path = _write(tmp_path / "~$класс.xlsx", bytes([len(owner)]) + owner.ljust(53, b" ")
                  + "Учитель".encode("utf-16-le").ljust(112, b"\x00"))
    assert is_lock_file(path) and is_lock_file(Path(".~lock.класс.xlsx#"))
    assert not is_lock_file(Path("класс.xlsx"))
    rejected = assert_rejected(path, "file-lock")
    assert rejected.problem.severity is Severity.WARNING
    assert "Excel" in rejected.problem.message
    given_as_workbook = rejection(sniff.FILE_LOCK, path, severity=Severity.ERROR)
    assert given_as_workbook.problem.severity is Severity.ERROR


def test_docx_and_pdf_given_as_a_spreadsheet(tmp_path: Path) -> None:
    docx = assert_rejected(make_docx(tmp_path / "класс.xlsx"), "file-wrong-type")
    assert "документ Word (.docx)" in docx.problem.message
    pdf = assert_rejected(_write(tmp_path / "журнал.xlsx", PDF), "file-wrong-type")
    assert "PDF" in pdf.problem.message
    assert "книга Excel (.xlsx)" in pdf.problem.message


def test_xlsx_given_as_a_word_template(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "шаблон.docx")
    rejected = assert_rejected(path, "file-wrong-type", lambda p: require_kind(
        p, frozenset({FileKind.DOCX})))
    assert "это книга Excel (.xlsx)" in rejected.problem.message
    assert "документ Word (.docx)" in rejected.problem.message


def test_damaged_workbook_part(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {**xlsx_members(tmp_path),
                                       "xl/workbook.xml": "<workbook><sheets><oops"}
    rejected = assert_rejected(write_zip(tmp_path / "класс.xlsx", members), "file-damaged")
    assert rejected.__cause__ is not None  # `-v` in the CLI shows it


def test_invalid_sheet_xml_is_damaged(tmp_path: Path) -> None:
    path = xlsx_with_sheet(tmp_path, "класс.xlsx", sheet_xml("", "Иванов").replace("</row>", ""))
    assert_rejected(path, "file-damaged")


# --- zip guard ------------------------------------------------------------------------------

def test_zip_bomb_refused_fast_and_small(bomb: Path) -> None:
    with zipfile.ZipFile(bomb) as archive:  # a real xlsx: it would inflate to 400 MB
        assert archive.getinfo(SHEET_PATH).file_size > 400 * MB
    assert bomb.stat().st_size < 500 * 1024
    tracemalloc.start()
    start = time.perf_counter()
    try:
        rejected = assert_rejected(bomb, "file-too-large")
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "подозрительно большой" in rejected.problem.message
    assert elapsed < 1.0
    assert peak < 100 * MB


def test_zip_bomb_peak_memory_of_a_whole_process(bomb: Path) -> None:
    script = textwrap.dedent("""
        import resource, sys, time
        from pathlib import Path
        from ejournal_sheets.errors import FileRejected
        from ejournal_sheets.sniff import open_xlsx
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        try:
            open_xlsx(Path(sys.argv[1]))
        except FileRejected as exc:
            code = exc.problem.code
        elapsed = time.perf_counter() - start
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(code, elapsed, grown * 1024)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, str(bomb)], capture_output=True,
                          text=True, check=True, env=env, timeout=60)
    code, elapsed, grown = done.stdout.split()
    assert code == "file-too-large"
    assert float(elapsed) < 1.0
    assert int(grown) < 100 * MB


def test_highly_compressed_member_refused_by_ratio(tmp_path: Path) -> None:
    path = make_bomb(tmp_path, "класс.xlsx", 20)  # 20 MB from ≈ 20 KB: ratio ≈ 1000
    assert_rejected(path, "file-too-large", check_zip)
    assert_rejected(path, "file-too-large")


def test_zip_limits_on_members_and_total(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "класс.xlsx")
    check_zip(path)
    assert_rejected(path, "file-too-large", lambda p: check_zip(p, ZipLimits(max_members=3)))
    assert_rejected(path, "file-too-large", lambda p: check_zip(p, ZipLimits(max_total=1000)))
    assert_rejected(path, "file-too-large", lambda p: check_zip(p, ZipLimits(max_member=500)))


def test_too_many_members_refused_before_listing_them(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {**xlsx_members(tmp_path)}
    members.update({f"xl/media/m{i}.txt": "" for i in range(10_001)})
    path = write_zip(tmp_path / "класс.xlsx", members)
    assert_rejected(path, "file-too-large")


# --- XML entity attacks ---------------------------------------------------------------------

def laughs_doctype() -> str:
    """The billion laughs: ten entities deep, each ten of the one below."""
    levels = ['<!ENTITY lol0 "ХАХАХА-LAUGH">']
    levels += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return "<!DOCTYPE worksheet [\n" + "\n".join(levels) + "\n]>"


LAUGHS = laughs_doctype()


def xxe_doctype(secret: Path) -> str:
    return f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    return _write(tmp_path / "secret.txt", "СЕКРЕТ-42: пароль от почты".encode())


def test_billion_laughs_is_unsafe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx_with_sheet(tmp_path, "класс.xlsx", sheet_xml(LAUGHS, "&lol9;"))
    rejected = assert_rejected(path, "file-unsafe")
    assert "небезопасен" in rejected.problem.message
    said = everything_said(rejected) + "".join(capsys.readouterr())
    assert "LAUGH" not in said and "ХАХАХА" not in said


def test_external_entity_is_unsafe_and_never_read(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx_with_sheet(tmp_path, "класс.xlsx", sheet_xml(xxe_doctype(secret), "&xxe;"))
    rejected = assert_rejected(path, "file-unsafe")
    assert "СЕКРЕТ" not in everything_said(rejected) + "".join(capsys.readouterr())


def test_any_doctype_is_unsafe(tmp_path: Path) -> None:
    path = xlsx_with_sheet(tmp_path, "класс.xlsx", sheet_xml("<!DOCTYPE worksheet>", "Иванов"))
    assert_rejected(path, "file-unsafe")


@pytest.mark.parametrize("attack", ["laughs", "xxe"])
def test_defusedxml_stops_what_the_prolog_scan_would_miss(
    tmp_path: Path, secret: Path, monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    # Second line of defence: with the DTD pre-scan off, openpyxl's defusedxml still refuses.
    monkeypatch.setattr(sniff, "_check_prologs", lambda path, archive: None)
    doctype, text = (LAUGHS, "&lol9;") if attack == "laughs" else (xxe_doctype(secret), "&xxe;")
    path = xlsx_with_sheet(tmp_path, "класс.xlsx", sheet_xml(doctype, text))
    rejected = assert_rejected(path, "file-unsafe")
    causes = [rejected.__cause__, rejected.__cause__ and rejected.__cause__.__cause__]
    assert any(type(c).__module__.startswith("defusedxml") for c in causes)  # wrapped by openpyxl
    said = everything_said(rejected)
    assert "LAUGH" not in said and "СЕКРЕТ" not in said


def test_defusedxml_is_active_for_openpyxl() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_huge_prolog_is_unsafe(tmp_path: Path) -> None:
    padded = sheet_xml("<!--" + " " * 70_000 + "-->", "Иванов")
    assert_rejected(xlsx_with_sheet(tmp_path, "класс.xlsx", padded), "file-unsafe")


# --- the good path --------------------------------------------------------------------------

def test_open_xlsx_reads_a_real_workbook_in_full_mode(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "класс.xlsx")
    before = path.read_bytes()
    book = open_xlsx(path)
    sheet = book["Ученики"]
    assert sheet["B3"].value == "Иванов"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    assert sheet.row_dimensions[4].hidden
    assert sheet["D3"].value == "=A3+1"
    assert open_xlsx(path, data_only=True)["Ученики"]["D3"].value is None  # never calculated
    assert path.read_bytes() == before


def test_xlsx_named_xls_is_opened_for_what_it_is(tmp_path: Path) -> None:
    book = open_xlsx(make_xlsx(tmp_path / "журнал.xls"))
    assert book.sheetnames == ["Ученики"]


# --- the catalogue --------------------------------------------------------------------------

def test_every_code_has_a_unique_file_id_and_russian_texts() -> None:
    codes = [value for value in vars(sniff).values() if isinstance(value, Code)]
    ids = [code.id for code in codes]
    assert len(codes) >= 16
    assert len(ids) == len(set(ids))
    assert all(code_id.startswith("file-") for code_id in ids)
    for code in codes:
        assert "{name}" in code.message, code.id
        assert code.hint and re.search("[а-яё]", code.hint), code.id
    assert {c.id for c in codes if c.severity is Severity.WARNING} == {"file-lock"}


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_member_heads_are_what_zipfile_reads(tmp_path: Path, method: int) -> None:
    path = tmp_path / "parts.zip"
    parts = {"empty.xml": b"", "small.xml": b"<?xml version='1.0'?><a/>",
             "big.xml": bytes(range(256)) * 700, "text.xml": b"<root>" + b"x" * 90_000}
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(path) as archive, path.open("rb") as handle:
        for info in archive.infolist():
            for limit in (1, 4096, 65_536, 200_000):
                with archive.open(info) as member:
                    expected = member.read(limit)
                assert sniff._member_head(archive, handle, info, limit) == expected, \
                    (info.filename, limit)
