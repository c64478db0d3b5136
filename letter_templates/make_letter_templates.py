"""Regenerate the seven committed letter templates (docx with docxtpl tags).

Example:
    python letter_templates/make_letter_templates.py            # writes the docx beside it
    python letter_templates/make_letter_templates.py /tmp/шаблоны

The same script always gives the same files: fixed document properties and zip timestamps.
A teacher may edit the committed docx in Word or LibreOffice; docs/letters.md lists the fields.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent

# Run from a checkout without installing the package: the repository root holds ejournal_sheets.
sys.path.insert(0, str(HERE.parent))

from ejournal_sheets.letters.templates import TEMPLATES  # noqa: E402

FONT = "Times New Roman"
MONO = "Courier New"  # logins and passwords: 0/O and l/1 must not be confused
CREATED = datetime(2026, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LEFT, CENTER, JUSTIFY = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER,
                         WD_ALIGN_PARAGRAPH.JUSTIFY)
TEXT_WIDTH = Cm(17)  # A4 minus 2.5 cm left and 1.5 cm right margins
ADDRESSEE_INDENT = Cm(9.5)
INDENT = Cm(1.25)  # first-line indent of body text, as in Russian official letters
HANG = Cm(0.6)  # hanging indent of a numbered item
SIGN = "________________"
Part = str | tuple[str, str]  # text, or (text, flags): b bold, i italic, m monospace
Container = DocxDocument | _Cell


# --- document and paragraphs ------------------------------------------------------------


def new_document(title: str, margins_cm: tuple[float, float, float, float]) -> DocxDocument:
    """An empty A4 portrait document in Times New Roman 12, Russian, without spacing after."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    top, right, bottom, left = (Cm(value) for value in margins_cm)
    section.top_margin, section.right_margin = top, right
    section.bottom_margin, section.left_margin = bottom, left
    section.header_distance = section.footer_distance = Cm(1)
    _set_defaults(doc)
    for rid, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's sample thumbnail: an English page
            doc.part.package.rels.pop(rid)
    props = doc.core_properties
    props.title, props.author, props.language = title, "ejournal-sheets", "ru-RU"
    props.comments = "Шаблон письма; поля описаны в docs/letters.md"
    props.created = props.modified = CREATED
    props.last_modified_by, props.revision = "ejournal-sheets", 1
    return doc


