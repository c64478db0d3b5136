"""Letter templates: sniffed, compiled once in a Jinja sandbox, checked against a sample context.

docxtpl prepares each XML part (it merges the runs Word splits a tag into); then Word's
typographic quotes and NBSP inside tags are made plain and every part that holds tags is
compiled once. `fastpath` renders letters from the compiled parts; `render_docxtpl` is plain
docxtpl with the same sandbox (the reference, and the fallback for tags in document properties).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml, serialize_part_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, Undefined, meta, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing
from lxml import etree
from markupsafe import Markup

from ejournal_sheets.errors import EjournalError, FileRejected
from ejournal_sheets.problems import Code, Location, Problem, Severity
from ejournal_sheets.sniff import FILE_DAMAGED, FileKind, rejection, require_kind, sniff

NONE_TEXT = "—"
_FIX = "Исправьте тег в шаблоне (в Word или LibreOffice), сохраните файл и проверьте его снова."
TEMPLATE_SYNTAX = Code(
    "template-syntax", Severity.ERROR, "Ошибка в теге шаблона",
    "Шаблон {name}: {what}{place}.", _FIX)
TEMPLATE_UNKNOWN_FIELD = Code(
    "template-unknown-field", Severity.ERROR, "Неизвестное поле в шаблоне",
    "Шаблон {name}: в теге {tag}{place} неизвестное поле «{field}».",
    "{suggestion}Доступны: {fields}. " + _FIX)
TEMPLATE_UNSAFE = Code(
    "template-unsafe", Severity.ERROR, "Недопустимый тег в шаблоне",
    "Шаблон {name}: тег {tag}{place} обращается к служебным данным программы — это запрещено.",
    "Удалите этот тег: в шаблоне можно использовать только поля письма, условия и циклы.")
TEMPLATE_LEGACY_DOC = Code(
    "template-legacy-doc", Severity.ERROR, "Шаблон в формате Word 97–2003 (.doc)",
    "Шаблон {name} сохранён в старом формате Word 97–2003 (.doc), а нужен документ .docx.",
    "Откройте его в Word и сохраните как «Документ Word (*.docx)» (Файл → Сохранить как).")
TEMPLATE_ENCRYPTED = Code(
    "template-encrypted", Severity.ERROR, "Шаблон защищён паролем",
    "Шаблон {name} защищён паролем.",
    "Снимите пароль в Word: Файл → Сведения → Защита документа → Зашифровать с использованием "
    "пароля, очистите поле пароля, нажмите ОК и сохраните документ.")
TEMPLATE_ODT = Code(
    "template-odt", Severity.ERROR, "Шаблон в формате LibreOffice (.odt)",
    "Шаблон {name} — документ LibreOffice (.odt), а нужен документ Word (.docx).",
    "Откройте его в LibreOffice Writer и сохраните как «Word 2007–365 (.docx)» "
    "(Файл → Сохранить как).")

_PLACES = {"body": "", "header": " (верхний колонтитул)", "footer": " (нижний колонтитул)",
           "footnotes": " (сноски)", "properties": " (свойства документа)"}
_HAS_TAG = re.compile(r"\{[{%#]")
_TAG_BODY = re.compile(r"\{([{%#])(.*?)([}%#])\}", re.DOTALL)
_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_BLOCKS = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
_OPENERS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "raw",
                      "autoescape", "trans"})
# Word's AutoCorrect and Russian keyboards put these inside tags; Jinja needs plain ones.
_PLAIN = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"',
                        "‘": "'", "’": "'", "‚": "'", "‛": "'",
                        "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "})
_CORE_FIELDS = ("author", "comments", "identifier", "language", "subject", "title")
_LISTED = 20
_BROKEN = "после подстановки значений документ повреждается — теги разрывают абзацы или таблицы"
# Control characters XML 1.0 forbids; \a \t \n \f stay: docxtpl turns them into paragraphs,
# tabs, line and page breaks. Lone surrogates cannot be written as UTF-8 at all.
_NOT_XML = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class TemplateError(EjournalError):
    """A letter template that cannot be compiled or rendered; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = f" (и ещё замечаний: {len(problems) - 1})" if len(problems) > 1 else ""
        super().__init__(first.message + more, first.hint)
        self.problems = tuple(problems)


def normalise_tags(xml: str) -> str:
    """Plain quotes and spaces inside `{{ }}`, `{% %}` and `{# #}` tags only."""
    return _TAG_BODY.sub(lambda m: m.group(0).translate(_PLAIN), xml)


