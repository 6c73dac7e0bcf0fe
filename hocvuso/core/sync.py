"""Item-by-item checks of a batch a phone syncs (visits, attendance).

A phone's queue must never be blocked by one bad item. The API reads a batch
as a list whose items are each checked against their schema on their own
(``each_item``): an item that does not fit becomes a ``RefusedItem`` carrying
its client id and the Vietnamese reasons, and the valid ones go to the service.
``merge_results`` puts the answers back in the order the phone sent them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import Field, ValidationError, WrapValidator
from pydantic_core import PydanticCustomError

from hocvuso.core.api_errors import error_fields
from hocvuso.core.ranges import MAX_ID, day_problem, moment_problem

# A client id is echoed back up to this length, so the phone can match it.
ECHO_LENGTH = 200


@dataclass
class RefusedItem:
    """An item of a batch that does not fit its schema."""

    client_id: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def result(self) -> dict:
        first = next(iter(self.fields.values()), [""])[0]
        where = next(iter(self.fields), "")
        message = _("This item was refused: %(field)s: %(reason)s") % {
            "field": where,
            "reason": first,
        }
        return {
            "client_id": self.client_id,
            "status": "rejected",
            "error": {"code": "invalid", "message": message, "fields": self.fields},
        }


def _client_id(value: Any) -> str:
    raw = value.get("client_id") if isinstance(value, dict) else None
    return raw[:ECHO_LENGTH] if isinstance(raw, str) else ""


def _keep_refused(value: Any, handler):
    try:
        return handler(value)
    except ValidationError as exc:
        return RefusedItem(
            client_id=_client_id(value), fields=error_fields(exc.errors())
        )


def each_item(schema):
    """The type of one item of a batch: ``schema`` in the OpenAPI document; at
    run time an item that does not fit it is a RefusedItem, not a 422 for all."""
    return Annotated[schema, WrapValidator(_keep_refused)]


def merge_results(items: Sequence, run: Callable[[list], list]) -> list:
    """Run ``run`` on the valid items and answer every item in its order."""
    valid = [item for item in items if not isinstance(item, RefusedItem)]
    answers = iter(run(valid) if valid else [])
    return [
        item.result() if isinstance(item, RefusedItem) else next(answers)
        for item in items
    ]


def as_lists(fields: dict) -> dict[str, list[str]]:
    """A service's error fields with every value a list of strings."""
    return {
        str(k): [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]
        for k, v in (fields or {}).items()
    }


# Pydantic validators for the schemas of synced items --------------------------


def _refuse(problem: str):
    return PydanticCustomError("out_of_range", problem)


def plausible_moment(value):
    """After-validator: a time with its zone, 2020-01-01 .. tomorrow."""
    problem = moment_problem(value)
    if problem:
        raise _refuse(problem)
    return value


def plausible_day(value):
    """After-validator: a day from 2020-01-01 to tomorrow."""
    problem = value is not None and day_problem(value)
    if problem:
        raise _refuse(problem)
    return value


# An id the database can hold (BigAutoField), documented in the schema.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
