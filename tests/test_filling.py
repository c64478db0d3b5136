"""Journal-filling control (duty 2.29): counts, pro-rated marks, groups, reminders, the xlsx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ejournal_sheets.codes import Attendance, Mark, MarkKind
from ejournal_sheets.dates import school_week
from ejournal_sheets.filling import (
    NO_DATA,
    OK,
    FillingReport,
    SubjectFilling,
    control_filling,
    required_marks,
)
from ejournal_sheets.journal_model import Cell, Journal, Lesson, SubjectRoll
from ejournal_sheets.model import ClassRecord, GroupMember, Student
from ejournal_sheets.reports.filling_xlsx import write_filling
from ejournal_sheets.settings import DateRange, Rules
from ejournal_sheets.wording import greeting

TODAY = date(2026, 11, 27)  # Friday
WEEK = school_week(TODAY)  # 23.11–28.11
PERIOD = DateRange("Ч2", date(2026, 11, 5), date(2026, 12, 28))  # 54 days
RULES = Rules(min_marks=3, no_mark_lessons=5)
TEACHER = "Петрова Ирина Сергеевна"

IVANOV = Student(2, 1, "Иванов", "Пётр", "Сергеевич")
SOKOLOVA = Student(3, 2, "Соколова", "Анна", "Ильинична")
PETROV = Student(4, 3, "Петров", "Илья", "Андреевич")
KUZNETSOVA = Student(5, 4, "Кузнецова", "Мария", "Олеговна", arrival_date=date(2026, 11, 20))
ORLOV = Student(6, 5, "Орлов", "Денис", "Павлович", leaving_date=date(2026, 11, 10))
CLASS = ClassRecord(
    Path("класс.xlsx"), students=(IVANOV, SOKOLOVA, PETROV, KUZNETSOVA, ORLOV),
    groups=(GroupMember(2, "Английский язык", "1 группа", "Смирнова Елена Викторовна", 1),
            GroupMember(3, "Английский язык", "1 группа", "Смирнова Елена Викторовна", 2),
            GroupMember(4, "Английский язык", "2 группа", "Козлов Андрей Петрович", 3),
            GroupMember(5, "Английский язык", "2 группа", "Козлов Андрей Петрович", 4)))


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


def marks(*values: int) -> tuple[Mark, ...]:
    return tuple(Mark(MarkKind.GRADE, value) for value in values)


def cell(lesson: Lesson, student: Student, *values: int,
         attendance: Attendance | None = None) -> Cell:
    """A cell as the journal writes the name: «Фамилия Имя»."""
    return Cell(lesson, f"{student.last_name} {student.first_name}", marks(*values), attendance)


def algebra() -> Journal:
    """In order: a grid joined (by the reader) with the lessons export, and a roll."""
    days = (9, 11, 13, 16, 18, 20, 23, 25, 27)
    grid = [Lesson(d(day), "Алгебра", "Иванова Анна Петровна", topic=f"Тема {day}",
                   homework=f"№ {day}") for day in days]
    planned = Lesson(d(30), "Алгебра", topic="", homework="")  # not held yet: ignored
    cells = [cell(lesson, s, 4) for lesson in grid[-3:] for s in (IVANOV, SOKOLOVA, PETROV)]
    cells += [cell(grid[-1], KUZNETSOVA, 5)]
    roll = SubjectRoll("Алгебра", "Иванова Анна Петровна", None,
                       ("Иванов Пётр", "Соколова Анна", "Петров Илья", "Кузнецова Мария",
                        "Орлов Денис"))
    return Journal(lessons=(*grid, planned), cells=tuple(cells), rolls=(roll,))


def english_1() -> Journal:
    """Behind: topics of 23.11 and 25.11, homework of 25.11, Иванов with one old mark."""
    topics = {23: "", 25: ""}
    lessons = [Lesson(d(day), "Английский язык", "Смирнова Е.В.", "1 группа",
                      topic=topics.get(day, f"Unit {day}"), homework="" if day == 25 else "Ex.")
               for day in (9, 11, 16, 18, 23, 25)]
    cells = [cell(lessons[0], IVANOV, 3), cell(lessons[4], SOKOLOVA, attendance=Attendance.ILL),
             cell(lessons[5], SOKOLOVA, 4, 5),  # a double mark «4/5» counts twice
             cell(lessons[5], PETROV, 5)]  # a wrong-group entry does not add Петров
    return Journal(lessons=tuple(lessons), cells=tuple(cells))


def english_2() -> Journal:
    lessons = [Lesson(d(day), "Английский язык", "Козлов Андрей Петрович", "2 группа",
                      topic="Unit", homework="Ex.") for day in (10, 12, 17, 19, 24, 26)]
    cells = [cell(lessons[3], PETROV, 4), cell(lessons[5], PETROV, 5),
             cell(lessons[4], KUZNETSOVA, 4)]  # arrived 20.11: one mark is enough
    return Journal(lessons=tuple(lessons), cells=tuple(cells))


def history() -> Journal:
    """A long table without topic columns; nothing entered this week."""
    lessons = [Lesson(d(day), "История", "Фомин Илья Ильич") for day in (12, 19)]
    cells = [cell(lessons[0], IVANOV, 5), cell(lessons[0], PETROV, 4),
             cell(lessons[1], PETROV, 3), cell(lessons[1], SOKOLOVA, attendance=Attendance.ABSENT)]
    return Journal(cells=tuple(cells))


def run() -> FillingReport:
    journal = algebra().merged(english_1()).merged(english_2()).merged(history())
    return control_filling(journal, CLASS, WEEK, PERIOD, TODAY, RULES, class_name="7Б",
                           class_teacher=TEACHER)


def row(report: FillingReport, subject: str, group: str | None = None) -> SubjectFilling:
    return next(r for r in report.rows if r.subject == subject and r.group == group)


def test_required_marks_are_pro_rated_by_calendar_days() -> None:
    # 05.11–27.11 is 23 of 54 days: 3 × 23 / 54 = 1.28 → 2; from the arrival 20.11: 8 days → 1.
    assert required_marks(3, PERIOD, PERIOD.start, TODAY) == 2
    assert required_marks(3, PERIOD, d(20), TODAY) == 1
    assert required_marks(3, PERIOD, PERIOD.start, d(1)) == 0
    assert required_marks(3, PERIOD, PERIOD.start, d(30, 12)) == 3


def test_subject_in_order() -> None:
    algebra_row = row(run(), "Алгебра")
    assert algebra_row.status == OK and algebra_row.issues == ()
    assert (algebra_row.lessons_week, algebra_row.lessons_period) == (3, 9)
    assert algebra_row.no_topic_period == () and algebra_row.no_homework_week == ()
    assert algebra_row.last_entry == TODAY
    assert [s.student for s in algebra_row.students] == [IVANOV, SOKOLOVA, PETROV, KUZNETSOVA]
    assert [(s.marks, s.required) for s in algebra_row.students] == [(3, 2)] * 3 + [(1, 1)]


def test_teacher_behind_on_topics_homework_and_marks() -> None:
    english = row(run(), "Английский язык", "1 группа")
    assert english.teacher == "Смирнова Елена Викторовна"  # full name from «Группы»
    assert english.no_topic_week == (d(23), d(25)) and english.no_topic_period == (d(23), d(25))
    assert english.no_homework_period == (d(25),)
    ivanov, sokolova = english.students
    assert (ivanov.marks, ivanov.required, ivanov.unmarked, ivanov.silent) == (1, 2, 5, True)
    assert (sokolova.marks, sokolova.short, sokolova.silent) == (2, False, False)
    assert english.issues == (
        "не заполнены темы 2 уроков (23.11, 25.11)",
        "не записано домашнее задание 1 урока (25.11)",
        "у 1 ученика меньше 2 отметок: Иванов Пётр (1)",
        "нет ни одной отметки за последние 5 уроков: Иванов Пётр",
    )


def test_group_subject_counts_only_its_group() -> None:
    report = run()
    assert [s.student for s in row(report, "Английский язык", "1 группа").students] == \
        [IVANOV, SOKOLOVA]
    second = row(report, "Английский язык", "2 группа")
    assert [(s.student, s.marks, s.required) for s in second.students] == \
        [(PETROV, 2, 2), (KUZNETSOVA, 1, 1)]
    assert second.status == OK


def test_unknown_topics_and_a_week_without_lessons() -> None:
    history_row = row(run(), "История")
    assert history_row.no_topic_period is None and history_row.no_homework_week is None
    assert (history_row.lessons_week, history_row.last_entry) == (0, d(19))
    assert history_row.issues == (
        "за неделю в журнале нет ни одного урока",
        "у 3 учеников меньше 2 отметок: Иванов Пётр (1), Соколова Анна (0), "
        "Кузнецова Мария (0 из 1)",
    )


def test_reminders_per_teacher_with_issues() -> None:
    report = run()
    assert report.deadline == d(30)
    texts = {r.teacher: r.text for r in report.reminders}
    assert set(texts) == {"Смирнова Елена Викторовна", "Фомин Илья Ильич"}
    assert texts["Смирнова Елена Викторовна"] == (
        "Уважаемая Елена Викторовна!\n"
        "По предмету «Английский язык» (7Б, 1 группа) за период с 05.11.2026 по 27.11.2026: "
        "не заполнены темы 2 уроков (23.11, 25.11); не записано домашнее задание 1 урока "
        "(25.11); у 1 ученика меньше 2 отметок: Иванов Пётр (1); нет ни одной отметки за "
        "последние 5 уроков: Иванов Пётр.\n"
        "Просим заполнить журнал до 30 ноября 2026 г.\n"
        "С уважением, классный руководитель Петрова Ирина Сергеевна")
    assert texts["Фомин Илья Ильич"].startswith("Уважаемый Илья Ильич!\nПо предмету «История» (7Б)")


@pytest.mark.parametrize(("name", "expected"), [
    ("Смирнова Елена Викторовна", "Уважаемая Елена Викторовна!"),
    ("Соколова Анна Ильинична", "Уважаемая Анна Ильинична!"),
    ("Кузьмина Ольга Никитична", "Уважаемая Ольга Никитична!"),
    ("Козлов Андрей Петрович", "Уважаемый Андрей Петрович!"),
    ("Фомин Илья Ильич", "Уважаемый Илья Ильич!"),
    ("Смирнова Е.В.", "Уважаемый(ая) Смирнова Е.В.!"),
    ("Смирнова Елена", "Уважаемый(ая) Смирнова Е.!"),
    (None, "Уважаемый коллега!"),
])
def test_greeting_by_patronymic(name: str | None, expected: str) -> None:
    assert greeting(name) == expected


def table(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, list[list[object]]]:
    """Rows under the header (row 3), keyed by the first column."""
    found: dict[str, list[list[object]]] = {}
    for values in sheet.iter_rows(min_row=4, values_only=True):
        found.setdefault(str(values[0]), []).append(list(values))
    return found


def test_workbook_summary_students_and_reminders(tmp_path: Path) -> None:
    target = tmp_path / "Контроль_заполнения.xlsx"
    assert write_filling(target, run(), "7Б", "МБОУ СОШ № 1", WEEK, PERIOD) == target
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Сводка", "Ученики", "Напоминания"]
    summary = book["Сводка"]
    assert [c.value for c in summary[3]][:5] == \
        ["Предмет", "Группа", "Учитель", "Уроков за неделю", "Уроков за период"]
    assert summary.cell(3, 12).value == "Без отметок 5 уроков"
    rows = {(r[0], r[1]): r for rs in table(summary).values() for r in rs}
    english = rows[("Английский язык", "1 группа")]
    assert english[3:13] == [2, 6, 2, 2, 1, 1, english[9], 1, 1, "есть замечания"]
    assert english[9].date() == d(25)  # a real date, not text
    assert summary.cell(4, 10).number_format == "dd.mm.yyyy"
    english_line = next(r for r in summary.iter_rows(min_row=4) if r[1].value == "1 группа")
    highlighted = [c.column for c in english_line if c.fill.fgColor.rgb == "FFF8CBAD"]
    assert highlighted == [6, 7, 8, 9, 11, 12, 13]  # blanks, short of marks, silent, status
    history_row = rows[("История", "")]
    assert history_row[5:9] == [NO_DATA] * 4
    assert rows[("Алгебра", "")][12] == OK
    assert summary.freeze_panes == "A4" and summary.auto_filter.ref
    assert summary.page_setup.orientation == "landscape" and summary.page_setup.paperSize == 9
    assert summary.print_title_rows == "$3:$3"
    assert "Стр. &P из &N" in summary.oddFooter.center.text

    students = table(book["Ученики"])["Английский язык"]
    assert [(r[3], r[4], r[5], r[6]) for r in students] == [
        ("Иванов Пётр Сергеевич", 1, 2, 5), ("Соколова Анна Ильинична", 2, 2, 0),
        ("Петров Илья Андреевич", 2, 2, 0), ("Кузнецова Мария Олеговна", 1, 1, 1)]
    reminders = table(book["Напоминания"])
    assert reminders["Смирнова Елена Викторовна"][0][1].startswith("Уважаемая Елена Викторовна!")
    assert "Фомин Илья Ильич" in reminders
