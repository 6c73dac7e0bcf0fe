"""Reads of the Đại lý số network: the catalogue, the public "help near me"
list, help logs and coverage.

``agent_coverage`` is the figure the reporting app reads (agents per 10,000
people and hamlets with no agent, per commune); it is not scoped, so callers
scope the root they pass. ``coverage_for`` is the scoped version for pages.
"""

import datetime
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from hocvuso.accounts.scope import Capability
from hocvuso.core.text import fold
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit
from hocvuso.people.selectors import person_counts_by_unit
from hocvuso.programmes.agents.access import agents_visible, coverage_roots
from hocvuso.programmes.agents.models import (
    AgentKind,
    AgentService,
    CatalogueEntry,
    DigitalAgent,
    HamletCentre,
    HelpLog,
)

EARTH_RADIUS_KM = 6371.0


# Catalogue -------------------------------------------------------------------


def _catalogue(model: type[CatalogueEntry], province_id: int | None) -> list:
    """National defaults overlaid with the province's rows of the same code;
    an inactive row hides the code."""
    rows: dict[str, CatalogueEntry] = {}
    for row in model.objects.for_province(province_id).order_by(  # type: ignore[attr-defined]
        "province_id", "position"
    ):
        if row.province_id is None and row.code in rows:
            continue
        rows[row.code] = row  # NULL province sorts first: the province wins
    active = [r for r in rows.values() if r.is_active]
    return sorted(active, key=lambda r: (r.position, r.name))


def agent_kinds(*, province: Unit) -> list[AgentKind]:
    return _catalogue(AgentKind, province.pk)


def agent_services(*, province: Unit) -> list[AgentService]:
    return _catalogue(AgentService, province.pk)


# Lists -----------------------------------------------------------------------


def _with_services(agents: QuerySet[DigitalAgent]) -> QuerySet[DigitalAgent]:
    return agents.select_related("commune", "unit", "kind").prefetch_related(
        Prefetch("services", queryset=AgentService.objects.order_by("position"))
    )


def agent_list(
    *, viewer, unit_path: str = "", capability: Capability = Capability.VIEW_AGENTS
) -> QuerySet[DigitalAgent]:
    """Agents in the viewer's scope (optionally under one unit), by commune
    and name, with their kind and services."""
    agents = agents_visible(viewer=viewer, capability=capability)
    if unit_path:
        agents = agents.filter(unit_path__under=unit_path)
    return _with_services(agents).order_by("commune__name_folded", "name", "id")


def commune_public(code: str) -> Unit | None:
    """An open commune, ward or special zone by official code, for public pages."""
    return (
        Unit.objects.active()
        .filter(code=code, kind__in=COMMUNE_KINDS)
        .select_related("parent")
        .first()
    )


def communes_with_agents(*, query: str = "") -> QuerySet[Unit]:
    """Open communes with at least one open agent, by name, each with
    ``agent_count``; ``query`` matches names without diacritics."""
    communes = Unit.objects.active().filter(
        kind__in=COMMUNE_KINDS, digital_agents__is_active=True
    )
    key = fold(query)
    if key:
        communes = communes.filter(name_folded__contains=key)
    return communes.annotate(agent_count=Count("digital_agents")).order_by(
        "name_folded"
    )


def commune_hamlets(*, commune: Unit) -> list[Unit]:
    return list(
        Unit.objects.active()
        .filter(parent=commune, kind__in=LOCAL_KINDS)
        .order_by("name_folded")
    )