def _set_defaults(doc: DocxDocument) -> None:
    """Document defaults: explicit font (not the theme's Calibri), ru-RU, single spacing."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), "24")
    lang = r_pr.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), "ru-RU")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    settings = doc.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "ru-RU")
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")


def para(where: Container, *parts: Part, align: object = JUSTIFY, size: float = 12,
         before: float = 0, after: float = 0, indent: object = None, left: object = None,
         keep: bool = False, tab: object = None, leader: object = None) -> Paragraph:
    """A paragraph of runs; `indent` is the first-line indent, `left` the left indent.

    `tab` adds a right tab stop there (with `leader`, e.g. underscores, filling up to it).
    """
    paragraph = where.add_paragraph()
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = indent
    if left is not None:
        fmt.left_indent = left
    if keep:
        fmt.keep_with_next = True
    if tab is not None:
        fmt.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT,
                                   leader if leader is not None else WD_TAB_LEADER.SPACES)
    for part in parts:
        content, flags = (part, "") if isinstance(part, str) else part
        run = paragraph.add_run(content)
        run.font.size = Pt(size)
        run.bold, run.italic = ("b" in flags) or None, ("i" in flags) or None
        if "m" in flags:
            run.font.name = MONO
    return paragraph


def text(where: Container, *parts: Part, **fmt: object) -> Paragraph:
    """Body text: justified, first-line indent, a little space after."""
    fmt.setdefault("indent", INDENT)
    fmt.setdefault("after", 4)
    return para(where, *parts, **fmt)  # type: ignore[arg-type]


def border(paragraph: Paragraph, side: str, style: str, space: int = 1, size: str = "6") -> None:
    """A paragraph border: a letterhead rule («single») or a cut line («dashed»)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(_edge(side, style, size, str(space)))
    # pBdr must come before spacing/ind/jc in the schema order Word validates.
    anchor = next((p_pr.find(qn(t)) for t in ("w:tabs", "w:spacing", "w:ind", "w:jc")
                   if p_pr.find(qn(t)) is not None), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


def _edge(side: str, style: str, size: str, space: str) -> object:
    """A border edge (w:top, w:insideH…): style, width in eighths of a point, gap in points."""
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", style), ("sz", size), ("space", space), ("color", "auto")):
        edge.set(qn(f"w:{key}"), value)
    return edge


# --- blocks shared by the letters -------------------------------------------------------


def letterhead(doc: DocxDocument) -> None:
    """School name and address, centred, ruled off below — in the body, where Word shows it."""
    para(doc, ("{{ school.name }}", "b"), align=CENTER)
    border(para(doc, "{{ school.address }}", align=CENTER, size=10, after=6), "bottom", "single",
           space=4)


def number_line(doc: DocxDocument, label: str = "Исх. № ________ от ") -> None:
    para(doc, label, "{{ date_words }}", align=LEFT, before=6, after=6)


def addressee(doc: DocxDocument, *lines: str) -> None:
    for line in lines:
        para(doc, line, align=LEFT, left=ADDRESSEE_INDENT)
    para(doc, "", size=6)


def title(doc: DocxDocument, heading: str, subtitle: str | None = None) -> None:
    para(doc, (heading, "b"), align=CENTER, size=14, before=6, keep=True)
    if subtitle:
        para(doc, (subtitle, "b"), align=CENTER, keep=True)
    para(doc, "", size=6)


def greeting(doc: DocxDocument) -> None:
    para(doc, "{{ parent.dear }}!", align=CENTER, after=6)


def signature(doc: DocxDocument, role: str, name: str = "{{ teacher.short }}",
              before: float = 10) -> None:
    """«Классный руководитель 7Б класса        ________________ /Е. В. Смирнова/»."""
    para(doc, role, f"\t{SIGN} /{name}/", align=LEFT, before=before, tab=TEXT_WIDTH)


def blank_line(doc: DocxDocument, label: str = "", before: float = 6) -> None:
    """A line to write on by hand: the label, then underscores up to the right margin."""
    para(doc, label, "\t", align=LEFT, before=before, tab=TEXT_WIDTH, leader=WD_TAB_LEADER.LINES)


def tear_off(doc: DocxDocument, *lines: Sequence[Part], sign: str) -> None:
    """A dashed cut line, then the slip the family returns to the class teacher."""
    cut = para(doc, ("линия отреза", "i"), align=CENTER, size=8, before=14, after=2, keep=True)
    border(cut, "top", "dashed", space=2, size="4")
    para(doc, ("Отрывной талон — вернуть классному руководителю", "b"), align=CENTER,
         size=11, after=4, keep=True)
    for line in lines:
        para(doc, *line, align=LEFT, size=11, after=2, keep=True)
    para(doc, sign, align=LEFT, size=11, before=8)


# --- tables -----------------------------------------------------------------------------


def table(doc: DocxDocument, widths_cm: Sequence[float], rows: int = 1, style: str = "single",
          padding_cm: tuple[float, float] = (0.03, 0.15)) -> Table:
    """A fixed-layout table: column widths, borders on every edge, cell padding (v, h)."""
    grid = doc.add_table(rows=rows, cols=len(widths_cm))
    grid.autofit = False  # w:tblLayout fixed
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_edge(side, style, "4", "0"))
    padding = OxmlElement("w:tblCellMar")
    vertical, horizontal = (str(round(value * 567)) for value in padding_cm)
    for side, twips in (("top", vertical), ("left", horizontal), ("bottom", vertical),
                        ("right", horizontal)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), twips)
        margin.set(qn("w:type"), "dxa")
        padding.append(margin)
    # Indent by the cell padding, so the borders (not the text) line up with the margins.
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), horizontal)
    indent.set(qn("w:type"), "dxa")
    tbl_pr = grid._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    layout.addprevious(indent)  # schema order: tblW, tblInd, tblBorders, tblLayout, tblCellMar
    layout.addprevious(borders)
    layout.addnext(padding)
    total = tbl_pr.find(qn("w:tblW"))  # the grid's width, not «auto»
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(round(sum(widths_cm) * 567)))
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return grid


