"""Accounts, role grants and the sign-in throttle."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import Role, RoleGrant, User
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import actor_or_none, audit_record
from hocvuso.core.text import nfc, normalise_phone
from hocvuso.geography.models import Unit


@transaction.atomic
def user_create(*, actor, phone: str, full_name: str, password: str) -> User:
    """Create a staff account. The phone number is normalised and must be unique."""
    normal = normalise_phone(phone)
    if not normal:
        raise ServiceError(
            _("This is not a Vietnamese phone number."), fields={"phone": ["invalid"]}
        )
    if User.objects.filter(phone=normal).exists():
        raise ServiceError(
            _("An account with this phone number exists."),
            fields={"phone": ["duplicate"]},
        )
    user = User.objects.create_user(normal, password, full_name=nfc(full_name))
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="user", object_id=user.pk
    )
    return user


@transaction.atomic
def role_grant(*, actor, user: User, role: str, unit: Unit) -> RoleGrant:
    """Grant a role on a unit and its subtree; granting twice returns the grant."""
    if role not in Role.values:
        raise ServiceError(_("Unknown role."))
    if unit.is_closed:
        raise ServiceError(_("This unit is closed; grant the role on its successor."))
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        revoked_at=None,
        defaults={"granted_by": actor_or_none(actor)},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="role_grant",
            object_id=grant.pk,
            unit_path=unit.path,
            detail={"user": user.pk, "role": role},
        )
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant) -> RoleGrant:
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="role_grant",
        object_id=grant.pk,
        unit_path=grant.unit.path,
        detail={"revoked": True},
    )
    return grant


def _throttle_keys(phone: str, address: str) -> list[str]:
    return [f"signin-fail:phone:{phone}", f"signin-fail:addr:{address}"]


def sign_in_locked(*, phone: str, address: str) -> bool:
    limit = settings.LOGIN_MAX_FAILURES
    return any((cache.get(k) or 0) >= limit for k in _throttle_keys(phone, address))


def user_authenticate(*, request, phone: str, password: str, address: str) -> User:
    """Check a phone number and password, refusing after repeated failures.

    Rules: after LOGIN_MAX_FAILURES failures for one phone number or one address,
    sign-in is refused for LOGIN_LOCK_SECONDS, even with the right password.
    Every failure is audited without the password.
    """
    normal = normalise_phone(phone) or nfc(phone)
    if sign_in_locked(phone=normal, address=address):
        raise ServiceError(
            _("Too many failed attempts. Please wait 15 minutes and try again."),
            code="throttled",
        )
    user = authenticate(request, username=normal, password=password)
    if user is None:
        for key in _throttle_keys(normal, address):
            cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            object_type="user",
            detail={"phone_suffix": normal[-3:], "address": address},
        )
        raise ServiceError(
            _("The phone number or password is wrong."), code="invalid_login"
        )
    cache.delete(_throttle_keys(normal, "")[0])
    audit_record(
        actor=user, action=AuditAction.SIGN_IN, object_type="user", object_id=user.pk
    )
    return user
