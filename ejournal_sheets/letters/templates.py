"""The seven letter templates: names, files and the sample context that specifies their fields.

A sample is the field specification of its template: every field the template uses, with a
realistic value of the kind letter_context() must supply — ready Russian strings (declined names,
«Ваша дочь», numbers with a decimal comma, dates in words), so a template needs no logic beyond
loops and ifs. Dicts hold fields, tuples hold the rows of a table loop. docs/letters.md explains
each field to a teacher who edits a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "letter_templates"


@dataclass(frozen=True)
class TemplateSpec:
    """One letter template: its kind (CLI name), file in letter_templates/, title and sample."""

    kind: str
    file: str
    title: str
    sample: Mapping[str, object]


def _frozen(value: object) -> object:
    """Dicts → read-only mappings, lists → tuples, so a shared sample cannot be changed."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _sample(**fields: object) -> Mapping[str, object]:
    frozen = _frozen(fields)
    assert isinstance(frozen, Mapping)
    return frozen


SCHOOL = {
    "name": "Муниципальное бюджетное общеобразовательное учреждение "
    "«Средняя общеобразовательная школа № 17»",
    "address": "160009, г. Вологда, ул. Мира, д. 12, тел. (8172) 72-14-35",
}
DATE = "27 ноября 2026 г."
TEACHER = {"short": "Е. В. Смирнова", "phone": "+7 912 345-67-89"}
ABSENCES = {
    "total": "12 уроков",
    "ill": "8 уроков",
    "excused": "2 урока",
    "unexcused": "2 урока",
    "lates": "3 раза",
}

INFO = _sample(
    school=SCHOOL,
    date_words=DATE,
    class_name="7Б",
    parent={"dative": "Соколову Игорю Викторовичу", "dear": "Уважаемый Игорь Викторович"},
    student={
        "name": "Соколова-Белых Анна Игоревна",
        "genitive": "Соколовой-Белых Анны Игоревны",
        "pupil_genitive": "обучающейся",
        "your_child": "Ваша дочь",
    },
    period="за период с 5 по 27 ноября 2026 г. (II четверть)",
    mark_column="Прогноз отметки за четверть",
    subjects=[
        {"name": name, "marks": marks, "average": average, "period_mark": mark}
        for name, marks, average, mark in (
            ("Русский язык", "5 4 5 3 4 5", "4,33", "4"),
            ("Литература", "5 5 4", "4,67", "5"),
            ("Английский язык", "4 4 3 5", "4,00", "4"),
            ("Алгебра", "3 4 3 3 4", "3,40", "3"),
            ("Геометрия", "4 3 4", "3,67", "4"),
            ("Вероятность и статистика", "5 4", "4,50", "н/а"),
            ("Информатика", "5 5 5", "5,00", "5"),
            ("История", "4 5 4 4", "4,25", "4"),
            ("Обществознание", "5 4 5", "4,67", "5"),
            ("География", "4 4 5", "4,33", "4"),
            ("Биология", "5 4 5 3", "4,25", "4"),
            ("Физика", "3 4 4 3", "3,50", "4"),
            ("Музыка", "5 5", "5,00", "н/а"),
            ("Изобразительное искусство", "5 4 5", "4,67", "5"),
            ("Труд (технология)", "5 5 4", "4,67", "5"),
            ("Физическая культура", "5 5 5 4", "4,75", "5"),
        )
    ],
    absences=ABSENCES,
    teacher=TEACHER,
)

