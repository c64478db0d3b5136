"""Documents about access and the class list: the e-diary memo, credential slips with their
issuance register, the notice to the journal administrator (2.35), the breach notice.

- Slips: every user of the journal's credentials export, one family after another in roll
  order (users the workbook does not know last, in the export's order), paired two to a table
  row; the last row's right slip is None when the count is odd. A secret of digits and dashes
  only is an activation code («Код активации»), anything else a password («Пароль»).
- The issuance register lists the same users for signatures — never their secrets.
- The site of the e-diary and the Regulation's title come from `[journal] site` and
  `regulation`; an empty site prints as «—», an empty title as the Regulation's usual one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ejournal_sheets.journal_model import Credential
from ejournal_sheets.letters.contexts.base import Letter, LetterInputs
from ejournal_sheets.letters.contexts.words import (
    datetime_words,
    event_word,
    family_stems,
    official,
    official_reversed,
    safe_stem,
    school_block,
    school_short,
    sex_of_student,
    short_genitive,
    student_words,
    text,
)
from ejournal_sheets.letters.recipients import addressees, email_for, families, recipient_label
from ejournal_sheets.model import Movement, Student
from ejournal_sheets.names import clean_spaces
from ejournal_sheets.russian import (
    Case,
    date_short,
    date_words,
    decline,
    name_sex,
    pupil,
    pupil_genitive,
)
from ejournal_sheets.settings import Settings

REGULATION = "Положение об электронном журнале и электронном дневнике"
PASSWORD, CODE = "Пароль", "Код активации"
PARENT_ROLE = "родитель"
_CODE = re.compile(r"[\d\s-]+")


def journal_block(settings: Settings, regulation: bool) -> dict[str, str | None]:
    """site (and regulation) of the e-diary, from `[journal]`."""
    block = {"site": text(settings.journal.site)}
    if regulation:
        block["regulation"] = text(settings.journal.regulation) or REGULATION
    return block


# ---------------------------------------------------------------- memo


def memo_letters(inputs: LetterInputs, per_parent: bool = False) -> list[Letter]:
    """«Памятка для родителей» with the consent tear-off: one per family (or per parent)."""
    settings = inputs.settings
    info = settings.class_
    teacher = {"name": text(info.teacher), "phone": text(info.teacher_phone),
               "email": text(info.teacher_email)}
    letters = []
    for family in families(inputs.class_, inputs.today):
        student = family.student
        words = student_words(student)
        recipients = addressees(family, per_parent)
        stems = family_stems(student, recipients)
        for parent, stem in zip(recipients, stems, strict=True):
            context = {
                "school": school_block(settings), "class_name": text(info.name),
                "journal": journal_block(settings, regulation=True),
                "parent": {"name": parent.name if parent else None},
                "student": {"genitive": words["genitive"],
                            "pupil_genitive": words["pupil_genitive"]},
                "teacher": teacher,
            }
            letters.append(Letter("memo", stem, recipient_label(parent, student), context,
                                  email_for(inputs.class_, parent)))
    return letters


# ---------------------------------------------------------------- credential slips


@dataclass(frozen=True)
class SlipRow:
    """A line of the issuance register: whose slip, to sign on receipt. No secret here."""

    student: str
    name: str
    role: str
    login: str
    signature_blank: str = ""


def secret_label(secret: str | None) -> str:
    """«Код активации» for digits and dashes, else «Пароль»."""
    return CODE if secret and _CODE.fullmatch(secret.strip()) else PASSWORD


def slip_role(credential: Credential, student: Student | None, class_name: str) -> str:
    """«обучающаяся 7Б класса», «родитель обучающегося 7Б класса Иванова Петра»."""
    child = ""
    if student is not None:
        sex, child = sex_of_student(student), short_genitive(student)
    else:
        words = clean_spaces(own_student(credential) or "").split(" ")
        last, first = words[0], " ".join(words[1:2])
        sex = name_sex(last, first, None) if last else None
        child = decline(last, first, None, sex, Case.GENITIVE) if last else ""
    if credential.role != PARENT_ROLE:
        return f"{pupil(sex)} {class_name} класса"
    return clean_spaces(f"{PARENT_ROLE} {pupil_genitive(sex)} {class_name} класса {child}")


def own_student(credential: Credential) -> str | None:
    """The student a credential belongs to as the export names them: the «Ученик» column,
    else a student's own name."""
    if credential.student and credential.student.strip():
        return credential.student
    return credential.name if credential.role != PARENT_ROLE else None


def slip(credential: Credential, student: Student | None, class_name: str) -> dict[str, str]:
    """One cut-out slip: name, role, login, secret_label, secret."""
    return {"name": clean_spaces(credential.name),
            "role": slip_role(credential, student, class_name),
            "login": credential.login.strip(), "secret_label": secret_label(credential.secret),
            "secret": (credential.secret or "").strip()}


