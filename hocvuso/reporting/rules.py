"""How one person or household counts in each indicator, as spans of time.

A *span* says that a subject is in an indicator's denominator (``"den"``) or
numerator (``"num"``) from a day until a day (or for good), in a set of
breakdown cells. Spans are derived from the facts only, with their own dates:

- a person counts in the denominator from the day the register first knows of
  them (their registration, or an earlier fact about them), and not before the
  1 January of the year they reach the indicator's age;
- they count in the numerator from the day the skill is held, by the rule of
  ``people/skills.py`` (the earliest milestone of a kind that proves it, or the
  register's smartphone answer from the registration day), never before they
  count in the denominator; for a windowed indicator (a payment in the last 30
  days) each fact counts for that many days;
- an age band ends on the 1 January of the year the person leaves it, so a span
  is cut where the band changes.

Because spans carry their own dates, a figure "as of" a day is the sum of the
span starts minus the span ends up to that day, and a span never has to be
recomputed when time passes: only when a fact changes.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from hocvuso.people.skills import SkillState, skill_status
from hocvuso.reporting.breakdowns import (
    TOTAL,
    age_spans,
    household_cells,
    person_cells,
)
from hocvuso.reporting.catalogue import HOUSEHOLD_INDICATORS, PERSON_INDICATORS

FAR = datetime.date(9999, 12, 31)
Interval = tuple[datetime.date, datetime.date | None]
# (indicator code, "num" or "den", from, until or None, cells)
Span = tuple[str, str, datetime.date, datetime.date | None, tuple[str, ...]]
Fact = tuple[str, datetime.date]


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list] = []
    for start, end in sorted(intervals, key=lambda i: i[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last = merged[-1]
            last[1] = None if end is None or last[1] is None else max(last[1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _from(intervals: Iterable[Interval], lower: datetime.date) -> list[Interval]:
    """The intervals with everything before ``lower`` cut off."""
    out = []
    for start, end in intervals:
        start = max(start, lower)
        if end is None or start < end:
            out.append((start, end))
    return out


def _by_age(
    interval: Interval, birth_year: int | None, cells: Sequence[str]
) -> list[tuple[datetime.date, datetime.date | None, tuple[str, ...]]]:
    start, end = interval
    out = []
    for band_from, band_to, band in age_spans(birth_year):
        s = max(start, band_from) if band_from else start
        ends = [d for d in (end, band_to) if d is not None]
        e = min(ends) if ends else None
        if e is None or s < e:
            out.append((s, e, (TOTAL, *cells, band)))
    return out


def _held_since(skill, person, facts, register_date) -> datetime.date | None:
    status = skill_status(
        skill,
        birth_year=person.birth_year,
        facts=facts,
        register_says_smartphone=person.has_smartphone,
        register_date=register_date,
        on=FAR,
    )
    return status.since if status.state == SkillState.HELD else None


def known_from(register_date: datetime.date, facts: Iterable[Fact]) -> datetime.date:
    return min([register_date, *(day for _kind, day in facts)])


def person_spans(
    person,
    facts: Sequence[Fact],
    *,
    register_date: datetime.date,
    poverty_status: str,
    units: Sequence[dict],
) -> list[Span]:
    """Every span of one person (a Person) from their (kind, date) facts."""
    cells = person_cells(person, poverty_status, units)
    first = known_from(register_date, facts)
    spans: list[Span] = []
    for indicator in PERSON_INDICATORS:
        if (
            indicator.target_groups
            and person.target_group not in indicator.target_groups
        ):
            continue
        start = first
        if person.birth_year is not None and indicator.age:
            start = max(start, datetime.date(person.birth_year + indicator.age, 1, 1))
        skill = indicator.skills[0]
        if indicator.window_days:
            window = datetime.timedelta(days=indicator.window_days)
            num = _merge(
                (day, day + window) for kind, day in facts if kind in skill.proved_by
            )
        else:
            since = _held_since(skill, person, facts, register_date)
            num = [(since, None)] if since else []
        for role, intervals in (("den", [(start, None)]), ("num", _from(num, start))):
            for interval in intervals:
                for s, e, span_cells in _by_age(interval, person.birth_year, cells):
                    spans.append((indicator.code, role, s, e, span_cells))
    return spans


def household_spans(
    *,
    created_on: datetime.date,
    members: Sequence[tuple[object, Sequence[Fact], datetime.date]],
    poverty_status: str,
    units: Sequence[dict],
) -> list[Span]:
    """Every span of one household from its members' (person, facts, register date)."""
    cells = (TOTAL, *household_cells(poverty_status, units))
    first = min([created_on, *(known_from(r, f) for _p, f, r in members)])
    spans: list[Span] = []
    for indicator in HOUSEHOLD_INDICATORS:
        reached = []
        for person, facts, register_date in members:
            days = [
                _held_since(s, person, facts, register_date) for s in indicator.skills
            ]
            if all(days):
                day = max(d for d in days if d)
                if person.birth_year is not None and indicator.age:
                    day = max(
                        day, datetime.date(person.birth_year + indicator.age, 1, 1)
                    )
                reached.append(day)
        spans.append((indicator.code, "den", first, None, cells))
        if reached:
            spans.append((indicator.code, "num", max(first, min(reached)), None, cells))
    return spans


def span_deltas(
    units: Sequence[tuple[int, int]], spans: Iterable[Span]
) -> dict[tuple[int, str, str, datetime.date], list[int]]:
    """The roll-up changes of a subject's spans: +1 at each start, -1 at each end.

    ``units`` are (unit id, level): a hamlet (level 3) keeps only the total, a
    commune and a province every cell.
    """
    out: dict[tuple[int, str, str, datetime.date], list[int]] = defaultdict(
        lambda: [0, 0]
    )
    for code, role, start, end, cells in spans:
        slot = 0 if role == "num" else 1
        for unit_id, level in units:
            for cell in (TOTAL,) if level >= 3 else cells:
                out[(unit_id, code, cell, start)][slot] += 1
                if end is not None:
                    out[(unit_id, code, cell, end)][slot] -= 1
    return out
