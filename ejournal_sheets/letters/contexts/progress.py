"""Letters about a student's progress: information letter (2.33), weekly extract (2.34, 2.38),
notice of an unsuccessful situation (2.29).

- Marks: grades and зач/незач in lesson order («5 4 5 3»; the weekly extract with the lesson's
  date, «5 (23.11)»); debts «.» are not marks and are left out.
- The average is the weighted one (stats.weighted_average) with a decimal comma.
- The information letter's last column is the period mark once the journal has the period's
  marks; before that the forecast of the preliminary statement: the predicted mark, «н/а» when
  the subject is at risk of «н/а» (too few marks, too many lessons missed), «осв» when exempt.
- A risk notice lists the subjects the preliminary statement flags: risk of «н/а», or a
  predicted «2».
- Absences by kind and lates come from stats.tally_attendance over the period so far (the
  week for the extract); notes of «Пропуски» only give reasons, their text never appears.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ejournal_sheets.letters.contexts.base import DatedMark, Letter, LetterInputs
from ejournal_sheets.letters.contexts.words import (
    count_times,
    failing_risk,
    family_stems,
    mark_column,
    official,
    parent_words,
    period_for,
    period_in,
    period_span,
    school_block,
    span_words,
    student_words,
    teachers_short,
    text,
)
from ejournal_sheets.letters.recipients import (
    addressees,
    email_for,
    families,
    never_visiting,
    paper_parent,
    recipient_label,
    weekly_families,
)
from ejournal_sheets.matching import known_students
from ejournal_sheets.model import Parent, Student
from ejournal_sheets.russian import count_lessons, date_words, decimal
from ejournal_sheets.statements.preliminary import prorated, risk_reasons
from ejournal_sheets.stats import AttendanceTally, Prediction, weighted_average

EXEMPT = "осв"
NOT_ATTESTED = "н/а"


def marks_text(marks: Sequence[DatedMark]) -> str | None:
    """«5 4 5 3»; None without marks."""
    return " ".join(str(m) for m in marks) or None


def dated_text(marks: Sequence[DatedMark]) -> str | None:
    """«5 (23.11), 4 (25.11)»; None without marks."""
    return ", ".join(f"{m} ({m.day:%d.%m})" for m in marks) or None


def average_text(marks: Sequence[DatedMark]) -> str | None:
    """The weighted average with a decimal comma («4,33»); None without grades."""
    average = weighted_average(m.mark for m in marks)
    return decimal(average) if average is not None else None


def absence_words(tally: AttendanceTally) -> dict[str, str]:
    """total, ill, excused, unexcused, lates as ready strings («12 уроков», «3 раза»)."""
    return {"total": count_lessons(tally.missed), "ill": count_lessons(tally.ill),
            "excused": count_lessons(tally.excused),
            "unexcused": count_lessons(tally.unexcused), "lates": count_times(tally.lates)}


def teacher_block(inputs: LetterInputs) -> dict[str, str | None]:
    """short (for the signature) and phone of the class teacher."""
    info = inputs.settings.class_
    return {"short": official(info.teacher), "phone": text(info.teacher_phone)}


def family_letters(kind: str, inputs: LetterInputs, student: Student,
                   recipients: Sequence[Parent | None], context: dict[str, object],
                   addressed: bool = True) -> list[Letter]:
    """One letter per addressee, with its stem and e-mail; `addressed` letters also get the
    parent block («parent.dative», «parent.dear»)."""
    letters = []
    for parent, stem in zip(recipients, family_stems(student, recipients), strict=True):
        own = {**context, "parent": parent_words(parent, student)} if addressed else context
        letters.append(Letter(kind, stem, recipient_label(parent, student), own,
                              email_for(inputs.class_, parent)))
    return letters


# ---------------------------------------------------------------- information letter


def info_rows(inputs: LetterInputs, student: Student, final: bool) -> list[dict[str, str | None]]:
    """The subjects the student takes in the period, in the statements' order."""
    marks = inputs.dated_marks(student, inputs.span)
    given = inputs.final_marks.get(student, {}) if final else {}
    forecast = inputs.forecast(student)
    rows = []
    for subject in inputs.subjects:
        name = subject.name
        if name not in forecast.predictions and name not in forecast.exempt and name not in given:
            continue
        own = marks.get(name, [])
        if final:
            shown = str(given[name]) if name in given else None
        else:
            shown = EXEMPT if name in forecast.exempt else \
                predicted_text(forecast.predictions.get(name))
        rows.append({"name": name, "marks": marks_text(own), "average": average_text(own),
                     "period_mark": shown})
    return rows


def predicted_text(prediction: Prediction | None) -> str | None:
    """«н/а» at risk of «н/а», else the predicted mark; None without marks."""
    if prediction is None:
        return None
    if prediction.at_risk:
        return NOT_ATTESTED
    return str(prediction.predicted) if prediction.predicted is not None else None


def info_letters(inputs: LetterInputs, per_parent: bool = False) -> list[Letter]:
    """«Информационное письмо для родителей» for every student on the roll (2.33)."""
    settings = inputs.settings
    final = bool(inputs.final_marks)
    period = period_for(inputs.period, settings) if final else \
        period_span(inputs.period, inputs.span.end, settings)
    letters: list[Letter] = []
    for family in families(inputs.class_, inputs.span.end):
        student = family.student
        context: dict[str, object] = {
            "school": school_block(settings), "date_words": date_words(inputs.today),
            "class_name": text(settings.class_.name),
            "student": student_words(student), "period": period,
            "mark_column": mark_column(inputs.period, settings, final),
            "subjects": info_rows(inputs, student, final),
            "absences": absence_words(inputs.tally(student, inputs.span)),
            "teacher": teacher_block(inputs),
        }
        letters += family_letters("info", inputs, student, addressees(family, per_parent),
                                  context)
    return letters


