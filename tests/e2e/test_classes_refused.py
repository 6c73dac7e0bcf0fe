"""Attendance the server refuses is never shown as sent (issue 13 item 5), at phone
size: a future session says so at the top and offers no tick boxes; ticks on a
session moved to tomorrow while the page was open come back refused, unticked and listed
in the status box near the top (aria-live), kept apart from the waiting queue."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.classes.models import Attendance
from hocvuso.classes.services import (
    registration_create,
    series_create,
    session_move,
    sessions_generate,
)
from hocvuso.people.services import person_register
from tests.e2e.helpers import PHONE, sign_in


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
        starts_on=today,
        instructors=[instructor],
        capacity=40,
    )
    today_session, next_week = sessions_generate(actor=None, series=series, weeks=2)
    people = []
    for n in range(1, 6):
        person = person_register(
            actor=None, unit=hamlet, full_name=f"Người học số {n:02d}", birth_year=1950
        )
        registration_create(actor=None, series=series, person=person)
        people.append(person)
    return instructor, today_session, next_week, people


def test_a_future_session_says_so_at_the_top_and_offers_no_ticks(
    browser, live_server, hall, assert_accessible
):
    instructor, _, next_week, people = hall
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, instructor)
    page.goto(f"{live_server.url}/classes/sessions/{next_week.pk}/attendance/")
    notice = page.locator("[data-not-yet]")
    expect(notice).to_contain_text("Buổi học này chưa diễn ra")
    expect(notice).to_have_attribute("role", "status")
    # Near the top: visible on the first screen of a phone without scrolling.
    box = notice.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    expect(page.locator("input[name=present]")).to_have_count(0)
    expect(page.get_by_text(people[0].full_name)).to_be_visible()
    expect(page.get_by_text("Đã gửi hết")).to_have_count(0)
    assert_accessible(page)
    context.close()


def test_refused_ticks_are_unticked_listed_and_never_called_sent(
    browser, live_server, hall, assert_accessible
):
    instructor, session, _, people = hall
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, instructor)
    page.goto(f"{live_server.url}/classes/sessions/{session.pk}/attendance/")
    status = page.locator("[data-sync-status]")
    page.get_by_label(people[0].full_name).check()
    expect(status).to_have_attribute("data-waiting", "0", timeout=15000)
    assert Attendance.objects.filter(session=session).count() == 1

    # The commune moves the session to tomorrow while the instructor's page is
    # open: the server now refuses every new mark.
    session_move(
        actor=None,
        session=session,
        starts_at=session.starts_at + datetime.timedelta(days=1),
        reason="Mất điện",
    )
    for person in people[1:4]:
        # click, not check: the refusal may untick the box before check() looks.
        page.get_by_label(person.full_name).click()
    expect(status).to_have_attribute("data-waiting", "0", timeout=15000)
    expect(status).to_contain_text("Không được nhận: 3")
    expect(status).not_to_contain_text("Đã gửi hết")
    expect(status.locator("[data-sync-rejected] li")).to_have_count(3)
    expect(status.locator("[data-sync-rejected]")).to_contain_text("chưa diễn ra")
    expect(status).to_have_attribute("aria-live", "polite")
    for person in people[1:4]:
        expect(page.get_by_label(person.full_name)).not_to_be_checked()
    expect(page.get_by_label(people[0].full_name)).to_be_checked()
    expect(page.locator("[data-count]")).to_have_text("1")
    box = status.bounding_box()
    assert box is not None and box["y"] <= PHONE["height"]  # on the first screen
    assert Attendance.objects.filter(session=session).count() == 1
    assert_accessible(page)
    context.close()
