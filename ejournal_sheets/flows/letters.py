"""Letter batches (issue 5, item 4): one docx per recipient, one combined print file, its PDF,
the batch's manifest; slips with the issuance register; movement notices; the breach notice.

The template is loaded and checked against its sample before anything is read or written, so a
misspelt field stops the batch naming the tag. A batch is built in a hidden folder beside its
target and moved into place only when complete: a batch that fails half-way leaves the
previous one intact. A teacher's own template `шаблоны/<kind>.docx` in the workspace wins over
the shipped one in letter_templates/.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ejournal_sheets.errors import EjournalError, OutputError
from ejournal_sheets.flows.common import Inputs, read_inputs
from ejournal_sheets.letters import load_template, render_batch, to_pdf
from ejournal_sheets.letters.context import (
    Letter,
    LetterInputs,
    breach_letter,
    info_letters,
    letter_inputs,
    memo_letters,
    movement_letter,
    risk_letters,
    slips,
    weekly_letters,
)
from ejournal_sheets.letters.contexts.base import SharedInputs
from ejournal_sheets.letters.deadline import breach_deadline, calendar_problem
from ejournal_sheets.letters.manifest import MANIFEST_FILE, ManifestRow, write_manifest
from ejournal_sheets.letters.register import REGISTER_FILE, write_register
from ejournal_sheets.letters.render import LetterTemplate, TemplateError, check_template
from ejournal_sheets.letters.templates import template_path, template_spec
from ejournal_sheets.model import Movement
from ejournal_sheets.problems import Location, Problem, Report
from ejournal_sheets.safe_io import write_text_atomic
from ejournal_sheets.schema import SHEETS
from ejournal_sheets.settings import DateRange
from ejournal_sheets.workspace import Workspace

LETTERS_DIR = "Письма"
OVERRIDE_DIR = "шаблоны"
LEDGER = "movement_notified.json"
CHUNK = 25  # letters rendered between two progress updates

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Batch:
    """How a kind of letter is laid out: its folder, its print file, one letter per family?"""

    kind: str
    folder: str
    combined: str  # the print file of a batch of letters
    per_recipient: bool = True


BATCHES: tuple[Batch, ...] = (
    Batch("info", "Информационные письма", "Информационные_письма_все.docx"),
    Batch("weekly", "Выписки из журнала", "Выписки_все.docx"),
    Batch("risk", "Уведомления о неуспешной ситуации",
          "Уведомления_о_неуспешной_ситуации_все.docx"),
    Batch("memo", "Памятки для родителей", "Памятки_все.docx"),
    Batch("slips", "Листки доступа", "", per_recipient=False),
    Batch("movement", "Движение обучающихся", "", per_recipient=False),
    Batch("breach", "Нарушение конфиденциальности", "", per_recipient=False),
)
KINDS = tuple(batch.kind for batch in BATCHES if batch.kind != "breach")
UNDATED = frozenset({"memo", "slips", "movement", "breach"})  # need no marks of a period
EMPTY = {
    "info": "В классе нет учеников на сегодняшний день — информационных писем нет.",
    "weekly": "Нет семей, которым нужна бумажная выписка (способ информирования «бумага»"
              "{inactive}) — выписки не печатаются.",
    "risk": "Ни у одного ученика нет риска «2» или «н/а» — уведомлений о неуспешной ситуации "
            "нет.",
    "memo": "В классе нет учеников на сегодняшний день — памяток нет.",
    "slips": "В папке журнал/ нет выгрузки реквизитов доступа (ФИО, Роль, Логин, Пароль) — "
             "листков нет. Выгрузите её из электронного журнала и запустите команду снова.",
    "movement": "Новых событий на листе «Движение» нет: обо всех прибывших и выбывших "
                "администратор уже уведомлён — уведомление не нужно.",
}


@dataclass(frozen=True)
class LettersResult:
    """What a batch wrote; `skipped` says in Russian what was not done and why."""

    kind: str
    report: Report
    outputs: tuple[Path, ...] = ()
    folder: Path | None = None
    letters: int = 0
    printed: int = 0
    by_email: int = 0
    skipped: tuple[str, ...] = ()
    print_file: Path | None = None  # the combined print file (or the single document)
    deadline: datetime | None = None  # the breach notice's deadline and its rule
    rule: str = ""
    emailed: tuple[tuple[Path, str, str], ...] = ()  # (docx, address, recipient) for the outbox

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.report.problems

    @property
    def sent_by_email_count(self) -> int:
        """Letters left for the outbox (the family gets them by email, not on paper)."""
        return self.by_email


def batch_of(kind: str) -> Batch:
    for batch in BATCHES:
        if batch.kind == kind:
            return batch
    raise EjournalError(f"Нет писем вида «{kind}».", f"Есть: {', '.join(KINDS)}.")


def template_file(workspace: Workspace, kind: str) -> Path:
    """The workspace's own `шаблоны/<kind>.docx` when the teacher made one, else the shipped."""
    own = workspace.root / OVERRIDE_DIR / template_spec(kind).file
    return own if own.is_file() else template_path(kind)


