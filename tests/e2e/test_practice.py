"""Practice simulators at phone size, driven by the keyboard where sensible.

Each run ends with a "practice:done" event and a result in localStorage; the
tests read both. axe-core checks the list, each simulator and its screens.
"""

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from hocvuso.practice.models import PracticeAttempt
from tests.e2e.helpers import PHONE

# Collect every "practice:done" event of the page in window.__practice.
RECORD = """
window.__practice = [];
document.addEventListener("practice:done", function (e) {
  window.__practice.push(e.detail);
});
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.add_init_script(RECORD)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def results(page):
    return page.evaluate("window.__practice")


def stored(page):
    return json.loads(
        page.evaluate("localStorage.getItem('hocvuso.practice.results')") or "[]"
    )


def press(page, name):
    """Focus a button by its name and press Enter, as a keyboard user does."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    page.keyboard.press("Enter")


def open_sim(page, live_server, path):
    page.goto(f"{live_server.url}/practice/{path}")
    expect(page.locator(".pw-app")).to_be_visible()


def vietqr_check_screen(page):
    press(page, "Mở ứng dụng ngân hàng và quét mã")
    heading = page.get_by_role("heading", name="Kiểm tra trước khi trả tiền")
    expect(heading).to_be_focused()


def test_list_and_every_simulator_are_accessible(
    phone, live_server, transactional_db, assert_accessible
):
    phone.goto(f"{live_server.url}/practice/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Luyện tập an toàn")
    assert_accessible(phone)
    for slug in ["vietqr-pay", "public-service", "spot-scam", "vneid"]:
        phone.goto(f"{live_server.url}/practice/{slug}/")
        expect(phone.locator(".pw-app")).to_be_visible()
        expect(phone.locator(".pw-static")).to_be_hidden()
        assert_accessible(phone)


def test_vietqr_normal_payment_by_keyboard(
    phone, live_server, transactional_db, assert_accessible
):
    open_sim(phone, live_server, "vietqr-pay/?scenario=normal")
    vietqr_check_screen(phone)
    app = phone.locator(".pw-app")
    expect(app).to_contain_text("NGUYEN THI BA")
    expect(app).to_contain_text("95.000 đ")
    expect(app).to_contain_text("Agribank")
    assert_accessible(phone)
    press(phone, "Đúng, tiếp tục")
    pin = phone.get_by_label("Mã PIN luyện tập")
    expect(phone.get_by_text("bác gõ 1357")).to_be_visible()
    pin.focus()
    phone.keyboard.type("1111")
    phone.keyboard.press("Enter")
    expect(phone.locator(".pw-live")).to_have_text(
        "Chưa đúng mã PIN luyện tập. Bác gõ 1357."
    )
    expect(pin).to_be_focused()
    expect(pin).to_have_attribute("aria-invalid", "true")
    phone.keyboard.press("Control+A")
    phone.keyboard.type("1357")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Làm tốt lắm")).to_be_focused()
    [done] = results(phone)
    assert done["simulator"] == "vietqr-pay"
    assert (done["scenario"], done["completed"], done["mistakes"]) == (
        "normal",
        True,
        [],
    )
    assert stored(phone) == [done]


def test_vietqr_wrong_recipient_noticed(phone, live_server, transactional_db):
    open_sim(phone, live_server, "vietqr-pay/?scenario=wrong-recipient")
    # The shop's sign names the owner; the code under the sticker does not.
    expect(phone.locator(".pw-shop")).to_contain_text("NGUYEN THI BA")
    vietqr_check_screen(phone)
    expect(phone.locator(".pw-app")).to_contain_text("TRAN VAN TUAN")
    expect(phone.locator(".pw-app")).to_contain_text("BIDV")
    press(phone, "Sai, dừng lại: không trả tiền")
    expect(phone.locator(".pw-app")).to_contain_text(
        "Đúng rồi! Dừng lại là cách an toàn."
    )
    [done] = results(phone)
    assert (done["scenario"], done["completed"], done["mistakes"]) == (
        "wrong-recipient",
        True,
        [],
    )


def test_vietqr_wrong_recipient_not_noticed(phone, live_server, transactional_db):
    open_sim(phone, live_server, "vietqr-pay/?scenario=wrong-recipient")
    vietqr_check_screen(phone)
    press(phone, "Đúng, tiếp tục")
    phone.get_by_label("Mã PIN luyện tập").fill("1357")
    phone.keyboard.press("Enter")
    app = phone.locator(".pw-app")
    expect(app).to_contain_text("Cẩn thận: bác đã trả tiền dù thông tin không đúng.")
    expect(app).to_contain_text("dán mã QR của chúng đè lên")
    [done] = results(phone)
    assert done["mistakes"] == ["paid_wrong_recipient"]
    assert stored(phone)[-1]["mistakes"] == ["paid_wrong_recipient"]
    # Not signed in: nothing leaves the device.
    assert not PracticeAttempt.objects.exists()


