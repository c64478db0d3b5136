"""Letter batches on the demo class: files per kind, the print file and its PDF, a broken
override template stopping the batch before any file, literal values, the register, the
movement ledger, a failed batch leaving the previous one, and the CLI."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from ejournal_sheets.cli import run
from ejournal_sheets.demo import build_demo
from ejournal_sheets.errors import EjournalError
from ejournal_sheets.flows import letters as flow
from ejournal_sheets.flows.common import read_inputs
from ejournal_sheets.flows.letters import (
    KINDS,
    LETTERS_DIR,
    batch_of,
    ledger_path,
    run_incident,
    run_letters,
)
from ejournal_sheets.letters import fastpath
from ejournal_sheets.letters.deadline import last_known_year
from ejournal_sheets.letters.manifest import MANIFEST_FILE
from ejournal_sheets.letters.register import REGISTER_FILE
from ejournal_sheets.letters.render import TemplateError
from ejournal_sheets.letters.templates import template_path
from ejournal_sheets.workspace import Workspace, open_workspace

TODAY = date(2026, 11, 28)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LITERAL = 'МАОУ "Лицей <№ 3> & Ко" </w:t></w:r></w:p><w:p>'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "7Б"
    build_demo(root, TODAY)
    return root


@pytest.fixture
def workspace(built: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the demo class for each test."""
    root = tmp_path / "7Б"
    shutil.copytree(built, root)
    return open_workspace(root)


def letters_dir(workspace: Workspace) -> Path:
    return workspace.output_dir(TODAY) / LETTERS_DIR


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def page_starts(path: Path) -> int:
    """Page breaks a docx asks for: breaks before paragraphs, page breaks, section breaks."""
    body = docx.Document(str(path)).element.body
    return (len(body.findall(f".//{W}pageBreakBefore"))
            + len([b for b in body.iter(f"{W}br") if b.get(f"{W}type") == "page"])
            + len(body.findall(f".//{W}pPr/{W}sectPr")))


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def edit_workbook(workspace: Workspace, edit: Callable[[openpyxl.Workbook], None]) -> None:
    book = openpyxl.load_workbook(workspace.workbook)
    edit(book)
    book.save(workspace.workbook)


def manifest_rows(folder: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(folder / MANIFEST_FILE).active
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "№")
    return [row for row in rows[start + 1:] if isinstance(row[0], int)]


# ---------------------------------------------------------------- every kind


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_writes_its_files(workspace: Workspace, kind: str) -> None:
    result = run_letters(workspace, TODAY, kind, pdf=False)
    batch = batch_of(kind)
    folder = letters_dir(workspace) / batch.folder
    assert result.folder == folder and result.letters >= 1
    assert all(path.parent == folder and path.exists() for path in result.outputs)
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no stage left
    documents = sorted(folder.glob("*.docx"))
    if batch.per_recipient:
        assert result.print_file == folder / batch.combined
        assert len(documents) == result.letters + 1
        rows = manifest_rows(folder)
        assert len(rows) == result.letters
        assert sum(1 for row in rows if row[3] == "email") == result.by_email
        assert result.printed + result.by_email == result.letters
        assert all(row[4] for row in rows if row[3] == "email")
        assert all((folder / str(row[1])).exists() for row in rows)
    else:
        assert result.print_file is not None and result.print_file.exists()
    for path in documents:
        assert "{{" not in docx_text(path) and "None" not in docx_text(path)


def test_email_families_are_left_out_of_the_print_file(workspace: Workspace) -> None:
    result = run_letters(workspace, TODAY, "memo", pdf=False)
    assert result.by_email > 0 and result.printed > 0  # the demo mixes channels
    folder = letters_dir(workspace) / batch_of("memo").folder
    one = next(folder.glob("0*.docx"))
    assert page_starts(folder / batch_of("memo").combined) == (
        result.printed - 1 + result.printed * page_starts(one))