def checked_template(path: Path, kind: str) -> LetterTemplate:
    """Load and check a template against its kind's sample; TemplateError names the tag.

    A template is compiled once per process while its file stays the same (size, time of
    change): a school run renders the same shipped template for every class.
    """
    try:
        stat = path.stat()
        key: tuple[object, ...] | None = (str(path.absolute()), kind, stat.st_size,
                                          stat.st_mtime_ns, stat.st_ino)
    except OSError:
        key = None  # load_template reports the missing or unreadable file
    if key is not None and key in _CHECKED:
        return _CHECKED[key]
    template = load_template(path)
    problems = check_template(template, template_spec(kind).sample)
    if problems:
        raise TemplateError(problems)
    if key is not None:
        if len(_CHECKED) >= 16:
            _CHECKED.clear()
        _CHECKED[key] = template
    return template


_CHECKED: dict[tuple[object, ...], LetterTemplate] = {}


def run_letters(workspace: Workspace, today: date, kind: str,
                period: str | DateRange | None = None,
                week: DateRange | None = None, pdf: bool = True,
                include_inactive: bool | None = None, progress: Progress | None = None,
                inputs: Inputs | None = None) -> LettersResult:
    """One batch of letters of `kind` (info, weekly, risk, memo, slips, movement); `inputs`
    when the caller has already read them (the demo makes every kind from one reading)."""
    batch = batch_of(kind)
    template = checked_template(template_file(workspace, kind), kind)
    inputs = inputs or read_inputs(workspace, today)
    if not inputs.class_readable:
        return LettersResult(kind, inputs.report, skipped=(
            "Рабочая книга класса не прочитана — письма не подготовлены; исправьте ошибки в "
            "файле и запустите снова.",))
    if period is None and kind in UNDATED:
        period = _any_period(workspace, today)
    letter_in = letter_inputs(inputs.class_, inputs.journal, workspace.settings, today,
                              period, week, shared=_shared(workspace, today, inputs))
    if include_inactive is None:
        include_inactive = workspace.settings.letters.weekly_for_inactive
    events: list[tuple[str, Movement]] = []
    register = None
    if kind == "movement":
        events = pending_movements(workspace, letter_in)
        letters = [movement_letter(letter_in, [e for _, e in events])] if events else []
    elif kind == "slips":
        document, register = slips(letter_in)
        letters = [document] if register else []
    else:
        letters = _family_letters(kind, letter_in, include_inactive)
    if not letters:
        note = EMPTY[kind].format(inactive=" или не заходят в электронный дневник"
                                  if include_inactive else "")
        return LettersResult(kind, inputs.report, skipped=(note,))
    folder = workspace.output_dir(today) / LETTERS_DIR / batch.folder
    keep = kind == "movement"  # a later notice of the same day joins the earlier one
    names = file_names([letter.stem for letter in letters], _existing(folder) if keep else ())
    with _staged(folder, replace=not keep) as stage:
        written, problems = _write_batch(batch, template, letters, names, stage, today, pdf,
                                         progress)
        if register is not None:
            written.append(write_register(
                stage / REGISTER_FILE, register, workspace.settings.class_.name,
                workspace.settings.school.name, today, workspace.settings.class_.teacher))
    outputs = tuple(folder / path.name for path in written)
    if events:
        mark_notified(workspace, [key for key, _ in events], today, outputs[0].name)
    return _result(kind, inputs.report, problems, outputs, folder, letters, batch)


