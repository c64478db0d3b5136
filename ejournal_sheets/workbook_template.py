"""The class workbook template (DESIGN §4): sheets, drop-downs, hints, print setup."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ejournal_sheets.safe_io import write_atomic
from ejournal_sheets.schema import (
    INSTRUCTIONS_SHEET,
    LISTS,
    LISTS_SHEET,
    SHEETS,
    WORKBOOK_NAME,
    Column,
    Kind,
    SheetSpec,
)

Rows = Mapping[str, Sequence[Mapping[str, object]]]
_Formats = dict[str, Format]  # FORMATS added to one workbook: created once, reused per cell

TITLE = "Рабочая книга классного руководителя"
CREATED = datetime(2025, 9, 1, 8, 0, 0)  # pinned so regenerating gives the same bytes
LAST_ROW = 1000  # 1-based, as Excel shows it: validation and highlighting cover rows 2..LAST_ROW
MIN_DATE, MAX_DATE = date(1990, 1, 1), date(2100, 12, 31)
PORTRAIT_MAX_WIDTH = 110  # sheets wider than this (in character units) print landscape
A4 = 9
REQUIRED_NOTE = "Обязательное поле."

FORMATS: dict[str, dict[str, object]] = {
    "header": {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
               "border": 1, "bg_color": "#DDEBF7"},
    "required_header": {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                        "border": 1, "bg_color": "#9BC2E6"},
    "missing": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "date": {"num_format": "dd.mm.yyyy"},
    "datetime": {"num_format": "dd.mm.yyyy hh:mm"},
    "text": {"num_format": "@"},
    "title": {"bold": True, "font_size": 16, "valign": "vcenter"},
    "heading": {"bold": True, "font_size": 13, "font_color": "#1F4E78", "valign": "bottom"},
    "paragraph": {"text_wrap": True, "valign": "top"},
    "code": {"font_name": "Consolas", "bg_color": "#F2F2F2", "border": 1,
             "border_color": "#BFBFBF"},
    "link": {"bold": True, "font_size": 12, "font_color": "#0563C1", "underline": 1,
             "valign": "bottom"},
    "status": {"italic": True, "font_color": "#595959", "valign": "bottom"},
    "term": {"text_wrap": True, "valign": "top"},
    "required_term": {"bold": True, "text_wrap": True, "valign": "top"},
}  # fmt: skip

ERRORS: dict[Kind, tuple[str, str]] = {
    Kind.CHOICE: ("Значение не из списка", "Выберите значение из списка: {values}."),
    Kind.DATE: ("Неверная дата", "Введите дату в виде ДД.ММ.ГГГГ, например 14.03.2013 "
                "(год от 1990 до 2100)."),
    Kind.NUMBER: ("Неверный номер", "Введите целое число от 1 — номер ученика "
                  "из столбца «№» листа «Ученики»."),
}  # fmt: skip


def build_class_workbook(path: Path, rows: Rows | None = None, *, title: str = "") -> Path:
    """Write the class workbook (empty template, or filled with `rows`) atomically to `path`."""
    rows = rows or {}
    _check_rows(rows)
    return write_atomic(Path(path), lambda temp: _write_workbook(temp, rows, title))


def _check_rows(rows: Rows) -> None:
    """Refuse sheet and field names the schema does not know (a caller's bug, not the teacher's)."""
    specs = {spec.name: spec for spec in SHEETS}
    for sheet, sheet_rows in rows.items():
        if sheet not in specs:
            raise ValueError(f"unknown sheet {sheet!r}; expected one of {list(specs)}")
        fields = {column.field for column in specs[sheet].columns}
        for row in sheet_rows:
            unknown = set(row) - fields
            if unknown:
                raise ValueError(f"sheet {sheet!r} has no fields {sorted(unknown)}")


def _write_workbook(path: Path, rows: Rows, title: str) -> None:
    # in_memory pins the zip members' timestamps to 1980-01-01 regardless of time zone.
    with xlsxwriter.Workbook(str(path), {"in_memory": True}) as workbook:
        workbook.set_properties(_properties(title))
        formats = {name: workbook.add_format(spec) for name, spec in FORMATS.items()}
        instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
        for spec in SHEETS:
            sheet = workbook.add_worksheet(spec.name)
            _write_data_sheet(sheet, spec, rows.get(spec.name, ()), formats, title)
        _write_lists(workbook, formats)
        _write_instructions(instructions, title, formats)
        instructions.activate()


def _properties(title: str) -> dict[str, object]:
    full_title = f"{TITLE} — {title}" if title else TITLE
    return {"title": full_title, "subject": "Класс", "author": "ejournal",
            "comments": "Создано программой ejournal", "created": CREATED}  # fmt: skip


# --- data sheets ---------------------------------------------------------------------------


def _write_data_sheet(
    sheet: Worksheet,
    spec: SheetSpec,
    rows: Sequence[Mapping[str, object]],
    formats: _Formats,
    title: str,
) -> None:
    last_row = max(LAST_ROW, len(rows) + 1)
    _write_header(sheet, spec, formats)
    for index, column in enumerate(spec.columns):
        sheet.set_column(index, index, column.width, _column_format(column, formats))
        _add_validation(sheet, index, column, last_row)
    for offset, row in enumerate(rows, start=1):
        _write_row(sheet, offset, spec, row, formats)
    _mark_missing(sheet, spec, last_row, formats["missing"])
    _print_setup(sheet, sum(column.width for column in spec.columns), title)
    sheet.repeat_rows(0)
    sheet.hide_gridlines(0)  # 0 = keep them on screen and print them too


def _write_header(sheet: Worksheet, spec: SheetSpec, formats: _Formats) -> None:
    lines = max(_line_count(column.header, column.width - 1) for column in spec.columns)
    sheet.set_row(0, 15 * lines + 6)
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(spec.columns):
        style = formats["required_header" if column.required else "header"]
        sheet.write_string(0, index, column.header, style)
        sheet.write_comment(0, index, _comment(column), _comment_box(_comment(column)))


def _comment(column: Column) -> str:
    return f"{column.comment} {REQUIRED_NOTE}" if column.required else column.comment


def _comment_box(text: str) -> dict[str, object]:
    return {"x_scale": 2.5, "y_scale": max(1.0, (_line_count(text, 44) + 1) / 4.5)}


def _column_format(column: Column, formats: _Formats) -> Format | None:
    """Dates show as ДД.ММ.ГГГГ; text columns are Text so «+7…» or «1, 2» stay as typed."""
    if column.kind is Kind.DATE:
        return formats["date"]
    return None if column.kind is Kind.NUMBER else formats["text"]


def _write_row(
    sheet: Worksheet, row: int, spec: SheetSpec, values: Mapping[str, object], formats: _Formats
) -> None:
    for index, column in enumerate(spec.columns):
        _write_value(sheet, row, index, values.get(column.field), column, formats)


def _write_value(
    sheet: Worksheet, row: int, col: int, value: object, column: Column, formats: _Formats
) -> None:
    """Write by Python type, never coercing: odd values must reach the reader as they are."""
    if value is None:
        return
    style = _column_format(column, formats)
    if isinstance(value, str):
        sheet.write_string(row, col, value, style)  # text, so «=HYPERLINK(…)» is never a formula
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats["date"])
    else:
        cell = f"{xl_col_to_name(col)}{row + 1}"
        raise TypeError(f"cannot write {type(value).__name__} to {sheet.name}!{cell}")


def _add_validation(sheet: Worksheet, index: int, column: Column, last_row: int) -> None:
    options = _validation(column)
    if options is not None:
        sheet.data_validation(1, index, last_row - 1, index, options)


def _validation(column: Column) -> dict[str, object] | None:
    """Drop-down from the named list, a date range, or a whole № ≥ 1; None for free text."""
    if column.kind not in ERRORS or (column.kind is Kind.CHOICE and not column.choices):
        return None
    error_title, message = ERRORS[column.kind]
    options: dict[str, object] = {"error_title": error_title, "error_type": "stop"}
    if column.kind is Kind.CHOICE:
        values = ", ".join(LISTS[str(column.choices)])
        return {**options, "validate": "list", "source": f"={column.choices}",
                "error_message": message.format(values=values)}  # fmt: skip
    if column.kind is Kind.DATE:
        return {**options, "validate": "date", "criteria": "between", "minimum": MIN_DATE,
                "maximum": MAX_DATE, "error_message": message}  # fmt: skip
    return {**options, "validate": "integer", "criteria": ">=", "value": 1,
            "error_message": message}  # fmt: skip


def _mark_missing(sheet: Worksheet, spec: SheetSpec, last_row: int, style: Format) -> None:
    """Light red on a required cell left blank in a row where anything else is filled."""
    row_span = f"$A2:${xl_col_to_name(len(spec.columns) - 1)}2"
    for index, column in enumerate(spec.columns):
        if column.required:
            cell = f"{xl_col_to_name(index)}2"
            sheet.conditional_format(1, index, last_row - 1, index, {
                "type": "formula", "format": style,
                "criteria": f'=AND(TRIM({cell})="",COUNTA({row_span})>0)',
            })  # fmt: skip


def _print_setup(sheet: Worksheet, width: int, title: str) -> None:
    """A4, one page wide, sheet name in the header and «Стр. N из M» in the footer."""
    sheet.set_paper(A4)
    if width > PORTRAIT_MAX_WIDTH:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    left = f"&L{title.replace('&', '&&')}" if title else ""
    sheet.set_header(f'{left}&C&"-,Bold"&A')
    sheet.set_footer("&CСтр. &P из &N")


# --- the hidden lists ----------------------------------------------------------------------


def _write_lists(workbook: Workbook, formats: _Formats) -> None:
    """Each drop-down list as a column of «Списки», exposed as a workbook-level name."""
    sheet = workbook.add_worksheet(LISTS_SHEET)
    for index, (name, values) in enumerate(LISTS.items()):
        letter = xl_col_to_name(index)
        sheet.set_column(index, index, max(len(value) for value in (name, *values)) + 2)
        sheet.write_string(0, index, name, formats["header"])
        for row, value in enumerate(values, start=1):
            sheet.write_string(row, index, value)
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        workbook.define_name(name, f"={reference}")
    sheet.hide()


# --- «Инструкция» --------------------------------------------------------------------------

TERM_WIDTH, TEXT_WIDTH = 26, 80

INTRO = (
    "В этой книге вы ведёте сведения о своём классе: список учеников, родителей, учебные "
    "группы, согласия, пропуски и движение учащихся. Программа ejournal читает книгу, "
    "проверяет её и по ней сверяет электронный журнал, готовит ведомости и письма родителям. "
    "Саму книгу программа никогда не изменяет.",
)
HOW_TO_FILL = (
    "• Каждый лист — таблица: одна строка — один ученик (родитель, пропуск, событие). "
    "Заголовки в первой строке не переименовывайте и не удаляйте: программа находит столбцы "
    "по названиям, поэтому порядок столбцов не важен.",
    "• Столбцы с тёмно-синим заголовком обязательны. Если строка начата, а обязательная "
    "ячейка пуста, ячейка подсвечивается красным.",
    "• Наведите указатель мыши на заголовок столбца — появится подсказка, что в нём писать.",
    "• В столбцах со списком (Пол, Кем приходится, Способ информирования, Причина и др.) "
    "выберите значение из выпадающего списка — стрелка справа от ячейки.",
    "• Даты пишите в виде ДД.ММ.ГГГГ, например 14.03.2013. Телефон — с кодом, например "
    "+7 912 345-67-89.",
    "• Номер ученика связывает листы. Каждому ученику на листе «Ученики» дайте номер в столбце "
    "«№», а на остальных листах указывайте ученика этим номером в столбце «№ ученика». "
    "Номера не меняйте и не отдавайте другим ученикам.",
    "• Выбывших учеников не удаляйте: поставьте дату в столбце «Дата выбытия» и запишите "
    "событие на листе «Движение». Так сохраняется история класса и верны отчёты за прошлые "
    "периоды.",
    "• Столбец «Примечание» на листе «Пропуски» — только для вас. Его содержимое (например, "
    "диагноз) никогда не попадает в отчёты, ведомости и письма и не покидает ваш компьютер.",
    "• Скрытый лист «Списки» хранит значения выпадающих списков. Не меняйте его.",
)
HOW_TO_CHECK = (
    f"• Сохраните книгу в формате xlsx в папке класса под именем «{WORKBOOK_NAME}».",
    "• Откройте командную строку (терминал) в папке класса и выполните команду:",
)
CHECK_COMMAND = "ejournal check"
AFTER_CHECK = (
    "• Если вы находитесь в другой папке, укажите папку класса: ejournal check -w <папка класса>",
    "• Программа перечислит замечания с указанием листа и ячейки (например, «Родители», F7) и "
    "подскажет, что исправить. Ошибки исправьте, предупреждения просмотрите, затем запустите "
    "проверку ещё раз. Пока есть ошибки, программа завершается с кодом 1.",
)


def _write_instructions(sheet: Worksheet, title: str, formats: _Formats) -> None:
    """Plain-Russian guide, first and active: what the book is for and how to fill and check it."""
    sheet.set_column(0, 0, TERM_WIDTH)
    sheet.set_column(1, 1, TEXT_WIDTH)
    sheet.hide_gridlines(2)
    sheet.set_tab_color("#70AD47")
    _print_setup(sheet, TERM_WIDTH + TEXT_WIDTH, title)
    full_title = f"{TITLE} — {title}" if title else TITLE
    sheet.set_row(0, 28)
    sheet.merge_range(0, 0, 0, 1, full_title, formats["title"])
    row = _paragraphs(sheet, 1, INTRO, formats)
    row = _heading(sheet, row, "Как заполнять", formats)
    row = _paragraphs(sheet, row, HOW_TO_FILL, formats)
    row = _heading(sheet, row, "Как проверить книгу", formats)
    row = _paragraphs(sheet, row, HOW_TO_CHECK, formats)
    sheet.write_string(row, 1, CHECK_COMMAND, formats["code"])
    row = _paragraphs(sheet, row + 1, AFTER_CHECK, formats)
    row = _heading(sheet, row, "Листы книги", formats)
    for spec in SHEETS:
        row = _sheet_section(sheet, row, spec, formats)


def _heading(sheet: Worksheet, row: int, text: str, formats: _Formats) -> int:
    sheet.set_row(row, 30)
    sheet.merge_range(row, 0, row, 1, text, formats["heading"])
    return row + 1


def _paragraphs(sheet: Worksheet, row: int, texts: Iterable[str], formats: _Formats) -> int:
    """Each text merged across both columns, the row tall enough for its wrapped lines."""
    for text in texts:
        sheet.set_row(row, _text_height((text, TERM_WIDTH + TEXT_WIDTH)))
        sheet.merge_range(row, 0, row, 1, text, formats["paragraph"])
        row += 1
    return row


def _sheet_section(sheet: Worksheet, row: int, spec: SheetSpec, formats: _Formats) -> int:
    """A link to the sheet, its purpose, then one line per column with the header hint."""
    sheet.set_row(row, 32)
    target = f"internal:{quote_sheetname(spec.name)}!A1"
    sheet.write_url(row, 0, target, formats["link"], f"Лист «{spec.name}»")
    status = "обязательный лист" if spec.required else "необязательный лист, можно оставить пустым"
    sheet.write_string(row, 1, f"({status})", formats["status"])
    row = _paragraphs(sheet, row + 1, (spec.purpose,), formats)
    for column in spec.columns:
        term, hint = "required_term" if column.required else "term", _comment(column)
        sheet.set_row(row, _text_height((column.header, TERM_WIDTH - 2), (hint, TEXT_WIDTH)))
        sheet.write_string(row, 0, column.header, formats[term])
        sheet.write_string(row, 1, hint, formats["paragraph"])
        row += 1
    return row


def _text_height(*cells: tuple[str, int]) -> float:
    """Row height in points for wrapped cells given as (text, width in characters)."""
    return 15.0 * max(_line_count(text, width) for text, width in cells) + 3


def _line_count(text: str, width: int) -> int:
    """Lines a wrapped cell `width` characters wide needs; Cyrillic text runs narrower than «0»."""
    chars = max(1, int(width * 1.05))
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in text.split("\n"))
