"""The ranges a value from outside must fall in: ids, dates, times, text, pages.

Everything a phone syncs, an API call sends or a URL carries is checked against
these limits before it reaches a query, so that a value the database cannot
hold (an id of 10**20, a time in year 1) is refused with a message for that one
item instead of failing the whole request. Every sync (visits, attendance) and
every access function uses the same rules from here.
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import NotFound

# Primary keys are BigAutoField: a signed 64-bit integer on SQLite and PostgreSQL.
MAX_ID = 2**63 - 1
# The first day a record of the movement's work can plausibly be about.
EARLIEST_DAY = datetime.date(2020, 1, 1)
# How far ahead a follow-up can be planned.
FOLLOW_UP_HORIZON = datetime.timedelta(days=366)
# The id a phone makes for each item it syncs, so a retry is harmless.
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# Longest search a list accepts: longer text is cut (a name plus an address).
MAX_SEARCH = 100


def is_id(value) -> bool:
    """True for an int the database can hold as a primary key."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID
    )


def object_id(value) -> int:
    """Return ``value`` (an int or its digits) as a database id, else NotFound.

    For ids taken from a URL, a query string or a form: a malformed or huge id
    answers like a missing object.
    """
    if isinstance(value, bool):
        raise NotFound
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not text.isascii() or not text.isdigit() or len(text) > 19:
            raise NotFound
        number = int(text)
    if not is_id(number):
        raise NotFound
    return number


def is_client_id(value) -> bool:
    """True for an id made by a phone: 8 to 64 letters, digits or ``_.:-``."""
    return isinstance(value, str) and bool(CLIENT_ID_RE.match(value))


def latest_day(today: datetime.date | None = None) -> datetime.date:
    """The last plausible day of a record made now: tomorrow (clocks drift)."""
    return (today or timezone.localdate()) + datetime.timedelta(days=1)


def day_problem(
    day: datetime.date,
    *,
    earliest: datetime.date = EARLIEST_DAY,
    latest: datetime.date | None = None,
) -> str | None:
    """A Vietnamese reason when ``day`` is outside [earliest, latest], else None."""
    latest = latest or latest_day()
    if day < earliest or day > latest:
        return _("The date must be between %(start)s and %(end)s.") % {
            "start": earliest.strftime("%d/%m/%Y"),
            "end": latest.strftime("%d/%m/%Y"),
        }
    return None


def moment_problem(moment: datetime.datetime) -> str | None:
    """A Vietnamese reason when a time is naive or outside the plausible window.

    The wall-clock day is checked first, so that a time in year 1 or 9999 with
    an offset is refused before anything converts it (which would overflow).
    """
    if timezone.is_naive(moment):
        return _("Times must carry their time zone.")
    slack = datetime.timedelta(days=1)
    if not EARLIEST_DAY - slack <= moment.date() <= latest_day() + slack:
        return day_problem(moment.date())
    return day_problem(timezone.localdate(moment))


def text_problem(value: str, *, max_length: int) -> str | None:
    """A Vietnamese reason when a text is longer than its field holds."""
    if len(value) > max_length:
        return _("At most %(n)s characters.") % {"n": max_length}
    return None


def search_text(value: str | None) -> str:
    """A search box's text, cut to MAX_SEARCH characters."""
    return (value or "").strip()[:MAX_SEARCH]


def page_number(value, *, last: int) -> int:
    """The page a list shows for a ``?page=`` value: out of range is the last page."""
    text = str(value or "").strip()
    if text == "last":
        return last
    if not text.isascii() or not text.isdigit():
        return 1
    if len(text) > 9:
        return last
    return max(1, min(int(text), last))


def search_from(request, name: str = "q") -> str:
    """A page's search text from the query string, cut to MAX_SEARCH characters;
    when cut, the page says so."""
    from django.contrib import messages

    raw = (request.GET.get(name) or "").strip()
    if len(raw) > MAX_SEARCH:
        messages.warning(
            request,
            _("The search was too long: only its first %(n)s characters are used.")
            % {"n": MAX_SEARCH},
        )
    return search_text(raw)