def _shared(workspace: Workspace, today: date, inputs: Inputs) -> SharedInputs:
    """The statements' inputs of the run's reading (so letters reuse its register)."""
    return lambda period, previous: inputs.statement_inputs(workspace.settings, period,
                                                            previous, today)


def print_file_of(batch: Batch, outputs: Sequence[Path]) -> Path | None:
    """The file to print: the combined one, or the batch's single document."""
    docx = [path for path in outputs if path.suffix == ".docx"]
    if batch.per_recipient:
        return next((path for path in docx if path.name == batch.combined), None)
    return docx[0] if docx else None


def _family_letters(kind: str, inputs: LetterInputs, include_inactive: bool) -> list[Letter]:
    if kind == "info":
        return info_letters(inputs)
    if kind == "weekly":
        return weekly_letters(inputs, include_inactive=include_inactive)
    if kind == "risk":
        return risk_letters(inputs)
    return memo_letters(inputs)


def run_incident(workspace: Workspace, today: date, detected: datetime, what: str,
                 accounts: str = "", actions: str = "", pdf: bool = True,
                 inputs: Inputs | None = None) -> LettersResult:
    """The breach notice (to the director and the journal's support) with its deadline."""
    template = checked_template(template_file(workspace, "breach"), "breach")
    inputs = inputs or read_inputs(workspace, today, journal=False)
    deadline, rule = breach_deadline(detected)
    warning = calendar_problem(detected, deadline, Location(workspace.root))
    problems = [warning] if warning else []
    letter_in = letter_inputs(inputs.class_, inputs.journal, workspace.settings, today,
                              _any_period(workspace, today))
    letter = breach_letter(letter_in, detected, what, accounts, actions, deadline, rule)
    batch = batch_of("breach")
    folder = workspace.output_dir(today) / LETTERS_DIR / batch.folder
    names = file_names([f"{letter.stem}_{detected:%H-%M}"], _existing(folder))
    with _staged(folder, replace=False) as stage:
        written, pdf_problems = _write_batch(batch, template, [letter], names, stage, today, pdf,
                                             None)
    report = _report(inputs.report, [*problems, *pdf_problems])
    outputs = tuple(folder / path.name for path in written)
    return LettersResult("breach", report, outputs, folder, 1, 1, 0,
                         print_file=print_file_of(batch, outputs), deadline=deadline, rule=rule)


def _any_period(workspace: Workspace, today: date) -> DateRange | None:
    """Letters without marks need no period: outside every one (holidays, summer) the
    nearest one does; None when today is inside a period."""
    year = workspace.settings.year
    if year.period_of(today) is not None or not year.periods:
        return None
    return min(year.periods, key=lambda p: min(abs((p.start - today).days),
                                               abs((p.end - today).days)))


# ---------------------------------------------------------------- the demo


DEMO_INCIDENT = {
    "what": "Логин и пароль родителя размещены в общем чате класса в мессенджере",
    "accounts": "родитель обучающегося (логин из листка доступа)",
    "actions": "Сообщение удалено из чата через 10 минут; родитель предупреждён и сменил пароль.",
}


