"""Reads about staff."""

from django.db.models import QuerySet

from hocvuso.accounts.models import RoleGrant, User
from hocvuso.accounts.scope import ROLE_CAPABILITIES, Capability


def users_with_capability_within(
    *, path: str, capability: Capability
) -> QuerySet[User]:
    """Active users holding ``capability`` through a grant on a unit inside ``path``."""
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
    user_ids = (
        RoleGrant.objects.active()
        .filter(role__in=roles, unit__path__under=path)
        .values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name")
