"""The public calendar of a commune: no sign-in, no JavaScript needed, only
that commune's upcoming sessions, and no axe-core violations."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.classes.services import series_create, session_cancel, sessions_generate
from tests.e2e.helpers import PHONE


@pytest.fixture
def two_communes(transactional_db, binh_an, rach_gia, make_hamlet):
    today = timezone.localdate()
    hamlet = make_hamlet(binh_an, "Ấp Bình Hòa")
    ours = series_create(
        actor=None,
        unit=hamlet,
        title="Lớp điện thoại cho người cao tuổi",
        venue_kind="cultural_house",
        venue_name="Nhà văn hóa ấp Bình Hòa",
        weekday=today.weekday(),
        start_time=datetime.time(8, 0),
        starts_on=today - datetime.timedelta(weeks=3),
        audience="older_people",
        organisers=["youth_union"],
        adaptations=["large_print", "khmer_interpreter"],
    )
    sessions = sessions_generate(actor=None, series=ours, weeks=8)
    session_cancel(actor=None, session=sessions[5], reason="Trùng lễ hội của ấp")
    theirs = series_create(
        actor=None,
        unit=rach_gia,
        title="Lớp thanh toán QR ở phường",
        venue_kind="commune_hall",
        venue_name="Hội trường phường Rạch Giá",
        weekday=today.weekday(),
        start_time=datetime.time(19, 0),
        starts_on=today,
    )
    sessions_generate(actor=None, series=theirs, weeks=4)
    return ours, sessions, theirs


@pytest.mark.parametrize("javascript", [True, False])
def test_commune_calendar_lists_only_its_upcoming_sessions(
    browser, live_server, two_communes, assert_accessible, javascript
):
    ours, sessions, theirs = two_communes
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/classes/30898/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lớp học cộng đồng tại Xã Bình An"
    )
    since = timezone.now() - datetime.timedelta(hours=2)  # as the calendar does
    upcoming = [s for s in sessions if s.starts_at >= since]
    main = page.locator("main")
    expect(main.get_by_role("link", name=ours.title)).to_have_count(len(upcoming))
    expect(main).not_to_contain_text(theirs.title)
    expect(main).to_contain_text("Trùng lễ hội của ấp")
    for past in sessions[:3]:
        day = timezone.localtime(past.starts_at).strftime("%d/%m/%Y")
        expect(main).not_to_contain_text(day)
    if javascript:  # axe-core runs as a script in the page
        assert_accessible(page)

    main.get_by_role("link", name=ours.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ours.title)
    expect(page.locator("main")).to_contain_text("Phiên dịch tiếng Khmer")
    if javascript:
        assert_accessible(page)
    context.close()
