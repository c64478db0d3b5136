"""Study groups on «Группы»: a split subject has every student in exactly one of its groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ejournal_sheets.checks.common import Context, repeats, roll, student_label
from ejournal_sheets.model import ClassRecord, GroupMember
from ejournal_sheets.names import clean_spaces, name_key
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import GROUPS, STUDENTS

GROUP_UNKNOWN_STUDENT = Code(
    "group-unknown-student",
    Severity.ERROR,
    "В группе ученик, которого нет в списке",
    "В группе «{group}» ({subject}) ученик № {number}, а такого номера нет на листе «Ученики».",
    "Исправьте № ученика по листу «Ученики» или удалите строку.",
)
GROUP_MISSING_STUDENT = Code(
    "group-missing-student",
    Severity.ERROR,
    "Ученик не распределён в группу",
    "Ученик {student} не записан ни в одну группу предмета «{subject}» ({groups}).",
    "Добавьте на лист «Группы» строку: «{subject}», его группа, № ученика {number}.",
)
GROUP_DOUBLE = Code(
    "group-double",
    Severity.ERROR,
    "Ученик в двух группах предмета",
    "Ученик № {number} записан в предмет «{subject}» дважды: в группу «{first_group}» "
    "(строка {first_row}) и в группу «{group}» (строка {row}).",
    "Оставьте ученика в одной группе, лишнюю строку удалите.",
)
GROUP_TEACHER_MISMATCH = Code(
    "group-teacher-mismatch",
    Severity.WARNING,
    "У группы два учителя",
    "У группы «{group}» ({subject}) в строке {row} учитель «{teacher}», а в строке "
    "{first_row} — «{first_teacher}».",
    "Впишите одного учителя во все строки группы.",
)


def _key(text: str | None) -> str | None:
    return name_key(text) if text and text.strip() else None


def _label(text: str | None) -> str:
    return clean_spaces(text or "")


def subject_groups(class_: ClassRecord) -> dict[str, dict[str, str]]:
    """Subject key → {group key: group name as typed}, for rows that name both."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for member in class_.groups:
        subject, group = _key(member.subject), _key(member.group)
        if subject and group:
            found[subject].setdefault(group, _label(member.group))
    return found


def check_group_students_known(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A group member's № ученика is on «Ученики»."""
    for member in class_.groups:
        number = member.student_number
        if number is not None and class_.student(number) is None:
            where = class_.where(GROUPS.name, member.row, "student_number")
            yield GROUP_UNKNOWN_STUDENT(
                where, group=_label(member.group), subject=_label(member.subject), number=number
            )


def check_split_subjects_covered(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """In a subject with 2+ groups every student on the roll is in one of its groups."""
    names = {_key(m.subject): _label(m.subject) for m in class_.groups if _key(m.subject)}
    for subject, groups in subject_groups(class_).items():
        if len(groups) < 2:
            continue
        members = {m.student_number for m in class_.groups if _key(m.subject) == subject}
        for student in roll(class_, context.today):
            if student.number not in members:
                yield GROUP_MISSING_STUDENT(
                    class_.where(STUDENTS.name, student.row),
                    student=student_label(student),
                    subject=names[subject],
                    number=student.number,
                    groups=", ".join(f"«{g}»" for g in groups.values()),
                )


def _membership(member: GroupMember) -> tuple[str, int] | None:
    subject = _key(member.subject)
    if subject is None or member.student_number is None:
        return None
    return subject, member.student_number


def check_one_group_per_subject(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A student is in at most one group of a subject, listed once."""
    for first, repeat in repeats(class_.groups, _membership):
        where = class_.where(GROUPS.name, repeat.row, "group")
        yield GROUP_DOUBLE(
            where,
            number=repeat.student_number,
            subject=_label(repeat.subject),
            first_group=_label(first.group),
            first_row=first.row,
            group=_label(repeat.group),
            row=repeat.row,
        )


def check_group_teachers(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """All rows of one group name the same teacher."""
    first_teacher: dict[tuple[str, str], GroupMember] = {}
    reported: set[tuple[str, str, str]] = set()
    for member in class_.groups:
        subject, group, teacher = _key(member.subject), _key(member.group), _key(member.teacher)
        if not (subject and group and teacher):
            continue
        first = first_teacher.setdefault((subject, group), member)
        if _key(first.teacher) != teacher and (subject, group, teacher) not in reported:
            reported.add((subject, group, teacher))
            where = class_.where(GROUPS.name, member.row, "teacher")
            yield GROUP_TEACHER_MISMATCH(
                where,
                group=_label(member.group),
                subject=_label(member.subject),
                row=member.row,
                teacher=_label(member.teacher),
                first_row=first.row,
                first_teacher=_label(first.teacher),
            )
