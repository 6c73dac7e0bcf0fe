"""An instructor takes attendance for 30 people on a phone, part of it with no
signal; the server ends with exactly those 30 records, once each."""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.classes.models import Attendance
from hocvuso.classes.services import (
    registration_create,
    series_create,
    sessions_generate,
)
from hocvuso.people.services import person_register
from tests.e2e.helpers import PHONE, cut_network, restore_network, sign_in

REGISTERED = 28
WALK_INS = ["Lâm Thị Vãng", "Thạch Văn Lai"]


@pytest.fixture
def hall(transactional_db, binh_an, make_hamlet, make_staff):
    hamlet = make_hamlet(binh_an, "Ấp Bình Hòa")
    instructor = make_staff(Role.INSTRUCTOR, binh_an, "Giảng viên Minh")
    today = timezone.localdate()
    series = series_create(
        actor=None,
        unit=hamlet,
        title="Lớp điện thoại thông minh",
        venue_kind="cultural_house",
        venue_name="Nhà văn hóa ấp Bình Hòa",
        weekday=today.weekday(),
        start_time=datetime.time(7, 0),
        starts_on=today - datetime.timedelta(weeks=1),
        instructors=[instructor],
        capacity=40,
    )
    session = sessions_generate(actor=None, series=series, weeks=2)[-1]
    people = []
    for n in range(1, REGISTERED + 1):
        person = person_register(
            actor=None,
            unit=hamlet,
            full_name=f"Người học số {n:02d}",
            birth_year=1940 + n,
        )
        registration_create(actor=None, series=series, person=person)
        people.append(person)
    return instructor, session, people


def test_thirty_present_partly_offline_stored_exactly_once(
    browser, live_server, hall, assert_accessible
):
    instructor, session, people = hall
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, instructor)
    page.get_by_role("navigation").get_by_role("link", name="Lớp học").click()
    page.get_by_role("link", name="Điểm danh").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Điểm danh")
    status = page.locator("[data-sync-status]")
    assert_accessible(page)

    # With a signal: the first ten ticks go to the server as they are made.
    for person in people[:10]:
        page.get_by_label(person.full_name).check()
    expect(status).to_have_attribute("data-waiting", "0", timeout=15000)
    assert Attendance.objects.filter(session=session).count() == 10

    # The signal drops: eighteen ticks and two walk-ins stay on the phone.
    cut_network(context)
    for person in people[10:-1]:
        page.get_by_label(person.full_name).check()
    page.get_by_label("Tìm trong danh sách").fill("nguoi hoc so 28")
    expect(page.locator("[data-roster-list] li:visible")).to_have_count(1)
    page.get_by_label(people[-1].full_name).check()
    page.get_by_label("Tìm trong danh sách").fill("")
    for name in WALK_INS:
        page.get_by_label("Họ và tên").fill(name)
        page.get_by_role("button", name="Thêm và điểm danh").click()
    expect(status).to_have_attribute("data-waiting", "20")
    expect(status).to_contain_text("chờ gửi: 20")
    expect(page.locator("[data-count]")).to_have_text("30")
    assert Attendance.objects.filter(session=session).count() == 10

    # The signal returns: everything is sent, once.
    restore_network(context)
    expect(status).to_have_attribute("data-waiting", "0", timeout=20000)
    expect(status).to_contain_text("Đã gửi hết")
    records = Attendance.objects.filter(session=session)
    assert records.count() == 30
    assert records.values("person").distinct().count() == 30
    assert sorted(
        records.filter(method="walk_in").values_list("person__full_name", flat=True)
    ) == sorted(WALK_INS)
    assert set(records.filter(method="roster").values_list("person", flat=True)) == {
        p.pk for p in people
    }

    # The same records sent again add nothing.
    again = [
        {"client_id": a.client_id, "session_id": session.pk, "person_id": a.person_id}
        for a in records
    ]
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{base}/api/v1/classes/attendance/sync",
        data=json.dumps({"records": again}),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": token,
            "Referer": base,
        },
    )
    assert {r["status"] for r in response.json()["results"]} == {"duplicate"}
    assert Attendance.objects.filter(session=session).count() == 30
    page.reload()
    expect(page.locator("[data-count]")).to_have_text("30")
    context.close()
