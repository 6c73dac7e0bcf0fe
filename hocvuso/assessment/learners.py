"""Who the learner is in this browser session, without a staff account.

A signed-in learner is a ``people.Person`` stored in the session with how
they signed in. The session stops counting when the credential it came from
changes: a new PIN, or a revoked card.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

from hocvuso.people.models import Person

SESSION_KEY = "hocvuso_learner"
_CACHE_ATTR = "_hocvuso_learner"


def _pin_check(pin_hash: str) -> str:
    return salted_hmac("hocvuso.learner.pin", pin_hash).hexdigest()


def learner_session_start(request, *, person: Person, via: str, card=None) -> None:
    """Remember ``person`` as this session's learner (after a checked sign-in)."""
    pin_hash = person.learner_pin.pin_hash if via == "pin" else ""
    check = _pin_check(pin_hash) if via == "pin" else str(card.pk)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"person": person.pk, "via": via, "check": check}
    setattr(request, _CACHE_ATTR, person)


def learner_session_end(request) -> None:
    request.session.pop(SESSION_KEY, None)
    setattr(request, _CACHE_ATTR, None)


def current_learner(request) -> Person | None:
    """The Person signed in as learner in this session, or None."""
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    person = _load(request)
    setattr(request, _CACHE_ATTR, person)
    return person


def _load(request) -> Person | None:
    from hocvuso.assessment.models import LearnerPin, SignInCard

    session = getattr(request, "session", None)
    data = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(data, dict):
        return None
    person_id, via, check = data.get("person"), data.get("via"), data.get("check")
    if via == "pin":
        pin = (
            LearnerPin.objects.select_related("person__unit")
            .filter(person_id=person_id)
            .first()
        )
        if pin and constant_time_compare(_pin_check(pin.pin_hash), str(check)):
            return pin.person
    elif via == "card":
        card = (
            SignInCard.objects.active()
            .select_related("person__unit")
            .filter(pk=check, person_id=person_id)
            .first()
        )
        if card is not None:
            return card.person
    session.pop(SESSION_KEY, None)
    return None
