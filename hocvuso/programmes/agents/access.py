"""Load digital agents through the viewer's scope (NotFound otherwise).

An officer with ``manage_agents`` reaches the agents of the units of the
grant and may change them and log their help; ``view_agents`` (the province)
only reads. An agent's own account reaches that agent to log its help. The
public page needs no access: it shows only agents open to the public.
"""

from django.db.models import Q, QuerySet

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.core.errors import NotFound
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit
from hocvuso.programmes.agents.models import DigitalAgent


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound from None


def agents_visible(
    *, viewer, capability: Capability = Capability.VIEW_AGENTS
) -> QuerySet[DigitalAgent]:
    """Agents in the viewer's scope for ``capability``."""
    return scope_for(viewer, capability).filter(DigitalAgent.objects.all(), "unit_path")


def can_manage_agent(*, viewer, agent: DigitalAgent) -> bool:
    return scope_for(viewer, Capability.MANAGE_AGENTS).covers(agent.unit_path)


def access_agent(*, viewer, agent_id, manage: bool = False) -> DigitalAgent:
    """An agent the viewer sees (or manages, with ``manage``); else NotFound."""
    capability = Capability.MANAGE_AGENTS if manage else Capability.VIEW_AGENTS
    agent = (
        agents_visible(viewer=viewer, capability=capability)
        .select_related("commune", "unit", "kind")
        .filter(pk=_id(agent_id))
        .first()
    )
    if agent is None:
        raise NotFound
    return agent


def agents_for_help(*, viewer) -> QuerySet[DigitalAgent]:
    """Agents whose help the viewer may log: managed ones and the viewer's own."""
    if not getattr(viewer, "is_authenticated", False):
        return DigitalAgent.objects.none()
    manage = scope_for(viewer, Capability.MANAGE_AGENTS)
    return DigitalAgent.objects.filter(manage.q("unit_path") | Q(account=viewer))


def access_agent_for_help(*, viewer, agent_id) -> DigitalAgent:
    """An agent whose help the viewer may log; else NotFound."""
    agent = (
        agents_for_help(viewer=viewer)
        .select_related("commune", "unit", "kind")
        .filter(pk=_id(agent_id))
        .first()
    )
    if agent is None:
        raise NotFound
    return agent


def units_for_agents(*, viewer) -> QuerySet[Unit]:
    """Open communes and hamlets where the viewer may register agents."""
    return (
        scope_for(viewer, Capability.MANAGE_AGENTS)
        .filter(Unit.objects.active(), "path")
        .filter(kind__in=[*COMMUNE_KINDS, *LOCAL_KINDS])
    )


def coverage_roots(*, viewer) -> list[Unit]:
    """The top units of the viewer's coverage view (province or communes)."""
    paths = scope_for(viewer, Capability.VIEW_AGENTS).paths
    return list(Unit.objects.filter(path__in=paths).order_by("path"))