def test_combined_file_has_one_letter_a_page_and_its_pdf(workspace: Workspace,
                                                        soffice: str) -> None:
    result = run_letters(workspace, TODAY, "info", pdf=True)
    combined = result.print_file
    assert combined is not None and combined.name == "Информационные_письма_все.docx"
    single = next(path for path in result.outputs if path.name.startswith("01_"))
    assert page_starts(single) == 0  # a demo letter fits one page
    assert page_starts(combined) == result.printed - 1
    pdf = combined.with_suffix(".pdf")
    assert pdf in result.outputs and pdf.read_bytes().startswith(b"%PDF-")
    assert pdf_pages(pdf) == result.printed
    assert not [p for p in result.problems if p.code.startswith("pdf-")]


def test_no_libreoffice_is_a_warning_and_docx_still_written(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ejournal_sheets.letters.pdf.find_soffice", lambda: None)
    result = run_letters(workspace, TODAY, "weekly", pdf=True)
    assert [p.code for p in result.problems if p.code.startswith("pdf-")] == ["pdf-unavailable"]
    assert result.print_file is not None and result.print_file.exists()
    assert not list(result.print_file.parent.glob("*.pdf"))


# ---------------------------------------------------------------- templates and values


def misspelt_override(workspace: Workspace, kind: str = "info") -> Path:
    """шаблоны/<kind>.docx: the shipped template with «student» misspelt in one tag."""
    source = template_path(kind)
    target = workspace.root / flow.OVERRIDE_DIR / source.name
    target.parent.mkdir(exist_ok=True)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ student.genitive }}", b"{{ studnet.genitive }}", 1)
            new.writestr(item, data)
    target.write_bytes(out.getvalue())
    return target


def test_misspelt_override_stops_the_batch_before_any_file(workspace: Workspace) -> None:
    misspelt_override(workspace)
    with pytest.raises(TemplateError) as caught:
        run_letters(workspace, TODAY, "info")
    assert "{{ studnet.genitive }}" in str(caught.value)
    assert "student" in caught.value.problems[0].hint  # the fields that exist are listed
    assert not workspace.output_dir(TODAY).exists()


def test_override_template_is_used(workspace: Workspace) -> None:
    own = workspace.root / flow.OVERRIDE_DIR / "movement.docx"
    own.parent.mkdir()
    document = docx.Document(str(template_path("movement")))
    document.add_paragraph("Копия — в личное дело.")
    document.save(str(own))
    result = run_letters(workspace, TODAY, "movement", pdf=False)
    assert result.print_file is not None
    assert "Копия — в личное дело." in docx_text(result.print_file)


def test_values_with_xml_characters_render_literally(workspace: Workspace) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Движение"]
        column = next(c.column for c in sheet[1] if c.value == "Откуда/куда")
        sheet.cell(row=2, column=column, value=LITERAL)

    edit_workbook(workspace, edit)
    config = workspace.root / "ejournal.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r'(?m)^name = ".*"$', 'name = "Школа \\\\"Знание\\\\" & <Ко>"', text,
                             count=1), encoding="utf-8")
    workspace = open_workspace(workspace.root)
    movement = run_letters(workspace, TODAY, "movement", pdf=False)
    assert movement.print_file is not None
    assert LITERAL in docx_text(movement.print_file)
    info = run_letters(workspace, TODAY, "info", pdf=False)
    assert 'Школа "Знание" & <Ко>' in docx_text(info.outputs[0])


# ---------------------------------------------------------------- slips and movement


