"""The class workbook's sheets and columns (DESIGN §4): one spec for template, reader, demo."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from ejournal_sheets.names import header_key


class Kind(Enum):
    """What a column holds, which decides how a cell is read."""

    TEXT = "text"
    NAME = "name"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    PHONE = "phone"
    EMAIL = "email"
    LESSONS = "lessons"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: model field, Russian header, kind, and what the teacher is told."""

    field: str
    header: str
    kind: Kind
    comment: str
    required: bool = False
    choices: str | None = None
    width: int = 14
    aliases: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> frozenset[str]:
        """Normalised header texts this column is recognised by."""
        return frozenset({header_key(self.header), *map(header_key, self.aliases)})

    def matches(self, key: str) -> bool:
        return key in self.keys


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the class workbook."""

    name: str
    columns: tuple[Column, ...]
    purpose: str
    required: bool = True

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


# Drop-down lists, kept on the hidden «Списки» sheet as named ranges.
LISTS: dict[str, tuple[str, ...]] = {
    "Пол": ("М", "Ж"),
    "Кем_приходится": ("мать", "отец", "опекун", "попечитель", "бабушка", "дедушка", "другое"),
    "Способ_информирования": ("электронный дневник", "email", "бумага"),
    "Форма_обучения": ("очная", "очно-заочная", "заочная", "семейная", "на дому"),
    "Причина": ("болезнь", "уважительная", "без уважительной"),
    "Событие": ("прибыл", "выбыл"),
    "Да_Нет": ("Да", "Нет"),
}

# Common ways teachers write a list value; accepted with a warning naming the list value.
SYNONYMS: dict[str, dict[str, str]] = {
    "Пол": {"м": "М", "муж": "М", "мужской": "М", "ж": "Ж", "жен": "Ж", "женский": "Ж"},
    "Способ_информирования": {
        "эд": "электронный дневник", "дневник": "электронный дневник",
        "электронный журнал": "электронный дневник", "эж": "электронный дневник",
        "e-mail": "email", "е-mail": "email", "почта": "email", "электронная почта": "email",
        "эл почта": "email", "эл. почта": "email",
        "бумажный": "бумага", "на бумаге": "бумага", "печать": "бумага", "лично": "бумага",
    },
    "Причина": {
        "болен": "болезнь", "больна": "болезнь", "по болезни": "болезнь",
        "уважительная причина": "уважительная", "по уважительной": "уважительная",
        "без уважительной причины": "без уважительной", "неуважительная": "без уважительной",
        "прогул": "без уважительной",
    },
    "Событие": {"прибыла": "прибыл", "прибытие": "прибыл", "выбыла": "выбыл", "выбытие": "выбыл"},
    "Да_Нет": {"да": "Да", "нет": "Нет", "+": "Да", "-": "Нет", "есть": "Да"},
}  # fmt: skip

STUDENT_NO = Column(
    "student_number", "№ ученика", Kind.NUMBER,
    "Номер ученика из листа «Ученики» (столбец «№»).", required=True, width=11,
    aliases=("номер ученика", "№ уч"),
)  # fmt: skip

STUDENTS = SheetSpec(
    "Ученики",
    (
        Column("number", "№", Kind.NUMBER, "Порядковый номер ученика в классе: 1, 2, 3… "
               "Номер не меняйте — по нему связаны остальные листы.", required=True, width=6,
               aliases=("№ п/п", "номер")),
        Column("last_name", "Фамилия", Kind.NAME, "Фамилия ученика, как в журнале.",
               required=True, width=16),
        Column("first_name", "Имя", Kind.NAME, "Имя ученика.", required=True, width=14),
        Column("patronymic", "Отчество", Kind.NAME, "Отчество, если есть.", width=16),
        Column("sex", "Пол", Kind.CHOICE, "М или Ж (выберите из списка).", required=True,
               choices="Пол", width=6),
        Column("birth_date", "Дата рождения", Kind.DATE, "Дата в виде 14.03.2013.",
               required=True, width=13),
        Column("arrival_date", "Дата прибытия", Kind.DATE,
               "Заполните, если ученик прибыл в класс в этом учебном году.", width=13),
        Column("leaving_date", "Дата выбытия", Kind.DATE,
               "Заполните, если ученик выбыл. Строку не удаляйте.", width=13),
        Column("study_form", "Форма обучения", Kind.CHOICE, "Выберите из списка; пусто — очная.",
               choices="Форма_обучения", width=14),
        Column("address", "Адрес", Kind.TEXT, "Адрес проживания.", width=30),
        Column("name_genitive", "ФИО в род. п.", Kind.TEXT,
               "Необязательно: ФИО в родительном падеже (кого?), если программа склоняет неверно.",
               width=24, aliases=("фио в родительном падеже",)),
        Column("name_dative", "ФИО в дат. п.", Kind.TEXT,
               "Необязательно: ФИО в дательном падеже (кому?), если программа склоняет неверно.",
               width=24, aliases=("фио в дательном падеже",)),
        Column("note", "Примечание", Kind.TEXT, "Любые пометки для себя.", width=24),
    ),
    "Список класса: один ученик — одна строка. Выбывших не удаляйте, а ставьте дату выбытия.",
)  # fmt: skip

PARENTS = SheetSpec(
    "Родители",
    (
        STUDENT_NO,
        Column("last_name", "Фамилия", Kind.NAME, "Фамилия родителя (законного представителя).",
               required=True, width=16),
        Column("first_name", "Имя", Kind.NAME, "Имя родителя.", required=True, width=14),
        Column("patronymic", "Отчество", Kind.NAME, "Отчество родителя.", width=16),
        Column("sex", "Пол", Kind.CHOICE, "М или Ж; нужно для обращения в письмах "
               "(«Уважаемая…»). Пусто — определяется по «Кем приходится».", choices="Пол",
               width=6),
        Column("relation", "Кем приходится", Kind.CHOICE, "Мать, отец, опекун… (выберите из "
               "списка).", required=True, choices="Кем_приходится", width=14),
        Column("phone", "Телефон", Kind.PHONE, "Мобильный телефон, например +7 912 345-67-89.",
               width=17),
        Column("email", "Email", Kind.EMAIL, "Адрес электронной почты, если есть.", width=24,
               aliases=("e-mail", "электронная почта", "эл. почта")),
        Column("channel", "Способ информирования", Kind.CHOICE, "Как родитель получает сведения: "
               "электронный дневник, email или бумага (распечатка раз в неделю).", required=True,
               choices="Способ_информирования", width=20),
        Column("access_date", "Доступ к ЭД выдан", Kind.DATE,
               "Дата выдачи логина и пароля к электронному дневнику.", width=14),
        Column("note", "Примечание", Kind.TEXT, "Любые пометки для себя.", width=24),
    ),
    "Родители и законные представители: одна строка на каждого, номер ученика — из «Ученики».",
)  # fmt: skip

GROUPS = SheetSpec(
    "Группы",
    (
        Column("subject", "Предмет", Kind.TEXT, "Предмет, который делится на группы, например "
               "«Английский язык».", required=True, width=22),
        Column("group", "Группа", Kind.TEXT, "Название группы: «1 группа», «2 группа»…",
               required=True, width=12),
        Column("teacher", "Учитель", Kind.NAME, "ФИО учителя группы.", width=24),
        STUDENT_NO,
    ),
    "Учебные группы: одна строка на каждого ученика группы. Каждый ученик — ровно в одной "
    "группе предмета.",
    required=False,
)  # fmt: skip

CONSENTS = SheetSpec(
    "Согласия",
    (
        STUDENT_NO,
        Column("parent", "Родитель", Kind.NAME, "ФИО родителя, давшего согласие.", required=True,
               width=28),
        Column("pd_consent", "Согласие на обработку ПДн", Kind.DATE,
               "Дата согласия на обработку персональных данных (152-ФЗ).", width=16),
        Column("pd_withdrawn", "Отзыв согласия", Kind.DATE,
               "Дата отзыва согласия, если родитель его отозвал.", width=14),
        Column("electronic", "Согласие на электронное информирование", Kind.CHOICE,
               "Да — можно отправлять письма по email. Нет или пусто — только бумага.",
               choices="Да_Нет", width=18),
        Column("regulation_date", "Ознакомлен с Положением об ЭЖ", Kind.DATE,
               "Дата ознакомления с Положением об электронном журнале.", width=16),
    ),
    "Согласия родителей: одна строка на родителя.",
    required=False,
)  # fmt: skip

ABSENCES = SheetSpec(
    "Пропуски",
    (
        STUDENT_NO,
        Column("date_from", "С", Kind.DATE, "Первый день отсутствия.", required=True, width=12,
               aliases=("дата с", "с даты")),
        Column("date_to", "По", Kind.DATE, "Последний день отсутствия (включительно).",
               required=True, width=12, aliases=("дата по", "по дату")),
        Column("lessons", "Уроки", Kind.LESSONS, "Номера уроков через запятую (например 1, 2). "
               "Пусто — весь день.", width=10),
        Column("reason", "Причина", Kind.CHOICE, "болезнь, уважительная или без уважительной.",
               required=True, choices="Причина", width=16),
        Column("document", "Документ", Kind.TEXT, "Справка №…, заявление родителя…", width=20),
        Column("note", "Примечание", Kind.TEXT, "Подробности для себя. Никогда не попадают в "
               "отчёты и письма.", width=24),
    ),
    "Оправдательные документы и известные причины пропусков.",
    required=False,
)  # fmt: skip

MOVEMENTS = SheetSpec(
    "Движение",
    (
        Column("student_number", "№ ученика", Kind.NUMBER, "Номер ученика из листа «Ученики» "
               "(или заполните ФИО).", width=11, aliases=("номер ученика", "№ уч")),
        Column("student_name", "ФИО", Kind.NAME, "ФИО ученика, если номера нет.", width=28,
               aliases=("фио ученика", "ученик")),
        Column("event", "Событие", Kind.CHOICE, "прибыл или выбыл.", required=True,
               choices="Событие", width=10),
        Column("date", "Дата", Kind.DATE, "Дата прибытия или выбытия.", required=True, width=12),
        Column("order", "№ приказа", Kind.TEXT, "Номер приказа директора.", width=12),
        Column("place", "Откуда/куда", Kind.TEXT, "Откуда прибыл или куда выбыл.", width=28),
    ),
    "Движение учащихся: прибытие и выбытие по приказам.",
    required=False,
)  # fmt: skip

SHEETS: tuple[SheetSpec, ...] = (STUDENTS, PARENTS, GROUPS, CONSENTS, ABSENCES, MOVEMENTS)
LISTS_SHEET = "Списки"
INSTRUCTIONS_SHEET = "Инструкция"
WORKBOOK_NAME = "класс.xlsx"
