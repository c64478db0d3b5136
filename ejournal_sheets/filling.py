"""Journal-filling control (duty 2.29): lessons, topics, homework and marks per subject and group.

Rules a teacher can check by hand:
- A lesson is held when dated on or before `today`; «за неделю» is the school week, «за период»
  the period's start to today. Topic / homework None: the export has no such column («нет
  данных»); an empty text: the subject teacher left it blank.
- Marks needed by today = ceil(min_marks × elapsed / length) in calendar days, ends included,
  elapsed from the period's start (or the student's later arrival) to today: 3 marks, a 54-day
  period, its 24th day → ceil(1.33) = 2. Grades and зач/незач count; «осв» in the period → none.
- «Без отметок N уроков»: the last N lessons the student attended (present, late or no entry) have
  no mark; N = `rules.no_mark_lessons`.
- A subject's students: the lesson's group on the workbook's «Группы» sheet (by group name, else
  teacher) when the subject is split there; else the journal's roll and cells; an undivided
  subject without a roll counts the whole class. Only students on the roll today, and only those
  the journal knows (named in some roll or cell): a student missing from the journal is the
  roster reconciliation's finding («сообщить администратору ЭЖ»), not the subject teacher's.
- «За неделю нет уроков» only from the week's Friday on (when the weekly job runs), when other
  subjects had lessons that week (not a holiday) and this one had lessons earlier in the period.
  Reminders ask to fill the journal by the next Monday.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ejournal_sheets.codes import Attendance, MarkKind
from ejournal_sheets.dates import date_words
from ejournal_sheets.journal_model import Cell, Journal, Lesson, SubjectRoll
from ejournal_sheets.matching import StudentIndex, journal_forms, known_students, name_forms
from ejournal_sheets.model import ClassRecord, GroupMember, Student
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.settings import DateRange, Rules
from ejournal_sheets.stats import required_marks
from ejournal_sheets.wording import greeting, plural

OK = "в порядке"
HAS_ISSUES = "есть замечания"
NO_DATA = "нет данных"
COUNTED = frozenset({MarkKind.GRADE, MarkKind.PASS, MarkKind.FAIL})

SubjectKey = tuple[str, str]
LessonKey = tuple[date, str, str, int]


@dataclass(frozen=True)
class StudentMarks:
    """One student in one subject: marks in the period so far against the pro-rated minimum."""

    student: Student
    marks: int
    required: int
    unmarked: int  # lessons attended in a row, counted back from the latest, without a mark
    silent: bool  # unmarked ≥ rules.no_mark_lessons

    @property
    def short(self) -> bool:
        return self.marks < self.required


@dataclass(frozen=True)
class SubjectFilling:
    """One row of the control: a subject (and group) with its teacher, counts and issues."""

    subject: str
    group: str | None
    teacher: str | None
    lessons_week: int
    lessons_period: int
    no_topic_week: tuple[date, ...] | None  # None: the export has no topics
    no_topic_period: tuple[date, ...] | None
    no_homework_week: tuple[date, ...] | None
    no_homework_period: tuple[date, ...] | None
    last_entry: date | None
    students: tuple[StudentMarks, ...]
    issues: tuple[str, ...]

    @property
    def status(self) -> str:
        return HAS_ISSUES if self.issues else OK

    @property
    def short_of_marks(self) -> tuple[StudentMarks, ...]:
        return tuple(s for s in self.students if s.short)

    @property
    def silent(self) -> tuple[StudentMarks, ...]:
        return tuple(s for s in self.students if s.silent)


@dataclass(frozen=True)
class Reminder:
    """A polite note to one subject teacher about all their subjects with issues."""

    teacher: str
    text: str


@dataclass(frozen=True)
class FillingReport:
    """The filling control of a class for a week and the period so far."""

    week: DateRange
    period: DateRange
    today: date
    min_marks: int
    no_mark_lessons: int
    deadline: date
    rows: tuple[SubjectFilling, ...]
    reminders: tuple[Reminder, ...]


def control_filling(journal: Journal, class_: ClassRecord, week: DateRange, period: DateRange,
                    today: date, rules: Rules, *, class_name: str = "",
                    class_teacher: str = "") -> FillingReport:
    """Check how each subject's journal is filled; reminders are signed by `class_teacher`."""
    key = _Keys()
    lessons = _by_subject(_unique_lessons(journal, key), key)
    index = StudentIndex.of(class_.students)
    cells = _cells_by_subject(journal.cells, index, key)
    friday = week.start + timedelta(days=4)
    busy_week = today >= friday and any(lesson.date in week and lesson.date <= today
                                        for group in lessons.values() for lesson in group)
    known = known_students(journal, index)
    context = _Context(class_, week, period, today, rules, busy_week, journal.rolls, index, key,
                       known)
    rows = tuple(_subject_row(group, cells.get(key, {}), context)
                 for key, group in sorted(lessons.items()))
    deadline = today + timedelta(days=7 - today.weekday())
    reminders = _reminders(rows, class_name, class_teacher, period, today, deadline)
    return FillingReport(week, period, today, rules.min_marks, rules.no_mark_lessons, deadline,
                         rows, reminders)


