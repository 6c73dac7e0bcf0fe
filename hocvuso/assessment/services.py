"""Writes for learners: PINs, sign-in cards, results, certificates. All audited."""

import re

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.assessment.models import LearnerPin, SignInCard
from hocvuso.assessment.tokens import token_hash, token_new
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record
from hocvuso.people.identity import normalise_phone
from hocvuso.people.models import Person

PIN_RE = re.compile(r"^[0-9]{6}$")


def pin_is_weak(pin: str, *, phone: str = "") -> bool:
    """A PIN anyone would try first: one digit, a run, a short repeat, the phone."""
    if len(set(pin)) <= 2:
        return True  # 000000, 111111, 121212, 110011...
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    if steps in ({1}, {9}):
        return True  # 123456, 654321, 890123...
    if pin[:3] == pin[3:] or pin[:2] * 3 == pin:
        return True  # 123123
    if pin in {"112233", "123321", "147258", "258369", "159753", "147852"}:
        return True
    return bool(phone) and phone.endswith(pin)


def _pin_check_format(pin: str, *, phone: str) -> None:
    if not PIN_RE.match(pin or ""):
        raise ServiceError(
            _("The PIN must be exactly 6 digits."), fields={"pin": ["format"]}
        )
    if pin_is_weak(pin, phone=phone):
        raise ServiceError(
            _(
                "This PIN is too easy to guess. Avoid repeated digits, runs such "
                "as 123456 and the end of the phone number."
            ),
            fields={"pin": ["weak"]},
        )


@transaction.atomic
def pin_set(*, actor, person: Person, pin: str) -> LearnerPin:
    """Set or replace a learner's PIN.

    Rules: the person needs a phone number; the PIN is 6 digits and not weak;
    two people sharing one phone cannot share a PIN either (sign-in could not
    tell them apart). Replacing the PIN ends the sessions opened with the old one.
    """
    if not person.phone:
        raise ServiceError(
            _("Record the person's phone number first: the PIN goes with it."),
            fields={"pin": ["no_phone"]},
        )
    _pin_check_format(pin, phone=person.phone)
    same_phone = LearnerPin.objects.filter(person__phone=person.phone).exclude(
        person=person
    )
    if any(check_password(pin, other.pin_hash) for other in same_phone):
        raise ServiceError(
            _("Someone else with this phone number uses this PIN. Choose another PIN."),
            fields={"pin": ["shared"]},
        )
    record, _created = LearnerPin.objects.update_or_create(
        person=person,
        defaults={
            "pin_hash": make_password(pin),
            "set_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
        detail={"learner_pin": "set"},
    )
    return record


def _throttle_keys(phone: str, address: str) -> list[str]:
    return [f"learner-fail:phone:{phone}", f"learner-fail:addr:{address}"]


def learner_sign_in_locked(*, phone: str, address: str) -> bool:
    limit = settings.LOGIN_MAX_FAILURES
    return any((cache.get(k) or 0) >= limit for k in _throttle_keys(phone, address))


def _count_failure(phone: str, address: str) -> None:
    for key in _throttle_keys(phone, address):
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)


def learner_authenticate(*, phone: str, pin: str, address: str) -> Person:
    """Return the person whose phone number and PIN these are.

    Rules: like staff sign-in, LOGIN_MAX_FAILURES failures for one phone number
    or one address lock sign-in for LOGIN_LOCK_SECONDS, even with the right
    PIN. Every failure is audited without the PIN.
    """
    normal = normalise_phone(phone) or ""
    if not normal:
        raise ServiceError(
            _("This is not a Vietnamese phone number."),
            code="invalid_login",
            fields={"phone": ["invalid"]},
        )
    if learner_sign_in_locked(phone=normal, address=address):
        raise ServiceError(
            _("Too many failed attempts. Please wait 15 minutes and try again."),
            code="throttled",
        )
    person = None
    if PIN_RE.match(pin or ""):
        for candidate in LearnerPin.objects.filter(person__phone=normal).select_related(
            "person__unit"
        ):
            if check_password(pin, candidate.pin_hash):
                person = candidate.person
                break
    if person is None:
        _count_failure(normal, address)
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            object_type="learner",
            detail={"phone_suffix": normal[-3:], "address": address},
        )
        raise ServiceError(_("The phone number or PIN is wrong."), code="invalid_login")
    cache.delete(_throttle_keys(normal, "")[0])
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
        detail={"via": "pin"},
    )
    return person


@transaction.atomic
def card_issue(*, actor, person: Person) -> tuple[SignInCard, str]:
    """Make a sign-in card and return it with its token, which is never stored.

    Rules: the token is shown once, for printing; only its hash is kept.
    """
    token = token_new()
    card = SignInCard.objects.create(
        person=person,
        token_hash=token_hash(token),
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="sign_in_card",
        object_id=card.pk,
        unit_path=person.unit_path,
        detail={"person": person.pk},
    )
    return card, token


@transaction.atomic
def card_revoke(*, actor, card: SignInCard) -> SignInCard:
    """Revoke a card: it signs nobody in any more, and its sessions end."""
    if card.revoked_at is None:
        card.revoked_at = timezone.now()
        card.revoked_by = actor if getattr(actor, "pk", None) else None
        card.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="sign_in_card",
            object_id=card.pk,
            unit_path=card.person.unit_path,
            detail={"revoked": True},
        )
    return card


def card_sign_in(*, token: str, address: str) -> SignInCard:
    """Return the active card for a scanned token, or refuse (throttled per address)."""
    from hocvuso.assessment.selectors import card_for_token

    key = f"learner-fail:card-addr:{address}"
    if (cache.get(key) or 0) >= settings.LOGIN_MAX_FAILURES:
        raise ServiceError(
            _("Too many failed attempts. Please wait 15 minutes and try again."),
            code="throttled",
        )
    card = card_for_token(token)
    if card is None:
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        cache.incr(key)
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            object_type="sign_in_card",
            detail={"address": address},
        )
        raise ServiceError(
            _("This card does not work any more. Ask your volunteer for a new one."),
            code="invalid_card",
        )
    SignInCard.objects.filter(pk=card.pk).update(last_used_at=timezone.now())
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN,
        object_type="person",
        object_id=card.person_id,
        unit_path=card.person.unit_path,
        detail={"via": "card", "card": card.pk},
    )
    return card
