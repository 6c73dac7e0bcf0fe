"""The left-behind list on a hand-built hamlet: who is on it, in what order."""

import datetime

import pytest
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.outreach.selectors import left_behind
from hocvuso.outreach.services import ActionIn, VisitIn, visits_sync
from hocvuso.people.models import MilestoneKind, MilestoneSource
from hocvuso.people.services import (
    household_register,
    milestone_record,
    person_register,
)

OLD = timezone.localdate().year - 70
YOUNG = timezone.localdate().year - 30
KHMER = "05"


@pytest.fixture
def village(binh_an, make_hamlet, make_staff):
    """One ordinary hamlet and one remote hamlet of Xã Bình An.

    Need weights: elderly 3, disability 3, poor 3, near-poor 2, minority 2,
    remote 2, no smartphone 2 (milestone missing).
    """
    plain = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    remote = make_hamlet(binh_an, "Ấp Cù Lao", is_remote=True)
    poor = household_register(
        actor=None,
        unit=plain,
        address="Số 1",
        head_name="Thạch Thị Sa",
        poverty_status="poor",
        poverty_basis="official_register",
    )
    near_poor = household_register(
        actor=None,
        unit=plain,
        address="Số 2",
        head_name="Lê Văn Hai",
        poverty_status="near_poor",
        poverty_basis="official_register",
    )
    plain_home = household_register(
        actor=None, unit=plain, address="Số 3", head_name="Trần Văn Ba"
    )
    visited_home = household_register(
        actor=None, unit=plain, address="Số 4", head_name="Trần Văn Bốn"
    )
    island_home = household_register(
        actor=None, unit=remote, address="Số 5", head_name="Võ Văn Năm"
    )

    def person(name, home, unit=plain, year=YOUNG, **extra):
        return person_register(
            actor=None,
            unit=unit,
            household=home,
            full_name=name,
            birth_year=year,
            **extra,
        )

    people = {
        # elderly 3 + disability 3 + poor 3 + minority 2 + no smartphone 2 = 13
        "sa": person(
            "Thạch Thị Sa",
            poor,
            year=OLD,
            ethnicity=KHMER,
            disabilities=["vision"],
            consent_basis="consent",
        ),
        # elderly 3 + near-poor 2 + no smartphone 2 = 7
        "hai": person("Lê Văn Hai", near_poor, year=OLD),
        # remote 2 + no smartphone 2 = 4
        "nam": person("Võ Văn Năm", island_home, unit=remote),
        # no smartphone 2, never visited
        "ba": person("Trần Văn Ba", plain_home),
        # no smartphone 2, household visited: after Ba
        "bon": person("Trần Văn Bốn", visited_home),
        # elderly but with every key milestone: not on the list
        "du": person("Nguyễn Văn Đủ", plain_home, year=OLD),
    }
    today = timezone.localdate()
    for kind in (
        MilestoneKind.SMARTPHONE,
        MilestoneKind.VNEID_L2,
        MilestoneKind.CASHLESS_PAYMENT,
        MilestoneKind.ONLINE_PUBLIC_SERVICE,
    ):
        milestone_record(
            actor=None,
            person=people["du"],
            kind=kind,
            achieved_on=today,
            source=MilestoneSource.OFFICER,
        )
    volunteer = make_staff(Role.VOLUNTEER, plain, "Tình nguyện viên")
    start = timezone.now() - datetime.timedelta(hours=2)
    stored = visits_sync(
        actor=volunteer,
        visits=[
            VisitIn(
                client_id="dev-visit-bon",
                household_id=visited_home.pk,
                started_at=start,
                ended_at=start + datetime.timedelta(minutes=15),
                actions=[
                    ActionIn(
                        person_id=people["bon"].pk,
                        kind="scam_awareness",
                        outcome="alone",
                    )
                ],
            )
        ],
    )
    assert [r.status for r in stored] == ["stored"]
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ xã")
    return binh_an, plain, remote, people, officer, volunteer


def names(queryset):
    return [p.full_name for p in queryset]


def test_most_in_need_first_then_not_reached(village):
    commune, _, _, _, officer, _ = village
    ranked = left_behind(viewer=officer, unit=commune)
    assert names(ranked) == [
        "Thạch Thị Sa",
        "Lê Văn Hai",
        "Võ Văn Năm",
        "Trần Văn Ba",
        "Trần Văn Bốn",
    ]
    assert [p.need for p in ranked] == [13, 7, 4, 2, 2]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"elderly"}, ["Thạch Thị Sa", "Lê Văn Hai"]),
        ({"disability"}, ["Thạch Thị Sa"]),
        ({"poor"}, ["Thạch Thị Sa", "Lê Văn Hai"]),
        ({"minority"}, ["Thạch Thị Sa"]),
        ({"remote"}, ["Võ Văn Năm"]),
        ({"not_reached"}, ["Thạch Thị Sa", "Lê Văn Hai", "Võ Văn Năm", "Trần Văn Ba"]),
        ({"elderly", "minority"}, ["Thạch Thị Sa"]),
        ({"unknown-filter"}, None),
    ],
)
def test_filters(village, filters, expected):
    commune, _, _, _, officer, _ = village
    everyone = names(left_behind(viewer=officer, unit=commune))
    assert names(left_behind(viewer=officer, unit=commune, filters=filters)) == (
        expected if expected is not None else everyone
    )


def test_search_ignores_diacritics(village):
    commune, _, _, _, officer, _ = village
    found = left_behind(viewer=officer, unit=commune, query="tran van bon")
    assert names(found) == ["Trần Văn Bốn"]


def test_a_hamlet_list_and_a_volunteer_see_only_their_hamlet(village):
    commune, plain, remote, _, officer, volunteer = village
    assert "Võ Văn Năm" not in names(left_behind(viewer=officer, unit=plain))
    # Volunteers do not hold the left-behind capability.
    assert names(left_behind(viewer=volunteer, unit=plain)) == []