def test_vietqr_works_with_the_network_cut_after_loading(
    phone, live_server, transactional_db
):
    open_sim(phone, live_server, "vietqr-pay/?scenario=wrong-amount")
    requests = []
    phone.on("request", lambda r: requests.append(r.url))
    phone.context.set_offline(True)
    vietqr_check_screen(phone)
    expect(phone.locator(".pw-app")).to_contain_text("950.000 đ")
    press(phone, "Sai, dừng lại: không trả tiền")
    expect(phone.get_by_role("heading", name="Làm tốt lắm")).to_be_visible()
    assert results(phone)[0]["mistakes"] == []
    assert stored(phone)[0]["scenario"] == "wrong-amount"
    assert requests == []


def test_vietqr_without_javascript_shows_scenario_and_explanation(
    browser, live_server, transactional_db
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/practice/vietqr-pay/?scenario=wrong-recipient")
    expect(
        page.get_by_role("img", name="Mã QR nhận tiền của Tạp hóa Cô Ba")
    ).to_be_visible()
    static = page.locator(".pw-static")
    expect(static).to_contain_text("TRAN VAN TUAN")
    expect(static).to_contain_text("Đúng là phải dừng lại")
    expect(page.locator(".pw-app")).to_be_hidden()
    context.close()


def test_signed_in_learner_result_reaches_the_server_once(
    phone, live_server, transactional_db, binh_an
):
    from hocvuso.assessment.services import pin_set
    from hocvuso.people.services import person_register
    from hocvuso.practice.tests.conftest import learner_session_key

    person = person_register(
        actor=None,
        unit=binh_an,
        full_name="Trần Thị Lan",
        phone="0912000111",
        birth_year=1955,
    )
    pin_set(actor=None, person=person, pin="482916")
    host = live_server.url.split("//")[1].split(":")[0]
    phone.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": learner_session_key(person),
                "domain": host,
                "path": "/",
            }
        ]
    )
    open_sim(phone, live_server, "vietqr-pay/?scenario=wrong-recipient")
    vietqr_check_screen(phone)
    with phone.expect_response("**/api/v1/practice/results") as answer:
        press(phone, "Sai, dừng lại: không trả tiền")
    assert answer.value.status == 201
    expect(phone.locator(".pw-app")).to_contain_text(
        "Kết quả được lưu vào hồ sơ học tập của bác."
    )
    attempt = PracticeAttempt.objects.get()
    assert (attempt.person, attempt.scenario, attempt.mistakes) == (
        person,
        "wrong-recipient",
        [],
    )
    outbox = phone.evaluate("localStorage.getItem('hocvuso.practice.outbox')")
    assert json.loads(outbox) == []


def test_offline_learner_result_is_sent_when_back_online(
    phone, live_server, transactional_db, binh_an
):
    from hocvuso.assessment.services import pin_set
    from hocvuso.people.services import person_register
    from hocvuso.practice.tests.conftest import learner_session_key

    person = person_register(
        actor=None, unit=binh_an, full_name="Lê Văn Tám", phone="0912000333"
    )
    pin_set(actor=None, person=person, pin="482916")
    host = live_server.url.split("//")[1].split(":")[0]
    phone.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": learner_session_key(person),
                "domain": host,
                "path": "/",
            }
        ]
    )
    open_sim(phone, live_server, "vneid/")
    phone.context.set_offline(True)
    vneid_run(phone, give_otp=True)
    outbox = json.loads(
        phone.evaluate("localStorage.getItem('hocvuso.practice.outbox')")
    )
    assert [o["mistakes"] for o in outbox] == [["shared_too_much", "gave_otp"]]
    assert not PracticeAttempt.objects.exists()
    with phone.expect_response("**/api/v1/practice/results"):
        phone.context.set_offline(False)
    phone.wait_for_function(
        "JSON.parse(localStorage.getItem('hocvuso.practice.outbox')).length === 0"
    )
    assert PracticeAttempt.objects.get().mistakes == ["shared_too_much", "gave_otp"]


