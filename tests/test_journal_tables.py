"""Raw tables of export files: workbooks, HTML saved as .xls, CSV; bad files become problems."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.journal import tables as tables_module
from ejournal_sheets.journal.tables import read_tables
from ejournal_sheets.problems import Severity, flatten

GRID_ROWS = [
    ["Предмет:", "Алгебра"],
    ["№", "Ученик", "01.09", date(2026, 11, 23), datetime(2026, 11, 24),
     datetime(2026, 11, 25, 10, 30)],
    [1, "  Иванов Пётр ", "н", 5, 4.5, "н 2"],
    [],
    [2, "Соколова Анна", None, 4.0, "4/5", ""],
    ["   ", None, " "],
    [None, "  "],
]
GRID_EXPECTED = (
    ("Предмет:", "Алгебра", None, None, None, None),
    ("№", "Ученик", "01.09", date(2026, 11, 23), date(2026, 11, 24),
     datetime(2026, 11, 25, 10, 30)),
    (1, "Иванов Пётр", "н", 5, 4.5, "н 2"),
    (None, None, None, None, None, None),
    (2, "Соколова Анна", None, 4, "4/5", None),
)


def make_grid_xlsx(path: Path) -> Path:
    """An xlsx with the grid on «Алгебра» and a hidden «Служебный» sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Алгебра"
    for row in GRID_ROWS:
        sheet.append(row)
    sheet["A9"].number_format = "0.00"  # a formatted empty cell far below: still no row
    hidden = book.create_sheet("Служебный")
    hidden.append(["секрет"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def convert(soffice: str, source: Path, kind: str) -> Path:
    """`source` converted by LibreOffice into `kind` next to it (isolated profile)."""
    profile = (source.parent / "lo").as_uri()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to",
                    kind, "--outdir", str(source.parent / kind), str(source)],
                   check=True, capture_output=True, timeout=180)
    result = source.parent / kind / f"{source.stem}.{kind}"
    assert result.exists()
    return result


# --- workbooks --------------------------------------------------------------------------

def test_xlsx_sheets_values_and_hidden_sheet(tmp_path: Path) -> None:
    path = make_grid_xlsx(tmp_path / "алгебра.xlsx")
    before = path.read_bytes()
    tables, problems = read_tables(path)
    assert [t.sheet for t in tables] == ["Алгебра"]
    table = tables[0]
    assert table.rows == GRID_EXPECTED
    assert table.rows[1][3] == date(2026, 11, 23)
    assert type(table.rows[4][3]) is int
    assert table.where(1, 3).cell == "D2"
    assert table.where(2, 3).cell == "D3"
    assert flatten(problems) == [("journal-sheet-hidden", "Служебный", "")]
    assert problems[0].severity is Severity.WARNING
    assert "Служебный" in problems[0].message and "алгебра.xlsx" in problems[0].message
    assert path.read_bytes() == before


def test_xlsx_data_not_at_a1_keeps_positions(tmp_path: Path) -> None:
    path = tmp_path / "сдвиг.xlsx"
    book = openpyxl.Workbook()
    book.active["C3"] = "Ученик"
    book.active["D4"] = 5
    book.save(path)
    table = read_tables(path)[0][0]
    assert table.value(2, 2) == "Ученик" and table.value(3, 3) == 5
    assert table.rows[0] == (None, None, None, None)


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_libreoffice_formats_read_like_the_xlsx(tmp_path: Path, soffice: str, kind: str) -> None:
    path = convert(soffice, make_grid_xlsx(tmp_path / "алгебра.xlsx"), kind)
    tables, problems = read_tables(path)
    assert [t.sheet for t in tables] == ["Алгебра"]
    assert tables[0].rows == GRID_EXPECTED
    assert tables[0].rows[1][3] == date(2026, 11, 23)
    assert flatten(problems) == [("journal-sheet-hidden", "Служебный", "")]