def cell_text(cell: _Cell, *parts: Part, align: object = LEFT, size: float = 11,
              bold: bool = False) -> None:
    """Fill a new cell's (only, empty) paragraph."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    for part in parts:
        content, flags = (part, "") if isinstance(part, str) else part
        run = paragraph.add_run(content)
        run.font.size = Pt(size)
        run.bold = bold or ("b" in flags) or None
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def loop_table(doc: DocxDocument, columns: Sequence[tuple[str, float, str]], loop: str,
               aligns: str) -> Table:
    """Header row + a `{%tr for %}` row loop; columns are (header, width cm, cell tag).

    aligns: one letter per column, L or C.
    """
    grid = table(doc, [width for _, width, _ in columns], rows=4)
    header, start, body, end = grid.rows
    _repeat_header(header)
    for cell, (heading, _, _) in zip(header.cells, columns, strict=True):
        cell_text(cell, heading, align=CENTER, bold=True)
    cell_text(start.cells[0], f"{{%tr for {loop} %}}", size=8)
    cell_text(end.cells[0], "{%tr endfor %}", size=8)
    for cell, (_, _, tag), how in zip(body.cells, columns, aligns, strict=True):
        cell_text(cell, tag, align=CENTER if how == "C" else LEFT)
    return grid


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))
    tr_pr.append(OxmlElement("w:cantSplit"))


# --- the seven templates ----------------------------------------------------------------

LETTER_MARGINS = (1.5, 1.5, 1.5, 2.5)  # top, right, bottom, left (cm)


def build_info(doc: DocxDocument) -> None:
    """Информационное письмо для родителей (duty 2.33)."""
    letterhead(doc)
    number_line(doc)
    addressee(doc, "{{ parent.dative }}")
    title(doc, "ИНФОРМАЦИОННОЕ ПИСЬМО", "об успеваемости и посещаемости")
    greeting(doc)
    text(doc, "Сообщаем об успеваемости и посещаемости {{ student.genitive }}, "
         "{{ student.pupil_genitive }} {{ class_name }} класса, {{ period }}:", after=6)
    loop_table(doc, (("Предмет", 5.6, "{{ s.name }}"),
                     ("Отметки за период", 5.4, "{{ s.marks }}"),
                     ("Средний балл", 2.4, "{{ s.average }}"),
                     ("{{ mark_column }}", 3.6, "{{ s.period_mark }}")),
               "s in subjects", "LLCC")
    text(doc, "Пропущено за период: {{ absences.total }}, из них по болезни — {{ absences.ill }}, "
         "по уважительной причине — {{ absences.excused }}, без уважительной причины — "
         "{{ absences.unexcused }}. Опоздания на уроки: {{ absences.lates }}.", before=6)
    text(doc, "Просим Вас регулярно просматривать электронный дневник. Если "
         "{{ student.your_child }} испытывает трудности в учёбе, приглашаем Вас на консультацию "
         "к классному руководителю и учителям-предметникам (телефон классного руководителя: "
         "{{ teacher.phone }}).")
    blank_line(doc, "Комментарий классного руководителя: ", before=4)
    blank_line(doc)
    signature(doc, "Классный руководитель {{ class_name }} класса")
    tear_off(doc, ["{{ student.name }}, {{ class_name }} класс"],
             ["Информационное письмо об успеваемости и посещаемости {{ period }}"],
             sign="С информацией ознакомлен(а) ______________________ (подпись, дата)")


def build_weekly(doc: DocxDocument) -> None:
    """Выписка из электронного журнала для семей без электронного доступа (2.34)."""
    letterhead(doc)
    number_line(doc, "Дата выдачи: ")
    title(doc, "ВЫПИСКА ИЗ ЭЛЕКТРОННОГО ЖУРНАЛА", "за неделю {{ week }}")
    text(doc, "Отметки и пропуски уроков {{ student.genitive }}, {{ student.pupil_genitive }} "
         "{{ class_name }} класса:", after=6)
    loop_table(doc, (("Предмет", 5.6, "{{ s.name }}"),
                     ("Отметки (дата урока)", 8.0, "{{ s.marks }}"),
                     ("Пропущено", 3.4, "{{ s.absences }}")),
               "s in subjects", "LLC")
    text(doc, "Всего за неделю пропущено: {{ absences.total }}, из них по болезни — "
         "{{ absences.ill }}, по уважительной причине — {{ absences.excused }}, без уважительной "
         "причины — {{ absences.unexcused }}. Опоздания на уроки: {{ absences.lates }}.",
         before=6)
    text(doc, "Выписка подготовлена для родителей (законных представителей), которые не "
         "пользуются электронным дневником. Вопросы об отметках и пропусках можно задать "
         "классному руководителю по телефону {{ teacher.phone }}.")
    signature(doc, "Классный руководитель {{ class_name }} класса")
    tear_off(doc, ["{{ student.name }}, {{ class_name }} класс"],
             ["Выписка из электронного журнала за неделю {{ week }}"],
             sign="С информацией ознакомлен(а) ______________________ (подпись, дата)")


RISK_ADVICE = (
    "ежедневно просматривать электронный дневник: отметки, домашние задания, пропуски;",
    "проверять, как {{ student.your_child }} выполняет домашние задания и готовится к урокам;",
    "договориться с учителями-предметниками о консультациях и о сроках, в которые можно "
    "исправить отметки и сдать пропущенные работы;",
    "обеспечить посещение всех уроков, а о причине пропуска сообщать классному руководителю "
    "в тот же день.",
)


def build_risk(doc: DocxDocument) -> None:
    """Уведомление о неуспешной ситуации (2.29)."""
    letterhead(doc)
    number_line(doc)
    addressee(doc, "{{ parent.dative }}")
    title(doc, "УВЕДОМЛЕНИЕ", "о неуспешной ситуации в обучении")
    greeting(doc)
    text(doc, "Уведомляем Вас, что у {{ student.genitive }}, {{ student.pupil_genitive }} "
         "{{ class_name }} класса, {{ period }} складывается неуспешная ситуация по следующим "
         "предметам:", after=6)
    loop_table(doc, (("Предмет", 3.7, "{{ s.name }}"),
                     ("Учитель", 3.1, "{{ s.teacher }}"),
                     ("Текущие отметки", 3.0, "{{ s.marks }}"),
                     ("Средний балл", 2.0, "{{ s.average }}"),
                     ("Что под угрозой", 5.2, "{{ s.risk }}")),
               "s in subjects", "LLLCL")
    text(doc, "До окончания учебного периода ({{ period_end }}) ситуацию можно исправить. "
         "Чтобы помочь ребёнку, семье рекомендуется:", before=6)
    for number, advice in enumerate(RISK_ADVICE, start=1):
        para(doc, f"{number}.\t{advice}", left=INDENT + HANG, indent=-HANG, after=2)
    text(doc, "Приглашаем Вас на беседу с классным руководителем:", before=6, after=2)
    para(doc, "«____» ______________ 20___ г. в ____ ч ____ мин, кабинет № ______.", align=LEFT,
         left=INDENT, after=2)
    text(doc, "Если это время неудобно, позвоните, пожалуйста, по телефону {{ teacher.phone }}, "
         "чтобы договориться о другом.")
    signature(doc, "Классный руководитель {{ class_name }} класса")
    tear_off(doc, ["{{ student.name }}, {{ class_name }} класс"],
             ["Уведомление о неуспешной ситуации от {{ date_words }}"],
             sign="С уведомлением ознакомлен(а) ______________________ (подпись, дата)")


MEMO_SECTIONS = (
    ("1. Как войти", (
        "Откройте сайт {{ journal.site }} на компьютере или в браузере телефона.",
        "Введите логин и пароль (или код активации) из листка, который выдал классный "
        "руководитель. При первом входе смените пароль и укажите адрес электронной почты — "
        "он понадобится, чтобы восстановить пароль.",
        "Никому не сообщайте логин и пароль и не пересылайте их в чаты. Если они стали известны "
        "посторонним, сразу сообщите классному руководителю: доступ заблокируют и выдадут "
        "новый.",
    )),
    ("2. Что показывает электронный дневник", (
        "Отметки и средний балл по каждому предмету, отметки за четверть и год; пропуски и "
        "опоздания; расписание уроков и домашние задания; замечания и сообщения учителей и "
        "классного руководителя.",
    )),
    ("3. Уведомления по SMS и электронной почте", (
        "Дневник может присылать уведомления о новых отметках, пропусках и сообщениях учителей "
        "на электронную почту и по SMS (если услуга подключена); включаются они в настройках "
        "профиля. Письма классного руководителя по электронной почте возможны только с Вашего "
        "согласия — отметьте его в отрывном талоне.",
    )),
    ("4. Положение об электронном журнале", (
        "Порядок ведения электронного журнала и дневника, права и обязанности участников "
        "определяет {{ journal.regulation }}, с ним можно ознакомиться на сайте школы и у "
        "классного руководителя.",
    )),
)


def build_memo(doc: DocxDocument) -> None:
    """Памятка для родителей: электронный дневник, с талоном согласия и ознакомления."""
    letterhead(doc)
    title(doc, "ПАМЯТКА ДЛЯ РОДИТЕЛЕЙ", "об электронном дневнике")
    for heading, paragraphs in MEMO_SECTIONS:
        para(doc, (heading, "b"), align=LEFT, before=4, after=2, keep=True)
        for paragraph in paragraphs:
            text(doc, paragraph, after=2)
    text(doc, "Вопросы можно задать классному руководителю {{ class_name }} класса:", before=6,
         after=0)
    para(doc, "{{ teacher.name }}, тел. {{ teacher.phone }}, {{ teacher.email }}", align=LEFT,
         left=INDENT)
    tear_off(
        doc,
        ["Я, {{ parent.name }}, родитель (законный представитель) {{ student.genitive }}, "
         "{{ student.pupil_genitive }} {{ class_name }} класса:"],
        ["1) согласен(на) на информирование об успеваемости и посещаемости в электронной форме "
         "(электронный дневник, электронная почта, SMS): ", ("Да / Нет", "b"),
         " (нужное подчеркнуть);"],
        ["адрес электронной почты: ______________________________ телефон: ____________________"],
        ["2) с Положением об электронном журнале и электронном дневнике ознакомлен(а)."],
        sign="Подпись ______________ /________________________/    Дата «____» ____________ "
             "20___ г.",
    )


SLIP_ROW_HEIGHT = Cm(13.4)  # two rows fill a page between 1.2 cm margins: 4 slips per A4


def build_slips(doc: DocxDocument) -> None:
    """Листки с логином и паролем: 2×2 на листе A4, пунктир — линии разреза."""
    grid = table(doc, (9.5, 9.5), rows=3, style="dashed", padding_cm=(0.1, 0.6))
    start, body, end = grid.rows
    cell_text(start.cells[0], "{%tr for row in rows %}", size=8)
    cell_text(end.cells[0], "{%tr endfor %}", size=8)
    body.height, body.height_rule = SLIP_ROW_HEIGHT, WD_ROW_HEIGHT_RULE.EXACTLY
    body._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, side in zip(body.cells, ("left", "right"), strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        cell._tc.remove(cell.paragraphs[0]._p)
        if side == "right":  # the last page may hold an odd slip
            para(cell, "{%p if row.right %}", size=8)
        slip(cell, f"row.{side}")
        if side == "right":
            para(cell, "{%p endif %}", size=8)
        para(cell, "", size=4)  # a cell must keep one paragraph when the slip is left out


def slip(cell: _Cell, name: str) -> None:
    """One credential slip inside a cell; `name` is the slip's context path."""
    para(cell, ("{{ school.short_name }}", "b"), align=CENTER, before=14)
    para(cell, ("Доступ к электронному дневнику", "b"), align=CENTER, size=14, after=14)
    for label, value in (("Пользователь: ", f"{{{{ {name}.name }}}}"),
                         ("Роль: ", f"{{{{ {name}.role }}}}"),
                         ("Адрес для входа: ", "{{ journal.site }}")):
        para(cell, label, (value, "b"), align=LEFT, after=6)
    para(cell, "Логин: ", (f"{{{{ {name}.login }}}}", "bm"), align=LEFT, size=15, before=10,
         after=6)
    para(cell, f"{{{{ {name}.secret_label }}}}: ", (f"{{{{ {name}.secret }}}}", "bm"),
         align=LEFT, size=15, after=18)
    para(cell, "При первом входе смените пароль. Не сообщайте логин и пароль другим людям и не "
         "пересылайте их в чаты. Если листок потерян или данные стали известны посторонним, "
         "сразу сообщите классному руководителю.", align=LEFT, size=10, after=10)
    para(cell, ("Выдано {{ date_words }}", "i"), align=LEFT, size=10)