class Docx(DocxTemplate):  # type: ignore[misc]
    """docxtpl that also tolerates «» / “” quotes and NBSP typed inside tags."""

    def patch_xml(self, src_xml: str) -> str:
        return normalise_tags(super().patch_xml(src_xml))


def _finalize(value: object) -> object:
    """None → «—»; text loses characters XML cannot hold (they would make Word refuse the file)."""
    if value is None:
        return NONE_TEXT
    if isinstance(value, str) and not isinstance(value, Markup):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _NOT_XML.sub("", value)
    return value


def make_environment(undefined: type[Undefined] = StrictUndefined) -> SandboxedEnvironment:
    """The sandboxed, autoescaping Jinja environment every letter is rendered with."""
    return SandboxedEnvironment(autoescape=True, undefined=undefined, finalize=_finalize)


@dataclass(frozen=True)
class Part:
    """One XML member of the template that holds tags, compiled once."""

    member: str  # zip member name, e.g. "word/header1.xml"
    kind: str  # body, header, footer, footnotes
    source: str  # Jinja source as docxtpl renders it: a newline before each paragraph
    compiled: Template
    head: str = ""  # before the rendered XML (the body: the document up to `<w:body>`)
    tail: str = ""
    rel_id: str = ""  # the main document's relationship to this header or footer
    content_type: str = ""


@dataclass(frozen=True, eq=False)
class LetterTemplate:
    """A checked, compiled letter template: load it once per batch with `load_template`."""

    path: Path
    data: bytes  # the template file, read once
    parts: tuple[Part, ...]
    environment: SandboxedEnvironment
    helper: Docx  # docxtpl's own post-processing (listings, tables) for the fast path
    main: str = "word/document.xml"  # the main document part's zip member
    fallback: bool = False  # tags in document properties: every letter goes through docxtpl


def load_template(path: Path) -> LetterTemplate:
    """Sniff, read and compile a docx letter template; FileRejected or TemplateError."""
    _require_docx(path)
    data = path.read_bytes()
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise rejection(FILE_DAMAGED, path) from exc
    helper, env = Docx(path), make_environment()
    parts = [*_body_part(document, helper, env, path), *_related_parts(document, helper, env, path)]
    for name in _CORE_FIELDS:  # docxtpl renders these document properties too
        parts += _part(env, path, "docProps/core.xml", "properties",
                       getattr(document.core_properties, name) or "")
    unsafe = [problem for part in parts for problem in _unsafe_tags(env, part, path)]
    if unsafe:
        raise TemplateError(list(dict.fromkeys(unsafe)))
    fallback = any(part.kind == "properties" for part in parts)
    main = str(document.part.partname).lstrip("/")
    return LetterTemplate(path, data, tuple(parts), env, helper, main, fallback)


def check_template(template: LetterTemplate, sample: Mapping[str, object]) -> list[Problem]:
    """Render every part against `sample`: unknown fields, unsafe access, broken XML."""
    problems: list[Problem] = []
    for part in template.parts:
        problems += _unsafe_tags(template.environment, part, template.path)
        problems += _render_problems(part, sample, template.path)
    return list(dict.fromkeys(problems))


def check_file(path: Path, sample: Mapping[str, object]) -> list[Problem]:
    """Every problem of a template file, whether it fails to load or to render the sample."""
    try:
        return check_template(load_template(path), sample)
    except TemplateError as exc:
        return list(exc.problems)
    except FileRejected as exc:
        return [exc.problem]


def render_error(template: LetterTemplate, context: Mapping[str, object], exc: Exception,
                 part: Part | None = None) -> TemplateError:
    """The TemplateError for a letter whose rendering raised `exc`, naming the tag."""
    problems = [problem for each in template.parts
                for problem in _render_problems(each, context, template.path)]
    if isinstance(exc, SecurityError) or not problems:
        failed = part or next((p for p in template.parts if p.kind == "properties"), None)
        failed = failed or template.parts[0]
        problems.insert(0, _runtime_problem(failed, exc, template.path))
    return TemplateError(list(dict.fromkeys(problems)))


