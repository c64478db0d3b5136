"""Each of the six layouts is read the same from each format: xlsx, xls, HTML-as-xls, CSV."""

from __future__ import annotations

import subprocess
from html import escape
from pathlib import Path

import pytest

from ejournal_sheets.journal.reader import read_journal
from ejournal_sheets.journal_model import Journal
from tests.conftest import write_xlsx
from tests.test_journal_reader import SETTINGS

LAYOUTS: dict[str, list[list[str]]] = {
    "grid": [
        ["Предмет: Алгебра"], ["Учитель: Иванова Анна Петровна"], ["Класс: 7Б"],
        ["№", "Ученик", "01.09", "03.09", "03.09", "Ч1"],
        ["1", "Иванов Пётр", "5", "н", "4/5", "5"],
        ["2", "Соколова Анна", "", "Б 2", ".", "3"],
    ],
    "long": [
        ["Дата", "№ урока", "Предмет", "Учитель", "Ученик", "Отметка", "Вес", "Тема урока"],
        ["03.09.2026", "2", "Русский язык", "Петрова Е.В.", "Иванов Пётр", "5", "2", "Орфограммы"],
        ["03.09.2026", "2", "Русский язык", "Петрова Е.В.", "Соколова Анна", "НП", "", ""],
    ],
    "period": [
        ["Период: Ч1"], ["Ученик", "Алгебра", "Русский язык"],
        ["Иванов Пётр", "5", "4"], ["Соколова Анна", "3", "н/а"],
    ],
    "visits": [
        ["Пользователь", "Роль", "Ученик", "Дата/время входа"],
        ["Иванова Мария", "Родитель", "Иванов Пётр", "20.11.2026 18:05"],
        ["Соколова Анна", "Ученик", "", "21.11.2026 10:00"],
    ],
    "lessons": [
        ["Дата", "Предмет", "Учитель", "№ урока", "Тема", "Домашнее задание"],
        ["01.09.2026", "Алгебра", "Иванова А.П.", "1", "Повторение", "№ 1"],
        ["02.09.2026", "Алгебра", "Иванова А.П.", "3", "Дроби", ""],
    ],
    "credentials": [
        ["ФИО", "Роль", "Логин", "Пароль", "Ученик"],
        ["Иванова Мария", "Родитель", "ivanova.m", "x7Kp2qLm", "Иванов Пётр"],
        ["Иванов Пётр", "Ученик", "ivanov.p", "Qw3rTy9z", ""],
    ],
}  # fmt: skip
FORMATS = ("xlsx", "xls", "html", "csv")


def summary(journal: Journal) -> dict[str, list[tuple[object, ...]]]:
    """What must not depend on the file format."""
    return {
        "lessons": sorted((x.date, x.subject, x.slot, x.number, x.teacher, x.topic, x.homework)
                          for x in journal.lessons),
        "cells": sorted((c.student, c.lesson.date, c.lesson.slot, tuple(map(str, c.marks)),
                         tuple(m.weight for m in c.marks), str(c.attendance))
                        for c in journal.cells),
        "rolls": sorted((r.subject, r.teacher, r.students) for r in journal.rolls),
        "periods": sorted((m.student, m.subject, m.period, str(m.mark))
                          for m in journal.period_marks),
        "visits": sorted((v.user, v.role, v.student or "", str(v.last_visit))
                         for v in journal.visits),
        "credentials": sorted((c.name, c.role, c.login, c.secret or "", c.student or "")
                              for c in journal.credentials),
    }


def write_html(path: Path, rows: list[list[str]]) -> None:
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; '
            f'charset=windows-1251"></head><body><table>{body}</table></body></html>')
    path.write_bytes(html.encode("cp1251"))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    width = max(map(len, rows))
    lines = [";".join(row + [""] * (width - len(row))) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> dict[tuple[str, str], Path]:
    """Every layout in every format; the .xls made by LibreOffice from the xlsx in one call."""
    root = tmp_path_factory.mktemp("formats")
    made: dict[tuple[str, str], Path] = {}
    for layout, rows in LAYOUTS.items():
        for fmt in FORMATS:
            (root / layout / fmt).mkdir(parents=True)
        xlsx = write_xlsx(root / layout / "xlsx" / f"{layout}.xlsx",
                          {"Лист1": [[v or None for v in row] for row in rows]})
        made[layout, "xlsx"] = xlsx
        write_html(made.setdefault((layout, "html"), root / layout / "html" / f"{layout}.xls"),
                   rows)
        write_csv(made.setdefault((layout, "csv"), root / layout / "csv" / f"{layout}.csv"), rows)
    sources = [str(made[layout, "xlsx"]) for layout in LAYOUTS]
    subprocess.run([soffice, f"-env:UserInstallation=file://{root}/lo", "--headless",
                    "--convert-to", "xls", "--outdir", str(root / "xls-out"), *sources],
                   check=True, capture_output=True, timeout=180)
    for layout in LAYOUTS:
        converted = root / "xls-out" / f"{layout}.xls"
        assert converted.exists(), f"LibreOffice did not convert {layout}"
        made[layout, "xls"] = converted.rename(root / layout / "xls" / f"{layout}.xls")
    return made


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layout_reads_the_same_from_every_format(layout: str, files) -> None:
    results = {}
    for fmt in FORMATS:
        journal, problems = read_journal(files[layout, fmt].parent, SETTINGS)
        assert problems == [], (layout, fmt, problems)
        results[fmt] = summary(journal)
    assert any(results["xlsx"].values()), f"{layout}: nothing read"
    for fmt in FORMATS[1:]:
        assert results[fmt] == results["xlsx"], (layout, fmt)
