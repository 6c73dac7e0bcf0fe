import datetime

import pytest
from django.utils import timezone

from hocvuso.core.errors import ServiceError
from hocvuso.outreach.models import Referral, Visit, VisitAction, VisitFlag
from hocvuso.outreach.services import (
    assignment_create,
    referral_close,
    team_create,
    team_member_add,
    visits_sync,
)
from hocvuso.people.models import Milestone

pytestmark = pytest.mark.django_db


def test_outcomes_done_become_milestones_and_referrals_open(
    homes, volunteer, make_visit
):
    household, head, spouse = homes["a1"]
    visit = make_visit(
        household,
        [
            (head, "install_vneid", "with_help"),
            (head, "vneid_level2", "referred"),
            (spouse, "qr_payment", "alone"),
            (spouse, "ehealth_book", "partly"),
        ],
    )
    [result] = visits_sync(actor=volunteer, visits=[visit])
    assert result.status == "stored" and result.flags == []
    kinds = set(
        Milestone.objects.values_list("person_id", "kind", "assistance", "source")
    )
    assert kinds == {
        (head.pk, "vneid_l1", "with_help", "visit"),
        (spouse.pk, "cashless_payment", "alone", "visit"),
    }
    referral = Referral.objects.get()
    assert referral.person == head and referral.status == "open"
    referral_close(
        actor=volunteer, referral=referral, closed_on=timezone.localdate(), done=True
    )
    assert Milestone.objects.filter(person=head, kind="vneid_l2").exists()


def test_the_same_batch_twice_stores_each_visit_once(homes, volunteer, make_visit):
    household, head, _ = homes["a1"]
    batch = [make_visit(household, [(head, "smartphone", "alone")]) for _ in range(3)]
    first = visits_sync(actor=volunteer, visits=batch)
    second = visits_sync(actor=volunteer, visits=batch + batch[:1])
    assert [r.status for r in first] == ["stored"] * 3
    assert [r.status for r in second] == ["duplicate"] * 4
    assert [r.visit_id for r in second[:3]] == [r.visit_id for r in first]
    assert Visit.objects.count() == 3 and Milestone.objects.count() == 3


def test_out_of_scope_household_is_refused_and_the_rest_kept(
    homes, volunteer, make_visit
):
    own, _, _ = homes["a1"]
    other, _, _ = homes["b1"]
    far, _, _ = homes["rg1"]
    results = visits_sync(
        actor=volunteer,
        visits=[make_visit(own), make_visit(other), make_visit(far)],
    )
    assert [r.status for r in results] == ["stored", "rejected", "rejected"]
    assert results[1].error["code"] == "not_found"
    assert "không" in results[1].error["message"].lower()
    assert Visit.objects.count() == 1


def test_a_person_of_another_household_is_refused(homes, volunteer, make_visit):
    household, _, _ = homes["a1"]
    _, stranger, _ = homes["a2"]
    [result] = visits_sync(
        actor=volunteer,
        visits=[make_visit(household, [(stranger, "smartphone", "alone")])],
    )
    assert (
        result.status == "rejected" and "actions.0.person_id" in result.error["fields"]
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"client_id": "x"}, None),
        ({"ended_at": timezone.now() - datetime.timedelta(days=3)}, "ended_at"),
    ],
)
def test_bad_visits_are_refused_with_a_reason(
    homes, volunteer, make_visit, change, field
):
    household, _, _ = homes["a1"]
    visit = make_visit(household)
    for key, value in change.items():
        setattr(visit, key, value)
    [result] = visits_sync(actor=volunteer, visits=[visit])
    assert result.status == "rejected" and result.error["message"]
    if field:
        assert field in result.error["fields"]