def test_register_lists_the_slips_without_passwords(workspace: Workspace) -> None:
    result = run_letters(workspace, TODAY, "slips", pdf=False)
    folder = letters_dir(workspace) / batch_of("slips").folder
    register = folder / REGISTER_FILE
    assert register in result.outputs
    credentials = read_inputs(workspace, TODAY).journal.credentials
    secrets = {c.secret.strip() for c in credentials if c.secret and c.secret.strip()}
    assert secrets
    sheet = openpyxl.load_workbook(register).active
    values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert not [v for v in values if any(secret in v for secret in secrets)]
    header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "№")
    assert header == ("№", "ФИО ученика", "Кому выдано (ФИО)", "Роль", "Логин", "Дата выдачи",
                      "Подпись получателя")
    rows = [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(rows) == len(credentials)
    assert {row[4] for row in rows} == {c.login.strip() for c in credentials}
    assert all(row[6] is None for row in rows)  # signed by hand
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "portrait"
    slips = docx_text(result.print_file)  # type: ignore[arg-type]
    assert all(secret in slips for secret in secrets)  # the slips themselves carry them


def test_movement_ledger_prevents_a_second_notice(workspace: Workspace) -> None:
    first = run_letters(workspace, TODAY, "movement", pdf=False)
    assert first.letters == 1 and first.print_file is not None
    notice = first.print_file.read_bytes()
    assert len(flow.notified(workspace)) == 2  # the demo's two events
    again = run_letters(workspace, TODAY, "movement", pdf=False)
    assert again.folder is None and again.outputs == ()
    assert "уже уведомлён" in again.skipped[0]
    assert first.print_file.read_bytes() == notice  # the first notice is kept

    def add_event(book: openpyxl.Workbook) -> None:
        book["Движение"].append([3, None, "выбыл", datetime(2026, 11, 27), "№ 160-у", "г. Тула"])

    edit_workbook(workspace, add_event)
    third = run_letters(workspace, TODAY, "movement", pdf=False)
    assert third.print_file is not None and third.print_file != first.print_file
    assert first.print_file.exists()
    assert "г. Тула" in docx_text(third.print_file)
    assert "Екатеринбург" not in docx_text(third.print_file)
    assert ledger_path(workspace).parent.name == "state"


def test_damaged_ledger_is_a_clear_error(workspace: Workspace) -> None:
    ledger_path(workspace).parent.mkdir(parents=True, exist_ok=True)
    ledger_path(workspace).write_text("{", encoding="utf-8")
    with pytest.raises(EjournalError, match="повреждён"):
        run_letters(workspace, TODAY, "movement", pdf=False)


def test_empty_weekly_batch_writes_nothing(workspace: Workspace) -> None:
    def electronic(book: openpyxl.Workbook) -> None:
        sheet = book["Родители"]
        column = next(c.column for c in sheet[1] if c.value == "Способ информирования")
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row=row, column=column).value == "бумага":
                sheet.cell(row=row, column=column, value="электронный дневник")

    edit_workbook(workspace, electronic)
    result = run_letters(workspace, TODAY, "weekly", include_inactive=False)
    assert result.outputs == () and result.folder is None
    assert "бумага" in result.skipped[0]
    assert not workspace.output_dir(TODAY).exists()


