"""Letter templates: sandbox, autoescape, «» in tags, checks before the batch, fast path ==
docxtpl, combined print file. Templates are built here with python-docx, tags typed into runs."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docxtpl import DocxTemplate
from msoffcrypto.format.ooxml import OOXMLFile

from ejournal_sheets.errors import FileRejected, OutputError
from ejournal_sheets.letters import (
    TemplateError,
    check_file,
    check_template,
    load_template,
    render_batch,
    render_combined,
    render_letters,
)
from ejournal_sheets.letters.render import make_environment, render_docxtpl
from ejournal_sheets.letters.templates import TEMPLATES, TemplateSpec, template_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NASTY = "Пётр & <Иванов> \"Младший\" 'ст.' </w:t></w:r></w:p><w:p><w:r><w:t>ВНЕДРЕНО"

# A paragraph is a string, or a list of runs (Word splits what the teacher typed into runs).
Para = str | list[str]


def make_template(path: Path, paragraphs: Sequence[Para], *, header: str | None = None,
                  footer: str | None = None, table: Sequence[Sequence[str]] = (),
                  table_first: bool = False) -> Path:
    """A docx template with tags typed into runs, an optional table, header and footer."""
    document = docx.Document()
    if table and table_first:
        _add_table(document, table)
    for paragraph in paragraphs:
        runs = [paragraph] if isinstance(paragraph, str) else paragraph
        target = document.add_paragraph()
        for run in runs:
            target.add_run(run)
    if table and not table_first:
        _add_table(document, table)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(path)
    return path


def _add_table(document: Any, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


def document_text(source: Path | bytes) -> list[str]:
    """Body blocks in order (table rows as «a | b»), then headers and footers."""
    document = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    for section in document.sections:
        lines += ["header: " + p.text for p in section.header.paragraphs]
        lines += ["footer: " + p.text for p in section.footer.paragraphs]
    return lines


def fast_letter(template_path: Path, context: Mapping[str, object], tmp_path: Path) -> Path:
    [letter] = render_letters(load_template(template_path), [context], tmp_path / "out",
                              ["letter.docx"])
    return letter


STUDENT = {"name": "Иванов Пётр", "class_name": "7Б", "risk": True, "sex": "М"}
SAMPLE: dict[str, Any] = {
    "student": STUDENT,
    "school": {"name": "МБОУ «СОШ № 1»"},
    "marks": [{"subject": "Алгебра & геометрия", "mark": "5, 4 <3>"},
              {"subject": "Физика", "mark": "4"}],
    "comment": None,
    "empty": "",
    "lines": "строка 1\nстрока 2\tпосле табуляции",
    "columns": ["I", "II", "III"],
}


def test_values_with_xml_characters_render_literally(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["Ученик: {{ student.name }}.", "Конец"])
    letter = fast_letter(path, {"student": {"name": NASTY}}, tmp_path)
    assert document_text(letter)[:2] == [f"Ученик: {NASTY}.", "Конец"]


def test_control_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["{{ student.name }}"])
    letter = fast_letter(path, {"student": {"name": "Иванов\x0b Пётр\x01\x1f"}}, tmp_path)
    assert document_text(letter)[0] == "Иванов Пётр"


def test_tag_split_across_runs_and_typographic_quotes_are_tolerated(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [
        ["Ученик: {{ stu", "dent.na", "me }}"],
        "{{ «Класс: » + student.class_name }}",
        "{% if student.sex == “М” %}Ваш сын{% else %}Ваша дочь{% endif %}",
        "{{\u00a0student.class_name\u00a0}}",
    ])
    letter = fast_letter(path, SAMPLE, tmp_path)
    assert document_text(letter)[:4] == ["Ученик: Иванов Пётр", "Класс: 7Б", "Ваш сын", "7Б"]


def test_quotes_outside_tags_are_kept(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["Школа «{{ school.name }}» “как есть”\u00a0!"])
    letter = fast_letter(path, SAMPLE, tmp_path)
    assert document_text(letter)[0] == "Школа «МБОУ «СОШ № 1»» “как есть”\u00a0!"


def test_none_renders_as_dash(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["Комментарий: {{ comment }}"])
    assert document_text(fast_letter(path, SAMPLE, tmp_path))[0] == "Комментарий: —"


def test_template_reaching_python_internals_is_refused(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["{{ cycler.__init__.__globals__ }}"])
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    [problem] = caught.value.problems
    assert problem.code == "template-unsafe"
    assert "{{ cycler.__init__.__globals__ }}" in problem.message and "t.docx" in problem.message


def test_internals_reached_at_render_time_are_refused_and_nothing_written(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["{{ student|attr(field) }}"])
    template = load_template(path)
    context = {"student": STUDENT, "field": "__class__"}
    assert [p.code for p in check_template(template, context)] == ["template-unsafe"]
    with pytest.raises(TemplateError):
        render_letters(template, [context], tmp_path / "out", ["a.docx"])
    assert not (tmp_path / "out").exists()
    with pytest.raises(TemplateError):  # plain docxtpl with the same environment refuses too
        render_docxtpl(template, context)


def test_misspelt_fields_are_named_with_the_fields_that_exist(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [
        "Ученик: {{ studnet.name }}", "Класс: {{ student.clas_name }}",
    ], table=[["Предмет", "Отметки"], ["{%tr for m in marks %}", ""],
              ["{{ m.subjct }}", "{{ m.mark }}"], ["{%tr endfor %}", ""]])
    problems = check_template(load_template(path), SAMPLE)
    assert [p.code for p in problems] == ["template-unknown-field"] * 3
    by_tag = {p.message.split("в теге ")[1].split(" неизвестное")[0]: p for p in problems}
    assert set(by_tag) == {"{{ studnet.name }}", "{{ student.clas_name }}", "{{ m.subjct }}"}
    assert "Возможно, имелось в виду {{ student.name }}" in by_tag["{{ studnet.name }}"].hint
    assert "Доступны: student.name, student.class_name, student.risk" in (
        by_tag["{{ studnet.name }}"].hint)
    assert "Возможно, имелось в виду student.class_name" in by_tag["{{ student.clas_name }}"].hint
    assert "Доступны: m.subject, m.mark." in by_tag["{{ m.subjct }}"].hint


def test_unknown_name_in_a_branch_not_taken_is_still_reported(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["{% if not student.risk %}{{ grade }}{% endif %}"])
    [problem] = check_template(load_template(path), SAMPLE)
    assert problem.code == "template-unknown-field" and "{{ grade }}" in problem.message


def test_misspelt_field_stops_the_batch_before_any_file_is_written(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["{% if student.risk %}{{ studnet.nam }}{% endif %}"])
    template = load_template(path)
    contexts = [{**SAMPLE, "student": {**STUDENT, "risk": False}}, SAMPLE]  # the 2nd one fails
    with pytest.raises(TemplateError) as caught:
        render_letters(template, contexts, tmp_path / "out", ["1.docx", "2.docx"])
    assert caught.value.problems[0].code == "template-unknown-field"
    assert "{{ studnet.nam }}" in str(caught.value)
    with pytest.raises(TemplateError):
        render_combined(template, contexts, tmp_path / "out" / "все.docx")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("typed", "named"), [
    ("{% if student.risk %}Риск", "не закрыт тег {% if student.risk %} — нет {% endif %}"),
    ("Текст{% endfor %}", "лишний или неизвестный тег {% endfor %}"),
    ("{{ student.name | nosuch }}", "неизвестный фильтр «nosuch» в теге"),
    ("{{ student.name student }}", "ошибка в записи тега {{ student.name student }}"),
])
def test_syntax_errors_name_the_file_and_the_tag(tmp_path: Path, typed: str, named: str) -> None:
    path = make_template(tmp_path / "письмо.docx", ["Начало", typed, "Конец"])
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    [problem] = caught.value.problems
    assert problem.code == "template-syntax"
    assert problem.message.startswith("Шаблон письмо.docx: ") and named in problem.message
    assert check_file(path, SAMPLE) == [problem]


def test_legacy_doc_template_is_rejected(tmp_path: Path, soffice: str) -> None:
    source = make_template(tmp_path / "t.docx", ["{{ student.name }}"])
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "doc", "--outdir", str(tmp_path / "doc"),
                    str(source)], check=True, capture_output=True, timeout=180)
    with pytest.raises(FileRejected) as caught:
        load_template(tmp_path / "doc" / "t.doc")
    assert caught.value.problem.code == "template-legacy-doc"
    assert "Word 97–2003 (.doc)" in caught.value.message


def test_encrypted_template_is_rejected(tmp_path: Path) -> None:
    source = make_template(tmp_path / "t.docx", ["{{ student.name }}"])
    with source.open("rb") as plain, (tmp_path / "закрыт.docx").open("wb") as locked:
        OOXMLFile(plain).encrypt("пароль", locked)
    [problem] = check_file(tmp_path / "закрыт.docx", SAMPLE)
    assert problem.code == "template-encrypted" and "защищён паролем" in problem.message
    assert "Word" in problem.hint


def test_workbook_given_as_template_is_rejected(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.save(tmp_path / "шаблон.docx")
    with pytest.raises(FileRejected) as caught:
        load_template(tmp_path / "шаблон.docx")
    assert caught.value.problem.code == "file-wrong-type"
    assert "книга Excel" in caught.value.message and "документ Word" in caught.value.message


PARITY_CASES = {
    "loops and ifs": (["{%p for m in marks %}", "{{ loop.index }}. {{ m.subject }}: {{ m.mark }}",
                       "{%p endfor %}", "{% if student.risk %}Риск{% else %}Нет{% endif %}",
                       "{{ empty }}", "{% if not student.risk %}скрыто{% endif %}"], {}),
    "table column loop": (["Четверти:"], {"table": [
        ["Предмет", "{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"],
        ["{{ marks[0].subject }}", "{%tc for c in columns %}", "{{ c }}: 5", "{%tc endfor %}"]]}),
    "line breaks and tabs": (["Текст: {{ lines }}", "{{ student.name }}"], {}),
    "table row loop": (["Отметки:"], {"table": [
        ["Предмет", "Отметка"], ["{%tr for m in marks %}", ""],
        ["{{ m.subject }}", "{{ m.mark }}"], ["{%tr endfor %}", ""]]}),
    "header and footer": (["Текст {{ student.name }}"], {
        "header": "{{ school.name }}", "footer": "Ученик: {{ student.name }} {{ comment }}"}),
    "xml characters": (["{{ student.name }} & {{ school.name }}", "{{ comment }}\n"], {}),
}


@pytest.mark.parametrize("case", PARITY_CASES)
def test_fast_path_equals_docxtpl(tmp_path: Path, case: str) -> None:
    paragraphs, extra = PARITY_CASES[case]
    path = make_template(tmp_path / "t.docx", paragraphs, **extra)
    context = {**SAMPLE, "student": {**STUDENT, "name": NASTY}}
    reference = DocxTemplate(path)  # docxtpl itself, with the same sandboxed environment
    reference.render(context, jinja_env=make_environment(), autoescape=True)
    reference.save(tmp_path / "docxtpl.docx")
    fast = fast_letter(path, context, tmp_path)
    assert document_text(fast) == document_text(tmp_path / "docxtpl.docx")
    with zipfile.ZipFile(fast) as ours, zipfile.ZipFile(tmp_path / "docxtpl.docx") as theirs:
        parts = [name for name in ours.namelist() if name.startswith("word/")]
        for name in parts:  # the XML itself is docxtpl's, byte for byte
            assert ours.read(name) == theirs.read(name), name


def test_fast_path_equals_docxtpl_with_typographic_quotes(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [["{{ «Ученик: » + stu", "dent.name }}"]],
                         footer="{% if student.sex == «М» %}сын{% endif %}")
    template = load_template(path)
    reference = render_docxtpl(template, SAMPLE)
    assert document_text(fast_letter(path, SAMPLE, tmp_path)) == document_text(reference)
    assert document_text(reference)[0] == "Ученик: Иванов Пётр"


def test_letters_are_named_and_reproducible(tmp_path: Path) -> None:
    template = load_template(make_template(tmp_path / "t.docx", ["{{ student.name }}"]))
    contexts = [{"student": {"name": name}} for name in ("Иванов Пётр", "Соколова Анна")]
    names = ["01_Иванов_Пётр.docx", "02_Соколова_Анна.docx"]
    first = render_letters(template, contexts, tmp_path / "a", names)
    again = render_letters(template, contexts, tmp_path / "b", names)
    assert [p.name for p in first] == names
    assert [document_text(p)[0] for p in first] == ["Иванов Пётр", "Соколова Анна"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")]


def test_output_over_the_template_is_refused(tmp_path: Path) -> None:
    template = load_template(make_template(tmp_path / "t.docx", ["{{ student.name }}"]))
    with pytest.raises(OutputError, match="совпадает с исходным"):
        render_letters(template, [SAMPLE], tmp_path, ["t.docx"])
    with pytest.raises(OutputError, match="совпадает с исходным"):
        render_combined(template, [SAMPLE], tmp_path / "t.docx")


def _students(count: int) -> list[dict[str, Any]]:
    return [{**SAMPLE, "student": {**STUDENT, "name": f"Ученик {n}"}} for n in range(1, count + 1)]


def _page_breaks(path: Path) -> list[int]:
    """Indexes of body blocks that start a new page."""
    body = docx.Document(str(path)).element.body
    return [index for index, block in enumerate(body)
            if block.find(f"{W}pPr/{W}pageBreakBefore") is not None]


def test_combined_file_has_one_letter_per_page(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["Уважаемые родители!", "Ученик: {{ student.name }}"],
                         header="{{ school.name }}")
    combined = render_combined(load_template(path), _students(3), tmp_path / "все.docx")
    text = document_text(combined)
    assert text[:6] == ["Уважаемые родители!", "Ученик: Ученик 1", "Уважаемые родители!",
                        "Ученик: Ученик 2", "Уважаемые родители!", "Ученик: Ученик 3"]
    assert _page_breaks(combined) == [2, 4]
    assert "header: МБОУ «СОШ № 1»" in text and len(docx.Document(str(combined)).sections) == 1


def test_combined_letter_starting_with_a_table_gets_a_break_paragraph(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["{{ student.name }}"], table_first=True,
                         table=[["Школа", "{{ school.name }}"]])
    combined = render_combined(load_template(path), _students(2), tmp_path / "все.docx")
    assert _page_breaks(combined) == [2]
    assert document_text(combined)[:4] == ["Школа | МБОУ «СОШ № 1»", "Ученик 1", "",
                                           "Школа | МБОУ «СОШ № 1»"]


def test_combined_file_gives_each_letter_its_own_footer_when_footers_differ(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["Письмо"], footer="Ученик: {{ student.name }}")
    combined = render_combined(load_template(path), _students(3), tmp_path / "все.docx")
    sections = docx.Document(str(combined)).sections
    assert [s.footer.paragraphs[0].text for s in sections] == [
        "Ученик: Ученик 1", "Ученик: Ученик 2", "Ученик: Ученик 3"]
    assert _page_breaks(combined) == []  # the section breaks start the pages


def test_tags_in_document_properties_fall_back_to_docxtpl(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", ["Ученик: {{ student.name }}"])
    document = docx.Document(str(path))
    document.core_properties.title = "Письмо: {{ student.name }}"
    document.save(path)
    template = load_template(path)
    assert template.fallback
    letters, combined = render_batch(template, _students(2), tmp_path / "out",
                                     ["1.docx", "2.docx"], tmp_path / "out" / "все.docx")
    assert [docx.Document(str(p)).core_properties.title for p in letters] == [
        "Письмо: Ученик 1", "Письмо: Ученик 2"]
    assert document_text(letters[1])[0] == "Ученик: Ученик 2"
    assert combined is not None and _page_breaks(combined) == [1]
    broken = {**SAMPLE, "student": {}}
    assert [p.code for p in check_template(template, broken)] == ["template-unknown-field"] * 2


@pytest.mark.parametrize("spec", TEMPLATES, ids=[spec.kind for spec in TEMPLATES])
def test_every_shipped_template_renders_its_sample_as_docxtpl_does(tmp_path: Path,
                                                                    spec: TemplateSpec) -> None:
    template = load_template(template_path(spec.kind))
    assert check_template(template, spec.sample) == []
    reference = DocxTemplate(template_path(spec.kind))
    reference.render(dict(spec.sample), jinja_env=make_environment(), autoescape=True)
    reference.save(tmp_path / "docxtpl.docx")
    [fast] = render_letters(template, [spec.sample], tmp_path / "out", ["letter.docx"])
    assert document_text(fast) == document_text(tmp_path / "docxtpl.docx")
    with zipfile.ZipFile(fast) as ours, zipfile.ZipFile(tmp_path / "docxtpl.docx") as theirs:
        for name in ours.namelist():
            if name.startswith("word/"):
                assert ours.read(name) == theirs.read(name), name


def test_one_pass_makes_every_letter_and_the_print_file_of_the_chosen(tmp_path: Path) -> None:
    template = load_template(template_path("info"))
    contexts = [{**spec_sample("info"), "student": {**spec_sample("info")["student"],
                                                    "name": f"Ученик {n}"}} for n in (1, 2, 3)]
    counted: list[int] = []
    letters, combined = render_batch(template, contexts, tmp_path / "out",
                                     ["1.docx", "2.docx", "3.docx"], tmp_path / "out" / "все.docx",
                                     [True, False, True], counted.append)
    assert counted == [1, 2, 3] and [p.name for p in letters] == ["1.docx", "2.docx", "3.docx"]
    alone = render_combined(template, [contexts[0], contexts[2]], tmp_path / "alone.docx")
    assert combined is not None and document_text(combined) == document_text(alone)
    assert combined.read_bytes() == alone.read_bytes()
    shown = " ".join(document_text(combined))
    assert "Ученик 1" in shown and "Ученик 3" in shown and "Ученик 2" not in shown
    with pytest.raises(ValueError):
        render_batch(template, contexts, tmp_path / "out2", [], tmp_path / "x.docx",
                     [False, False, False])


def spec_sample(kind: str) -> dict[str, Any]:
    return dict(next(spec for spec in TEMPLATES if spec.kind == kind).sample)
