"""The demo province: deterministic, shaped like the services' rows, safe to rerun."""

import re
import statistics
import unicodedata
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction

from hocvuso.accounts.models import Role, RoleGrant, User
from hocvuso.demo.population import (
    BINH_AN,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    PROVINCE_CODE,
    RACH_GIA,
    SMALL_COMMUNES,
    demo_populate,
)
from hocvuso.geography.models import Unit, UnitKind
from hocvuso.outreach.models import Assignment, Referral, Team, Visit, VisitFlag
from hocvuso.people.models import (
    Consent,
    ConsentBasis,
    Household,
    Milestone,
    Person,
    PovertyStatus,
)
from hocvuso.people.services import household_register, person_register

PEOPLE = 600

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return list(
        Person.objects.order_by("unit__code", "household__address", "full_name")
        .values_list(
            "unit__code",
            "unit__name",
            "household__address",
            "full_name",
            "birth_year",
            "sex",
            "phone",
            "ethnicity",
            "disabilities",
            "target_group",
        )
        .distinct()
    )


def _run(**kwargs):
    return demo_populate(scale="small", people=PEOPLE, **kwargs)


def test_same_seed_gives_the_same_population():
    snapshots, summaries = [], []
    for _ in range(2):
        with transaction.atomic():
            summaries.append(_run(seed=7))
            milestones = sorted(
                Milestone.objects.values_list(
                    "person__full_name", "kind", "achieved_on", "source"
                )
            )
            snapshots.append((_snapshot(), milestones))
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    first, second = summaries
    assert (first.people, first.households, first.milestones, first.units) == (
        second.people,
        second.households,
        second.milestones,
        second.units,
    )
    assert first.people >= PEOPLE
    _run(seed=8)
    assert _snapshot() != snapshots[0][0]


def test_small_scale_builds_the_eight_communes_with_their_hamlets():
    summary = _run()
    assert sorted(summary.communes_built) == sorted(SMALL_COMMUNES)
    hamlets = Unit.objects.filter(level=3)
    for code in SMALL_COMMUNES:
        assert 4 <= hamlets.filter(parent__code=code).count() <= 8
    assert hamlets.get(parent__code=BINH_AN, name="Ấp Vĩnh Thành A")
    assert hamlets.get(parent__code=RACH_GIA, name="Khu phố Rạch Giồng")
    kinds = {u.parent.kind for u in hamlets.select_related("parent")}
    assert UnitKind.SPECIAL_ZONE in kinds
    assert Unit.objects.filter(parent__code=PROVINCE_CODE).count() == 102
    for name in hamlets.values_list("name", flat=True):
        assert unicodedata.is_normalized("NFC", name)


def test_every_household_and_person_is_in_an_an_giang_hamlet_with_its_path():
    _run()
    assert Household.objects.count() and Person.objects.count()
    for household in Household.objects.select_related("unit", "head"):
        assert household.unit.level == 3
        assert household.unit_path == household.unit.path
        assert household.unit_path.startswith(f"/{PROVINCE_CODE}/")
        assert household.head.household_id == household.pk
        assert household.head.relation_to_head == "Chủ hộ"
        assert household.head_name_folded == household.head.name_folded
    for person in Person.objects.select_related("unit", "household"):
        assert person.unit.level == 3
        assert person.unit_path == person.unit.path
        assert person.household.unit_id == person.unit_id
        assert 1930 <= person.birth_year <= 2024
        assert unicodedata.is_normalized("NFC", person.full_name)


def test_demo_accounts_sign_in_and_hold_their_documented_grant():
    _run()
    for account in DEMO_ACCOUNTS:
        user = authenticate(username=account["phone"], password=DEMO_PASSWORD)
        assert user is not None, account["phone"]
        grant = RoleGrant.objects.active().get(user=user)
        assert (grant.role, grant.unit.code) == (account["role"], account["unit_code"])
        assert grant.unit.name == account["unit_name"]
    assert {a["role"] for a in DEMO_ACCOUNTS} == set(Role.values)


def test_the_two_commune_officers_serve_different_communes():
    _run()
    grants = RoleGrant.objects.filter(role=Role.COMMUNE_OFFICER).select_related("unit")
    units = {g.unit for g in grants}
    assert len(units) == 2
    assert all(u.kind in {UnitKind.WARD, UnitKind.COMMUNE} for u in units)


def test_special_zone_hamlets_are_flagged_coastal_island():
    _run()
    island = Unit.objects.filter(parent__kind=UnitKind.SPECIAL_ZONE)
    assert island.exists()
    assert not island.filter(is_coastal_island=False).exists()
    assert Unit.objects.filter(
        parent__code="30577", is_remote=True, is_ethnic_minority_area=True
    ).exists()


def test_sensitive_values_are_stored_only_with_a_consent():
    _run()
    consents = {c.person_id: c for c in Consent.objects.all()}
    with_disability = 0
    for person in Person.objects.all():
        needed = {"ethnicity"} if person.ethnicity else set()
        if person.disabilities:
            needed.add("disability")
            with_disability += 1
        if needed:
            consent = consents[person.pk]
            assert set(consent.categories) == needed
            assert consent.basis == ConsentBasis.OFFICIAL_REGISTER
            assert consent.withdrawn_at is None
    assert with_disability
    assert set(Household.objects.values_list("poverty_status", flat=True)) <= set(
        PovertyStatus.values
    )


