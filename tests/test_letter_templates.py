"""Letter templates: committed = generated, each renders its sample, fields match, PDF converts."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment

from ejournal_sheets.letters.templates import (
    TEMPLATE_DIR,
    TEMPLATES,
    TemplateSpec,
    field_names,
    template_path,
    template_spec,
)

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "letter_templates" / "make_letter_templates.py"
REGENERATE = "python letter_templates/make_letter_templates.py"
DOCS = ROOT / "docs" / "letters.md"
KINDS = [spec.kind for spec in TEMPLATES]
# One page each, except the slips: 5 sample slips at 4 per sheet.
PAGES = {"slips": 2}


def sandbox() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_letter_templates", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def paragraphs(path: Path) -> list[str]:
    """Text of every paragraph of the body, table cells included, in document order."""
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def leaves(value: object) -> list[str]:
    """Every string value of a sample, however deep."""
    if isinstance(value, Mapping):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, tuple | list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value] if isinstance(value, str) else []


def template_source(path: Path) -> str:
    """The Jinja source docxtpl renders: the body XML with the tags joined up."""
    template = DocxTemplate(path)
    template.init_docx()
    return template.patch_xml(template.get_xml())


def used_fields(source: str) -> set[str]:
    """Dotted field names a template reads, loop variables resolved: `s.name` → subjects[].name."""
    used: set[str] = set()

    def path(node: nodes.Node, aliases: dict[str, str]) -> str | None:
        if isinstance(node, nodes.Name):
            return aliases.get(node.name, node.name)
        if isinstance(node, nodes.Getattr):
            base = path(node.node, aliases)
            return f"{base}.{node.attr}" if base else None
        return None

    def visit(node: nodes.Node, aliases: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, aliases)
            assert isinstance(node.target, nodes.Name), "loops over one variable only"
            inner = {**aliases, node.target.name: f"{path(node.iter, aliases)}[]"}
            for child in (*node.body, *node.else_):
                visit(child, inner)
            return
        found = path(node, aliases)
        if found:
            used.add(found)
            return
        for child in node.iter_child_nodes():
            visit(child, aliases)

    visit(sandbox().parse(source), {})
    return used


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every template rendered against its sample, the way the brief's engine renders it."""
    out = tmp_path_factory.mktemp("rendered")
    paths = {}
    for spec in TEMPLATES:
        template = DocxTemplate(template_path(spec.kind))
        template.render(dict(spec.sample), jinja_env=sandbox())
        paths[spec.kind] = out / spec.file
        template.save(paths[spec.kind])
    return paths


# --- registry ------------------------------------------------------------------------------


def test_seven_kinds_each_with_its_file() -> None:
    assert KINDS == ["info", "weekly", "risk", "memo", "slips", "movement", "breach"]
    for spec in TEMPLATES:
        assert spec.file == f"{spec.kind}.docx"
        assert template_path(spec.kind) == TEMPLATE_DIR / spec.file
        assert template_path(spec.kind).is_file(), f"нет {spec.file}: {REGENERATE}"


def test_unknown_kind_names_the_kinds_that_exist() -> None:
    with pytest.raises(KeyError, match="info, weekly"):
        template_spec("письмо")


def test_field_names_are_dotted_with_rows_marked() -> None:
    sample = {
        "school": {"name": "Школа"},
        "date_words": "1 сентября 2026 г.",
        "rows": [{"left": {"login": "a"}, "right": {"login": "b"}},
                 {"left": {"login": "c"}, "right": None}],
    }  # fmt: skip
    assert field_names(sample) == [
        "school.name", "date_words", "rows[].left.login", "rows[].right.login",
    ]  # fmt: skip
    assert field_names({"note": None}) == ["note"]


def test_samples_are_read_only() -> None:
    with pytest.raises(TypeError):
        TEMPLATES[0].sample["class_name"] = "8А"  # type: ignore[index]


@pytest.mark.parametrize("spec", TEMPLATES, ids=KINDS)
def test_no_field_is_named_like_a_dict_method(spec: TemplateSpec) -> None:
    # Jinja resolves `s.items` to dict.items before the key «items»: such a field prints garbage.
    parts = {part.removesuffix("[]") for name in field_names(spec.sample)
             for part in name.split(".")}
    assert not parts & set(dir(dict)), parts & set(dir(dict))


# --- committed files ------------------------------------------------------------------------


def test_committed_templates_equal_generator_output(tmp_path: Path) -> None:
    fresh = load_generator().build_all(tmp_path)
    assert [path.name for path in fresh] == [spec.file for spec in TEMPLATES]
    for path in fresh:
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(TEMPLATE_DIR / path.name) as old:
            assert new.namelist() == old.namelist(), path.name
            for name in new.namelist():
                assert new.read(name) == old.read(name), f"{path.name}:{name} — {REGENERATE}"


