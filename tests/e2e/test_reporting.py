"""The figures at phone size: the commune's indicators, drill down to its hamlets."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.people.services import milestone_record, person_register
from tests.e2e import helpers

pytestmark = pytest.mark.e2e


@pytest.fixture
def officer(transactional_db, binh_an, make_hamlet, make_staff):
    hamlet = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    year = timezone.localdate().year
    for n in range(6):
        person = person_register(
            actor=None, unit=hamlet, full_name=f"Người {n}", birth_year=year - 30
        )
        if n < 4:
            milestone_record(
                actor=None,
                person=person,
                kind="smartphone",
                achieved_on=timezone.localdate() - datetime.timedelta(days=2),
                source="officer",
            )
    return make_staff(Role.COMMUNE_OFFICER, binh_an)


@pytest.mark.parametrize("javascript", [True, False])
def test_figures_and_drill_down_at_phone_size(
    browser, live_server, officer, assert_accessible, javascript, tmp_path
):
    context = browser.new_context(
        viewport=helpers.PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    base = live_server.url
    helpers.sign_in(page, base, officer)
    page.get_by_role("link", name="Số liệu").first.click()
    expect(page.get_by_role("cell", name="4/6")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if javascript:
        assert_accessible(page)
    page.get_by_role(
        "link", name="I1 · Người trưởng thành dùng điện thoại thông minh"
    ).click()
    expect(page.get_by_role("link", name="Ấp Vĩnh Thành A")).to_be_visible()
    if javascript:
        assert_accessible(page)
    page.screenshot(path=str(tmp_path / "ranking.png"), full_page=True)
    context.close()


def test_figures_page_is_within_60_kb_cold(browser, live_server, officer, binh_an):
    context = browser.new_context(viewport=helpers.PHONE)
    page = context.new_page()
    helpers.sign_in(page, live_server.url, officer)
    url = f"{live_server.url}/figures/{binh_an.code}/"
    total, requests = helpers.cold_bytes(browser, url, context.storage_state())
    assert 0 < total <= 60 * 1024, f"{total} bytes in {requests} requests"
    context.close()