@dataclass(frozen=True)
class NearbyAgent:
    agent: DigitalAgent
    in_hamlet: bool
    distance_km: float | None


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def agents_nearby(
    *,
    commune: Unit,
    hamlet: Unit | None = None,
    service: AgentService | None = None,
) -> list[NearbyAgent]:
    """The commune's open agents (offering ``service``, if given), nearest
    first when a hamlet is given: those in the hamlet, then by distance from
    the hamlet's reference point, then those with no known position."""
    agents = DigitalAgent.objects.active().filter(commune=commune)
    if service is not None:
        agents = agents.filter(services=service)
    agents = _with_services(agents).order_by("name", "id")
    centre = None
    if hamlet is not None:
        centre = HamletCentre.objects.filter(unit=hamlet).first()
    found = []
    for agent in agents:
        in_hamlet = hamlet is not None and agent.unit_id == hamlet.pk
        distance = None
        if centre is not None and agent.has_position:
            distance = _distance_km(
                centre.latitude, centre.longitude, agent.latitude, agent.longitude
            )
        found.append(NearbyAgent(agent, in_hamlet, distance))
    if hamlet is not None:
        found.sort(
            key=lambda n: (
                not n.in_hamlet,
                n.distance_km is None,
                n.distance_km or 0.0,
            )
        )
    return found


# Help logs -------------------------------------------------------------------


def help_day(*, agent: DigitalAgent, day: datetime.date) -> dict[int, int]:
    """Counts already logged for one day, by service id."""
    return dict(
        HelpLog.objects.filter(agent=agent, day=day).values_list("service_id", "count")
    )


def help_totals(
    *, agent: DigitalAgent, since: datetime.date
) -> list[tuple[AgentService, int]]:
    """People helped per service since a day, in the catalogue's order."""
    totals = dict(
        HelpLog.objects.filter(agent=agent, day__gte=since)
        .values("service_id")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("service_id", "total")
    )
    return [(s, totals.get(s.pk, 0)) for s in agent.services.order_by("position")]


def help_recent(*, agent: DigitalAgent, limit: int = 30) -> QuerySet[HelpLog]:
    return HelpLog.objects.filter(agent=agent).select_related("service")[:limit]


# Coverage --------------------------------------------------------------------


@dataclass
class CommuneCoverage:
    commune: Unit
    agents: int = 0
    people: int = 0
    hamlets: list[Unit] = field(default_factory=list)
    hamlets_without_agent: list[Unit] = field(default_factory=list)

    @property
    def per_10k(self) -> Decimal | None:
        """Open agents per 10,000 people on the register (None with no people)."""
        if not self.people:
            return None
        return (Decimal(self.agents * 10_000) / self.people).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def agent_coverage(*, root: Unit) -> list[CommuneCoverage]:
    """Coverage of every open commune at or under ``root`` (a province or a
    commune), in a fixed number of queries: open agents, people on the
    register, and the hamlets with no open agent in them. Not scoped."""
    if root.kind in COMMUNE_KINDS:
        communes: Sequence[Unit] = [root]
    else:
        communes = list(
            Unit.objects.active()
            .filter(path__under=root.path, kind__in=COMMUNE_KINDS)
            .order_by("name_folded")
        )
    by_id = {c.pk: CommuneCoverage(commune=c) for c in communes}
    hamlets = list(
        Unit.objects.active()
        .filter(parent_id__in=by_id, kind__in=LOCAL_KINDS)
        .order_by("name_folded")
    )
    open_agents = DigitalAgent.objects.active().filter(commune_id__in=by_id)
    for row in open_agents.values("commune_id").annotate(n=Count("id")).order_by():
        by_id[row["commune_id"]].agents = row["n"]
    served = set(open_agents.values_list("unit_id", flat=True))
    commune_of = {c.pk: c.pk for c in communes}
    for hamlet in hamlets:
        commune_of[hamlet.pk] = hamlet.parent_id
        coverage = by_id[hamlet.parent_id]
        coverage.hamlets.append(hamlet)
        if hamlet.pk not in served:
            coverage.hamlets_without_agent.append(hamlet)
    people: Counter[int] = Counter()
    for unit_id, n in person_counts_by_unit(path=root.path).items():
        if unit_id in commune_of:
            people[commune_of[unit_id]] += n
    for commune_id, n in people.items():
        by_id[commune_id].people = n
    return list(by_id.values())


def coverage_for(*, viewer) -> list[CommuneCoverage]:
    """Coverage of the communes in the viewer's ``view_agents`` scope (grants
    on a province or on communes; a grant below a commune shows nothing)."""
    rows: list[CommuneCoverage] = []
    for root in coverage_roots(viewer=viewer):
        if root.level <= 2:
            rows += agent_coverage(root=root)
    return rows