def test_generator_is_reproducible(tmp_path: Path) -> None:
    generator = load_generator()
    first = generator.build_all(tmp_path / "a")
    second = generator.build_all(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.parametrize("kind", KINDS)
def test_template_is_a4_portrait_times_new_roman(kind: str) -> None:
    document = Document(str(template_path(kind)))
    [section] = document.sections
    width, height, left, right = (section.page_width, section.page_height, section.left_margin,
                                  section.right_margin)
    assert width and height and left and right
    assert (width.mm, height.mm) == pytest.approx((210, 297), abs=0.5)
    assert left.mm >= 10 and right.mm >= 10
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    # Everything is in the body: no header or footer a teacher would have to find.
    assert section.header.is_linked_to_previous and section.footer.is_linked_to_previous


@pytest.mark.parametrize("kind", KINDS)
def test_no_latin_lookalikes_in_russian_words(kind: str) -> None:
    text = "\n".join(paragraphs(template_path(kind)))
    mixed = re.findall(r"\w*(?:[а-яё][a-z]|[a-z][а-яё])\w*", text, flags=re.IGNORECASE)
    assert mixed == []


# --- fields -------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", TEMPLATES, ids=KINDS)
def test_template_uses_exactly_the_sample_fields(spec: TemplateSpec) -> None:
    fields = field_names(spec.sample)
    groups = {name[: i] for name in fields for i, ch in enumerate(name) if ch in ".["}
    used = used_fields(template_source(template_path(spec.kind)))
    assert sorted(used - set(fields) - groups) == [], "поля шаблона, которых нет в образце"
    assert [name for name in fields if name not in used] == [], "поля образца без места в шаблоне"
    template = DocxTemplate(template_path(spec.kind))
    assert template.get_undeclared_template_variables(sandbox()) == set(spec.sample)


@pytest.mark.parametrize("spec", TEMPLATES, ids=KINDS)
def test_template_renders_its_sample(spec: TemplateSpec, rendered: dict[str, Path]) -> None:
    text = "\n".join(paragraphs(rendered[spec.kind]))
    missing = [value for value in leaves(spec.sample) if value not in text]
    assert missing == []
    assert "{{" not in text and "{%" not in text and "None" not in text


def test_slips_leave_the_odd_last_cell_empty(rendered: dict[str, Path]) -> None:
    [grid] = Document(str(rendered["slips"])).tables
    assert len(grid.rows) == 3  # 5 slips → 3 rows of two; the {%tr %} rows are gone
    last = grid.rows[-1].cells[1]
    assert last.text.strip() == "" and last.paragraphs  # Word needs a paragraph in every cell


def test_info_table_lists_every_subject(rendered: dict[str, Path]) -> None:
    [grid] = Document(str(rendered["info"])).tables
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    assert rows[0] == ["Предмет", "Отметки за период", "Средний балл",
                       "Прогноз отметки за четверть"]
    assert rows[1] == ["Русский язык", "5 4 5 3 4 5", "4,33", "4"]
    assert len(rows) == 1 + len(template_spec("info").sample["subjects"])  # type: ignore[arg-type]


def test_values_are_escaped_not_parsed(tmp_path: Path) -> None:
    sample = dict(template_spec("breach").sample)
    sample["incident"] = {**sample["incident"], "what": 'A & B <w:p/> "x"'}  # type: ignore[dict-item]
    template = DocxTemplate(template_path("breach"))
    template.render(sample, jinja_env=sandbox())
    template.save(tmp_path / "breach.docx")
    assert 'A & B <w:p/> "x"' in paragraphs(tmp_path / "breach.docx")


# --- print ---------------------------------------------------------------------------------


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def test_rendered_samples_convert_to_pdf(rendered: dict[str, Path], soffice: str,
                                         tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, rendered.values())],
        check=True, capture_output=True, timeout=240,
    )
    pages = {kind: pdf_pages(out / f"{kind}.pdf") for kind in rendered}
    assert pages == {kind: PAGES.get(kind, 1) for kind in KINDS}


# --- docs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", TEMPLATES, ids=KINDS)
def test_docs_describe_every_field(spec: TemplateSpec) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    heading = re.search(rf"^## .*`{re.escape(spec.file)}`.*$", docs, flags=re.MULTILINE)
    assert heading, f"в docs/letters.md нет раздела «## … `{spec.file}`»"
    end = docs.find("\n## ", heading.end())
    section = docs[heading.end(): end if end > 0 else None]
    undocumented = [name for name in field_names(spec.sample) if f"`{name}`" not in section]
    assert undocumented == []