def render_docxtpl(template: LetterTemplate, context: Mapping[str, object]) -> bytes:
    """One letter by plain docxtpl with the same sandbox: the reference and the fallback."""
    document = Docx(io.BytesIO(template.data))
    try:
        document.render(dict(context), jinja_env=template.environment, autoescape=True)
    except Exception as exc:  # Jinja errors, SecurityError, TypeError from a bad tag
        raise render_error(template, context, exc) from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _require_docx(path: Path) -> None:
    try:
        require_kind(path, frozenset({FileKind.DOCX}))
    except FileRejected as exc:
        if exc.problem.code == "file-encrypted":
            raise rejection(TEMPLATE_ENCRYPTED, path) from exc
        if exc.problem.code == "file-wrong-type" and sniff(path) is FileKind.DOC:
            raise rejection(TEMPLATE_LEGACY_DOC, path) from exc
        if exc.problem.code == "file-wrong-type" and _is_odt(path):
            raise rejection(TEMPLATE_ODT, path) from exc
        raise


def _is_odt(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype")[:100].startswith(b"application/vnd.oasis."
                                                              b"opendocument.text")
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return False


def _part(env: SandboxedEnvironment, path: Path, member: str, kind: str, xml: str,
          **extra: str) -> list[Part]:
    """The compiled part, or nothing when it holds no tags."""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # what docxtpl's render_xml_part does
    if not _HAS_TAG.search(source):
        return []
    try:
        compiled = env.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateError([_syntax_problem(source, kind, exc, path)]) from exc
    return [Part(member, kind, source, compiled, **extra)]


def _body_part(document: Any, helper: Docx, env: SandboxedEnvironment, path: Path) -> list[Part]:
    xml = helper.patch_xml(helper.xml_to_string(document.element.body))
    whole = serialize_part_xml(document.element).decode("utf-8")
    start, end = whole.find("<w:body"), whole.rfind("</w:body>")
    # The rendered body's own start tag repeats the namespaces; the document's one does not.
    start = whole.index(">", start) + 1
    return _part(env, path, str(document.part.partname).lstrip("/"), "body", xml,
                 head=whole[:start], tail=whole[end:])


def _related_parts(document: Any, helper: Docx, env: SandboxedEnvironment,
                   path: Path) -> list[Part]:
    """Headers and footers (as docxtpl finds them), then footnotes."""
    kinds = {RT.HEADER: "header", RT.FOOTER: "footer"}
    found: list[Part] = []
    for rel_id, rel in document.part.rels.items():
        if rel.reltype in kinds and not rel.is_external and rel.target_part.blob:
            target = rel.target_part
            xml = helper.patch_xml(helper.xml_to_string(parse_xml(target.blob)))
            found += _part(env, path, str(target.partname).lstrip("/"), kinds[rel.reltype], xml,
                           rel_id=rel_id, content_type=target.content_type)
    for target in document.part.package.parts:
        if target.content_type.endswith(".footnotes+xml"):
            xml = helper.patch_xml(target.blob.decode("utf-8"))
            found += _part(env, path, str(target.partname).lstrip("/"), "footnotes", xml)
    return found


# ---- diagnosis: Russian problems naming the tag as written -------------------------------


def _line(source: str, lineno: int | None) -> str:
    lines = source.split("\n")
    return lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else ""


def _name_pattern(name: str, attribute: bool) -> re.Pattern[str]:
    before = r"(?:\.\s*|[\[(]\s*['\"])" if attribute else r"(?<![.\w])"
    return re.compile(before + re.escape(name) + r"(?!\w)")


def _tag(source: str, lineno: int | None, pattern: re.Pattern[str] | None = None) -> str:
    """The tag on the line (the one matching `pattern`, else anywhere), as the teacher typed it."""
    for text in (_line(source, lineno), source if pattern else ""):
        for tag in _TAGS.findall(text):
            if pattern is None or pattern.search(tag):
                return " ".join(tag.split())
    return ""


def _near(source: str, lineno: int | None) -> str:
    text = " ".join(re.sub(r"<[^>]+>", "", _line(source, lineno)).split())
    return f" рядом с текстом «{text[:60]}{'…' if len(text) > 60 else ''}»" if text else ""