@dataclass(frozen=True)
class _Context:
    class_: ClassRecord
    week: DateRange
    period: DateRange
    today: date
    rules: Rules
    busy_week: bool  # some subject has lessons this week: the school is not on holiday
    rolls: tuple[SubjectRoll, ...]
    index: StudentIndex
    key: _Keys
    known: frozenset[Student]  # students the journal names anywhere


class _Keys(dict[int, LessonKey]):
    """Lesson.key computed once per lesson object (it normalises names on every call)."""

    def __call__(self, lesson: Lesson) -> LessonKey:
        found = self.get(id(lesson))
        if found is None:
            found = self[id(lesson)] = lesson.key
        return found


def _unique_lessons(journal: Journal, key: _Keys) -> list[Lesson]:
    """Each lesson once; the reader has joined the lessons export with the grids already."""
    cells = (cell.lesson for cell in journal.cells)
    return list({key(lesson): lesson for lesson in (*cells, *journal.lessons)}.values())


def _by_subject(lessons: Iterable[Lesson], key: _Keys) -> dict[SubjectKey, list[Lesson]]:
    grouped: dict[SubjectKey, list[Lesson]] = defaultdict(list)
    for lesson in sorted(lessons, key=lambda item: (item.date, item.slot)):
        grouped[key(lesson)[1:3]].append(lesson)
    return grouped


def _cells_by_subject(cells: Iterable[Cell], index: StudentIndex, key: _Keys
                      ) -> dict[SubjectKey, dict[Student, dict[LessonKey, Cell]]]:
    """Cells of the workbook's students by subject, student and lesson key."""
    found: dict[SubjectKey, dict[Student, dict[LessonKey, Cell]]] = defaultdict(
        lambda: defaultdict(dict))
    names: dict[str, Student | None] = {}  # a name repeats in every lesson: look it up once
    for cell in cells:
        if cell.student not in names:
            names[cell.student] = index.find(cell.student)
        if (student := names[cell.student]) is not None:
            lesson_key = key(cell.lesson)
            found[lesson_key[1:3]][student][lesson_key] = cell
    return found


def _subject_row(lessons: list[Lesson], cells: dict[Student, dict[LessonKey, Cell]],
                 ctx: _Context) -> SubjectFilling:
    first = lessons[0]
    teacher = _teacher(lessons, ctx.class_.groups)
    held = [lesson for lesson in lessons if lesson.date <= ctx.today]
    in_week = [lesson for lesson in held if lesson.date in ctx.week]
    in_period = [lesson for lesson in held if lesson.date in ctx.period]
    members = _members(first, teacher, cells, ctx)
    keyed = [(ctx.key(lesson), lesson) for lesson in held]
    students = tuple(_student_marks(s, keyed, cells.get(s, {}), ctx) for s in members)
    row = SubjectFilling(
        first.subject, first.group, teacher, len(in_week), len(in_period),
        _blank(in_week, lessons, "topic"), _blank(in_period, lessons, "topic"),
        _blank(in_week, lessons, "homework"), _blank(in_period, lessons, "homework"),
        _last_entry(keyed, cells), students, ())
    missing_week = ctx.busy_week and not in_week and ctx.week.start in ctx.period and \
        any(lesson.date < ctx.week.start for lesson in in_period)
    return replace(row, issues=_issues(row, missing_week, ctx.rules))


