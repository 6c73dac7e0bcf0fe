import datetime

import pytest
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.outreach.services import ActionIn, VisitIn, team_create, team_member_add
from hocvuso.people.services import household_register, person_register


@pytest.fixture
def hamlets(binh_an, rach_gia, make_hamlet):
    return {
        "a": make_hamlet(binh_an, "Ấp Vĩnh Thành A"),
        "b": make_hamlet(binh_an, "Ấp Vĩnh Thành B", is_remote=True),
        "rg": make_hamlet(rach_gia, "Khu phố Rạch Giồng", kind="quarter"),
    }


@pytest.fixture
def homes(hamlets):
    """Two households per hamlet, two people each."""
    result = {}
    for key, unit in hamlets.items():
        for n in (1, 2):
            household = household_register(
                actor=None,
                unit=unit,
                address=f"Số {n}, {unit.name}",
                head_name=f"Chủ hộ {key}{n}",
            )
            head = person_register(
                actor=None,
                unit=unit,
                household=household,
                full_name=f"Chủ hộ {key}{n}",
                birth_year=1950,
                relation_to_head="Chủ hộ",
            )
            spouse = person_register(
                actor=None,
                unit=unit,
                household=household,
                full_name=f"Vợ {key}{n}",
                birth_year=1990,
                relation_to_head="Vợ",
            )
            result[f"{key}{n}"] = (household, head, spouse)
    return result


@pytest.fixture
def volunteer(hamlets, make_staff):
    user = make_staff(Role.VOLUNTEER, hamlets["a"], "Tình nguyện viên A")
    team = team_create(
        actor=None,
        unit=hamlets["a"],
        name="",
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 8, 1),
    )
    team_member_add(
        actor=None,
        team=team,
        full_name=user.full_name,
        role="member",
        affiliation="youth_union",
        user=user,
    )
    return user


@pytest.fixture
def make_visit():
    counter = iter(range(1, 1_000_000))

    def make(
        household, actions=(), *, minutes=10, start=None, client_id=None, feedback=None
    ):
        start = start or timezone.now() - datetime.timedelta(hours=1)
        if feedback is None:
            # A visit records what happened: one without actions carries words.
            feedback = "" if actions else "Hộ nhờ chuyển ý kiến lên xã."
        return VisitIn(
            client_id=client_id or f"phone-1:{next(counter):06d}",
            household_id=household.pk,
            started_at=start,
            ended_at=start + datetime.timedelta(minutes=minutes),
            actions=[
                ActionIn(person_id=p.pk, kind=k, outcome=o) for p, k, o in actions
            ],
            feedback=feedback,
        )

    return make
