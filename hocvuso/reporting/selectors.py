"""Reads for the reporting pages: the staff home and every figure.

Figures come only from the roll-ups (a fixed number of queries whatever the
number of people), through the access layer: a unit outside the viewer's scope
answers NotFound, exactly like a missing one. Cells of fewer than five people
are hidden, with complementary suppression (``suppress``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from hocvuso.accounts.models import RoleGrant
from hocvuso.accounts.scope import Capability, active_grants, scope_for
from hocvuso.core.errors import NotFound
from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record_many
from hocvuso.geography.access import access_unit
from hocvuso.geography.models import Unit
from hocvuso.people.models import Person
from hocvuso.reporting.breakdowns import (
    CELL_LABELS,
    DIMENSION_BY_CODE,
    DIMENSIONS,
    TOTAL,
    VULNERABLE_CELLS,
    Dimension,
)
from hocvuso.reporting.catalogue import CATALOGUE, INDICATORS, Indicator, Population
from hocvuso.reporting.models import Rollup, Status, SubjectKind
from hocvuso.reporting.periods import Period, month_ends


@dataclass
class HomeSummary:
    grants: list[RoleGrant]
    households: int | None
    people: int | None
    units: int | None
    can_import: bool
    can_manage_units: bool


def home_summary(*, viewer) -> HomeSummary:
    from hocvuso.geography.access import units_visible
    from hocvuso.people.access import households_visible, people_visible

    sees_people = not scope_for(viewer, Capability.VIEW_PEOPLE).is_empty
    sees_units = not scope_for(viewer, Capability.VIEW_UNITS).is_empty
    return HomeSummary(
        grants=sorted(active_grants(viewer), key=lambda g: (g.unit.path, g.role)),
        households=households_visible(viewer=viewer).count() if sees_people else None,
        people=people_visible(viewer=viewer).count() if sees_people else None,
        units=units_visible(viewer=viewer).count() if sees_units else None,
        can_import=not scope_for(viewer, Capability.IMPORT_PEOPLE).is_empty,
        can_manage_units=not scope_for(viewer, Capability.MANAGE_LOCAL_UNITS).is_empty,
    )


# --- figures -----------------------------------------------------------------

MIN_CELL = 5  # cells of fewer people are hidden


@dataclass
class Figure:
    key: str  # the cell
    num: int
    den: int
    hidden: bool = False

    @property
    def rate(self) -> float | None:
        if self.hidden or not self.den:
            return None
        return self.num / self.den

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return None if rate is None else round(100 * rate, 1)


def suppress(figures: dict[str, Figure]) -> None:
    """Hide cells of fewer than MIN_CELL people, and enough others to keep them hidden.

    Within a dimension whose cells add up to a parent cell, one hidden cell
    could be recovered as the parent minus its siblings: the smallest other
    cell with people is hidden too (or the parent, when there is none). Repeated
    until nothing changes, because hiding a parent is itself a hidden cell of
    its own dimension.
    """
    for figure in figures.values():
        if 0 < figure.den < MIN_CELL:
            figure.hidden = True
    families = [
        (d.parent, [k for k in d.keys if k in figures])
        for d in DIMENSIONS
        if d.partition
    ]
    changed = True
    while changed:
        changed = False
        for parent, keys in families:
            hidden = [k for k in keys if figures[k].hidden]
            top = figures.get(parent)
            if len(hidden) != 1 or top is None or top.hidden:
                continue
            others = sorted(
                (figures[k] for k in keys if not figures[k].hidden and figures[k].den),
                key=lambda f: (f.den, f.key),
            )
            (others[0] if others else top).hidden = True
            changed = True


def suppress_siblings(figures: list[Figure], parent: Figure) -> None:
    """The same rule for units that add up to their parent (a commune's hamlets)."""
    for figure in figures:
        if 0 < figure.den < MIN_CELL:
            figure.hidden = True
    hidden = [f for f in figures if f.hidden]
    if len(hidden) == 1 and not parent.hidden:
        others = sorted(
            (f for f in figures if not f.hidden and f.den), key=lambda f: (f.den, f.key)
        )
        (others[0] if others else parent).hidden = True


def _contributors(units: list[Unit], day: datetime.date) -> dict[int, set[int]]:
    """For each unit, the units whose figures are its own on ``day``.

    A unit closed into a successor on or before ``day`` counts in the successor
    (and so on, down a chain of merges); closed after ``day``, it still
    reports by itself.
    """
    closed: dict[int, list[int]] = defaultdict(list)
    for pk, successor in Unit.objects.filter(
        successor__isnull=False, valid_to__lte=day
    ).values_list("pk", "successor_id"):
        closed[successor].append(pk)
    out = {}
    for unit in units:
        seen, todo = {unit.pk}, [unit.pk]
        while todo:
            for pk in closed.get(todo.pop(), []):
                if pk not in seen:
                    seen.add(pk)
                    todo.append(pk)
        out[unit.pk] = seen
    return out


def _sums(
    units: list[Unit],
    day: datetime.date,
    *,
    indicators: Iterable[str] | None = None,
    cells: Iterable[str] | None = None,
) -> dict[tuple[int, str, str], tuple[int, int]]:
    """(unit id, indicator, cell) -> (num, den) as of ``day``, in one query."""
    contributors = _contributors(units, day)
    owner = {pk: unit for unit, pks in contributors.items() for pk in pks}
    rows = Rollup.objects.filter(unit_id__in=list(owner), day__lte=day)
    if indicators is not None:
        rows = rows.filter(indicator__in=list(indicators))
    if cells is not None:
        rows = rows.filter(cell__in=list(cells))
    out: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for unit_id, code, cell, num, den in (
        rows.values("unit_id", "indicator", "cell")
        .annotate(n=Sum("num"), d=Sum("den"))
        .values_list("unit_id", "indicator", "cell", "n", "d")
    ):
        total = out[(owner[unit_id], code, cell)]
        total[0] += num
        total[1] += den
    return {key: (n, d) for key, (n, d) in out.items()}


def _unit_figures(
    sums: dict[tuple[int, str, str], tuple[int, int]], unit_id: int, code: str
) -> dict[str, Figure]:
    """Every cell of one unit and indicator, suppressed."""
    keys = [TOTAL, *(k for d in DIMENSIONS for k in d.keys)]
    figures = {k: Figure(k, *sums.get((unit_id, code, k), (0, 0))) for k in keys}
    suppress(figures)
    return figures


@dataclass
class IndicatorRow:
    indicator: Indicator
    total: Figure
    cells: list[Figure]
    change: int | None = None  # numerator's change during the period


@dataclass
class IndicatorTable:
    unit: Unit
    period: Period
    dimension: Dimension | None
    rows: list[IndicatorRow]

    @property
    def columns(self) -> list[tuple[str, object]]:
        return list(self.dimension.cells) if self.dimension else []


def access_figures_unit(*, viewer, unit_code: str) -> Unit:
    """The unit whose figures the viewer may read; NotFound otherwise."""
    return access_unit(viewer=viewer, unit_code=str(unit_code)[:32])


def indicator_table(
    *, viewer, unit_code: str, period: Period, breakdown: str | None = None
) -> IndicatorTable:
    """Every indicator of one unit for one period, with one breakdown's cells."""
    unit = access_figures_unit(viewer=viewer, unit_code=unit_code)
    return unit_indicator_table(unit=unit, period=period, breakdown=breakdown)


def unit_indicator_table(
    *, unit: Unit, period: Period, breakdown: str | None = None
) -> IndicatorTable:
    """``indicator_table`` for a unit already loaded through the access layer."""
    dimension = DIMENSION_BY_CODE.get(breakdown or "")
    now = _sums([unit], period.as_of)
    before = _sums([unit], period.before, cells=[TOTAL])
    rows = []
    for indicator in CATALOGUE:
        figures = _unit_figures(now, unit.pk, indicator.code)
        total = figures[TOTAL]
        start = before.get((unit.pk, indicator.code, TOTAL), (0, 0))[0]
        rows.append(
            IndicatorRow(
                indicator,
                total,
                [figures[k] for k in dimension.keys] if dimension else [],
                None if total.hidden else total.num - start,
            )
        )
    return IndicatorTable(unit, period, dimension, rows)


@dataclass
class RankedUnit:
    unit: Unit
    figure: Figure


@dataclass
class Ranking:
    parent: Unit
    indicator: Indicator
    period: Period
    total: Figure
    units: list[RankedUnit]


def children_ranking(
    *, viewer, unit_code: str, indicator_code: str, period: Period
) -> Ranking:
    """The units one level below (a province's communes, a commune's hamlets) on
    one indicator, best first, on the tree of the period's day."""
    parent = access_figures_unit(viewer=viewer, unit_code=unit_code)
    indicator = INDICATORS.get(indicator_code)
    if indicator is None:
        raise NotFound
    day = period.as_of
    children = list(
        Unit.objects.filter(parent=parent).active_on(day).order_by("name_folded")
    )
    if parent.level == 2:
        # Hamlets of communes merged into this one belong to it now.
        merged = _contributors([parent], day)[parent.pk] - {parent.pk}
        children += list(
            Unit.objects.filter(parent_id__in=merged)
            .active_on(day)
            .order_by("name_folded")
        )
    sums = _sums([parent, *children], day, indicators=[indicator.code], cells=[TOTAL])
    total = Figure(TOTAL, *sums.get((parent.pk, indicator.code, TOTAL), (0, 0)))
    total.hidden = 0 < total.den < MIN_CELL
    ranked = [
        RankedUnit(u, Figure(u.code, *sums.get((u.pk, indicator.code, TOTAL), (0, 0))))
        for u in children
    ]
    suppress_siblings([r.figure for r in ranked], total)
    ranked.sort(
        key=lambda r: (r.figure.rate is None, -(r.figure.rate or 0), r.unit.name_folded)
    )
    return Ranking(parent, indicator, period, total, ranked)


@dataclass
class TrendPoint:
    day: datetime.date
    figure: Figure


def trend(
    *, viewer, unit_code: str, indicator_code: str, end: datetime.date, months: int = 12
) -> list[TrendPoint]:
    """The indicator's total as of the end of each of the last ``months`` months."""
    unit = access_figures_unit(viewer=viewer, unit_code=unit_code)
    if indicator_code not in INDICATORS:
        raise NotFound
    ends = month_ends(end, months)
    ids = _contributors([unit], end)[unit.pk]
    daily = (
        Rollup.objects.filter(
            unit_id__in=ids, indicator=indicator_code, cell=TOTAL, day__lte=end
        )
        .values("day")
        .annotate(n=Sum("num"), d=Sum("den"))
        .order_by("day")
        .values_list("day", "n", "d")
    )
    points, num, den, rows = [], 0, 0, iter(daily)
    pending = next(rows, None)
    for day in ends:
        while pending is not None and pending[0] <= day:
            num, den = num + pending[1], den + pending[2]
            pending = next(rows, None)
        figure = Figure(TOTAL, num, den, hidden=0 < den < MIN_CELL)
        points.append(TrendPoint(day, figure))
    return points


@dataclass
class Gap:
    indicator: Indicator
    cell: str
    group: Figure
    rest: Figure

    @property
    def points(self) -> float | None:
        """The group's rate minus everyone else's, in percentage points."""
        if self.group.rate is None or self.rest.rate is None:
            return None
        return round(100 * (self.group.rate - self.rest.rate), 1)


def equity_gaps(*, viewer, unit_code: str, period: Period) -> list[Gap]:
    """Each vulnerable group against everyone else, per indicator, for one unit."""
    unit = access_figures_unit(viewer=viewer, unit_code=unit_code)
    sums = _sums([unit], period.as_of)
    gaps = []
    for indicator in CATALOGUE:
        figures = _unit_figures(sums, unit.pk, indicator.code)
        total = figures[TOTAL]
        for key in VULNERABLE_CELLS:
            group = figures[key]
            rest = Figure(f"not {key}", total.num - group.num, total.den - group.den)
            rest.hidden = group.hidden or total.hidden or 0 < rest.den < MIN_CELL
            gaps.append(Gap(indicator, key, group, rest))
    return gaps


def _in_span(spans, code: str, role: str, cell: str, day: datetime.date) -> bool:
    iso = day.isoformat()
    return any(
        c == code
        and r == role
        and s <= iso
        and (e is None or iso < e)
        and cell in cells
        for c, r, s, e, cells in spans
    )


def gap_people(
    *, viewer, unit_code: str, indicator_code: str, cell: str = TOTAL, day=None
) -> list[Person]:
    """The people behind a figure: in the denominator but not the numerator.

    Only roles that see people get the list, only within their scope (NotFound
    otherwise); each person listed is audited as viewed.
    """
    from hocvuso.people.access import people_visible

    unit = access_unit(
        viewer=viewer, unit_code=str(unit_code)[:32], capability=Capability.VIEW_PEOPLE
    )
    indicator = INDICATORS.get(indicator_code)
    if indicator is None or indicator.population != Population.PEOPLE:
        raise NotFound
    if cell != TOTAL and cell not in CELL_LABELS:
        raise NotFound
    day = day or timezone.localdate()
    visible = people_visible(viewer=viewer).filter(unit_path__under=unit.path)
    ids = [
        status.subject_id
        for status in Status.objects.filter(
            kind=SubjectKind.PERSON, subject_id__in=visible.values("pk")
        ).only("subject_id", "spans")
        if _in_span(status.spans, indicator.code, "den", cell, day)
        and not _in_span(status.spans, indicator.code, "num", cell, day)
    ]
    people = list(
        Person.objects.filter(pk__in=ids)
        .select_related("household", "unit")
        .order_by("unit_path", "name_folded", "pk")
    )
    audit_record_many(
        actor=viewer,
        action=AuditAction.VIEW,
        object_type="person",
        rows=[(p.pk, p.unit_path) for p in people],
        detail={"gap": indicator.code, "cell": cell},
    )
    return people
