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


@pytest.fixture
def family(village):
    """A household of Ấp Vĩnh Thành A: a 70-year-old with a smartphone and
    every key skill but online public services, a 14-year-old, a 16-year-old
    with VNeID level 2, and a 6-year-old."""
    commune, plain, _, people, officer, volunteer = village
    this_year = timezone.localdate().year
    home = household_register(
        actor=None, unit=plain, address="Số 9", head_name="Phạm Thị Bà"
    )

    def member(name, year, kinds=()):
        person = person_register(
            actor=None, unit=plain, household=home, full_name=name, birth_year=year
        )
        for kind in kinds:
            milestone_record(
                actor=None,
                person=person,
                kind=kind,
                achieved_on=timezone.localdate(),
                source=MilestoneSource.OFFICER,
            )
        return person

    member(
        "Phạm Thị Bà",
        this_year - 70,
        [
            MilestoneKind.SMARTPHONE,
            MilestoneKind.VNEID_L2,
            MilestoneKind.CASHLESS_PAYMENT,
        ],
    )
    member("Phạm Văn Mười Bốn", this_year - 14)
    member("Phạm Văn Mười Sáu", this_year - 16, [MilestoneKind.VNEID_L2])
    member("Phạm Bé Sáu", this_year - 6)
    return commune, officer, home


def test_children_are_never_listed_and_each_skill_follows_its_age(family):
    commune, officer, _ = family
    listed = {p.full_name: p for p in left_behind(viewer=officer, unit=commune)}
    assert "Phạm Bé Sáu" not in listed
    # 16 with VNeID level 2: cashless payment (from 15) still counts.
    assert listed["Phạm Văn Mười Sáu"].missing_count == 1
    assert listed["Phạm Văn Mười Sáu"].lacks_cashless_payment
    assert not listed["Phạm Văn Mười Sáu"].lacks_smartphone  # an adult's skill
    # 14: only VNeID level 2 counts.
    assert listed["Phạm Văn Mười Bốn"].missing_count == 1
    assert listed["Phạm Văn Mười Bốn"].lacks_vneid_l2
    assert listed["Phạm Thị Bà"].missing_count == 1


def test_most_missing_skills_first_then_need(family):
    commune, officer, _ = family
    ranked = list(left_behind(viewer=officer, unit=commune))
    counts = [p.missing_count for p in ranked]
    assert counts == sorted(counts, reverse=True)
    # Among those missing one skill, the 70-year-old comes first.
    ones = [p.full_name for p in ranked if p.missing_count == 1]
    assert ones[0] == "Phạm Thị Bà"


def test_a_household_of_children_only_cannot_be_assigned(village, make_staff):
    from hocvuso.core.errors import ServiceError
    from hocvuso.outreach.services import assignment_create

    commune, plain, _, _, _, volunteer = village
    home = household_register(actor=None, unit=plain, address="Số 10")
    person_register(
        actor=None,
        unit=plain,
        household=home,
        full_name="Lý Bé Út",
        birth_year=timezone.localdate().year - 8,
    )
    leader = make_staff(Role.TEAM_LEADER, plain, "Tổ trưởng")
    with pytest.raises(ServiceError) as refused:
        assignment_create(actor=leader, household=home, volunteer=volunteer)
    assert refused.value.fields == {"household": ["not_left_behind"]}