def build_movement(doc: DocxDocument) -> None:
    """Уведомление администратору электронного журнала о прибытии/выбытии (2.35)."""
    letterhead(doc)
    number_line(doc)
    addressee(doc, "Администратору электронного журнала", "{{ school.short_name }}",
              "{{ school.admin_dative }}", "от классного руководителя {{ class_name }} класса",
              "{{ teacher.genitive }}")
    title(doc, "УВЕДОМЛЕНИЕ", "о прибытии и выбытии обучающихся")
    text(doc, "Сообщаю об изменениях в списочном составе {{ class_name }} класса. Прошу внести "
         "их в электронный журнал: прибывших обучающихся включить в список класса и выдать им и "
         "их родителям (законным представителям) доступ к электронному дневнику, выбывших — "
         "исключить из списка и закрыть их доступ.", after=6)
    loop_table(doc, (("ФИО обучающегося", 4.3, "{{ e.name }}"),
                     ("Дата рождения", 2.3, "{{ e.birth_date }}"),
                     ("Прибыл / выбыл", 2.1, "{{ e.event }}"),
                     ("Дата", 2.2, "{{ e.date }}"),
                     ("Приказ", 2.6, "{{ e.order }}"),
                     ("Откуда прибыл / куда выбыл", 3.5, "{{ e.place }}")),
               "e in events", "LCCCCL")
    signature(doc, "Классный руководитель {{ class_name }} класса", before=18)
    para(doc, "Изменения в электронный журнал внесены:", align=LEFT, size=11, before=24)
    para(doc, "администратор ______________ /____________________/    «____» ____________ "
         "20___ г.", align=LEFT, size=11, before=6)