def test_public_service_birth_registration(
    phone, live_server, transactional_db, assert_accessible
):
    open_sim(phone, live_server, "public-service/?scenario=birth")
    search = phone.get_by_label("Tìm dịch vụ công")
    search.focus()
    phone.keyboard.type("khai sinh")
    phone.keyboard.press("Enter")
    expect(phone.locator(".pw-live")).to_have_text("Dịch vụ tìm được: 1")
    press_choice = phone.get_by_role("button", name="Đăng ký khai sinh")
    press_choice.focus()
    phone.keyboard.press("Enter")
    press(phone, "Đăng nhập bằng tài khoản định danh điện tử VNeID (luyện tập)")
    expect(phone.get_by_role("heading", name="Điền tờ khai")).to_be_focused()
    # Submitting empty shows a Vietnamese message at the first field.
    press(phone, "Tiếp tục")
    child = phone.get_by_label("Họ và tên trẻ")
    expect(child).to_be_focused()
    expect(phone.locator(".pw-live")).to_have_text("Bác cần điền: Họ và tên trẻ.")
    assert_accessible(phone)
    child.fill("Lê Minh An")
    phone.get_by_label("Ngày sinh").fill("20-11-2026")
    phone.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh")
    phone.get_by_label("Quan hệ với trẻ").select_option("Mẹ")
    press(phone, "Tiếp tục")
    expect(phone.get_by_label("Ngày sinh")).to_be_focused()
    phone.get_by_label("Ngày sinh").fill("20/11/2026")
    press(phone, "Tiếp tục")
    expect(phone.get_by_role("heading", name="Đính kèm giấy tờ")).to_be_focused()
    phone.get_by_label("Ảnh mâm cơm gia đình").check()
    press(phone, "Tiếp tục")
    expect(phone.locator(".pw-live")).to_have_text(
        "Ảnh này không phải giấy tờ được yêu cầu."
    )
    phone.get_by_label("Ảnh Giấy chứng sinh của bệnh viện").check()
    press(phone, "Tiếp tục")
    press(phone, "Nộp hồ sơ")
    expect(phone.locator(".pw-live")).to_have_text(
        "Bác đánh dấu vào ô cam đoan trước khi nộp."
    )
    phone.get_by_label("Tôi cam đoan thông tin trên là đúng sự thật.").check()
    press(phone, "Nộp hồ sơ")
    expect(phone.get_by_role("heading", name="Trạng thái hồ sơ")).to_be_focused()
    assert_accessible(phone)
    for _ in range(3):
        press(phone, "Xem lại trạng thái")
    expect(phone.locator(".pw-app")).to_contain_text("Hồ sơ của bác đã có kết quả.")
    [done] = results(phone)
    assert done["completed"] is True
    assert sorted(done["mistakes"]) == ["form_incomplete", "wrong_document"]


def test_public_service_wrong_service_is_a_mistake(
    phone, live_server, transactional_db
):
    open_sim(phone, live_server, "public-service/?scenario=residence")
    phone.get_by_label("Tìm dịch vụ công").fill("dang ky")
    phone.keyboard.press("Enter")
    phone.get_by_role("button", name="Đăng ký kết hôn").click()
    expect(phone.locator(".pw-live")).to_have_text(
        "Đây không phải dịch vụ bác cần. Bác đọc lại đề bài nhé."
    )
    phone.get_by_label("Tìm dịch vụ công").fill("cu tru")
    phone.keyboard.press("Enter")
    phone.get_by_role("button", name="Xác nhận thông tin về cư trú").click()
    press(phone, "Đăng nhập bằng tài khoản định danh điện tử VNeID (luyện tập)")
    phone.get_by_label("Mục đích xin xác nhận").fill("Bổ sung hồ sơ xin việc")
    phone.get_by_label("Cách nhận kết quả").select_option("Nhận bản điện tử")
    press(phone, "Tiếp tục")
    # No attachment for this service: straight to the review.
    expect(phone.get_by_role("heading", name="Kiểm tra và nộp hồ sơ")).to_be_focused()
    phone.get_by_label("Tôi cam đoan thông tin trên là đúng sự thật.").check()
    press(phone, "Nộp hồ sơ")
    for _ in range(3):
        press(phone, "Xem lại trạng thái")
    assert results(phone)[0]["mistakes"] == ["wrong_service"]


def test_spot_scam_all_right_by_keyboard(
    phone, live_server, transactional_db, assert_accessible
):
    open_sim(phone, live_server, "spot-scam/?scenario=mixed")
    config = json.loads(phone.locator("#pw1-data").text_content())
    total = len(config["items"])
    for n, item in enumerate(config["items"], start=1):
        expect(phone.locator(".pw-title")).to_have_text(f"Tình huống {n} trên {total}")
        press(phone, "An toàn" if item["answer"] == "safe" else "Lừa đảo")
        answer = phone.locator(".pw-answer")
        expect(answer).to_be_focused()
        expect(answer).to_contain_text("Đúng rồi.")
        if n == 1:
            assert_accessible(phone)
        press(phone, "Tình huống tiếp theo")
    expect(phone.locator(".pw-app")).to_contain_text(
        f"Đúng {total} trên {total} tình huống."
    )
    assert results(phone)[0]["mistakes"] == []


