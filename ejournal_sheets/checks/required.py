"""Required values: a row that has anything in it must have every required column filled."""

from __future__ import annotations

from collections.abc import Iterator

from ejournal_sheets.checks.common import Context, is_blank, sheet_records
from ejournal_sheets.model import ClassRecord, Movement
from ejournal_sheets.problems import Code, Problem, Severity
from ejournal_sheets.schema import MOVEMENTS

VALUE_REQUIRED = Code(
    "value-required",
    Severity.ERROR,
    "Не заполнено обязательное поле",
    "В строке {row} не заполнено обязательное поле {what}.",
    "Заполните ячейку {cell} или удалите строку целиком, если она лишняя.",
)


def check_required_values(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """Every required column is filled in each row that has other values."""
    for spec, records in sheet_records(class_):
        for record in records:
            values = {c.field: getattr(record, c.field, None) for c in spec.columns}
            if all(is_blank(v) for v in values.values()):
                continue
            for column in spec.required_columns:
                if is_blank(values[column.field]):
                    where = class_.where(spec.name, record.row, column.field)
                    yield VALUE_REQUIRED(
                        where, row=where.row, what=f"«{column.header}»", cell=where.cell
                    )


def check_movement_student(class_: ClassRecord, context: Context) -> Iterator[Problem]:
    """A «Движение» row names its student by № ученика or by ФИО."""
    for movement in class_.movements:
        if (
            _has_other_values(movement)
            and movement.student_number is None
            and is_blank(movement.student_name)
        ):
            where = class_.where(MOVEMENTS.name, movement.row, "student_number")
            yield VALUE_REQUIRED(
                where, row=movement.row, what="«№ ученика» или «ФИО»", cell=where.cell
            )


def _has_other_values(movement: Movement) -> bool:
    return not all(
        is_blank(v) for v in (movement.event, movement.date, movement.order, movement.place)
    )
