"""The province administrator follows every commune's door-to-door work, read only
(docs/outreach.md: "teams and dashboards of every commune"); another province's
administrator gets 404 for every page, exactly as for a missing one."""

import datetime

import pytest
from django.urls import reverse

from conftest import PASSWORD
from hocvuso.accounts.models import Role
from hocvuso.outreach.models import Assignment, Team, TeamMember
from hocvuso.outreach.services import team_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(an_giang, ca_mau, hamlets, homes, make_staff, volunteer):
    team = Team.objects.get(unit=hamlets["a"])
    team_rg = team_create(
        actor=None,
        unit=hamlets["rg"],
        name="",
        decision_number="7/QĐ-UBND",
        decision_date=datetime.date(2025, 9, 1),
    )
    return {
        "admin": make_staff(Role.PROVINCE_ADMIN, an_giang, "Sở KH&CN An Giang"),
        "elsewhere": make_staff(Role.PROVINCE_ADMIN, ca_mau, "Sở KH&CN Cà Mau"),
        "team": team,
        "team_rg": team_rg,
    }


def pages(hamlets, homes, province, binh_an, rach_gia):
    household = homes["a1"][0]
    return [
        reverse("outreach:home"),
        reverse("outreach:review") + f"?unit={binh_an.code}",
        reverse("outreach:review") + f"?unit={rach_gia.code}",
        reverse("outreach:team-list") + f"?unit={binh_an.code}",
        reverse("outreach:team-detail", args=[province["team"].pk]),
        reverse("outreach:team-detail", args=[province["team_rg"].pk]),
        reverse("outreach:left-behind") + f"?unit={binh_an.code}",
        reverse("outreach:left-behind-print") + f"?unit={rach_gia.code}",
        reverse("outreach:household-status", args=[household.pk]),
    ]


def test_province_sees_every_communes_outreach_and_another_province_gets_404(
    client, hamlets, homes, province, binh_an, rach_gia
):
    urls = pages(hamlets, homes, province, binh_an, rach_gia)
    assert client.login(phone=province["admin"].phone, password=PASSWORD)
    for url in urls:
        assert client.get(url).status_code == 200, url
    home = client.get(reverse("reporting:home")).content.decode()
    assert reverse("outreach:home") in home  # in the menu
    client.logout()
    assert client.login(phone=province["elsewhere"].phone, password=PASSWORD)
    for url in urls[1:]:
        assert client.get(url).status_code == 404, url


def test_province_pages_are_read_only(
    client, hamlets, homes, province, binh_an, volunteer, make_visit
):
    from hocvuso.outreach.models import Referral, ReferralStatus
    from hocvuso.outreach.services import visits_sync

    household, head, _ = homes["a1"]
    visits_sync(
        actor=volunteer,
        visits=[make_visit(household, [(head, "vneid_level2", "referred")])],
    )
    referral = Referral.objects.get()
    assert client.login(phone=province["admin"].phone, password=PASSWORD)
    review = client.get(reverse("outreach:review") + f"?unit={binh_an.code}")
    assert head.full_name in review.content.decode()
    close_url = reverse("outreach:referral-close", args=[referral.pk])
    assert close_url not in review.content.decode()
    closed = client.post(close_url, {"done": "1", "closed_on": "2026-01-01"})
    assert closed.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN
    status = client.get(reverse("outreach:household-status", args=[household.pk]))
    assert reverse("outreach:visit-create", args=[household.pk]) not in (
        status.content.decode()
    )
    assert (
        client.get(reverse("outreach:visit-create", args=[household.pk])).status_code
        == 404
    )
    listed = client.get(reverse("outreach:left-behind") + f"?unit={binh_an.code}")
    assert 'name="volunteer"' not in listed.content.decode()
    assign = client.post(
        reverse("outreach:assignment-create"),
        {"household": household.pk, "volunteer": volunteer.pk},
    )
    assert assign.status_code == 404
    assert not Assignment.objects.exists()
    teams = client.get(reverse("outreach:team-list") + f"?unit={binh_an.code}")
    assert 'id="new-team"' not in teams.content.decode()
    created = client.post(
        reverse("outreach:team-list") + f"?unit={binh_an.code}",
        {
            "unit": hamlets["b"].code,
            "decision_number": "1",
            "decision_date": "2025-01-01",
        },
    )
    assert created.status_code == 404
    added = client.post(
        reverse("outreach:team-detail", args=[province["team"].pk]),
        {"full_name": "Ai đó", "role": "member", "affiliation": "youth_union"},
    )
    assert added.status_code == 404
    assert Team.objects.count() == 2
    assert TeamMember.objects.count() == 1
    detail = client.get(reverse("outreach:team-detail", args=[province["team"].pk]))
    assert 'id="add-member"' not in detail.content.decode()
