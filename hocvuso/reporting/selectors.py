"""Reads for the reporting pages.

The staff home: what the viewer holds, where, and how much is in scope.
"""

from dataclasses import dataclass

from hocvuso.accounts.models import RoleGrant
from hocvuso.accounts.scope import Capability, active_grants, scope_for


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
