"""Periods a figure is asked for: a week, a month, a quarter, a year or one day.

A figure for a period is the figure as of the period's last day (or as of
today while the period runs); ``change`` is how much it moved during it.
Accepted spellings: ``2026-W05`` (ISO week), ``2026-03``, ``2026-Q3``,
``2026`` and ``2026-03-15`` (as of that day).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError


@dataclass(frozen=True)
class Period:
    kind: str  # "day", "week", "month", "quarter", "year"
    start: datetime.date
    end: datetime.date  # the last day, inclusive
    text: str

    @property
    def as_of(self) -> datetime.date:
        """The day the period's figure is read on: its end, or today if sooner."""
        return min(self.end, timezone.localdate())

    @property
    def before(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)


PATTERNS = (
    (re.compile(r"^(\d{4})-W(\d{2})$"), "week"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def period_parse(text: str | None) -> Period:
    """The period ``text`` names; today when empty. Bad text: a ServiceError."""
    text = (text or "").strip().upper()
    if not text:
        today = timezone.localdate()
        return Period("day", today, today, today.isoformat())
    for pattern, kind in PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        numbers = [int(g) for g in match.groups()]
        try:
            return _build(kind, numbers, text)
        except ValueError:
            break
    raise ServiceError(
        _(
            "The period “%(text)s” is not understood. Write a week (2026-W05), "
            "a month (2026-03), a quarter (2026-Q3), a year (2026) or a day "
            "(2026-03-15)."
        )
        % {"text": text[:40]},
        fields={"period": ["invalid"]},
    )


def _build(kind: str, n: list[int], text: str) -> Period:
    year = n[0]
    if not 2000 <= year <= 2100:
        raise ValueError(year)
    if kind == "week":
        start = datetime.date.fromisocalendar(year, n[1], 1)
        return Period(kind, start, start + datetime.timedelta(days=6), text)
    if kind == "quarter":
        first = 3 * (n[1] - 1) + 1
        last = first + 2
        end = datetime.date(year, last, calendar.monthrange(year, last)[1])
        return Period(kind, datetime.date(year, first, 1), end, text)
    if kind == "month":
        end = datetime.date(year, n[1], calendar.monthrange(year, n[1])[1])
        return Period(kind, datetime.date(year, n[1], 1), end, text)
    if kind == "day":
        day = datetime.date(year, n[1], n[2])
        return Period(kind, day, day, text)
    return Period(kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31), text)


def month_ends(last: datetime.date, count: int = 12) -> list[datetime.date]:
    """Month ends of the ``count`` months up to ``last`` (``last`` ends its own)."""
    ends = [last]
    year, month = last.year, last.month
    for _i in range(count - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        ends.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return ends[::-1]
