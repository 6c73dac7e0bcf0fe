import datetime

import pytest
from django.utils import timezone

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction, AuditEvent
from hocvuso.people.models import Consent, Milestone, Person
from hocvuso.people.services import (
    consent_withdraw,
    household_register,
    milestone_record,
    person_register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamlet(binh_an, make_hamlet):
    return make_hamlet(binh_an, "Ấp Vĩnh Thành A")


def test_register_normalises_name_and_phone_and_audits(hamlet):
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    person = person_register(
        actor=None, unit=hamlet, full_name=f"  {decomposed} ", phone="+84 912.345.678"
    )
    assert person.full_name == "Nguyễn Văn An" and person.name_folded == "nguyen van an"
    assert person.phone == "0912345678" and person.unit_path == hamlet.path
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="person", object_id=str(person.pk)
    ).exists()


def test_registering_the_same_person_twice_returns_the_first(hamlet):
    household = household_register(actor=None, unit=hamlet, address="Số 12")
    first = person_register(
        actor=None,
        unit=hamlet,
        household=household,
        full_name="Lê Thị Bé",
        birth_year=1950,
    )
    again = person_register(
        actor=None,
        unit=hamlet,
        household=household,
        full_name="LÊ THỊ BÉ",
        birth_year=1950,
    )
    assert first.pk == again.pk and Person.objects.count() == 1


def test_national_id_is_kept_only_as_a_keyed_hash(hamlet, settings):
    person = person_register(
        actor=None, unit=hamlet, full_name="Trần Văn C", national_id="091 055 000 123"
    )
    assert len(person.national_id_hash) == 64
    stored = Person.objects.filter(pk=person.pk).values().get()
    assert not any("091055000123" in str(value) for value in stored.values())
    again = person_register(
        actor=None, unit=hamlet, full_name="Tran Van C khac", national_id="091055000123"
    )
    assert again.pk == person.pk
    settings.NATIONAL_ID_HASH_KEY = "another-key"
    other = person_register(
        actor=None, unit=hamlet, full_name="Người khác", national_id="091055000123"
    )
    assert other.national_id_hash != person.national_id_hash


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("national_id", {"national_id": "12345"}),
        ("phone", {"phone": "12345"}),
        ("birth_year", {"birth_year": 1800}),
        ("full_name", {"full_name": "   "}),
        ("ethnicity", {"ethnicity": "99", "consent_basis": "consent"}),
    ],
)
def test_bad_values_are_refused_with_the_field(hamlet, field, kwargs):
    values = {"full_name": "Nguyễn Văn D", **kwargs}
    with pytest.raises(ServiceError) as info:
        person_register(actor=None, unit=hamlet, **values)
    assert field in info.value.fields or info.value.code == "invalid"
    assert Person.objects.count() == 0


def test_sensitive_values_need_consent_and_withdrawal_erases_them(hamlet):
    with pytest.raises(ServiceError):
        person_register(
            actor=None, unit=hamlet, full_name="Thạch Sa Ri", ethnicity="05"
        )
    person = person_register(
        actor=None,
        unit=hamlet,
        full_name="Thạch Sa Ri",
        ethnicity="05",
        disabilities=["vision"],
        consent_basis="consent",
    )
    consent = Consent.objects.get(person=person)
    assert sorted(consent.categories) == ["disability", "ethnicity"]
    consent_withdraw(actor=None, person=person, category="disability")
    person.refresh_from_db()
    assert person.disabilities == [] and person.ethnicity == "05"


def test_poverty_status_needs_a_basis(hamlet):
    with pytest.raises(ServiceError):
        household_register(
            actor=None, unit=hamlet, address="Số 1", poverty_status="poor"
        )
    household = household_register(
        actor=None,
        unit=hamlet,
        address="Số 1",
        poverty_status="poor",
        poverty_basis="official_register",
    )
    assert household.poverty_status == "poor"


def test_people_live_in_communes_or_hamlets_not_provinces(an_giang):
    with pytest.raises(ServiceError):
        person_register(actor=None, unit=an_giang, full_name="Ai Đó")


def test_milestones_are_appended_and_a_retry_returns_the_first(hamlet):
    person = person_register(
        actor=None, unit=hamlet, full_name="Võ Văn E", birth_year=1960
    )
    day = datetime.date(2025, 9, 3)
    first = milestone_record(
        actor=None,
        person=person,
        kind="vneid_l2",
        achieved_on=day,
        source="visit",
        assistance="with_help",
        request_id="device-1:42",
    )
    retry = milestone_record(
        actor=None,
        person=person,
        kind="vneid_l2",
        achieved_on=day,
        source="visit",
        request_id="device-1:42",
    )
    assert first.pk == retry.pk and Milestone.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "day"),
    [
        ("vneid_l2", timezone.localdate() + datetime.timedelta(days=1)),
        ("vneid_l2", datetime.date(1950, 1, 1)),
        ("password", datetime.date(2025, 1, 1)),
    ],
)
def test_milestone_rules(hamlet, kind, day):
    person = person_register(
        actor=None, unit=hamlet, full_name="Võ Văn E", birth_year=1960
    )
    with pytest.raises(ServiceError):
        milestone_record(
            actor=None, person=person, kind=kind, achieved_on=day, source="visit"
        )
