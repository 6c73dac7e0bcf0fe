"""An officer plans a weekly class, registers people and reads the report;
every page passes axe-core, and the journey works with JavaScript off."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.classes.models import Attendance, Registration
from hocvuso.people.services import person_register
from tests.e2e.helpers import PHONE, sign_in


@pytest.fixture
def commune(transactional_db, binh_an, make_hamlet, make_staff):
    hamlet = make_hamlet(binh_an, "Ấp Bình Hòa")
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ Lan")
    make_staff(Role.INSTRUCTOR, binh_an, "Giảng viên Minh")
    person_register(
        actor=None, unit=hamlet, full_name="Nguyễn Văn Hòa", birth_year=1950
    )
    return officer


@pytest.mark.parametrize("javascript", [True, False])
def test_officer_plans_registers_takes_attendance_and_reports(
    browser, live_server, commune, assert_accessible, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    check = assert_accessible if javascript else (lambda page: None)
    base = live_server.url
    sign_in(page, base, commune)
    page.get_by_role("navigation").get_by_role("link", name="Lớp học").click()
    check(page)
    page.get_by_role("link", name="Mở lớp mới").click()
    check(page)
    page.get_by_label("Xã, phường hoặc ấp").select_option(label="Ấp Bình Hòa")
    page.get_by_label("Tên lớp").fill("Lớp điện thoại cho người cao tuổi")
    page.get_by_label("Loại địa điểm").select_option(label="Nhà văn hóa")
    page.get_by_label("Địa điểm", exact=True).fill("Nhà văn hóa ấp Bình Hòa")
    today = timezone.localdate()
    page.get_by_label("Thứ trong tuần").select_option(str(today.weekday()))
    page.get_by_label("Giờ bắt đầu").fill("07:30")
    page.get_by_label("Bắt đầu từ ngày").fill(
        (today - datetime.timedelta(weeks=1)).isoformat()
    )
    page.get_by_label("Dành cho").select_option(label="Người cao tuổi")
    page.locator("input[name=organisers][value=youth_union]").check()
    page.get_by_label("Giảng viên Minh").check()
    page.locator("input[name=adaptations][value=large_print]").check()
    page.get_by_role("button", name="Tạo lớp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lớp điện thoại cho người cao tuổi"
    )
    page.get_by_label("Số tuần").fill("4")
    page.get_by_role("button", name="Tạo buổi học").click()
    expect(page.get_by_text("Số buổi học mới: 4.")).to_be_visible()
    page.get_by_label("Tìm người theo họ tên").fill("nguyen van hoa")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("button", name=re.compile(r"^Đăng ký\W+Nguyễn Văn Hòa$")).click()
    expect(page.get_by_text("Đã đăng ký cho Nguyễn Văn Hòa.")).to_be_visible()
    page.get_by_label("Họ và tên").fill("Trần Thị Mới")
    page.get_by_role("button", name="Thêm và đăng ký").click()
    expect(page.get_by_text("Đã đăng ký cho Trần Thị Mới.")).to_be_visible()
    check(page)
    assert Registration.objects.filter(status="registered").count() == 2

    page.get_by_role("link", name=today.strftime("%d/%m/%Y"), exact=False).click()
    check(page)
    page.get_by_role("link", name="Điểm danh").click()
    page.get_by_label("Nguyễn Văn Hòa").check()
    if not javascript:
        page.get_by_role("button", name="Lưu điểm danh").click()
        expect(page.get_by_text("Đã lưu điểm danh.")).to_be_visible()
    else:
        expect(page.locator("[data-sync-status]")).to_have_attribute(
            "data-waiting", "0", timeout=15000
        )
        page.reload()
    page.get_by_role(
        "link", name=re.compile(r"^Mức tự tin, việc làm\W+Nguyễn Văn Hòa$")
    ).click()
    check(page)
    page.get_by_role("group", name="Trước buổi học").get_by_role(
        "radio", name="Chưa tự tin"
    ).check()
    page.get_by_role("group", name="Sau buổi học").get_by_role(
        "radio", name="Tự tin", exact=True
    ).check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    attendance = Attendance.objects.get()
    assert (attendance.confidence_before, attendance.confidence_after) == (1, 3)

    page.goto(f"{base}/classes/reports/")
    check(page)
    expect(page.locator(".stats")).to_contain_text("1")
    context.close()