def test_no_cccd_hash_is_made_up():
    _run()
    assert not Person.objects.filter(national_id_hash__isnull=False).exists()


def test_rows_are_those_the_services_write():
    _run()
    person = Person.objects.filter(relation_to_head="Chủ hộ").select_related(
        "household", "unit"
    )[0]
    household = person.household
    again = household_register(
        actor=None,
        unit=person.unit,
        address=household.address,
        head_name=person.full_name,
    )
    assert again.pk == household.pk
    same = person_register(
        actor=None,
        unit=person.unit,
        household=household,
        full_name=person.full_name,
        birth_year=person.birth_year,
        phone=person.phone,
        relation_to_head=person.relation_to_head,
    )
    assert same.pk == person.pk
    hamlet = Unit.objects.get(parent__code=BINH_AN, name="Ấp Vĩnh Thành A")
    for sample in Person.objects.filter(unit=hamlet)[:20]:
        sample.full_clean()


def test_the_population_looks_like_the_province():
    _run()
    people = list(Person.objects.values_list("birth_year", "sex", "ethnicity"))
    sizes = [h.members.count() for h in Household.objects.all()]
    assert 3.0 <= statistics.mean(sizes) <= 4.3
    assert max(sizes) <= 7
    old = sum(1 for year, _sex, _eth in people if 2025 - year >= 60) / len(people)
    assert 0.08 <= old <= 0.25
    women = sum(1 for _year, sex, _eth in people if sex == "female") / len(people)
    assert 0.4 <= women <= 0.6
    peoples = {eth for _year, _sex, eth in people}
    assert {"01", "04", "05", "17"} <= peoples


def test_if_empty_does_nothing_once_the_demo_exists():
    out = StringIO()
    call_command("demo", "--people", str(PEOPLE), stdout=out)
    counts = (Person.objects.count(), Household.objects.count(), User.objects.count())
    second = StringIO()
    call_command("demo", "--people", str(PEOPLE), "--if-empty", stdout=second)
    assert counts == (
        Person.objects.count(),
        Household.objects.count(),
        User.objects.count(),
    )
    assert "Tài khoản dùng thử" in out.getvalue()
    assert "0900000004" in second.getvalue()
    assert DEMO_PASSWORD in second.getvalue()


def test_running_again_adds_nothing():
    _run()
    counts = (
        Unit.objects.count(),
        Person.objects.count(),
        Milestone.objects.count(),
        RoleGrant.objects.count(),
    )
    visits = Visit.objects.count()
    summary = _run()
    assert (
        summary.people,
        summary.households,
        summary.users,
        summary.grants,
        summary.visits,
    ) == (0, 0, 0, 0, 0)
    assert counts == (
        Unit.objects.count(),
        Person.objects.count(),
        Milestone.objects.count(),
        RoleGrant.objects.count(),
    )
    assert Visit.objects.count() == visits


def test_the_demo_teams_have_visited_and_have_work_waiting():
    summary = _run()
    for account in DEMO_ACCOUNTS:
        if account["role"] != Role.VOLUNTEER:
            continue
        user = User.objects.get(phone=account["phone"])
        team = Team.objects.get(members__user=user)
        assert team.members.count() >= 4  # the volunteers and three others
        hamlet_visits = Visit.objects.filter(household__unit=team.unit)
        assert hamlet_visits.exists()
        assert set(hamlet_visits.values_list("volunteer", flat=True)) == {user.pk}
        not_visited = Household.objects.filter(unit=team.unit, visits=None).count()
        open_work = Assignment.objects.filter(volunteer=user, done_at__isnull=True)
        assert open_work.count() == min(5, not_visited) > 0
    assert summary.visits == Visit.objects.count()
    # Visits went through the sync service: what was done became milestones,
    # and a referral is open for VNeID level 2 at the commune police.
    assert Milestone.objects.filter(source="visit").exists()
    assert Referral.objects.exists()
    assert not VisitFlag.objects.exists()  # ordinary visits, nothing to review


def test_the_readme_sign_ins_work_as_written(client):
    """Every sign-in of the README's table opens as the README says: staff with
    the password at /sign-in/, the learner with her PIN at /learner/sign-in/."""
    from pathlib import Path

    from hocvuso.learning.services import pack_load

    pack_load(actor=None)
    _run()
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    password = re.search(r"password \*\*`([^`]+)`\*\*", readme).group(1)
    rows = re.findall(r"^\| (.+?) \| .+? \| `(09\d{8})`(.*)\|$", readme, re.M)
    assert len(rows) == len(DEMO_ACCOUNTS)
    for role, phone, rest in rows:
        client.logout()
        pin = re.search(r"PIN \*\*`(\d{6})`\*\*", rest)
        if pin is None:
            response = client.post(
                "/sign-in/", {"phone": phone, "password": password}, follow=True
            )
            assert response.wsgi_request.user.is_authenticated, role
            continue
        assert "/learner/sign-in/" in role
        response = client.post(
            "/learner/sign-in/", {"phone": phone, "pin": pin.group(1)}, follow=True
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Thạch Thị Sa Ri" in page, "signed in as the demo learner"
        assert "An toàn trên mạng" in page, "her certificate is listed"
    assert any("PIN" in rest for _, _, rest in rows)