def _syntax_problem(source: str, kind: str, exc: TemplateSyntaxError, path: Path) -> Problem:
    message = exc.message or ""
    inner = re.search(r"needs to be closed is '(\w+)'", message)
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    named = re.match(r"No (filter|test) named '([\w.]+)'", message)
    place = _PLACES[kind]
    if message.startswith("Unexpected end of template") and inner:
        block = inner.group(1)
        what = f"не закрыт тег {_unclosed(source, block)} — нет {{% end{block} %}}"
    elif unknown:
        tag = _tag(source, exc.lineno, re.compile(r"\{%-?\s*" + unknown.group(1) + r"\b"))
        expected = f" (здесь ожидался {{% end{inner.group(1)} %}})" if inner else ""
        what = f"лишний или неизвестный тег {tag}{expected}"
    elif named:
        noun = "неизвестный фильтр" if named.group(1) == "filter" else "неизвестная проверка"
        tag = _tag(source, exc.lineno, _name_pattern(named.group(2), attribute=False))
        what = f"{noun} «{named.group(2)}» в теге {tag}"
    else:
        tag = _broken_tag(source, exc.lineno)
        what = f"ошибка в записи тега {tag}" if tag else "ошибка в записи тега"
        place += _near(source, exc.lineno)
    return TEMPLATE_SYNTAX(Location(path), name=path.name, what=what, place=place)


def _unclosed(source: str, keyword: str) -> str:
    stack: list[tuple[str, str]] = []
    for match in _BLOCKS.finditer(source):
        word = match.group(1)
        if word in _OPENERS or (word == "set" and "=" not in match.group(2)):
            stack.append((word, " ".join(match.group(0).split())))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return next((tag for word, tag in reversed(stack) if word == keyword), f"{{% {keyword} %}}")


def _broken_tag(source: str, lineno: int | None) -> str:
    """The first tag on the line Jinja cannot read alone, or the unfinished one."""
    line = _line(source, lineno)
    for tag in _TAGS.findall(line):
        try:
            SandboxedEnvironment().parse(tag if tag.startswith("{{") else tag + "{% end %}")
        except TemplateSyntaxError:
            return " ".join(tag.split())
    start = re.search(r"\{[{%]", line)
    return " ".join(re.sub(r"<[^>]+>", "", line[start.start():])[:40].split()) if start else ""


