"""Staff journeys at phone size: sign in, see what is in scope, 404 outside it.

Each journey runs with JavaScript on and off; axe-core checks every page of
the JS-on run (it needs JavaScript to run at all).
"""

import csv
import re

import pytest
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.people.services import household_register, person_register
from tests.e2e import helpers


@pytest.fixture
def world(transactional_db, binh_an, rach_gia, make_hamlet, make_staff):
    hamlet_a = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    hamlet_b = make_hamlet(binh_an, "Ấp Vĩnh Thành B")
    quarter = make_hamlet(rach_gia, "Khu phố Rạch Giồng", kind="quarter")
    homes = {}
    for key, unit, head in [
        ("a", hamlet_a, "Nguyễn Văn An"),
        ("b", hamlet_b, "Trần Thị Bình"),
        ("rg", quarter, "Lâm Quốc Cường"),
    ]:
        household = household_register(
            actor=None, unit=unit, address=f"Số 7, {unit.name}", head_name=head
        )
        person = person_register(
            actor=None,
            unit=unit,
            household=household,
            full_name=head,
            birth_year=1952,
            relation_to_head="Chủ hộ",
            phone="0912 345 678",
        )
        homes[key] = (household, person)
    staff = {
        "officer": make_staff(Role.COMMUNE_OFFICER, binh_an, "Lê Văn Cán Bộ"),
        "volunteer": make_staff(Role.VOLUNTEER, hamlet_a, "Phạm Thị Tình Nguyện"),
    }
    return homes, staff


def sign_in(page, base, user):
    helpers.sign_in(page, base, user)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_officer_sees_their_commune_and_404_elsewhere(
    browser, live_server, world, assert_accessible, javascript
):
    homes, staff = world
    context = browser.new_context(
        viewport=helpers.PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    check = assert_accessible if javascript else (lambda page: None)
    base = live_server.url

    page.goto(f"{base}/sign-in/")
    check(page)
    sign_in(page, base, staff["officer"])
    expect(page.get_by_text("Xã Bình An")).to_be_visible()
    check(page)

    page.get_by_role("navigation").get_by_role("link", name="Hộ gia đình").click()
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    expect(page.get_by_role("link", name="Trần Thị Bình")).to_be_visible()
    expect(page.get_by_text("Lâm Quốc Cường")).to_have_count(0)
    check(page)

    page.get_by_label("Tìm theo tên thành viên hoặc mã hộ").fill("tran thi binh")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Trần Thị Bình")).to_be_visible()
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_have_count(0)

    page.get_by_role("link", name="Trần Thị Bình").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trần Thị Bình")
    check(page)
    page.get_by_role("link", name="Trần Thị Bình").click()
    expect(page.get_by_text("0912345678")).to_be_visible()
    check(page)

    other_household, other_person = homes["rg"]
    response = page.goto(f"{base}/households/{other_household.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
    check(page)
    assert page.goto(f"{base}/people/{other_person.pk}/").status == 404
    api = page.request.get(f"{base}/api/v1/households/{other_household.pk}")
    assert api.status == 404
    assert page.request.get(f"{base}/api/v1/households/{homes['a'][0].pk}").ok
    context.close()


def test_volunteer_gets_404_outside_their_hamlet(browser, live_server, world):
    homes, staff = world
    page = browser.new_page(viewport=helpers.PHONE)
    base = live_server.url
    sign_in(page, base, staff["volunteer"])
    own, _ = homes["a"]
    assert page.goto(f"{base}/households/{own.pk}/").status == 200
    for key in ("b", "rg"):
        household, person = homes[key]
        assert page.goto(f"{base}/households/{household.pk}/").status == 404
        assert page.goto(f"{base}/people/{person.pk}/").status == 404
        assert page.request.get(f"{base}/api/v1/people/{person.pk}").status == 404
    page.close()


def test_pages_pass_axe_with_large_text_and_high_contrast(
    browser, live_server, world, assert_accessible, binh_an
):
    homes, staff = world
    page = browser.new_page(viewport=helpers.PHONE)
    base = live_server.url
    page.goto(f"{base}/")
    assert_accessible(page)
    sign_in(page, base, staff["officer"])
    page.get_by_text("Rất lớn").click()
    page.get_by_text("Tương phản cao").click()
    page.get_by_role("button", name="Áp dụng").click()
    assert page.locator("html").get_attribute("class") == "text-larger contrast-high"
    household, person = homes["a"]
    for path in [
        "/",
        "/units/",
        "/units/?q=vinh+thanh",
        f"/units/{binh_an.code}/",
        f"/units/{binh_an.parent.code}/",
        "/people/?q=nguyen",
        f"/people/{person.pk}/",
        f"/households/{household.pk}/",
        "/imports/new/",
    ]:
        response = page.goto(f"{base}{path}")
        assert response.status in (200, 404), path
        assert (
            page.locator("html").get_attribute("class") == "text-larger contrast-high"
        )
        assert_accessible(page)
    # A form sent back with errors is accessible too.
    page.goto(f"{base}/people/{person.pk}/")
    page.get_by_label("Ngày").fill("2999-01-01")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Ngày không thể ở tương lai.")).to_be_visible()
    assert_accessible(page)
    page.close()


def test_officer_imports_a_resident_list_on_the_page(
    browser, live_server, world, assert_accessible, tmp_path
):
    _, staff = world
    path = tmp_path / "danh-sach.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DANH SÁCH NHÂN KHẨU ẤP VĨNH THÀNH A"])
        writer.writerow([])
        writer.writerow(["STT", "Họ và tên", "Năm sinh", "Số điện thoại", "Ấp"])
        writer.writerow(
            ["1", "Huỳnh Văn Mới", "1948", "0987 654 321", "Ấp Vĩnh Thành A"]
        )
        writer.writerow(["2", "Đỗ Thị Sai", "31/02/1950", "", "Ấp Vĩnh Thành A"])
    page = browser.new_page(viewport=helpers.PHONE)
    base = live_server.url
    sign_in(page, base, staff["officer"])
    page.get_by_role("link", name="Nhập danh sách người dân").click()
    assert_accessible(page)
    page.get_by_label("Danh sách người dân (.xlsx hoặc .csv)").set_input_files(
        str(path)
    )
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.get_by_text("Đã xong")).to_be_visible(timeout=20000)
    expect(page.locator("td", has_text=re.compile("^5$"))).to_be_visible()
    expect(page.get_by_role("cell", name="Năm sinh")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/people/?q=huynh+van+moi")
    expect(page.get_by_role("link", name="Huỳnh Văn Mới")).to_be_visible()
    page.close()


def test_staff_home_is_within_60_kb_cold(browser, live_server, world):
    _, staff = world
    context = browser.new_context(viewport=helpers.PHONE)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, staff["officer"])
    total, requests = helpers.cold_bytes(browser, f"{base}/", context.storage_state())
    assert 0 < total <= 60 * 1024, f"{total} bytes in {requests} requests"
    context.close()
