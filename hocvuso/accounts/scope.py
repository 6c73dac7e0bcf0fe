"""The one access layer: what a viewer may do, and where.

Each role carries a set of capabilities. A capability held through a grant
on a unit applies to that unit's subtree. Everything that reads data scoped
by the map (pages, API, exports, commands) asks ``scope_for`` and filters
with ``Scope.filter``; nothing is visible unless a grant says so.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from hocvuso.accounts.models import Role, RoleGrant


class Capability(StrEnum):
    VIEW_UNITS = "view_units"
    MANAGE_LOCAL_UNITS = "manage_local_units"
    VIEW_PEOPLE = "view_people"
    VIEW_SENSITIVE = "view_sensitive"
    CHANGE_PEOPLE = "change_people"
    IMPORT_PEOPLE = "import_people"
    RECORD_MILESTONES = "record_milestones"
    VIEW_AUDIT = "view_audit"
    RECORD_VISITS = "record_visits"
    MANAGE_TEAMS = "manage_teams"
    REVIEW_OUTREACH = "review_outreach"  # close flags and referrals, assign visits
    VIEW_OUTREACH = "view_outreach"  # teams, dashboards: read only
    VIEW_LEFT_BEHIND = "view_left_behind"
    EDIT_CONTENT = "edit_content"
    MANAGE_CLASSES = "manage_classes"
    TEACH_CLASSES = "teach_classes"  # only the series the user teaches
    VIEW_CLASS_REPORTS = "view_class_reports"
    VIEW_AGENTS = "view_agents"  # the Đại lý số register and its coverage
    MANAGE_AGENTS = "manage_agents"  # add, edit agents and log their help


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PROVINCE_ADMIN: frozenset(
        {
            C.VIEW_UNITS,
            C.MANAGE_LOCAL_UNITS,
            C.VIEW_PEOPLE,
            C.VIEW_SENSITIVE,
            C.IMPORT_PEOPLE,
            C.VIEW_AUDIT,
            C.VIEW_OUTREACH,
            C.VIEW_LEFT_BEHIND,
            C.VIEW_CLASS_REPORTS,
            C.VIEW_AGENTS,
        }
    ),
    Role.COMMUNE_OFFICER: frozenset(
        {
            C.VIEW_UNITS,
            C.MANAGE_LOCAL_UNITS,
            C.VIEW_PEOPLE,
            C.VIEW_SENSITIVE,
            C.CHANGE_PEOPLE,
            C.IMPORT_PEOPLE,
            C.RECORD_MILESTONES,
            C.VIEW_AUDIT,
            C.RECORD_VISITS,
            C.MANAGE_TEAMS,
            C.REVIEW_OUTREACH,
            C.VIEW_OUTREACH,
            C.VIEW_LEFT_BEHIND,
            C.MANAGE_CLASSES,
            C.VIEW_CLASS_REPORTS,
            C.VIEW_AGENTS,
            C.MANAGE_AGENTS,
        }
    ),
    Role.TEAM_LEADER: frozenset(
        {
            C.VIEW_UNITS,
            C.VIEW_PEOPLE,
            C.VIEW_SENSITIVE,
            C.RECORD_MILESTONES,
            C.RECORD_VISITS,
            C.REVIEW_OUTREACH,
            C.VIEW_OUTREACH,
            C.VIEW_LEFT_BEHIND,
        }
    ),
    Role.VOLUNTEER: frozenset(
        {C.VIEW_UNITS, C.VIEW_PEOPLE, C.RECORD_MILESTONES, C.RECORD_VISITS}
    ),
    Role.INSTRUCTOR: frozenset({C.VIEW_UNITS, C.TEACH_CLASSES}),
    Role.CONTENT_EDITOR: frozenset({C.EDIT_CONTENT}),
    Role.LEARNER: frozenset(),
}


@dataclass(frozen=True)
class Scope:
    """The unit paths where a viewer holds one capability."""

    paths: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.paths

    def q(self, path_field: str) -> Q:
        """Match rows whose ``path_field`` lies in scope (none if empty)."""
        if not self.paths:
            return Q(pk__in=[])
        query = Q()
        for path in self.paths:
            query |= Q(**{f"{path_field}__under": path})
        return query

    def filter(self, queryset: QuerySet, path_field: str) -> QuerySet:
        if not self.paths:
            return queryset.none()
        return queryset.filter(self.q(path_field))

    def covers(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths)


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor path in the set."""
    kept: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))


def active_grants(viewer) -> list[RoleGrant]:
    """The viewer's active grants, cached on the user object for one request."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return []
    cached = getattr(viewer, "_hocvuso_grants", None)
    if cached is None:
        cached = list(
            RoleGrant.objects.active().filter(user=viewer).select_related("unit")
        )
        viewer._hocvuso_grants = cached
    return cached


def scope_for(viewer, capability: Capability) -> Scope:
    paths = {
        g.unit.path
        for g in active_grants(viewer)
        if capability in ROLE_CAPABILITIES.get(g.role, frozenset())
    }
    return Scope(_minimal(paths))


def can(viewer, capability: Capability, path: str | None = None) -> bool:
    scope = scope_for(viewer, capability)
    if path is None:
        return not scope.is_empty
    return scope.covers(path)