def _private_name(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        name: object = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        name = node.arg.value
    elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
        name = getattr(node.args[0], "value", "")
    else:
        return ""
    return name if isinstance(name, str) and name.startswith("_") else ""


def _unsafe_tags(env: SandboxedEnvironment, part: Part, path: Path) -> list[Problem]:
    """Tags reaching for `_private` attributes: refused before anything is rendered."""
    found = []
    for node in env.parse(part.source).find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if name := _private_name(node):
            tag = _tag(part.source, node.lineno, _name_pattern(name, attribute=True)) or name
            found.append(TEMPLATE_UNSAFE(Location(path), name=path.name, tag=tag,
                                         place=_PLACES[part.kind]))
    return found


def _recording(sink: list[tuple[Undefined, int]], holder: list[Template]) -> type[Undefined]:
    """An Undefined that renders as nothing and notes where the template used it."""

    def note(undefined: Undefined) -> None:
        frame = sys._getframe(1)
        while frame.f_back is not None and frame.f_code.co_filename != "<template>":
            frame = frame.f_back
        found = frame.f_code.co_filename == "<template>" and holder
        sink.append((undefined, holder[0].get_corresponding_lineno(frame.f_lineno) if found else 0))

    class Recording(Undefined):
        __slots__ = ()

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            note(self)
            return self

        def __str__(self) -> str:
            note(self)
            return ""

        def __iter__(self) -> Any:
            note(self)
            return iter(())

        def __bool__(self) -> bool:
            note(self)
            return False

    return Recording


def _render_problems(part: Part, context: Mapping[str, object], path: Path) -> list[Problem]:
    """Render one part with undefined names noted instead of raised."""
    sink: list[tuple[Undefined, int]] = []
    holder: list[Template] = []
    env = make_environment(_recording(sink, holder))
    holder.append(env.from_string(part.source))
    problems, xml = [], ""
    try:
        xml = holder[0].render(context)
    except Exception as exc:  # a tag that fails on these values: reported with its tag
        problems.append(_runtime_problem(part, exc, path, context))
    problems += [_unknown_field(part, undefined, line, context, path) for undefined, line in sink]
    names = {str(u._undefined_name) for u, _ in sink}
    absent = meta.find_undeclared_variables(env.parse(part.source)) - set(context)
    absent -= set(env.globals) | names  # used in a branch the sample did not take
    problems += [_unknown_name(part, name, 0, context, path) for name in sorted(absent)]
    if xml and not problems and not _well_formed(xml):
        problems.append(TEMPLATE_SYNTAX(Location(path), name=path.name, what=_BROKEN,
                                        place=_PLACES[part.kind]))
    return list(dict.fromkeys(problems))


def _well_formed(xml: str) -> bool:
    try:
        etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return False
    return True


def _runtime_problem(part: Part, exc: BaseException, path: Path,
                     context: Mapping[str, object] | None = None) -> Problem:
    lineno = next((tb.tb_lineno for tb in _traceback(exc)
                   if tb.tb_frame.f_code.co_filename == "<template>"), None)
    if isinstance(exc, SecurityError):
        name = re.search(r"attribute '([^']+)'", str(exc))
        pattern = _name_pattern(name.group(1), attribute=True) if name else None
        return TEMPLATE_UNSAFE(Location(path), name=path.name, place=_PLACES[part.kind],
                               tag=_tag(part.source, lineno, pattern) or "с «__»")
    if isinstance(exc, etree.XMLSyntaxError):
        return TEMPLATE_SYNTAX(Location(path), name=path.name, what=_BROKEN,
                               place=_PLACES[part.kind])
    named = re.search(r"'([^']+)' is undefined", str(exc))
    if isinstance(exc, UndefinedError) and named:
        return _unknown_name(part, named.group(1), lineno, context or {}, path)
    tag = _tag(part.source, lineno)
    what = f"тег {tag} не удаётся вычислить с данными письма" if tag else "тег не удаётся вычислить"
    return TEMPLATE_SYNTAX(Location(path), name=path.name, what=what,
                           place=_PLACES[part.kind] + ("" if tag else _near(part.source, lineno)))


def _traceback(exc: BaseException) -> list[Any]:
    frames, tb = [], exc.__traceback__
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    return frames[::-1]


def _unknown_field(part: Part, undefined: Undefined, lineno: int,
                   context: Mapping[str, object], path: Path) -> Problem:
    name, owner = str(undefined._undefined_name), undefined._undefined_obj
    if undefined._undefined_exception is SecurityError:
        tag = _tag(part.source, lineno, _name_pattern(name, attribute=True)) or name
        return TEMPLATE_UNSAFE(Location(path), name=path.name, tag=tag, place=_PLACES[part.kind])
    if owner is missing:
        return _unknown_name(part, name, lineno, context, path)
    tag = _tag(part.source, lineno, _name_pattern(name, attribute=True)) or f".{name}"
    prefix_match = re.search(r"([\w.\[\]'\"]+?)\s*(?:\.\s*|\[\s*['\"])" + re.escape(name), tag)
    prefix = prefix_match.group(1) if prefix_match else "…"
    keys = _fields(owner)
    close = get_close_matches(name, keys, 1)
    suggestion = f"Возможно, имелось в виду {prefix}.{close[0]}. " if close else ""
    listed = _shorten([f"{prefix}.{key}" for key in keys]) or "у этого значения нет полей"
    return TEMPLATE_UNKNOWN_FIELD(Location(path), name=path.name, tag=tag, place=_PLACES[part.kind],
                                  field=name, fields=listed, suggestion=suggestion)


def _unknown_name(part: Part, name: str, lineno: int | None,
                  context: Mapping[str, object], path: Path) -> Problem:
    pattern = _name_pattern(name, attribute=False)
    tag = _tag(part.source, lineno, pattern) or f"{{{{ {name} }}}}"
    close = get_close_matches(name, [str(key) for key in context], 1)
    suggestion = f"Возможно, имелось в виду {pattern.sub(close[0], tag)}. " if close else ""
    if close and _fields(context[close[0]]):
        listed = [f"{close[0]}.{key}" for key in _fields(context[close[0]])]
    else:
        listed = [f"{key}.{sub}" if _fields(value) else str(key)
                  for key, value in context.items() for sub in (_fields(value) or [""])]
    return TEMPLATE_UNKNOWN_FIELD(Location(path), name=path.name, tag=tag, place=_PLACES[part.kind],
                                  field=name, fields=_shorten(listed) or "нет полей",
                                  suggestion=suggestion)


def _fields(value: object) -> list[str]:
    if isinstance(value, Mapping):
        return [str(key) for key in value]
    if is_dataclass(value) and not isinstance(value, type):
        return [field.name for field in fields(value)]
    if hasattr(value, "__dict__") and not callable(value):
        return [key for key in vars(value) if not key.startswith("_")]
    return []


def _shorten(names: list[str]) -> str:
    return ", ".join(names[:_LISTED]) + (", …" if len(names) > _LISTED else "")