def ordered_credentials(inputs: LetterInputs) -> list[tuple[Credential, Student | None]]:
    """Each credential with its student, families in roll order, the unknown last."""
    roll = {s: n for n, s in enumerate(inputs.class_.students)}
    index = inputs.base.index
    found = [(c, index.find(name) if (name := own_student(c)) else None)
             for c in inputs.base.journal.credentials]
    return sorted(found, key=lambda pair: roll.get(pair[1], len(roll)) if pair[1] else len(roll))


def slips(inputs: LetterInputs) -> tuple[Letter, list[SlipRow]]:
    """One document of every credential, two slips a table row, and the issuance register."""
    settings = inputs.settings
    class_name = text(settings.class_.name) or ""
    pairs = ordered_credentials(inputs)
    cards = [slip(c, s, class_name) for c, s in pairs]
    rows = [{"left": cards[i], "right": cards[i + 1] if i + 1 < len(cards) else None}
            for i in range(0, len(cards), 2)]
    context = {"school": {"short_name": school_short(settings)},
               "journal": journal_block(settings, regulation=False),
               "date_words": date_words(inputs.today), "rows": rows}
    register = [SlipRow(s.name if s else clean_spaces(own_student(c) or ""), clean_spaces(c.name),
                        c.role, c.login.strip()) for c, s in pairs]
    recipient = f"родители и обучающиеся {class_name} класса ({len(cards)} листков)"
    return Letter("slips", safe_stem("Листки_доступа", class_name), recipient, context), register


# ---------------------------------------------------------------- administrator and director


def _teacher(settings: Settings, phone: bool) -> dict[str, str | None]:
    block = {"genitive": official_reversed(settings.class_.teacher, Case.GENITIVE),
             "short": official(settings.class_.teacher)}
    if phone:
        block["phone"] = text(settings.class_.teacher_phone)
    return block


def movement_row(inputs: LetterInputs, event: Movement) -> dict[str, str | None]:
    """ФИО, birth date, «прибыл(а)» / «выбыл(а)», date, order, from where / to where."""
    student = inputs.class_.student(event.student_number) if event.student_number else None
    if student is None and event.student_name:
        student = inputs.base.index.find(event.student_name)
    name = student.name if student else text(event.student_name)
    sex = sex_of_student(student) if student else None
    return {"name": name, "birth_date": date_short(student.birth_date) if student else None,
            "event": event_word(event.event, sex), "date": date_short(event.date),
            "order": text(event.order), "place": text(event.place)}


def movement_letter(inputs: LetterInputs, events: Sequence[Movement]) -> Letter:
    """The notice to the journal administrator about students arriving and leaving (2.35)."""
    settings = inputs.settings
    school = {**school_block(settings), "short_name": school_short(settings),
              "admin_dative": official(settings.school.journal_admin, Case.DATIVE)}
    context = {"school": school, "date_words": date_words(inputs.today),
               "class_name": text(settings.class_.name), "teacher": _teacher(settings, False),
               "events": [movement_row(inputs, e) for e in events]}
    admin = text(settings.school.journal_admin) or "администратор электронного журнала"
    return Letter("movement", safe_stem("Движение", settings.class_.name,
                                        f"{inputs.today:%Y-%m-%d}"),
                  f"{admin} (администратор ЭЖ)", context)


def deadline_words(deadline: datetime) -> str:
    """The date and weekday; the time too unless it is the start or the end of the day."""
    edge = (deadline.hour, deadline.minute) in {(0, 0), (23, 59)}
    return datetime_words(deadline, with_time=not edge)


def breach_letter(inputs: LetterInputs, detected: datetime, what: str, accounts: str,
                  actions: str, deadline: datetime, rule: str) -> Letter:
    """The breach notice to the director and the journal's support (deadline given worded)."""
    settings = inputs.settings
    school = {**school_block(settings), "short_name": school_short(settings),
              "director_dative": official(settings.school.director, Case.DATIVE),
              "support": text(settings.school.support_email)}
    incident = {"what": text(what), "accounts": text(accounts),
                "detected": datetime_words(detected), "deadline": deadline_words(deadline),
                "rule": text(rule), "actions": text(actions)}
    context = {"school": school, "date_words": date_words(inputs.today),
               "class_name": text(settings.class_.name), "teacher": _teacher(settings, True),
               "incident": incident}
    director = text(settings.school.director) or "директор"
    support = text(settings.school.support_email) or "техподдержка журнала"
    return Letter("breach", safe_stem("Нарушение_конфиденциальности", settings.class_.name,
                                      f"{detected:%Y-%m-%d}"),
                  f"{director} (директор); {support}", context)
