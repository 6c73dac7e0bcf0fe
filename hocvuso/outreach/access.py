"""Load outreach objects through the viewer's scope (NotFound otherwise)."""

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.core.errors import NotFound
from hocvuso.core.ranges import object_id
from hocvuso.outreach.models import Referral, Team, VisitFlag
from hocvuso.people.models import Household


def _load(queryset, capability: Capability, viewer, pk, path_field: str = "unit_path"):
    obj = (
        scope_for(viewer, capability)
        .filter(queryset, path_field)
        .filter(pk=object_id(pk))
        .first()
    )
    if obj is None:
        raise NotFound
    return obj


def access_household_for_visit(*, viewer, household_id) -> Household:
    """A household where the viewer may record visits."""
    return _load(
        Household.objects.select_related("unit"),
        Capability.RECORD_VISITS,
        viewer,
        household_id,
    )


def access_household_outreach(*, viewer, household_id) -> Household:
    """A household whose door-to-door record the viewer may read: where they
    record visits, or follow the teams' work (read only)."""
    pk = object_id(household_id)
    for capability in (Capability.RECORD_VISITS, Capability.VIEW_OUTREACH):
        household = (
            scope_for(viewer, capability)
            .filter(Household.objects.select_related("unit"), "unit_path")
            .filter(pk=pk)
            .first()
        )
        if household is not None:
            return household
    raise NotFound


def access_team(*, viewer, team_id, capability=Capability.REVIEW_OUTREACH) -> Team:
    return _load(Team.objects.select_related("unit"), capability, viewer, team_id)


def access_referral(*, viewer, referral_id) -> Referral:
    return _load(
        Referral.objects.select_related("person"),
        Capability.REVIEW_OUTREACH,
        viewer,
        referral_id,
    )


def access_flag(*, viewer, flag_id) -> VisitFlag:
    return _load(
        VisitFlag.objects.select_related("visit"),
        Capability.REVIEW_OUTREACH,
        viewer,
        flag_id,
    )
