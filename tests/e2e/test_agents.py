"""The Đại lý số network in the browser at phone size: a resident finds the
nearest agent for VNeID help without signing in and without JavaScript; an
officer registers an agent and logs the help it gave. Every page passes
axe-core, fits 360 px, and the public page stays within 60 KB cold."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.programmes.agents.models import AgentKind, AgentService, HelpLog
from hocvuso.programmes.agents.services import (
    agent_catalogue_defaults_ensure,
    agent_create,
    hamlet_centre_set,
)
from tests.e2e.helpers import PHONE, cold_bytes, sign_in

COLD_BUDGET = 60 * 1024


@pytest.fixture
def network(transactional_db, binh_an, rach_gia, make_hamlet, make_staff):
    agent_catalogue_defaults_ensure()
    kinds = {k.code: k for k in AgentKind.objects.all()}
    services = {s.code: s for s in AgentService.objects.all()}
    home = make_hamlet(binh_an, "Ấp Bình Hòa")
    other = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    make_hamlet(binh_an, "Ấp Kênh Mới")
    hamlet_centre_set(actor=None, unit=home, latitude="10.1000", longitude="105.1000")

    def agent(unit, name, kind, codes, lat, lon):
        return agent_create(
            actor=None,
            unit=unit,
            name=name,
            kind=kinds[kind],
            services=[services[c] for c in codes],
            address="Đường liên ấp",
            opening_hours="7:00–17:00",
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            contact_phone="0912345678",
        )

    agent(other, "Tạp hóa Cô Ba", "shop", ["vneid", "bank_account"], "10.14", "105.10")
    agent(binh_an, "Bưu điện văn hóa xã", "post_office", ["vneid"], "10.11", "105.10")
    agent(home, "Điểm Viettel Bình Hòa", "telecom", ["sim"], "10.10", "105.10")
    agent(rach_gia, "Đại lý Rạch Giá", "bank_agent", ["vneid"], "10.01", "105.08")
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ Lan")
    return {"officer": officer, "services": services}


@pytest.mark.parametrize("javascript", [False, True])
def test_resident_finds_the_nearest_agent_for_vneid_help(
    browser, live_server, network, assert_accessible, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/agents/30898/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nơi hỗ trợ dịch vụ số tại Xã Bình An"
    )
    if javascript:
        assert_accessible(page)
    page.get_by_label("Ấp của bạn").select_option(label="Ấp Bình Hòa")
    page.get_by_label("Cần hỗ trợ việc gì").select_option(
        label="Hỗ trợ VNeID (định danh điện tử)"
    )
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Gần Ấp Bình Hòa nhất trước: Hỗ trợ VNeID (định danh điện tử)"
    )
    found = page.locator("main ol.cards > li")
    expect(found).to_have_count(2)  # the SIM-only point and Rạch Giá are left out
    expect(found.first).to_contain_text("Bưu điện văn hóa xã")
    expect(found.first).to_contain_text("Khoảng 1,1 km")
    expect(found.nth(1)).to_contain_text("Tạp hóa Cô Ba")
    expect(found.first.get_by_role("link", name="0912345678")).to_have_attribute(
        "href", "tel:0912345678"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if javascript:
        assert_accessible(page)
    context.close()


def test_public_page_stays_within_60_kb_cold(browser, live_server, network):
    sent, requests = cold_bytes(
        browser, f"{live_server.url}/agents/30898/?hamlet=30898-001&service=vneid"
    )
    assert sent <= COLD_BUDGET, f"{sent} bytes in {requests} requests"


@pytest.mark.parametrize("javascript", [False, True])
def test_officer_registers_an_agent_and_logs_its_help(
    browser, live_server, network, assert_accessible, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    check = assert_accessible if javascript else (lambda page: None)
    sign_in(page, live_server.url, network["officer"])
    page.get_by_role("navigation").get_by_role("link", name="Đại lý số").click()
    check(page)
    page.get_by_role("link", name="Đăng ký đại lý").click()
    page.get_by_role("button", name="Đăng ký").click()  # nothing filled in
    expect(page.locator("main")).to_contain_text("Nhập tên đại lý.")
    expect(page.locator("main")).to_contain_text(
        "Chọn ít nhất một dịch vụ đại lý hỗ trợ."
    )
    check(page)
    page.get_by_label("Xã, phường hoặc ấp").select_option(label="— Ấp Kênh Mới")
    page.get_by_label("Tên đại lý").fill("Tạp hóa Út Hạnh")
    page.get_by_label("Loại đại lý").select_option(label="Cửa hàng, tạp hóa")
    page.get_by_label("Hỗ trợ VNeID (định danh điện tử)").check()
    page.get_by_label("Sổ sức khỏe điện tử").check()
    page.get_by_label("Địa chỉ").fill("Đầu cầu Kênh Mới")
    page.get_by_label("Giờ mở cửa").fill("6:00–21:00 mỗi ngày")
    page.get_by_label("Vĩ độ").fill("105.1")  # swapped by mistake
    page.get_by_label("Kinh độ").fill("10.1")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator("main")).to_contain_text("Vị trí này nằm ngoài Việt Nam.")
    page.get_by_label("Vĩ độ").fill("10.1")
    page.get_by_label("Kinh độ").fill("105.1")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tạp hóa Út Hạnh")
    check(page)
    page.get_by_role("link", name="Ghi số người được hỗ trợ").click()
    page.get_by_label("Hỗ trợ VNeID (định danh điện tử)").fill("4")
    page.get_by_label("Sổ sức khỏe điện tử").fill("2")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu số người được hỗ trợ")
    check(page)
    page.get_by_role("button", name="Lưu").click()  # sent again
    assert sorted(HelpLog.objects.values_list("count", flat=True)) == [2, 4]
    assert HelpLog.objects.get(count=4).day == timezone.localdate()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live_server.url}/programmes/agents/coverage/")
    expect(page.locator("main")).to_contain_text("Xã Bình An")
    check(page)
    context.close()
