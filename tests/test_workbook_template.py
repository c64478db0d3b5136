"""The class workbook template: sheets, headers, drop-downs, highlighting, print setup, bytes."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ejournal_sheets.schema import (
    INSTRUCTIONS_SHEET,
    LISTS,
    LISTS_SHEET,
    SHEETS,
    Column,
    Kind,
    SheetSpec,
)
from ejournal_sheets.workbook_template import (
    CREATED,
    LAST_ROW,
    MAX_DATE,
    MIN_DATE,
    PORTRAIT_MAX_WIDTH,
    REQUIRED_NOTE,
    TITLE,
    build_class_workbook,
)

COMMITTED = Path(__file__).resolve().parents[1] / "workbook_templates" / "class_workbook.xlsx"
REGENERATE = "python workbook_templates/make_class_workbook.py"
SPEC_IDS = [spec.name for spec in SHEETS]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_class_workbook(tmp_path_factory.mktemp("template") / "class_workbook.xlsx")


@pytest.fixture(scope="module")
def book(template: Path) -> Workbook:
    return openpyxl.load_workbook(template)


def column_range(index: int) -> str:
    letter = get_column_letter(index + 1)
    return f"{letter}2:{letter}{LAST_ROW}"


def validations(sheet: Worksheet) -> dict[str, object]:
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def excel_serial(day: date) -> str:
    return str((day - date(1899, 12, 30)).days)


def column_widths(sheet: Worksheet) -> dict[int, float]:
    """1-based column → width; one <col> element may span several equal columns."""
    dims = sheet.column_dimensions.values()
    return {index: dim.width for dim in dims for index in range(dim.min, dim.max + 1)}


def list_cells(book: Workbook, name: str) -> list[object]:
    [(sheet, cells)] = book.defined_names[name].destinations
    return [row[0].value for row in book[sheet][cells.replace("$", "")]]


# --- structure ---------------------------------------------------------------------------


def test_sheets_in_order_instructions_first_and_active(book: Workbook) -> None:
    assert book.sheetnames == [INSTRUCTIONS_SHEET, *SPEC_IDS, LISTS_SHEET]
    assert book.active.title == INSTRUCTIONS_SHEET


@pytest.mark.parametrize("spec", SHEETS, ids=SPEC_IDS)
def test_headers_exact_frozen_commented_and_sized(book: Workbook, spec: SheetSpec) -> None:
    sheet = book[spec.name]
    assert [cell.value for cell in sheet[1]] == [column.header for column in spec.columns]
    assert sheet.freeze_panes == "A2"
    for index, column in enumerate(spec.columns, start=1):
        comment = sheet.cell(1, index).comment
        assert comment is not None and comment.text.startswith(column.comment)
        assert (REQUIRED_NOTE in comment.text) == column.required
        assert abs(column_widths(sheet)[index] - column.width) < 1


@pytest.mark.parametrize("spec", SHEETS, ids=SPEC_IDS)
def test_required_headers_have_their_own_fill(book: Workbook, spec: SheetSpec) -> None:
    sheet = book[spec.name]
    fills = {
        column.required: sheet.cell(1, index).fill.fgColor.rgb
        for index, column in enumerate(spec.columns, start=1)
    }
    header = sheet.cell(1, 1)
    assert header.font.bold and header.border.left.style == "thin" and header.alignment.wrap_text
    if len(fills) == 2:
        assert fills[True] != fills[False]


def test_instructions_cover_the_essentials(book: Workbook) -> None:
    text = " ".join(str(c.value) for row in book[INSTRUCTIONS_SHEET].iter_rows() for c in row)
    assert book[INSTRUCTIONS_SHEET]["A1"].value == TITLE
    for phrase in (
        "ejournal check",
        "«№ ученика»",
        "Выбывших учеников не удаляйте",
        "«Примечание» на листе «Пропуски»",
        *(f"Лист «{n}»" for n in SPEC_IDS),
    ):
        assert phrase in text


def test_document_properties_are_pinned(book: Workbook) -> None:
    assert book.properties.title == TITLE
    assert book.properties.created == CREATED


# --- lists and drop-downs ----------------------------------------------------------------


def test_lists_sheet_is_hidden(book: Workbook) -> None:
    assert book[LISTS_SHEET].sheet_state == "hidden"


@pytest.mark.parametrize("name", list(LISTS))
def test_named_ranges_point_at_list_values(book: Workbook, name: str) -> None:
    [(sheet, _)] = book.defined_names[name].destinations
    assert sheet == LISTS_SHEET
    assert list_cells(book, name) == list(LISTS[name])


@pytest.mark.parametrize("spec", SHEETS, ids=SPEC_IDS)
def test_validations_by_column_kind(book: Workbook, spec: SheetSpec) -> None:
    found = validations(book[spec.name])
    expected = {Kind.CHOICE: "list", Kind.DATE: "date", Kind.NUMBER: "whole"}
    checked = [c for c in spec.columns if c.kind in expected]
    assert len(found) == len(checked)
    for index, column in enumerate(spec.columns):
        if column.kind not in expected:
            continue
        dv = found[column_range(index)]
        assert dv.type == expected[column.kind] and dv.errorStyle in (None, "stop")  # default
        assert dv.error and dv.errorTitle
        if column.kind is Kind.CHOICE:
            assert dv.formula1 == column.choices
        elif column.kind is Kind.NUMBER:
            assert (dv.operator, dv.formula1) == ("greaterThanOrEqual", "1")
        else:
            span = (dv.operator or "between", dv.formula1, dv.formula2)  # None: default between
            assert span == ("between", excel_serial(MIN_DATE), excel_serial(MAX_DATE))


@pytest.mark.parametrize("spec", SHEETS, ids=SPEC_IDS)
def test_missing_required_values_are_highlighted(book: Workbook, spec: SheetSpec) -> None:
    rules = {str(cf.sqref): cf.rules for cf in book[spec.name].conditional_formatting}
    last = get_column_letter(len(spec.columns))
    expected = {column_range(i) for i, c in enumerate(spec.columns) if c.required}
    assert set(rules) == expected
    for sqref in expected:
        [rule] = rules[sqref]
        cell = sqref.split(":")[0]
        assert rule.type == "expression"
        assert rule.formula == [f'AND(TRIM({cell})="",COUNTA($A2:${last}2)>0)']
        assert rule.dxf.fill is not None


@pytest.mark.parametrize("spec", SHEETS, ids=SPEC_IDS)
def test_print_setup(book: Workbook, spec: SheetSpec) -> None:
    sheet = book[spec.name]
    setup = sheet.page_setup
    assert int(setup.paperSize) == 9  # A4
    wide = sum(column.width for column in spec.columns) > PORTRAIT_MAX_WIDTH
    assert setup.orientation == ("landscape" if wide else "portrait")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1) and int(setup.fitToHeight) == 0  # None: default 1
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_options.gridLines
    assert "&A" in sheet.oddHeader.center.text
    assert sheet.oddFooter.center.text == "Стр. &P из &N"


# --- bytes -------------------------------------------------------------------------------


def test_regenerating_gives_identical_bytes(template: Path, tmp_path: Path) -> None:
    again = build_class_workbook(tmp_path / "again.xlsx")
    assert again.read_bytes() == template.read_bytes()


def test_committed_template_is_not_stale(template: Path) -> None:
    assert COMMITTED.read_bytes() == template.read_bytes(), f"run: {REGENERATE}"


def test_title_goes_to_properties_and_instructions(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(build_class_workbook(tmp_path / "7b.xlsx", title="7Б"))
    assert book.properties.title == f"{TITLE} — 7Б"
    assert book[INSTRUCTIONS_SHEET]["A1"].value == f"{TITLE} — 7Б"
    assert book["Ученики"].oddHeader.left.text == "7Б"


# --- rows --------------------------------------------------------------------------------


ROWS = {
    "Ученики": [
        {"number": 1, "last_name": '=HYPERLINK("x")', "first_name": "Иван", "sex": "М",
         "birth_date": date(2013, 3, 14)},
        {"number": 2, "last_name": "Петрова", "birth_date": "01.09.2013", "note": None},
    ],
    "Родители": [{"student_number": 1, "last_name": "Иванова", "phone": 79123456789}],
    "Пропуски": [{"student_number": 1.0, "date_from": datetime(2025, 9, 3, 8, 30)}],
}  # fmt: skip


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = build_class_workbook(tmp_path_factory.mktemp("filled") / "filled.xlsx", ROWS)
    return openpyxl.load_workbook(path)


def test_strings_stay_text_even_when_they_look_like_formulas(filled: Workbook) -> None:
    cell = filled["Ученики"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


def test_numbers_and_dates_keep_their_python_types(filled: Workbook) -> None:
    students, parents = filled["Ученики"], filled["Родители"]
    assert (parents["G2"].value, parents["G2"].data_type) == (79123456789, "n")
    assert students["F2"].value == datetime(2013, 3, 14)
    assert students["F2"].number_format == "dd.mm.yyyy"
    assert (students["F3"].value, students["F3"].data_type) == ("01.09.2013", "s")
    assert students["A3"].value == 2 and students["M3"].value is None
    assert filled["Пропуски"]["B2"].value == datetime(2025, 9, 3, 8, 30)


def test_unknown_sheets_fields_and_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Ученик"):
        build_class_workbook(tmp_path / "x.xlsx", {"Ученик": []})
    with pytest.raises(ValueError, match="surname"):
        build_class_workbook(tmp_path / "x.xlsx", {"Ученики": [{"surname": "Иванов"}]})
    with pytest.raises(TypeError, match="Ученики!D2"):
        build_class_workbook(tmp_path / "x.xlsx", {"Ученики": [{"patronymic": object()}]})
    assert not (tmp_path / "x.xlsx").exists() and not list(tmp_path.iterdir())


# --- LibreOffice (the `soffice` fixture from conftest skips locally, fails in CI) ---------


def soffice_convert(
    soffice: str, source: Path, target_format: str, outdir: Path, profile: Path
) -> Path:
    """Convert with headless LibreOffice in a private profile, so parallel runs don't clash."""
    outdir.mkdir(parents=True, exist_ok=True)
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", target_format, "--outdir", str(outdir), str(source)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    result = outdir / f"{source.stem}.{target_format.split(':')[0]}"
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    return result


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


def test_libreoffice_prints_the_template_to_pdf(
    soffice: str, template: Path, profile: Path, tmp_path: Path
) -> None:
    pdf = soffice_convert(soffice, template, "pdf", tmp_path, profile)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_drop_downs_survive_a_libreoffice_round_trip(
    soffice: str, template: Path, book: Workbook, profile: Path, tmp_path: Path
) -> None:
    saved = openpyxl.load_workbook(soffice_convert(soffice, template, "xlsx", tmp_path, profile))
    assert saved[LISTS_SHEET].sheet_state == "hidden"
    assert {name: list_cells(saved, name) for name in LISTS} == {
        k: list(v) for k, v in LISTS.items()
    }
    for spec in SHEETS:
        found = validations(saved[spec.name])
        for index, column in enumerate(spec.columns):
            if column.kind is Kind.CHOICE:
                dv = found[column_range(index)]
                assert dv.type == "list"
                assert dv.formula1 == column.choices or dv.formula1 == list_reference(book, column)


def list_reference(book: Workbook, column: Column) -> str:
    """The same cells as the named range, written out (LibreOffice may expand the name)."""
    [(sheet, cells)] = book.defined_names[str(column.choices)].destinations
    return f"{sheet}!{cells}"