BREACH_ROWS = (
    ("Что произошло", ("{{ incident.what }}",)),
    ("Чьи учётные данные", ("{{ incident.accounts }}",)),
    ("Когда обнаружено", ("{{ incident.detected }}",)),
    ("Срок уведомления", (("{{ incident.deadline }}", "b"), " — {{ incident.rule }}")),
    ("Принятые меры", ("{{ incident.actions }}",)),
)


def build_breach(doc: DocxDocument) -> None:
    """Уведомление о нарушении конфиденциальности учётных данных: директору и в поддержку."""
    letterhead(doc)
    number_line(doc)
    addressee(doc, "Директору {{ school.short_name }}", "{{ school.director_dative }}", "",
              "В службу технической поддержки", "электронного журнала", "{{ school.support }}", "",
              "от классного руководителя {{ class_name }} класса", "{{ teacher.genitive }}")
    title(doc, "УВЕДОМЛЕНИЕ", "о нарушении конфиденциальности учётных данных")
    text(doc, "Сообщаю о нарушении конфиденциальности учётных данных (логина и пароля) "
         "пользователей электронного журнала и электронного дневника.", after=6)
    grid = table(doc, (4.5, 12.5), rows=len(BREACH_ROWS))
    for row, (label, parts) in zip(grid.rows, BREACH_ROWS, strict=True):
        cell_text(row.cells[0], label, bold=True, size=12)
        cell_text(row.cells[1], *parts, size=12)
    text(doc, "Прошу заблокировать скомпрометированные учётные данные, выдать новые и проверить "
         "журнал входов в систему с момента, когда данные могли стать известны посторонним.",
         before=8)
    signature(doc, "Классный руководитель {{ class_name }} класса", before=18)
    para(doc, "Телефон для связи: {{ teacher.phone }}", align=LEFT, size=11, before=4)
    para(doc, "Уведомление принял(а): ______________ /____________________/", align=LEFT,
         size=11, before=24)
    para(doc, "Дата и время получения: «____» ____________ 20___ г. ____ ч ____ мин", align=LEFT,
         size=11, before=6)


