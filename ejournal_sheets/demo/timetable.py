"""The demo class's subjects, teachers and weekly timetable: grade 7, five days, six lessons."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ejournal_sheets.demo.roster import GROUPS, SUBJECT
from ejournal_sheets.demo.school_days import is_school_day


@dataclass(frozen=True, order=True)
class Course:
    """A subject as one journal keeps it: the whole class, or one group of a split subject."""

    subject: str
    group: str = ""  # «1 группа» for a split subject, "" for the whole class
    teacher: str = ""
    per_week: int = 1

    @property
    def title(self) -> str:
        """«Алгебра», «Английский язык (1 группа)»: the name of its journal file."""
        return f"{self.subject} ({self.group})" if self.group else self.subject


@dataclass(frozen=True, order=True)
class Slot:
    """One lesson held: the date, its number in the school day and the course."""

    day: date
    number: int
    course: Course


# (subject, teacher, lessons a week); the split subject's teachers are those of «Группы».
SUBJECTS: tuple[tuple[str, str, int], ...] = (
    ("Русский язык", "Алексеева Марина Сергеевна", 4),
    ("Литература", "Алексеева Марина Сергеевна", 2),
    ("Алгебра", "Захаров Игорь Валентинович", 3),
    ("Геометрия", "Захаров Игорь Валентинович", 2),
    ("Вероятность и статистика", "Захаров Игорь Валентинович", 1),
    (SUBJECT, "", 3),
    ("История", "Белоусова Ирина Анатольевна", 2),
    ("Обществознание", "Белоусова Ирина Анатольевна", 1),
    ("География", "Кравченко Людмила Сергеевна", 2),
    ("Биология", "Сафонова Наталья Геннадьевна", 1),
    ("Физика", "Гусев Павел Олегович", 2),
    ("Информатика", "Лаптев Денис Александрович", 1),
    ("Музыка", "Зуева Ольга Михайловна", 1),
    ("Изобразительное искусство", "Карпова Светлана Юрьевна", 1),
    ("Труд (технология)", "Мельников Виктор Степанович", 2),
    ("Физическая культура", "Титов Роман Игоревич", 2),
)

# Lessons of each weekday (Monday first), numbered from 1; «Труд» is a double lesson.
WEEK: tuple[tuple[str, ...], ...] = (
    ("Русский язык", "Алгебра", SUBJECT, "История", "Биология", "Физическая культура"),
    ("Литература", "Геометрия", "Физика", "Русский язык", "География", "Музыка"),
    ("Алгебра", "Русский язык", SUBJECT, "Обществознание", "Труд (технология)",
     "Труд (технология)"),
    ("Русский язык", "Физика", "Алгебра", "История", "Информатика",
     "Изобразительное искусство"),
    ("Геометрия", "Литература", SUBJECT, "Вероятность и статистика", "География",
     "Физическая культура"),
)  # fmt: skip

# Kept by their teachers as one long table (one row per mark or absence), not as grids.
LONG_TABLE_SUBJECTS: tuple[str, ...] = ("История", "География")


def _courses() -> tuple[Course, ...]:
    courses: list[Course] = []
    for subject, teacher, per_week in SUBJECTS:
        if subject == SUBJECT:
            courses += [Course(subject, group, group_teacher, per_week)
                        for group, group_teacher in GROUPS]  # fmt: skip
        else:
            courses.append(Course(subject, "", teacher, per_week))
    return tuple(courses)


COURSES: tuple[Course, ...] = _courses()


def courses_of(subject: str) -> tuple[Course, ...]:
    """The course of a subject, or both groups of the split one."""
    return tuple(course for course in COURSES if course.subject == subject)


def slots_between(first: date, last: date) -> tuple[Slot, ...]:
    """Every lesson held on school days from `first` to `last` (both included), in order."""
    return tuple(sorted(_slots(first, last)))


def _slots(first: date, last: date) -> Iterator[Slot]:
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if not is_school_day(day):
            continue
        for number, subject in enumerate(WEEK[day.weekday()], start=1):
            for course in courses_of(subject):
                yield Slot(day, number, course)
