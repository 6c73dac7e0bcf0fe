"""A hand-built commune whose figures are computed by hand in the tests.

Bình An has two hamlets. In hamlet A (remote): eight women aged 30 (six with a
smartphone since 10 days ago, three of those also with VNeID level 2), five men
aged 40 (one with a smartphone since 3 days ago) in a poor household, two people
aged 70 of unrecorded sex with nothing yet. In hamlet B: three women aged 20,
one with a smartphone since yesterday, one who paid by QR 40 days ago. Rạch Giá
(another commune) has one quarter with six people aged 50, all with a
smartphone.
"""

import datetime

import pytest
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.people.services import (
    household_register,
    milestone_record,
    person_register,
)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def add_people(unit, count, *, age, sex="", household=None, name="Người"):
    year = timezone.localdate().year
    return [
        person_register(
            actor=None,
            unit=unit,
            household=household,
            full_name=f"{name} {unit.code} {age} {sex} {n}",
            birth_year=year - age,
            sex=sex,
        )
        for n in range(count)
    ]


def milestone(person, kind, on):
    return milestone_record(
        actor=None, person=person, kind=kind, achieved_on=on, source="officer"
    )


@pytest.fixture
def world(binh_an, rach_gia, make_hamlet, make_staff):
    hamlet_a = make_hamlet(binh_an, "Ấp Vĩnh Thành A", is_remote=True)
    hamlet_b = make_hamlet(binh_an, "Ấp Vĩnh Thành B")
    quarter = make_hamlet(rach_gia, "Khu phố Rạch Giồng", kind="quarter")
    poor = household_register(
        actor=None,
        unit=hamlet_a,
        address="Số 9",
        head_name="Hộ nghèo",
        poverty_status="poor",
        poverty_basis="official_register",
    )
    women = add_people(hamlet_a, 8, age=30, sex="female")
    men = add_people(hamlet_a, 5, age=40, sex="male", household=poor)
    elders = add_people(hamlet_a, 2, age=70)
    young = add_people(hamlet_b, 3, age=20, sex="female")
    others = add_people(quarter, 6, age=50, sex="male")
    for person in women[:6]:
        milestone(person, "smartphone", days_ago(10))
    for person in women[:3]:
        milestone(person, "vneid_l2", days_ago(10))
    milestone(men[0], "smartphone", days_ago(3))
    milestone(young[0], "smartphone", days_ago(1))
    milestone(young[1], "cashless_payment", days_ago(40))
    for person in others:
        milestone(person, "smartphone", days_ago(20))
    staff = {
        "officer_ba": make_staff(Role.COMMUNE_OFFICER, binh_an),
        "officer_rg": make_staff(Role.COMMUNE_OFFICER, rach_gia),
        "admin": make_staff(Role.PROVINCE_ADMIN, binh_an.parent),
        "volunteer_a": make_staff(Role.VOLUNTEER, hamlet_a),
        "volunteer_b": make_staff(Role.VOLUNTEER, hamlet_b),
    }
    return {
        "hamlet_a": hamlet_a,
        "hamlet_b": hamlet_b,
        "quarter": quarter,
        "women": women,
        "men": men,
        "elders": elders,
        "young": young,
        "others": others,
        "staff": staff,
    }
