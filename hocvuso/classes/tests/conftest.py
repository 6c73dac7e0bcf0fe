"""A commune with a weekly class that began seven weeks ago, its officer and
instructor, and a neighbouring ward with its own class and instructor."""

import datetime

import pytest
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.classes.services import series_create, sessions_generate


@pytest.fixture
def first_day():
    return timezone.localdate() - datetime.timedelta(weeks=7)


@pytest.fixture
def class_world(binh_an, rach_gia, make_hamlet, make_staff, first_day):
    hamlet = make_hamlet(binh_an, "Ấp Bình Hòa")
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ Lan")
    instructor = make_staff(Role.INSTRUCTOR, binh_an, "Giảng viên Minh")
    other_instructor = make_staff(Role.INSTRUCTOR, rach_gia, "Giảng viên Rạch Giá")
    series = series_create(
        actor=officer,
        unit=hamlet,
        title="Lớp điện thoại thông minh cho người cao tuổi",
        venue_kind="cultural_house",
        venue_name="Nhà văn hóa ấp Bình Hòa",
        weekday=first_day.weekday(),
        start_time=datetime.time(8, 0),
        starts_on=first_day,
        audience="older_people",
        organisers=["youth_union", "digital_team"],
        instructors=[instructor],
        capacity=3,
        adaptations=["large_print"],
    )
    far = series_create(
        actor=None,
        unit=rach_gia,
        title="Lớp thanh toán không tiền mặt",
        venue_kind="commune_hall",
        venue_name="Hội trường phường Rạch Giá",
        weekday=first_day.weekday(),
        start_time=datetime.time(19, 0),
        starts_on=first_day,
        instructors=[other_instructor],
    )
    sessions_generate(actor=None, series=far, weeks=10)
    return {
        "hamlet": hamlet,
        "officer": officer,
        "instructor": instructor,
        "other_instructor": other_instructor,
        "series": series,
        "far": far,
    }