BUILDERS: dict[str, tuple[Callable[[DocxDocument], None], tuple[float, float, float, float]]] = {
    "info": (build_info, LETTER_MARGINS),
    "weekly": (build_weekly, LETTER_MARGINS),
    "risk": (build_risk, LETTER_MARGINS),
    "memo": (build_memo, LETTER_MARGINS),
    "slips": (build_slips, (1.2, 1.0, 1.0, 1.0)),
    "movement": (build_movement, (2.0, 1.5, 2.0, 2.5)),
    "breach": (build_breach, (2.0, 1.5, 2.0, 2.5)),
}


# --- saving -----------------------------------------------------------------------------


def build_template(kind: str, out: Path) -> Path:
    """Write one template (kind as in TEMPLATES) to `out`."""
    spec = next(spec for spec in TEMPLATES if spec.kind == kind)
    build, margins = BUILDERS[kind]
    doc = new_document(spec.title, margins)
    build(doc)
    save_reproducibly(doc, out)
    return out


def save_reproducibly(doc: DocxDocument, out: Path) -> None:
    """Save with fixed zip timestamps, so regenerating gives the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))


def build_all(out_dir: Path) -> list[Path]:
    """Write all seven templates into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [build_template(spec.kind, out_dir / spec.file) for spec in TEMPLATES]


def main(argv: list[str]) -> int:
    """Write the templates to argv[0] (default: next to this script)."""
    if len(argv) > 1:
        print("Использование: python letter_templates/make_letter_templates.py [ПАПКА]")
        return 2
    for path in build_all(Path(argv[0]) if argv else HERE):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
