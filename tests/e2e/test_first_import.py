"""A ward's first import at phone size: its quarters are created on confirmation."""

import csv

import pytest
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.geography.models import Unit
from hocvuso.people.models import Person
from tests.e2e import helpers

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def officer(transactional_db, rach_gia, make_staff):
    return make_staff(Role.COMMUNE_OFFICER, rach_gia, "Lê Văn Cán Bộ")


def ward_list(path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DANH SÁCH NHÂN KHẨU PHƯỜNG RẠCH GIÁ"])
        writer.writerow(["STT", "Họ và tên", "Năm sinh", "Khu phố"])
        for number in range(1, 26):
            quarter = "Rạch Giồng" if number % 2 else "Vĩnh Thanh"
            writer.writerow([number, f"Người Dân Số {number}", 1950 + number, quarter])
    return path


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_officer_checks_a_ward_list_then_creates_its_quarters(
    browser, live_server, officer, rach_gia, assert_accessible, tmp_path, javascript
):
    context = browser.new_context(
        viewport=helpers.PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    base = live_server.url
    helpers.sign_in(page, base, officer)
    page.goto(f"{base}/imports/new/")
    assert page.evaluate(FITS)
    page.get_by_label("Danh sách người dân (.xlsx hoặc .csv)").set_input_files(
        str(ward_list(tmp_path / "danh-sach.csv"))
    )
    page.get_by_label("Chỉ kiểm tra", exact=False).check()
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.get_by_text("Đã xong")).to_be_visible(timeout=20000)
    expect(
        page.get_by_text("Tệp ghi 2 ấp, khu phố mà Phường Rạch Giá chưa có")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="3–27 (25 dòng)")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Rạch Giồng (13), Vĩnh Thanh (12)", exact=False)
    ).to_be_visible()
    assert page.evaluate(FITS)
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)
    if javascript:
        assert_accessible(page)
    assert not Unit.objects.filter(parent=rach_gia).exists()

    page.get_by_label("Đồng ý, tạo các ấp, khu phố này").check()
    page.get_by_role("button", name="Tạo ấp, khu phố và nhập").click()
    expect(page.get_by_text("Đã xong")).to_be_visible(timeout=20000)
    expect(
        page.get_by_text("Đã tạo 2 ấp, khu phố trong Phường Rạch Giá")
    ).to_be_visible()
    assert page.evaluate(FITS)
    assert Person.objects.filter(unit__parent=rach_gia).count() == 25

    page.get_by_role("link", name="Lịch sử nhập danh sách").click()
    expect(page.get_by_role("link", name="danh-sach.csv")).to_have_count(2)
    assert page.evaluate(FITS)
    if javascript:
        assert_accessible(page)
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    context.close()