WEEKLY = _sample(
    school=SCHOOL,
    date_words="28 ноября 2026 г.",
    class_name="7Б",
    student={
        "name": "Соколова-Белых Анна Игоревна",
        "genitive": "Соколовой-Белых Анны Игоревны",
        "pupil_genitive": "обучающейся",
    },
    week="с 23 по 28 ноября 2026 г.",
    subjects=[
        {"name": name, "marks": marks, "absences": missed}
        for name, marks, missed in (
            ("Русский язык", "5 (23.11), 4 (25.11)", "—"),
            ("Литература", "5 (24.11)", "—"),
            ("Английский язык", "3 (26.11)", "1 урок"),
            ("Алгебра", "3 (23.11), 4 (27.11)", "—"),
            ("Геометрия", "—", "1 урок"),
            ("История", "4 (24.11)", "—"),
            ("Биология", "—", "—"),
            ("Физика", "3 (25.11)", "—"),
            ("Физическая культура", "5 (24.11)", "—"),
        )
    ],
    absences={
        "total": "2 урока",
        "ill": "2 урока",
        "excused": "0 уроков",
        "unexcused": "0 уроков",
        "lates": "1 раз",
    },
    teacher=TEACHER,
)

RISK = _sample(
    school=SCHOOL,
    date_words=DATE,
    class_name="7Б",
    parent={"dative": "Соколову Игорю Викторовичу", "dear": "Уважаемый Игорь Викторович"},
    student={
        "name": "Соколова-Белых Анна Игоревна",
        "genitive": "Соколовой-Белых Анны Игоревны",
        "pupil_genitive": "обучающейся",
        "your_child": "Ваша дочь",
    },
    period="во II четверти 2026/2027 учебного года",
    period_end="28 декабря 2026 г.",
    subjects=[
        {"name": "Алгебра", "teacher": "Кузнецов А. П.", "marks": "3 2 2 3 2",
         "average": "2,40", "risk": "«2» за четверть"},
        {"name": "Английский язык", "teacher": "Козлова М. С.", "marks": "3 4",
         "average": "3,50", "risk": "н/а: 2 отметки при минимуме 3"},
        {"name": "Физика", "teacher": "Орлов В. Н.", "marks": "3 3 4",
         "average": "3,33", "risk": "н/а: пропущено 35 % уроков"},
    ],
    teacher=TEACHER,
)  # fmt: skip

MEMO = _sample(
    school=SCHOOL,
    class_name="7Б",
    journal={
        "site": "https://dnevnik.vologda-edu.example.ru",
        "regulation": "Положение об электронном журнале и электронном дневнике "
        "(утверждено приказом директора от 31.08.2026 № 150-о)",
    },
    parent={"name": "Соколов Игорь Викторович"},
    student={"genitive": "Соколовой-Белых Анны Игоревны", "pupil_genitive": "обучающейся"},
    teacher={"name": "Смирнова Елена Викторовна", "phone": "+7 912 345-67-89",
             "email": "e.smirnova@school17.example.ru"},
)  # fmt: skip


def _slip(name: str, role: str, login: str, label: str, secret: str) -> dict[str, str]:
    return {"name": name, "role": role, "login": login, "secret_label": label, "secret": secret}


SLIPS = _sample(
    school={"short_name": "МБОУ «СОШ № 17»"},
    journal={"site": "https://dnevnik.vologda-edu.example.ru"},
    date_words=DATE,
    rows=[
        {"left": _slip("Соколов Игорь Викторович",
                       "родитель обучающейся 7Б класса Соколовой-Белых Анны",
                       "sokolov.iv", "Пароль", "Vx7-mQ2p"),
         "right": _slip("Соколова-Белых Анна Игоревна", "обучающаяся 7Б класса",
                        "sokolova-belykh.ai", "Код активации", "4821-7730")},
        {"left": _slip("Иванова Мария Петровна", "родитель обучающегося 7Б класса Иванова Петра",
                       "ivanova.mp", "Пароль", "Rt4-kW9z"),
         "right": _slip("Иванов Пётр Сергеевич", "обучающийся 7Б класса",
                        "ivanov.ps", "Код активации", "3390-1254")},
        {"left": _slip("Ахмедов Рашид Тимурович",
                       "родитель обучающейся 7Б класса Ахмедовой Лейлы",
                       "akhmedov.rt", "Пароль", "Hn8-cL3s"),
         "right": None},
    ],
)  # fmt: skip