def _blank(lessons: Sequence[Lesson], subject_lessons: Sequence[Lesson],
           field: str) -> tuple[date, ...] | None:
    """Dates of lessons with the field left empty; None when the exports never give it."""
    if all(getattr(lesson, field) is None for lesson in subject_lessons):
        return None
    return tuple(lesson.date for lesson in lessons
                 if getattr(lesson, field) is not None and not getattr(lesson, field).strip())


def _last_entry(held: Sequence[tuple[LessonKey, Lesson]],
                cells: dict[Student, dict[LessonKey, Cell]]) -> date | None:
    """The latest lesson date with a mark or an attendance code (or «отметки выставлены»)."""
    keys = {key for key, _ in held}
    dates = [cell.lesson.date for by_lesson in cells.values() for key, cell in by_lesson.items()
             if key in keys and (cell.marks or cell.attendance)]
    dates += [lesson.date for _, lesson in held if lesson.marks_set]
    return max(dates, default=None)


def _teacher(lessons: Sequence[Lesson], groups: Sequence[GroupMember]) -> str | None:
    """The subject's usual teacher, spelled in full when the workbook's «Группы» knows them."""
    named = Counter(clean_spaces(lesson.teacher) for lesson in lessons if lesson.teacher)
    if not named:
        return None
    teacher = named.most_common(1)[0][0]
    full = next((g.teacher for g in groups if g.teacher and same_person(g.teacher, teacher)), None)
    return clean_spaces(full) if full else teacher


def same_person(full: str, written: str) -> bool:
    """True when `written` is one of the forms of `full` («Смирнова Е.В.», «Смирнова Елена»)."""
    last, first, patronymic = [*clean_spaces(full).split(), "", "", ""][:3]
    return bool(set(name_forms(last, first, patronymic)) & set(journal_forms(written)))


def _group_key(text: str | None) -> str:
    """«1 группа», «Группа 1» and «1 гр.» are one group: compare by number when there is one."""
    digits = re.findall(r"\d+", text or "")
    return digits[0] if digits else name_key(text or "")


def _members(lesson: Lesson, teacher: str | None, cells: dict[Student, dict[LessonKey, Cell]],
             ctx: _Context) -> list[Student]:
    """The subject's (group's) students on the roll today, in the workbook's order."""
    wanted = _workbook_group(lesson, ctx.key(lesson)[1], teacher, ctx.class_)
    if wanted is None:
        wanted = _journal_roll(lesson, cells, ctx)
    return [s for s in ctx.class_.students
            if (wanted is None or s in wanted) and s.enrolled_on(ctx.today) and s in ctx.known]


def _workbook_group(lesson: Lesson, subject: str, teacher: str | None,
                    class_: ClassRecord) -> set[Student] | None:
    """Members by the «Группы» sheet when the subject is split there, else None."""
    split = [g for g in class_.groups if g.subject and name_key(g.subject) == subject]
    if not split:
        return None
    chosen = [g for g in split if lesson.group and _group_key(g.group) == _group_key(lesson.group)]
    if not chosen and teacher:
        chosen = [g for g in split if g.teacher and same_person(g.teacher, teacher)]
    numbers = {g.student_number for g in chosen}
    return {s for s in class_.students if s.number in numbers} if chosen else None


def _journal_roll(lesson: Lesson, cells: dict[Student, dict[LessonKey, Cell]],
                  ctx: _Context) -> set[Student] | None:
    """Members by the journal's roll and cells; None (the whole class) for an undivided subject."""
    listed = [name for roll in ctx.rolls
              if (name_key(roll.subject), name_key(roll.group or "")) == ctx.key(lesson)[1:3]
              for name in roll.students]
    if not listed and not lesson.group:
        return None
    found = (ctx.index.find(name) for name in listed)
    return set(cells) | {student for student in found if student is not None}


def _student_marks(student: Student, held: Sequence[tuple[LessonKey, Lesson]],
                   cells: dict[LessonKey, Cell], ctx: _Context) -> StudentMarks:
    period_cells = [cells[key] for key, lesson in held
                    if key in cells and lesson.date in ctx.period]
    marks = sum(1 for cell in period_cells for mark in cell.marks if mark.kind in COUNTED)
    exempt = any(cell.attendance is Attendance.EXEMPT or
                 any(mark.kind is MarkKind.EXEMPT for mark in cell.marks) for cell in period_cells)
    since = max(ctx.period.start, student.arrival_date or ctx.period.start)
    required = 0 if exempt else required_marks(ctx.rules.min_marks, ctx.period, since, ctx.today)
    unmarked = _unmarked_run([key for key, x in held if student.enrolled_on(x.date)], cells)
    return StudentMarks(student, marks, required, unmarked,
                        unmarked >= ctx.rules.no_mark_lessons)