def run_demo_letters(workspace: Workspace, today: date, pdf: bool = True) -> list[LettersResult]:
    """Every kind of letter for the demo class, and a breach notice of yesterday 14:00; the
    print files go to PDF in one LibreOffice call (one start instead of seven)."""
    ledger_path(workspace).unlink(missing_ok=True)  # the demo announces its movement again
    inputs = read_inputs(workspace, today)
    results = [run_letters(workspace, today, kind, pdf=False, inputs=inputs) for kind in KINDS]
    detected = datetime.combine(today - timedelta(days=1), time(14, 0))
    results.append(run_incident(workspace, today, detected, pdf=False, inputs=inputs,
                                **DEMO_INCIDENT))
    files = [r.print_file for r in results if r.print_file is not None]
    if not pdf or not files:
        return results
    made, problems = pdf_beside(files)
    by_stem = {path.stem: path for path in made}
    found = []
    for result in results:
        extra = by_stem.get(result.print_file.stem) if result.print_file else None
        found.append(replace(result, outputs=(*result.outputs, extra)) if extra else result)
    found[0] = replace(found[0], report=_report(found[0].report, problems))
    return found


def pdf_beside(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """PDFs of docx files in different folders by one LibreOffice call, each beside its docx."""
    stage = Path(tempfile.mkdtemp(prefix=".pdf.", dir=paths[0].parent.parent))
    try:
        made, problems = to_pdf(paths, stage)
        sources = {path.stem: path for path in paths}
        placed = []
        for pdf in made:
            target = sources[pdf.stem].with_suffix(".pdf")
            os.replace(pdf, target)
            placed.append(target)
        return placed, problems
    finally:
        shutil.rmtree(stage, ignore_errors=True)


# ---------------------------------------------------------------- writing a batch


def _write_batch(batch: Batch, template: LetterTemplate, letters: Sequence[Letter],
                 names: Sequence[str], stage: Path, today: date, pdf: bool,
                 progress: Progress | None) -> tuple[list[Path], list[Problem]]:
    """Per-recipient docx (or the single document), the print file, its PDF, the manifest."""
    printed = [letter for letter in letters if not letter.email]
    single = not batch.per_recipient
    combined_step = 1 if printed and not single else 0
    total = len(letters) + combined_step + (1 if pdf and (printed or single) else 0)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    def rendered(count: int) -> None:
        if count % CHUNK == 0 or count == len(letters):
            step(count - done)

    # Each letter rendered once: its own file and, on paper, its pages of the print file.
    written, combined = render_batch(
        template, [letter.context for letter in letters], stage, names,
        stage / batch.combined if combined_step else None,
        [not letter.email for letter in letters], rendered)
    if combined is not None:
        written.append(combined)
        step(1)
    combined = written[0] if single else combined
    problems: list[Problem] = []
    if pdf and combined is not None:
        made, problems = to_pdf([combined], stage)
        written += made
        step(1)
    if not single:
        rows = [ManifestRow(name, letter.recipient, letter.email)
                for name, letter in zip(names, letters, strict=True)]
        written.append(write_manifest(stage / MANIFEST_FILE, rows, template_spec(batch.kind).title,
                                      combined.name if combined else None, today))
    return written, problems


def file_names(stems: Sequence[str], taken: Sequence[str] = ()) -> list[str]:
    """«05_Иванов_Пётр.docx», unique within the batch and against `taken` stems («…_2»)."""
    names: list[str] = []
    seen = {stem.casefold() for stem in taken}
    for stem in stems:
        clean = "".join(c for c in stem if c not in '\\/:*?"<>|' and c >= " ").strip(" .")
        clean = clean or "письмо"
        name, number = clean, 2
        while name.casefold() in seen:
            name, number = f"{clean}_{number}", number + 1
        seen.add(name.casefold())
        names.append(f"{name}.docx")
    return names


def _existing(folder: Path) -> list[str]:
    """Stems already in a folder that keeps earlier documents (movement, breach)."""
    return [path.stem for path in folder.iterdir()] if folder.is_dir() else []


def _result(kind: str, read: Report, problems: list[Problem], outputs: tuple[Path, ...],
            folder: Path, letters: Sequence[Letter], batch: Batch) -> LettersResult:
    by_email = sum(1 for letter in letters if letter.email) if batch.per_recipient else 0
    skipped: tuple[str, ...] = ()
    if batch.per_recipient and by_email == len(letters):
        skipped = ("Все письма этой пачки уйдут по email — общего файла для печати нет.",)
    # per-recipient batches write the letters first, in the letters' order
    emailed = tuple((outputs[i], letter.email, letter.recipient)
                    for i, letter in enumerate(letters)
                    if letter.email and batch.per_recipient)
    return LettersResult(kind, _report(read, problems), outputs, folder, len(letters),
                         len(letters) - by_email, by_email, skipped,
                         print_file_of(batch, outputs), emailed=emailed)


def _report(read: Report, problems: list[Problem]) -> Report:
    if not problems:
        return read
    return Report.of([*read.problems, *problems], sheet_order=[spec.name for spec in SHEETS])


@contextlib.contextmanager
def _staged(folder: Path, replace: bool) -> Iterator[Path]:
    """A hidden folder beside `folder` to build the batch in; moved into place on success
    (the previous batch replaced as a whole, or — `replace=False` — kept beside the new files),
    removed on any error."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        yield stage
        _publish(stage, folder, replace)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _publish(stage: Path, folder: Path, replace: bool) -> None:
    try:
        if not replace and folder.is_dir():
            for path in sorted(stage.iterdir()):
                os.replace(path, folder / path.name)
            return
        old = folder.with_name(f".{folder.name}.old-{uuid.uuid4().hex[:8]}")
        if folder.exists():
            os.replace(folder, old)
        try:
            os.replace(stage, folder)
        except OSError:
            if old.exists():
                os.replace(old, folder)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except PermissionError as exc:
        raise OutputError(f"Не удалось заменить папку {folder.name}: её файл открыт в другой "
                          "программе.", "Закройте письма в Word или LibreOffice и запустите "
                          "команду ещё раз; прежние файлы не тронуты.") from exc
    except OSError as exc:
        raise OutputError(f"Не удалось записать папку {folder}: {exc.strerror or exc}.",
                          "Проверьте место на диске и права на запись.") from exc


# ---------------------------------------------------------------- movement ledger


def movement_key(event: Movement) -> str | None:
    """«12|выбыл|2026-11-20»: student № (or name), event, date; None for an incomplete row."""
    who = str(event.student_number) if event.student_number else (event.student_name or "")
    if not who.strip() or event.event is None or event.date is None:
        return None
    return f"{' '.join(who.split())}|{event.event.value}|{event.date.isoformat()}"


def ledger_path(workspace: Workspace) -> Path:
    return workspace.state_dir / "state" / LEDGER


def notified(workspace: Workspace) -> dict[str, dict[str, str]]:
    """Movement events already reported to the administrator, by key."""
    path = ledger_path(workspace)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EjournalError(f"Файл {path} повреждён: не понять, о ком администратор уже "
                            "уведомлён.", "Удалите его, если готовы уведомить обо всех "
                            "событиях листа «Движение» заново.") from exc
    events = data.get("notified", {}) if isinstance(data, dict) else {}
    return events if isinstance(events, dict) else {}


def pending_movements(workspace: Workspace,
                      inputs: LetterInputs) -> list[tuple[str, Movement]]:
    """Movement rows not yet notified, in the sheet's order (a row twice is listed once)."""
    done = notified(workspace)
    found: dict[str, Movement] = {}
    for event in inputs.class_.movements:
        key = movement_key(event)
        if key is not None and key not in done:
            found.setdefault(key, event)
    return list(found.items())


def mark_notified(workspace: Workspace, keys: Sequence[str], today: date, file: str) -> None:
    """Record the events of a notice that was written (atomically)."""
    events = notified(workspace)
    for key in keys:
        events[key] = {"date": today.isoformat(), "file": file}
    text = json.dumps({"version": 1, "notified": events}, ensure_ascii=False, indent=1,
                      sort_keys=True)
    write_text_atomic(ledger_path(workspace), text + "\n")