def test_damaged_xlsx_is_a_problem_with_its_cause(tmp_path: Path) -> None:
    path = tmp_path / "битый.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "это не XML")
    tables, problems = read_tables(path)
    assert tables == []
    assert flatten(problems) == [("file-damaged", None, "")]


# --- HTML saved as .xls -----------------------------------------------------------------

HTML_GRID = """<html><head><meta charset=windows-1251><title>Журнал</title></head><body>
<table border=1>
<tr><td colspan=4>Предмет: Алгебра</td></tr>
<tr><th rowspan=2>№</th><th rowspan="2">Ученик</th><th colspan="2">Ноябрь</th></tr>
<tr><th>23.11</th><th>25.11</th></tr>
<tr><td>1</td><td>Иванов<br>Пётр</td><td>н</td><td>  5 </td></tr>
<tr><td>2</td><td>Соколова&nbsp;&nbsp; Анна</td><td></td><td>4/5</td></tr>
<tr><td></td><td> </td><td></td><td></td></tr>
</table></body></html>"""


def test_html_as_xls_in_cp1251_with_spans(tmp_path: Path) -> None:
    path = tmp_path / "журнал.xls"
    path.write_bytes(HTML_GRID.encode("cp1251"))
    tables, problems = read_tables(path)
    assert problems == []
    assert [t.sheet for t in tables] == [None]
    assert tables[0].rows == (
        ("Предмет: Алгебра", None, None, None),
        ("№", "Ученик", "Ноябрь", None),
        (None, None, "23.11", "25.11"),
        ("1", "Иванов Пётр", "н", "5"),
        ("2", "Соколова Анна", None, "4/5"),
    )
    assert tables[0].where(3, 3).cell == "D4"