def test_spot_scam_records_each_misjudged_item(phone, live_server, transactional_db):
    open_sim(phone, live_server, "spot-scam/?scenario=calls")
    # Trust every caller: all four are scams.
    for _ in range(4):
        press(phone, "An toàn")
        expect(phone.locator(".pw-answer")).to_contain_text("Chưa đúng.")
        press(phone, "Tình huống tiếp theo")
    assert results(phone)[0]["mistakes"] == [
        "otp-call",
        "power-call",
        "police-call",
        "relative-loan",
    ]


def vneid_run(page, *, give_otp):
    page.get_by_label("Số định danh cá nhân").fill("091000000123")
    page.get_by_label("Mật khẩu").fill("Luyentap@1")
    page.keyboard.press("Enter")
    press(page, "Ví giấy tờ")
    press(page, "Mở: Thẻ căn cước")
    expect(page.locator(".pw-app")).to_contain_text("Mức định danh: mức 2")
    press(page, "Quay lại")
    press(page, "Quay lại")
    press(page, "Chia sẻ thông tin bằng mã QR")
    page.get_by_label("Thẻ căn cước").check()
    page.get_by_label("Thẻ bảo hiểm y tế").check()
    press(page, "Tạo mã QR")
    expect(page.locator(".pw-live")).to_contain_text("Bác đã chọn nhiều hơn mức cần")
    page.get_by_label("Thẻ bảo hiểm y tế").uncheck()
    press(page, "Tạo mã QR")
    expect(
        page.get_by_role("img", name="Mã QR luyện tập để chia sẻ thông tin")
    ).to_be_visible()
    press(page, "Xong")
    expect(page.get_by_role("heading", name="Cuộc gọi đến")).to_be_focused()
    press(page, "Đọc mã OTP cho người gọi" if give_otp else "Từ chối và gác máy")


def test_vneid_refusing_the_otp(
    phone, live_server, transactional_db, assert_accessible
):
    open_sim(phone, live_server, "vneid/")
    phone.get_by_label("Số định danh cá nhân").fill("091000000999")
    phone.get_by_label("Mật khẩu").fill("sai")
    phone.keyboard.press("Enter")
    expect(phone.locator(".pw-live")).to_have_text(
        "Số định danh hoặc mật khẩu chưa đúng với bài luyện tập."
    )
    assert_accessible(phone)
    vneid_run(phone, give_otp=False)
    expect(phone.locator(".pw-app")).to_contain_text(
        "Đúng rồi! Không bao giờ đưa mã OTP cho ai."
    )
    assert_accessible(phone)
    assert results(phone)[0]["mistakes"] == ["shared_too_much"]


def test_vneid_giving_the_otp_is_recorded(phone, live_server, transactional_db):
    open_sim(phone, live_server, "vneid/")
    vneid_run(phone, give_otp=True)
    expect(phone.locator(".pw-app")).to_contain_text(
        "Cẩn thận: bác đã đưa mã OTP cho kẻ lừa đảo."
    )
    assert results(phone)[0]["mistakes"] == ["shared_too_much", "gave_otp"]
    press(phone, "Làm lại từ đầu")
    expect(phone.get_by_label("Số định danh cá nhân")).to_be_visible()


def test_simulator_page_opens_again_with_the_network_cut(
    phone, live_server, transactional_db
):
    open_sim(phone, live_server, "vietqr-pay/?scenario=wrong-recipient")
    expect(
        phone.get_by_text(
            "Đã lưu trên máy: bài luyện tập này dùng được cả khi mất sóng."
        )
    ).to_be_visible()
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator(".pw-app")).to_be_visible()
    vietqr_check_screen(phone)
    expect(phone.locator(".pw-app")).to_contain_text("TRAN VAN TUAN")
    press(phone, "Sai, dừng lại: không trả tiền")
    [done] = results(phone)
    assert (done["scenario"], done["mistakes"]) == ("wrong-recipient", [])


def test_larger_text_and_high_contrast_stay_accessible(
    phone, live_server, transactional_db, assert_accessible
):
    open_sim(phone, live_server, "vietqr-pay/?scenario=wrong-recipient")
    phone.get_by_label("Rất lớn").check()
    phone.get_by_label("Tương phản cao").check()
    phone.get_by_role("button", name="Áp dụng").click()
    expect(phone.locator("html")).to_have_class(
        re.compile(r"\btext-larger contrast-high\b")
    )
    vietqr_check_screen(phone)
    assert_accessible(phone)
    # Nothing is wider than the phone at the largest text size.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