# ---------------------------------------------------------------- weekly extract


def weekly_rows(inputs: LetterInputs, student: Student) -> list[dict[str, str | None]]:
    """Every subject the student had lessons in this week: marks with dates, lessons missed."""
    span = inputs.week_span
    lessons = inputs.lessons(student, span)
    marks = inputs.dated_marks(student, span)
    missed: dict[str, int] = {}
    for lesson, cell in lessons.items():
        absent = cell is not None and cell.attendance is not None and cell.attendance.is_absence
        name = inputs.subject_of(lesson)
        missed[name] = missed.get(name, 0) + absent
    order = {s.name: n for n, s in enumerate(inputs.subjects)}
    names = sorted(missed, key=lambda name: order.get(name, len(order)))
    return [{"name": name, "marks": dated_text(marks.get(name, [])),
             "absences": count_lessons(missed[name]) if missed[name] else None}
            for name in names]


def weekly_letters(inputs: LetterInputs, include_inactive: bool = False) -> list[Letter]:
    """«Выписка из электронного журнала» for families on paper (2.34) and, with
    `include_inactive`, families that never open the e-diary (2.38)."""
    settings = inputs.settings
    span = inputs.week_span
    never = never_visiting(inputs.activity_report) if include_inactive else frozenset()
    letters: list[Letter] = []
    for family in weekly_families(families(inputs.class_, span.end), never):
        student = family.student
        words = student_words(student)
        context: dict[str, object] = {
            "school": school_block(settings), "date_words": date_words(inputs.today),
            "class_name": text(settings.class_.name),
            "student": {key: words[key] for key in ("name", "genitive", "pupil_genitive")},
            "week": span_words(span.start, span.end),
            "subjects": weekly_rows(inputs, student),
            "absences": absence_words(inputs.tally(student, span)),
            "teacher": teacher_block(inputs),
        }
        letters += family_letters("weekly", inputs, student, (paper_parent(family),), context,
                                  addressed=False)
    return letters


# ---------------------------------------------------------------- unsuccessful situation


def risk_text(prediction: Prediction, inputs: LetterInputs) -> str:
    """«"2" за четверть», «н/а: 2 отметки при норме 3», or both."""
    parts = [failing_risk(inputs.settings)] if prediction.predicted == 2 else []
    reasons = risk_reasons(prediction)
    if prediction.at_risk and reasons:
        parts.append(f"{NOT_ATTESTED}: {', '.join(reasons)}")
    return "; ".join(parts)


def _few_marks_only(inputs: LetterInputs, student: Student, prediction: Prediction) -> bool:
    """At risk only for too few marks (not for absences, not for a predicted «2»)."""
    rules = inputs.settings.rules
    norm = prorated(inputs.base, student).min_marks
    missed = prediction.missed / prediction.lessons if prediction.lessons else 0.0
    return (prediction.marks < norm and missed < rules.absence_risk
            and prediction.predicted != 2)


def journal_gaps(inputs: LetterInputs) -> frozenset[str]:
    """Subjects where most of the class has too few marks: the journal is not being filled,
    which the filling control puts to the subject teacher — not a family's risk to notify."""
    taking: Counter[str] = Counter()
    short: Counter[str] = Counter()
    for family in families(inputs.class_, inputs.span.end):
        for name, prediction in inputs.forecast(family.student).predictions.items():
            taking[name] += 1
            short[name] += _few_marks_only(inputs, family.student, prediction)
    return frozenset(name for name, count in taking.items() if short[name] * 2 > count)


def risk_rows(inputs: LetterInputs, student: Student,
              gaps: frozenset[str] = frozenset()) -> list[dict[str, str | None]]:
    """The subjects the preliminary rules flag: risk of «н/а», or a predicted «2» — except
    a «too few marks» risk in a subject whose journal is not being filled (`gaps`)."""
    marks = inputs.dated_marks(student, inputs.span)
    teachers = {s.name: s.teacher for s in inputs.subjects}
    rows = []
    for name, prediction in inputs.forecast(student).predictions.items():
        if name in gaps and _few_marks_only(inputs, student, prediction):
            continue
        if prediction.at_risk or prediction.predicted == 2:
            own = marks.get(name, [])
            rows.append({"name": name,
                         "teacher": teachers_short(prediction.teacher or teachers.get(name)),
                         "marks": marks_text(own), "average": average_text(own),
                         "risk": risk_text(prediction, inputs)})
    return rows


def risk_letters(inputs: LetterInputs, per_parent: bool = False) -> list[Letter]:
    """«Уведомление о неуспешной ситуации» for the students the preliminary rules flag (2.29)."""
    settings = inputs.settings
    gaps = journal_gaps(inputs)
    known = known_students(inputs.base.journal, inputs.base.index)
    letters: list[Letter] = []
    for family in families(inputs.class_, inputs.span.end):
        if family.student not in known:
            continue  # not in the journal at all: the roster reconciliation tells the admin
        rows = risk_rows(inputs, family.student, gaps)
        if not rows:
            continue
        context: dict[str, object] = {
            "school": school_block(settings), "date_words": date_words(inputs.today),
            "class_name": text(settings.class_.name),
            "student": student_words(family.student),
            "period": period_in(inputs.period, settings),
            "period_end": date_words(inputs.period.end), "subjects": rows,
            "teacher": teacher_block(inputs),
        }
        letters += family_letters("risk", inputs, family.student,
                                  addressees(family, per_parent), context)
    return letters
