"""Load units through the viewer's scope."""

from django.db.models import QuerySet

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.core.errors import NotFound
from hocvuso.geography.models import Unit


def units_visible(
    *, viewer, capability: Capability = Capability.VIEW_UNITS
) -> QuerySet[Unit]:
    return scope_for(viewer, capability).filter(Unit.objects.all(), "path")


def access_unit(
    *, viewer, unit_code: str, capability: Capability = Capability.VIEW_UNITS
) -> Unit:
    """Return the unit if it lies in the viewer's scope; otherwise NotFound."""
    unit = (
        units_visible(viewer=viewer, capability=capability)
        .filter(code=unit_code)
        .first()
    )
    if unit is None:
        raise NotFound
    return unit


def scope_roots(
    *, viewer, capability: Capability = Capability.VIEW_UNITS
) -> list[Unit]:
    """The top units of the viewer's scope, for the home page and pickers."""
    paths = scope_for(viewer, capability).paths
    return list(Unit.objects.filter(path__in=paths).order_by("path"))
