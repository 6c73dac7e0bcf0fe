import pytest
from django.test import RequestFactory

from hocvuso.assessment.learners import (
    current_learner,
    learner_session_end,
    learner_session_start,
)
from hocvuso.assessment.models import SignInCard
from hocvuso.assessment.selectors import card_person
from hocvuso.assessment.services import (
    card_issue,
    card_revoke,
    card_sign_in,
    learner_authenticate,
    pin_is_weak,
    pin_set,
)
from hocvuso.assessment.tests.factories import make_person
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditEvent

GOOD_PIN = "482916"


@pytest.mark.parametrize(
    "pin",
    ["000000", "123456", "654321", "111111", "121212", "123123", "890123", "345678"],
)
def test_weak_pins_are_refused(pin, learner):
    assert pin_is_weak(pin)
    with pytest.raises(ServiceError) as err:
        pin_set(actor=None, person=learner, pin=pin)
    assert "dễ đoán" in err.value.message


def test_pin_ending_the_phone_number_is_weak(binh_an):
    person = make_person(binh_an, name="Phạm Văn Tư", phone="0918305742")
    with pytest.raises(ServiceError) as err:
        pin_set(actor=None, person=person, pin="305742")
    assert err.value.fields == {"pin": ["weak"]}
    assert not pin_is_weak(GOOD_PIN, phone=person.phone)


@pytest.mark.parametrize("pin", ["12345", "1234567", "48a916", "", "４８２９１６"])
def test_pin_must_be_six_digits(pin, learner):
    with pytest.raises(ServiceError) as err:
        pin_set(actor=None, person=learner, pin=pin)
    assert err.value.message == "Mã PIN phải có đúng 6 chữ số."


def test_pin_needs_a_phone_number(binh_an):
    person = make_person(binh_an, name="Trần Thị Bé", phone="")
    person.phone = ""
    with pytest.raises(ServiceError) as err:
        pin_set(actor=None, person=person, pin=GOOD_PIN)
    assert "số điện thoại" in err.value.message


def test_pin_is_stored_only_as_a_hash(learner):
    record = pin_set(actor=None, person=learner, pin=GOOD_PIN)
    assert GOOD_PIN not in record.pin_hash
    assert AuditEvent.objects.filter(
        object_type="person", object_id=str(learner.pk), detail__learner_pin="set"
    ).exists()


def test_sign_in_with_phone_and_pin(learner):
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    person = learner_authenticate(phone="+84 912 345 678", pin=GOOD_PIN, address="a")
    assert person == learner


def test_people_sharing_a_phone_sign_in_by_their_own_pin(binh_an, learner):
    spouse = make_person(binh_an, name="Lê Thị Hoa", phone=learner.phone)
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    pin_set(actor=None, person=spouse, pin="730519")
    got = learner_authenticate(phone=learner.phone, pin="730519", address="a")
    assert got == spouse
    with pytest.raises(ServiceError) as err:
        pin_set(actor=None, person=spouse, pin=GOOD_PIN)
    assert err.value.fields == {"pin": ["shared"]}


def test_wrong_pin_is_refused_in_vietnamese(learner):
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    with pytest.raises(ServiceError) as err:
        learner_authenticate(phone=learner.phone, pin="730519", address="a")
    assert err.value.message == "Số điện thoại hoặc mã PIN không đúng."


def test_sign_in_locks_after_five_failures_even_with_the_right_pin(learner):
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    for _ in range(5):
        with pytest.raises(ServiceError):
            learner_authenticate(phone=learner.phone, pin="730519", address="a")
    with pytest.raises(ServiceError) as err:
        learner_authenticate(phone=learner.phone, pin=GOOD_PIN, address="b")
    assert err.value.code == "throttled"
    assert "15 phút" in err.value.message
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == 5


def test_card_token_is_stored_only_as_a_hash(learner):
    card, token = card_issue(actor=None, person=learner)
    assert token not in card.token_hash
    assert not SignInCard.objects.filter(token_hash=token).exists()
    assert card_person(token) == learner


def test_revoked_card_signs_nobody_in(learner):
    card, token = card_issue(actor=None, person=learner)
    card_revoke(actor=None, card=card)
    assert card_person(token) is None
    with pytest.raises(ServiceError) as err:
        card_sign_in(token=token, address="a")
    assert err.value.code == "invalid_card"
    assert "không dùng được nữa" in err.value.message


def test_unknown_card_is_none(db):
    assert card_person("nope") is None
    assert card_person("") is None


def _request_with_session():
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_current_learner_follows_the_session(learner):
    request = _request_with_session()
    assert current_learner(request) is None
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    learner_session_start(request, person=learner, via="pin")
    fresh = _request_with_session()
    fresh.session = request.session
    assert current_learner(fresh) == learner
    learner_session_end(request)
    again = _request_with_session()
    again.session = request.session
    assert current_learner(again) is None


def test_new_pin_or_revoked_card_ends_the_learner_session(learner):
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    by_pin = _request_with_session()
    learner_session_start(by_pin, person=learner, via="pin")
    card, _token = card_issue(actor=None, person=learner)
    by_card = _request_with_session()
    learner_session_start(by_card, person=learner, via="card", card=card)

    pin_set(actor=None, person=learner, pin="730519")
    card_revoke(actor=None, card=card)

    for old in (by_pin, by_card):
        later = _request_with_session()
        later.session = old.session
        assert current_learner(later) is None


def test_card_guessing_is_throttled_per_address(learner):
    _card, token = card_issue(actor=None, person=learner)
    for n in range(5):
        with pytest.raises(ServiceError):
            card_sign_in(token=f"guess-{n}", address="10.0.0.9")
    with pytest.raises(ServiceError) as err:
        card_sign_in(token=token, address="10.0.0.9")
    assert err.value.code == "throttled"
    assert card_sign_in(token=token, address="10.0.0.10").person == learner