MOVEMENT = _sample(
    school={**SCHOOL, "short_name": "МБОУ «СОШ № 17»", "admin_dative": "О. Н. Кузнецовой"},
    date_words=DATE,
    class_name="7Б",
    teacher={"genitive": "Смирновой Е. В.", "short": "Е. В. Смирнова"},
    events=[
        {"name": "Белых Дмитрий Олегович", "birth_date": "12.05.2013", "event": "прибыл",
         "date": "16.11.2026", "order": "№ 212-у от 13.11.2026",
         "place": "МАОУ «Лицей № 3», г. Череповец"},
        {"name": "Ахмедова Лейла Рашидовна", "birth_date": "03.02.2013", "event": "выбыла",
         "date": "20.11.2026", "order": "№ 219-у от 19.11.2026",
         "place": "МБОУ «СОШ № 5», г. Вологда"},
    ],
)  # fmt: skip

BREACH = _sample(
    school={**SCHOOL, "short_name": "МБОУ «СОШ № 17»", "director_dative": "Н. А. Петровой",
            "support": "support@dnevnik.vologda-edu.example.ru"},
    date_words=DATE,
    class_name="7Б",
    teacher={"genitive": "Смирновой Е. В.", "short": "Е. В. Смирнова",
             "phone": "+7 912 345-67-89"},
    incident={
        "what": "Логин и пароль родителя размещены в общем чате класса в мессенджере",
        "accounts": "Соколов Игорь Викторович (родитель), логин sokolov.iv",
        "detected": "27 ноября 2026 г. (пятница), 14:00",
        "deadline": "30 ноября 2026 г. (понедельник)",
        "rule": "не позднее одного рабочего дня после обнаружения; 28 и 29 ноября — "
                "выходные дни по производственному календарю РФ",
        "actions": "Сообщение удалено из чата 27 ноября 2026 г. в 14:10; родитель предупреждён "
                   "и сменил пароль в 14:25.",
    },
)  # fmt: skip

TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec("info", "info.docx", "Информационное письмо для родителей", INFO),
    TemplateSpec("weekly", "weekly.docx", "Выписка из электронного журнала", WEEKLY),
    TemplateSpec("risk", "risk.docx", "Уведомление о неуспешной ситуации", RISK),
    TemplateSpec("memo", "memo.docx", "Памятка для родителей: электронный дневник", MEMO),
    TemplateSpec("slips", "slips.docx", "Листки с данными для входа в электронный дневник", SLIPS),
    TemplateSpec("movement", "movement.docx",
                 "Уведомление администратору электронного журнала о прибытии/выбытии обучающихся",
                 MOVEMENT),
    TemplateSpec("breach", "breach.docx",
                 "Уведомление о нарушении конфиденциальности учётных данных", BREACH),
)  # fmt: skip


def template_spec(kind: str) -> TemplateSpec:
    """The template of a kind («info», «weekly», …); KeyError names the kinds that exist."""
    for spec in TEMPLATES:
        if spec.kind == kind:
            return spec
    raise KeyError(f"нет шаблона «{kind}»; есть: {', '.join(s.kind for s in TEMPLATES)}")


def template_path(kind: str) -> Path:
    """The shipped template file of a kind: letter_templates/<kind>.docx in the repository."""
    return TEMPLATE_DIR / template_spec(kind).file


def field_names(sample: Mapping[str, object]) -> list[str]:
    """Dotted names of the fields a sample provides; rows of a table loop as «subjects[].name»."""
    names: dict[str, None] = {}
    empty: dict[str, None] = {}
    _collect(sample, "", names, empty)
    # A field that is None in one row and a group in another («rows[].right») is the group.
    names.update((path, None) for path in empty if not any(
        name.startswith((f"{path}.", f"{path}[]")) for name in names))
    return list(names)


def _collect(value: object, prefix: str, names: dict[str, None], empty: dict[str, None]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _collect(item, f"{prefix}.{key}" if prefix else str(key), names, empty)
    elif isinstance(value, tuple | list):
        for item in value:
            _collect(item, f"{prefix}[]", names, empty)
    elif value is None:
        empty.setdefault(prefix, None)
    else:
        names.setdefault(prefix, None)