def test_html_rowspan_mid_row_and_several_tables(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head>
    <meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
    <table><thead><tr><th>Ученик</th><th>Дата</th><th>Отметка</th></tr></thead>
    <tbody><tr><td>Иванов</td><td rowspan=2>23.11</td><td>5</td></tr>
    <tr><td>Петров</td><td>4</td></tr></tbody></table>
    <table></table>
    <table><tr><th>Итог</th></tr></table></body></html>"""
    path = tmp_path / "выгрузка.xls"
    path.write_text(page, encoding="utf-8")
    tables, problems = read_tables(path)
    assert problems == []
    assert [t.sheet for t in tables] == ["таблица 1", "таблица 2"]
    assert tables[0].rows == (("Ученик", "Дата", "Отметка"), ("Иванов", "23.11", "5"),
                              ("Петров", None, "4"))
    assert tables[1].rows == (("Итог",),)


def test_html_without_charset_falls_back_to_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "журнал.xls"
    path.write_bytes("<table><tr><td>Ёлкин</td><td>н</td></tr></table>".encode("cp1251"))
    tables, _ = read_tables(path)
    assert tables[0].rows == (("Ёлкин", "н"),)


def test_html_entities_are_not_expanded(tmp_path: Path) -> None:
    page = ('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<html><body><table><tr><td>&x;</td></tr></table></body></html>")
    path = tmp_path / "журнал.xls"
    path.write_text(page, encoding="utf-8")
    tables, _ = read_tables(path)
    assert "root:" not in str(tables[0].rows)


def test_html_without_a_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "вход.xls"
    path.write_text("<html><body><p>Войдите в систему</p></body></html>", encoding="utf-8")
    tables, problems = read_tables(path)
    assert tables == []
    assert flatten(problems) == [("journal-no-table", None, "")]


# --- CSV --------------------------------------------------------------------------------

def test_csv_cp1251_semicolons_with_decimal_commas(tmp_path: Path) -> None:
    text = ("Дата;Предмет;Ученик;Отметка;Вес\r\n"
            "23.11.2026;Алгебра; Иванов Пётр ;5;1,5\r\n"
            "23.11.2026;Алгебра;Соколова Анна;;2,0\r\n"
            ";;;;\r\n\r\n")
    path = tmp_path / "отметки.csv"
    path.write_bytes(text.encode("cp1251"))
    tables, problems = read_tables(path)
    assert problems == []
    assert [t.sheet for t in tables] == [None]
    assert tables[0].rows == (
        ("Дата", "Предмет", "Ученик", "Отметка", "Вес"),
        ("23.11.2026", "Алгебра", "Иванов Пётр", "5", "1,5"),
        ("23.11.2026", "Алгебра", "Соколова Анна", None, "2,0"),
    )


def test_csv_utf8_bom_commas_and_quotes(tmp_path: Path) -> None:
    text = ('Ученик,Отметка,Тема урока\n'
            'Иванов Пётр,5,"Дроби; сложение, вычитание"\n'
            '\n'
            'Ёлкина Мария,н,"Задача ""на движение"""\n')
    path = tmp_path / "уроки.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    tables, _ = read_tables(path)
    assert tables[0].rows == (
        ("Ученик", "Отметка", "Тема урока"),
        ("Иванов Пётр", "5", "Дроби; сложение, вычитание"),
        (),
        ("Ёлкина Мария", "н", 'Задача "на движение"'),
    )
    assert tables[0].where(3, 1).cell == "B4"


def test_csv_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "визиты.csv"
    path.write_text("Пользователь\tРоль\tЧисло входов\nИванова М. П.\tродитель\t12\n"
                    "Иванов П.\tученик\t0\n", encoding="utf-8")
    tables, _ = read_tables(path)
    assert tables[0].rows == (("Пользователь", "Роль", "Число входов"),
                              ("Иванова М. П.", "родитель", "12"), ("Иванов П.", "ученик", "0"))


def test_csv_mixing_encodings_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "смесь.csv"
    head = "Ученик;Отметка\n" + "Петров;5\n" * 1000  # UTF-8 well past what the sniffer reads
    path.write_bytes(head.encode() + "Ёлкин;4\n".encode("cp1251"))  # a line added in cp1251
    tables, problems = read_tables(path)
    assert tables == []
    assert flatten(problems) == [("journal-csv-encoding", None, "")]
    assert "UTF-8" in problems[0].hint


def test_row_limit_stops_reading_with_a_warning(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "MAX_ROWS", 3)
    path = tmp_path / "длинный.csv"
    path.write_text("".join(f"{n};5\n" for n in range(10)), encoding="utf-8")
    tables, problems = read_tables(path)
    assert tables[0].rows == (("0", "5"), ("1", "5"), ("2", "5"))
    assert flatten(problems) == [("journal-rows-truncated", None, "")]
    assert problems[0].severity is Severity.WARNING


def test_row_limit_applies_to_workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "MAX_ROWS", 2)
    tables, problems = read_tables(make_grid_xlsx(tmp_path / "алгебра.xlsx"))
    assert tables[0].rows == GRID_EXPECTED[:2]
    assert ("journal-rows-truncated", "Алгебра", "") in flatten(problems)


# --- files that are not exports ---------------------------------------------------------

def test_rejected_files_become_problems(tmp_path: Path) -> None:
    docx = tmp_path / "журнал.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    empty = tmp_path / "пустой.xls"
    empty.write_bytes(b"")
    xml = tmp_path / "старый.xls"
    xml.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:'
                   'spreadsheet"><Worksheet/></Workbook>', encoding="utf-8")
    lock = tmp_path / "~$журнал.xlsx"
    lock.write_bytes(b"\x00" * 165)
    results = {p.name: read_tables(p) for p in (docx, empty, xml, lock, tmp_path / "нет.csv")}
    assert all(tables == [] for tables, _ in results.values())
    assert {name: flatten(problems) for name, (_, problems) in results.items()} == {
        "журнал.xlsx": [("file-wrong-type", None, "")],
        "пустой.xls": [("file-empty", None, "")],
        "старый.xls": [("file-spreadsheetml", None, "")],
        "~$журнал.xlsx": [("file-lock", None, "")],
        "нет.csv": [("file-missing", None, "")],
    }
    assert "документ Word" in results["журнал.xlsx"][1][0].message