def test_suspicious_visits_are_kept_and_flagged(
    homes, hamlets, make_staff, volunteer, make_visit
):
    household, head, _ = homes["a1"]
    fast = make_visit(
        household,
        [(head, "smartphone", "alone"), (head, "ewallet", "alone")],
        minutes=0,
    )
    twice = make_visit(household, [(head, "smartphone", "alone")])
    future = make_visit(household, start=timezone.now() + datetime.timedelta(hours=20))
    results = visits_sync(actor=volunteer, visits=[fast, twice, future])
    assert [r.status for r in results] == ["stored"] * 3
    assert results[0].flags == ["too_fast"]
    assert results[1].flags == ["duplicate_action"]
    assert results[2].flags == ["future_date"]
    assert VisitFlag.objects.count() == 3

    # A commune-wide volunteer on team A visiting hamlet B: outside their hamlet.
    from hocvuso.accounts.services import role_grant

    role_grant(actor=None, user=volunteer, role="volunteer", unit=hamlets["b"].parent)
    volunteer = type(volunteer).objects.get(pk=volunteer.pk)
    other, _, _ = homes["b1"]
    [result] = visits_sync(actor=volunteer, visits=[make_visit(other)])
    assert result.status == "stored" and result.flags == ["outside_hamlet"]


def test_a_visit_closes_the_open_assignment(
    homes, volunteer, make_visit, binh_an, make_staff
):
    household, _, _ = homes["a1"]
    leader = make_staff("team_leader", binh_an)
    assignment = assignment_create(
        actor=leader, household=household, volunteer=volunteer
    )
    visits_sync(actor=volunteer, visits=[make_visit(household)])
    assignment.refresh_from_db()
    assert assignment.done_at is not None


def test_assignments_only_to_volunteers_of_the_hamlet(
    homes, volunteer, binh_an, make_staff
):
    household, _, _ = homes["b1"]
    with pytest.raises(ServiceError):
        assignment_create(
            actor=make_staff("team_leader", binh_an),
            household=household,
            volunteer=volunteer,
        )


def test_team_rules(hamlets, binh_an):
    team = team_create(
        actor=None,
        unit=hamlets["b"],
        name="",
        decision_number="5/QĐ-UBND",
        decision_date=datetime.date(2025, 7, 15),
    )
    assert "Ấp Vĩnh Thành B" in team.name
    with pytest.raises(ServiceError):
        team_create(
            actor=None,
            unit=hamlets["b"],
            name="",
            decision_number="6",
            decision_date=datetime.date(2025, 7, 15),
        )
    with pytest.raises(ServiceError):
        team_create(
            actor=None,
            unit=binh_an,
            name="",
            decision_number="7",
            decision_date=datetime.date(2025, 7, 15),
        )
    team_member_add(
        actor=None,
        team=team,
        full_name="Trưởng ấp",
        role="leader",
        affiliation="hamlet_head",
    )
    with pytest.raises(ServiceError):
        team_member_add(
            actor=None,
            team=team,
            full_name="Người thứ hai",
            role="leader",
            affiliation="police",
        )


def test_sync_refuses_oversized_batches(homes, volunteer, make_visit):
    household, _, _ = homes["a1"]
    with pytest.raises(ServiceError):
        visits_sync(actor=volunteer, visits=[make_visit(household) for _ in range(501)])
    assert not VisitAction.objects.exists()


def test_two_volunteers_offline_at_the_same_household_both_keep_their_visits(
    homes, hamlets, volunteer, make_visit, make_staff
):
    from hocvuso.accounts.models import Role

    other = make_staff(Role.VOLUNTEER, hamlets["a"], "Tình nguyện viên thứ hai")
    household, head, spouse = homes["a1"]
    start = timezone.now() - datetime.timedelta(hours=2)
    mine = make_visit(
        household,
        [(head, "install_vneid", "with_help")],
        start=start,
        client_id="dev-aaaa0001",
    )
    theirs = make_visit(
        household,
        [(spouse, "qr_payment", "alone")],
        start=start,
        client_id="dev-bbbb0001",
    )
    assert [r.status for r in visits_sync(actor=other, visits=[theirs])] == ["stored"]
    assert [r.status for r in visits_sync(actor=volunteer, visits=[mine])] == ["stored"]
    visits = Visit.objects.filter(household=household).order_by("client_id")
    assert [(v.client_id, v.volunteer_id) for v in visits] == [
        ("dev-aaaa0001", volunteer.pk),
        ("dev-bbbb0001", other.pk),
    ]
    assert set(Milestone.objects.values_list("person_id", "kind")) == {
        (head.pk, "vneid_l1"),
        (spouse.pk, "cashless_payment"),
    }
