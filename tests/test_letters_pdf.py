"""PDF through LibreOffice: batches of at most 200, every PDF counted, a warning without it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from ejournal_sheets.letters import load_template, render_combined, to_pdf
from ejournal_sheets.letters import pdf as pdf_module
from tests.test_letters_render import SAMPLE, STUDENT, make_template

# A stand-in for soffice: logs each call and writes a PDF for every input except «пропуск*».
FAKE = """#!{python}
import sys, time
from pathlib import Path
with open({log!r}, "a", encoding="utf-8") as log:
    log.write("\\t".join(sys.argv[1:]) + "\\n")
time.sleep({sleep})
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in args[args.index("--outdir") + 2:]:
    if not Path(name).name.startswith("пропуск"):
        (out / (Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4\\n%%EOF\\n")
"""


def fake_soffice(tmp_path: Path, sleep: float = 0) -> tuple[str, Path]:
    log = tmp_path / "calls.log"
    script = tmp_path / "soffice"
    script.write_text(FAKE.format(python=sys.executable, log=str(log), sleep=sleep),
                      encoding="utf-8")
    script.chmod(0o755)
    return str(script), log


def docx_files(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        docx.Document().save(folder / name)
    return [folder / name for name in names]


def page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_files_are_converted_in_batches_and_counted(tmp_path: Path) -> None:
    soffice, log = fake_soffice(tmp_path)
    files = docx_files(tmp_path / "docx", [f"{n:02d}_Ученик.docx" for n in range(1, 6)])
    made, problems = to_pdf(files, tmp_path / "pdf", batch=2, soffice=soffice)
    calls = log.read_text(encoding="utf-8").splitlines()
    assert [line.count(".docx") for line in calls] == [2, 2, 1]
    assert [p.name for p in made] == [f"{n:02d}_Ученик.pdf" for n in range(1, 6)]
    assert problems == [] and all(p.read_bytes().startswith(b"%PDF-") for p in made)
    profile = calls[0].split("\t")[0]
    assert profile.startswith("-env:UserInstallation=file://") and str(Path.home()) not in profile
    assert "--headless" in calls[0].split("\t")
    assert not list((tmp_path / "pdf").glob(".*"))  # no temp files left behind


def test_a_pdf_libreoffice_silently_skipped_is_reported(tmp_path: Path) -> None:
    soffice, _ = fake_soffice(tmp_path)
    files = docx_files(tmp_path / "docx", ["01_Иванов.docx", "пропуск_Петров.docx"])
    made, problems = to_pdf(files, tmp_path / "pdf", soffice=soffice)
    assert [p.name for p in made] == ["01_Иванов.pdf"]
    assert [(p.code, p.where.path.name) for p in problems] == [
        ("pdf-missing", "пропуск_Петров.docx")]
    assert "пропуск_Петров.docx" in problems[0].message


def test_a_hanging_libreoffice_is_stopped_and_reported(tmp_path: Path) -> None:
    soffice, _ = fake_soffice(tmp_path, sleep=30)
    files = docx_files(tmp_path / "docx", ["01_Иванов.docx"])
    made, problems = to_pdf(files, tmp_path / "pdf", soffice=soffice, timeout=1)
    assert made == [] and [p.code for p in problems] == ["pdf-missing"]
    assert "за 1 с" in problems[0].message


def test_without_libreoffice_a_warning_and_no_pdf(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    files = docx_files(tmp_path / "docx", ["01_Иванов.docx"])
    made, problems = to_pdf(files, tmp_path / "pdf")
    assert made == [] and [(p.code, p.severity.name) for p in problems] == [
        ("pdf-unavailable", "WARNING")]
    assert problems[0].message == "LibreOffice не установлен: PDF не создан; docx готовы к печати."
    assert not (tmp_path / "pdf").exists()


@pytest.mark.parametrize("footer", ["Стр. 1", "Ученик: {{ student.name }}"],
                         ids=["same footer", "footer per letter"])
def test_combined_file_converts_to_one_page_per_letter(tmp_path: Path, soffice: str,
                                                       footer: str) -> None:
    path = make_template(tmp_path / "t.docx", ["Уважаемые родители!", "{{ student.name }}"],
                         header="{{ school.name }}", footer=footer,
                         table=[["Предмет", "Отметка"], ["{%tr for m in marks %}", ""],
                                ["{{ m.subject }}", "{{ m.mark }}"], ["{%tr endfor %}", ""]])
    contexts = [{**SAMPLE, "student": {**STUDENT, "name": f"Ученик {n}"}} for n in range(1, 5)]
    combined = render_combined(load_template(path), contexts, tmp_path / "out" / "все.docx")
    made, problems = to_pdf([combined], tmp_path / "out", soffice=soffice)
    assert problems == [] and [p.name for p in made] == ["все.pdf"]
    assert page_count(made[0]) == 4
