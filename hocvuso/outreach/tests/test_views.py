"""Outreach pages and API by role: in scope works, out of scope is 404."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from hocvuso.accounts.models import Role
from hocvuso.outreach.models import Referral, Visit, VisitFlag
from hocvuso.outreach.services import ActionIn, VisitIn, visits_sync


@pytest.fixture
def staff(hamlets, binh_an, rach_gia, make_staff, volunteer):
    return {
        "volunteer": volunteer,
        "leader": make_staff(Role.TEAM_LEADER, hamlets["a"], "Tổ trưởng A"),
        "officer": make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ Bình An"),
        "other_officer": make_staff(Role.COMMUNE_OFFICER, rach_gia, "Cán bộ Rạch Giá"),
    }


def sign_in(client, user):
    assert client.login(username=user.phone, password=PASSWORD)


def test_volunteer_pages_in_scope_and_404_elsewhere(client, homes, staff):
    sign_in(client, staff["volunteer"])
    mine, _, _ = homes["a1"]
    for key in ("b1", "rg1"):
        other, _, _ = homes[key]
        for name in ("outreach:household-status", "outreach:visit-create"):
            assert client.get(reverse(name, args=[other.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
    assert (
        client.get(reverse("outreach:household-status", args=[mine.pk])).status_code
        == 200
    )
    page = client.get(reverse("outreach:hamlet-households", args=[mine.unit.code]))
    assert page.status_code == 200
    assert "Chủ hộ a1" in page.content.decode()
    assert "Chủ hộ b1" not in page.content.decode()
    rg_code = homes["rg1"][0].unit.code
    assert (
        client.get(reverse("outreach:hamlet-households", args=[rg_code])).status_code
        == 404
    )
    bundle = client.get(f"/api/v1/outreach/units/{rg_code}/bundle")
    assert bundle.status_code == 404
    # Volunteers cannot see the left-behind list nor review flags.
    assert client.get(reverse("outreach:left-behind")).status_code == 404


def test_visit_form_without_javascript(client, homes, staff):
    sign_in(client, staff["volunteer"])
    household, head, _ = homes["a1"]
    url = reverse("outreach:visit-create", args=[household.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "client_id": "form-0001",
        "started_at": (timezone.now() - datetime.timedelta(minutes=20)).isoformat(),
        "person_0": str(head.pk),
        "kind_0": "install_vneid",
        "outcome_0": "with_help",
        "feedback": "Bác muốn hỏi về lớp học tuần sau.",
    }
    done = client.post(url, data)
    assert done.status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again
    assert Visit.objects.filter(household=household).count() == 1
    # An incomplete action row is refused with a message, nothing stored.
    bad = client.post(url, {**data, "client_id": "form-0002", "kind_0": ""})
    assert bad.status_code == 400
    assert "Hãy chọn người, việc đã làm và kết quả." in bad.content.decode()
    assert Visit.objects.filter(household=household).count() == 1


def test_sync_api_refuses_a_household_out_of_scope_and_keeps_the_rest(
    client, homes, staff
):
    sign_in(client, staff["volunteer"])
    start = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    end = (timezone.now() - datetime.timedelta(minutes=50)).isoformat()
    visits = [
        {
            "client_id": f"dev-api-{key}",
            "household_id": homes[key][0].pk,
            "started_at": start,
            "ended_at": end,
            "actions": [],
            "feedback": "Hộ hẹn lại tuần sau.",
        }
        for key in ("a1", "rg1", "a2")
    ]
    response = client.post(
        "/api/v1/outreach/visits/sync",
        json.dumps({"visits": visits}),
        content_type="application/json",
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["stored", "rejected", "stored"]
    assert results[1]["error"]["message"] == (
        "Không tìm thấy hộ này trong địa bàn của bạn."
    )
    bad = client.post(
        "/api/v1/outreach/visits/sync", "{not json", content_type="application/json"
    )
    assert bad.status_code in (400, 422)


def test_sync_needs_sign_in(client, homes):
    response = client.post(
        "/api/v1/outreach/visits/sync",
        json.dumps({"visits": []}),
        content_type="application/json",
    )
    assert response.status_code == 401


def test_leader_reviews_flags_and_closes_referrals(client, homes, staff):
    household, head, spouse = homes["a1"]
    start = timezone.now() - datetime.timedelta(hours=1)
    visits_sync(
        actor=staff["volunteer"],
        visits=[
            VisitIn(
                client_id="dev-fast-1",
                household_id=household.pk,
                started_at=start,
                ended_at=start + datetime.timedelta(seconds=20),
                actions=[
                    ActionIn(person_id=head.pk, kind="vneid_level2", outcome="referred")
                ],
            )
        ],
    )
    flag = VisitFlag.objects.get()
    referral = Referral.objects.get()
    sign_in(client, staff["leader"])
    page = client.get(reverse("outreach:review"))
    assert page.status_code == 200
    response = client.post(
        reverse("outreach:flag-review", args=[flag.pk]), {"status": "accepted"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "accepted"
    # An officer of another commune: the same objects do not exist.
    client.logout()
    sign_in(client, staff["other_officer"])
    assert (
        client.post(
            reverse("outreach:flag-review", args=[flag.pk]), {"status": "dismissed"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("outreach:referral-close", args=[referral.pk]), {"outcome": "done"}
        ).status_code
        == 404
    )


def test_officer_sees_the_commune_dashboard_and_left_behind(client, homes, staff):
    sign_in(client, staff["officer"])
    assert client.get(reverse("outreach:home")).status_code == 200
    page = client.get(reverse("outreach:left-behind"))
    assert page.status_code == 200
    assert "Chủ hộ a1" in page.content.decode()
    printable = client.get(reverse("outreach:left-behind-print"))
    assert printable.status_code == 200
    assert client.get(reverse("outreach:team-list")).status_code == 200
    rg = homes["rg1"][0].unit.code
    assert (
        client.get(reverse("outreach:left-behind") + f"?unit={rg}").status_code == 404
    )