def _unmarked_run(lessons: Sequence[LessonKey], cells: dict[LessonKey, Cell]) -> int:
    """Lessons attended without a mark, counted back from the latest until one with a mark."""
    run = 0
    for key in reversed(lessons):
        cell = cells.get(key)
        if cell is not None and any(mark.kind in COUNTED for mark in cell.marks):
            break
        away = cell is not None and cell.attendance is not None and \
            (cell.attendance.is_absence or cell.attendance is Attendance.EXEMPT)
        run += 0 if away else 1
    return run


def _issues(row: SubjectFilling, missing_week: bool, rules: Rules) -> tuple[str, ...]:
    """What is wrong with a subject's journal, in words a subject teacher reads."""
    issues = ["за неделю в журнале нет ни одного урока"] if missing_week else []
    if row.no_topic_period:
        issues.append(f"не заполнены темы {_dated_lessons(row.no_topic_period)}")
    if row.no_homework_period:
        issues.append(f"не записано домашнее задание {_dated_lessons(row.no_homework_period)}")
    if short := row.short_of_marks:
        need = max(s.required for s in short)
        names = ", ".join(f"{short_name(s.student)} ({s.marks}"
                          f"{f' из {s.required}' if s.required != need else ''})" for s in short)
        issues.append(f"у {_genitive(len(short), 'ученика', 'учеников')} меньше "
                      f"{_genitive(need, 'отметки', 'отметок')}: {names}")
    if silent := row.silent:
        names = ", ".join(short_name(s.student) for s in silent)
        lessons = plural(rules.no_mark_lessons, "урок", "урока", "уроков")
        issues.append(f"нет ни одной отметки за последние {lessons}: {names}")
    return tuple(issues)


def _dated_lessons(dates: Sequence[date]) -> str:
    """«2 уроков (23.11, 25.11)» — genitive, as in «темы 2 уроков»."""
    days = ", ".join(f"{day:%d.%m}" for day in sorted(set(dates)))
    return f"{_genitive(len(dates), 'урока', 'уроков')} ({days})"


def short_name(student: Student) -> str:
    """«Иванов Пётр» — how a subject teacher finds the student in the journal."""
    return " ".join(part for part in (student.last_name, student.first_name) if part)


def _genitive(number: int, one: str, many: str) -> str:
    """«1 урока», «2 уроков» — the genitive after «темы», «у», «меньше»."""
    return f"{number} {one if number % 10 == 1 and number % 100 != 11 else many}"


def _reminders(rows: Sequence[SubjectFilling], class_name: str, class_teacher: str,
               period: DateRange, today: date, deadline: date) -> tuple[Reminder, ...]:
    by_teacher: dict[str, list[SubjectFilling]] = defaultdict(list)
    for row in rows:
        if row.issues:
            by_teacher[row.teacher or ""].append(row)
    return tuple(
        Reminder(teacher or "учитель не указан",
                 reminder_text(teacher, subjects, class_name, class_teacher, period, today,
                               deadline))
        for teacher, subjects in by_teacher.items())


def reminder_text(teacher: str, rows: Sequence[SubjectFilling], class_name: str,
                  class_teacher: str, period: DateRange, today: date, deadline: date) -> str:
    """The reminder to one subject teacher: greeting, a paragraph per subject, request, sign-off."""
    until = min(today, period.end)
    lines = [greeting(teacher)]
    for row in rows:
        where = ", ".join(part for part in (class_name, row.group) if part)
        subject = f"По предмету «{row.subject}»" + (f" ({where})" if where else "")
        lines.append(f"{subject} за период с {period.start:%d.%m.%Y} по {until:%d.%m.%Y}: "
                     f"{'; '.join(row.issues)}.")
    lines.append(f"Просим заполнить журнал до {date_words(deadline)}")
    lines.append(f"С уважением, классный руководитель {clean_spaces(class_teacher)}".rstrip())
    return "\n".join(lines)