def test_failed_batch_leaves_the_previous_one(workspace: Workspace,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first = run_letters(workspace, TODAY, "info", pdf=False)
    before = {path.name: path.read_bytes() for path in first.folder.iterdir()}  # type: ignore

    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError("диск заполнен")

    # the letters are rendered and staged, then the print file fails
    monkeypatch.setattr(fastpath._Combined, "finish", broken)
    with pytest.raises(OSError):
        run_letters(workspace, TODAY, "info", pdf=False)
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before  # type: ignore
    assert not [p for p in letters_dir(workspace).iterdir() if p.name.startswith(".")]


def test_progress_reaches_the_total(workspace: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    result = run_letters(workspace, TODAY, "info", pdf=False,
                         progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == result.letters + 1
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_incident_writes_the_notice_with_its_deadline(workspace: Workspace) -> None:
    result = run_incident(workspace, TODAY, datetime(2026, 11, 27, 14, 0),
                          "Пароль родителя опубликован в чате & <удалён>", "Соколов И. В.",
                          "Пароль сменён")
    assert result.deadline == datetime(2026, 11, 30, 23, 59)
    assert result.print_file is not None
    text = docx_text(result.print_file)
    assert "30 ноября 2026 г. (понедельник)" in text
    assert "28.11–29.11.2026 — выходные дни" in text
    assert "Пароль родителя опубликован в чате & <удалён>" in text
    again = run_incident(workspace, TODAY, datetime(2026, 11, 27, 14, 0), "Повторно", "", "",
                         pdf=False)
    assert again.print_file != result.print_file and result.print_file.exists()
    assert not [p for p in result.problems if p.code == "deadline-calendar-unknown"]


def test_incident_in_a_year_past_the_calendar_warns(workspace: Workspace) -> None:
    detected = datetime(last_known_year() + 1, 3, 3, 10, 0)
    result = run_incident(workspace, TODAY, detected, "Пароль в чате", pdf=False)
    assert [p.code for p in result.problems if p.code.startswith("deadline")] == [
        "deadline-calendar-unknown"]
    assert result.print_file is not None and result.print_file.exists()


# ---------------------------------------------------------------- CLI


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--today", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_template_check_cli(tmp_path: Path, workspace: Workspace,
                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(capsys, "template-check", str(template_path("info")))
    assert code == 0 and "в порядке" in out
    broken = misspelt_override(workspace)
    code, out, _ = invoke(capsys, "template-check", str(broken))
    assert code == 1
    assert "{{ studnet.genitive }}" in out and "Доступны:" in out and "student.genitive" in out
    renamed = tmp_path / "мой.docx"
    shutil.copyfile(template_path("risk"), renamed)
    code, _, err = invoke(capsys, "template-check", str(renamed))
    assert code == 2 and "--kind" in err
    code, out, _ = invoke(capsys, "template-check", str(renamed), "--kind", "risk")
    assert code == 0
    code, out, _ = invoke(capsys, "template-check", str(renamed), "--kind", "info")
    assert code == 1 and "Замечаний:" in out
    code, _, _ = invoke(capsys, "template-check", str(tmp_path / "нет.docx"))
    assert code == 2


def test_letters_cli(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(capsys, "-w", str(workspace.root), "letters", "--kind", "memo",
                            "--no-pdf")
    assert code in (0, 1)  # the demo workbook has planted errors
    assert "Папка:" in out and "Памятки_все.docx" in out and "Состав.xlsx" in out
    assert "Памятка" in err  # the progress bar's label
    code, out, _ = invoke(capsys, "-w", str(workspace.root), "slips", "--no-pdf")
    assert code in (0, 1) and "Реестр_выдачи_доступа.xlsx" in out
    code, _, err = invoke(capsys, "-w", str(workspace.root), "letters", "--kind", "nope")
    assert code == 2


def test_letters_cli_broken_template_exit_3(workspace: Workspace,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    misspelt_override(workspace)
    code, _, err = invoke(capsys, "-w", str(workspace.root), "letters", "--kind", "info")
    assert code == 3 and "studnet" in err
    assert not workspace.output_dir(TODAY).exists()


def test_incident_cli(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(capsys, "-w", str(workspace.root), "incident", "--detected",
                          "2026-11-27 14:00", "--what", "Пароль в чате", "--no-pdf")
    assert code in (0, 1)
    assert "Срок уведомления: 30.11.2026 (понедельник)" in out
    code, _, err = invoke(capsys, "-w", str(workspace.root), "incident", "--detected",
                          "2026-12-01 10:00", "--what", "Пароль в чате")
    assert code == 2 and "позже сегодняшней" in err


def test_letters_outside_the_periods(workspace: Workspace) -> None:
    summer = date(2026, 8, 25)  # before the school year: no period yet
    memo = run_letters(workspace, summer, "memo", pdf=False)
    assert memo.letters > 0 and memo.folder is not None
    with pytest.raises(EjournalError, match="--period"):
        run_letters(workspace, summer, "info", pdf=False)
    holiday = date(2026, 12, 30)  # winter holidays: the quarter just ended
    info = run_letters(workspace, holiday, "info", pdf=False)
    assert info.letters > 0 and "II четверт" in docx_text(info.outputs[0])


def test_a_template_is_compiled_once_until_its_file_changes(tmp_path: Path) -> None:
    own = tmp_path / "info.docx"
    shutil.copyfile(template_path("info"), own)
    first = flow.checked_template(own, "info")
    assert flow.checked_template(own, "info") is first  # the school run's 40 classes: once
    document = docx.Document(str(own))
    document.add_paragraph("Телефон для справок: {{ teacher.phone }}")
    document.save(str(own))
    edited = flow.checked_template(own, "info")
    assert edited is not first and edited.data == own.read_bytes()
    document.add_paragraph("{{ nobody.knows }}")
    document.save(str(own))
    with pytest.raises(TemplateError):  # a broken edit is checked, never served from the cache
        flow.checked_template(own, "info")
