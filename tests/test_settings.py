"""Settings: the init template holds every setting with its default; bad keys named with lines."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from ejournal_sheets.errors import SettingsError
from ejournal_sheets.settings import SECTIONS, Settings, parse_settings
from ejournal_sheets.workspace import render_config

TODAY = date(2026, 11, 28)


def rendered() -> str:
    return render_config("7Б", 'МБОУ "СОШ № 1"', "Алексеева Марина Сергеевна", TODAY)


def test_template_sets_every_setting_to_its_default() -> None:
    settings = parse_settings(rendered(), Path("ejournal.toml"))
    defaults = Settings()
    for section, (attr, cls) in SECTIONS.items():
        loaded, default = getattr(settings, attr), getattr(defaults, attr)
        for f in dataclasses.fields(cls):
            if section in ("school", "class") or (section, f.name) in {
                ("year", "start"), ("year", "end"), ("year", "periods"), ("year", "holidays")
            }:
                continue
            assert getattr(loaded, f.name) == getattr(default, f.name), (section, f.name)


def test_template_mentions_every_key_with_a_comment() -> None:
    lines = rendered().splitlines()
    for section, (_, cls) in SECTIONS.items():
        start = lines.index(f"[{section}]")
        for f in dataclasses.fields(cls):
            line = next(i for i, ln in enumerate(lines) if i > start and (
                ln.startswith(f"{f.name} =") or ln == f"[{section}.{f.name}]"))
            above = line - 1
            while not lines[above].startswith(("#", "[")):
                above -= 1  # a comment may explain several keys in a row
            assert lines[above].startswith("#"), f"{section}.{f.name} has no comment"


def test_template_values() -> None:
    settings = parse_settings(rendered(), Path("ejournal.toml"))
    assert settings.class_.name == "7Б" and settings.class_.grade == 7
    assert settings.school.name == 'МБОУ "СОШ № 1"'
    assert settings.year.start == date(2026, 9, 1)
    assert [p.name for p in settings.year.periods] == ["Ч1", "Ч2", "Ч3", "Ч4"]
    assert settings.year.period_of(date(2026, 11, 27)).name == "Ч2"
    assert settings.year.period_of(date(2026, 10, 30)) is None  # autumn holidays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[class]\nname = "7Б"\nnme = "x"\n', "строка 3: [class] nme — неизвестная настройка"),
        ('[rules]\n\nmin_marks = "три"\n', "строка 3: [rules] min_marks — ожидается целое"),
        ("[rules]\nthresholds = [3.5, 2.5, 4.5]\n", "строка 2: [rules] thresholds"),
        ("[mail]\nsecurity = \"tls\"\n", "строка 2: [mail] security — значение «tls» не из"),
        ("[schedule]\nweekly_time = \"25:00\"\n", "строка 2: [schedule] weekly_time"),
        ("[wat]\n", "строка 1: [wat] — неизвестный раздел"),
        ('[class]\nname = "7Б\n', "ошибка записи настроек (строка 2"),
        ("[year]\nstart = 2026-09-01\nend = 2026-01-01\n", "строка 3: [year] end"),
        ("[year]\nstart = \"01.09.2026\"\n", "строка 2: [year] start — ожидается дата"),
    ],
)
def test_broken_settings_name_key_and_line(text: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_settings(text, Path("ejournal.toml"))
    assert expected in str(caught.value)
    assert str(caught.value).startswith("ejournal.toml")


def test_school_and_rules_override() -> None:
    text = '[rules]\nthresholds = [2.6, 3.6, 4.6]\nabsence_risk = 0.25\n[mail]\nport = 465\n'
    settings = parse_settings(text, Path("e.toml"))
    assert settings.rules.thresholds == (2.6, 3.6, 4.6)
    assert settings.rules.absence_risk == 0.25
    assert settings.mail.port == 465
    assert settings.rules.min_marks == 3
