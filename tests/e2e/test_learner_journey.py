"""An older learner's journey at phone size, and the volunteer's side of it.

Home → the digital payment course → lesson 3 → larger text → the VietQR
practice, noticing the wrong recipient → the quick check → sign in with
phone and PIN → the completion record → its public verify page. Then, with
the network cut, the lesson and the simulator work again from the phone.
axe-core finds no violation on any page.
"""

import re

import pytest
from playwright.sync_api import expect

from hocvuso.assessment.services import pin_set
from hocvuso.people.services import person_register
from tests.e2e.helpers import PHONE, cold_bytes, cut_network, sign_in

PIN = "482916"
COURSE = "thanh-toan-so"
LESSON = "quet-ma-va-kiem-tra"


@pytest.fixture
def world(transactional_db, binh_an, make_hamlet, make_staff):
    from hocvuso.learning.services import content_load, framework_load

    framework_load(actor=None)
    content_load(actor=None)
    hamlet = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    learner = person_register(
        actor=None,
        unit=hamlet,
        full_name="Nguyễn Thị Tư",
        phone="0912345678",
        birth_year=1954,
    )
    pin_set(actor=None, person=learner, pin=PIN)
    volunteer = make_staff("volunteer", hamlet, "Đoàn viên Hòa")
    return learner, volunteer


def test_older_learner_journey(browser, live_server, world, assert_accessible):
    learner, _volunteer = world
    base = live_server.url
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", service_workers="allow"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Home, then the lessons: no account needed.
    page.goto(f"{base}/")
    assert_accessible(page)
    page.locator("main a[href='/learn/']").first.click()
    expect(page).to_have_url(re.compile("/learn/$"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("thanh toán", re.I)).first.click()
    expect(page).to_have_url(re.compile(f"/learn/{COURSE}/$"))
    assert_accessible(page)
    page.locator(f"a[href$='/learn/{COURSE}/{LESSON}/']").first.click()
    expect(page).to_have_url(re.compile(f"/learn/{COURSE}/{LESSON}/"))
    assert_accessible(page)

    # Larger text, kept for the next pages.
    page.get_by_label("Rất lớn").check()
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.locator("html")).to_have_class(re.compile("text-larger"))
    expect(page).to_have_url(re.compile(f"/learn/{COURSE}/{LESSON}/"))

    # The VietQR practice: the code on the counter pays someone else.
    widget = page.locator(".pw-app").first
    expect(widget).to_be_visible()
    widget.get_by_role("button", name="Mở ứng dụng ngân hàng và quét mã").click()
    expect(widget).to_contain_text("TRAN VAN TUAN")
    assert_accessible(page)
    widget.get_by_role("button", name="Sai, dừng lại: không trả tiền").click()
    expect(widget).to_contain_text("Đúng rồi! Dừng lại là cách an toàn.")

    # The quick check, answered in place.
    check = page.locator("form[data-check]").first
    answer = int(check.get_attribute("data-answer"))
    check.locator("input[name=choice]").nth(answer).check()
    check.get_by_role("button", name="Kiểm tra").click()
    expect(check.locator("[data-right]")).to_be_visible()
    assert_accessible(page)

    # The completion record asks to sign in, then shows the course's lessons.
    page.get_by_role("navigation", name="Bạn đang ở đây").get_by_role(
        "link", name=re.compile("thanh toán", re.I)
    ).click()
    page.get_by_role("link", name="Nhận giấy xác nhận hoàn thành").click()
    assert_accessible(page)
    page.get_by_role("link", name="Đăng nhập bằng số điện thoại và mã PIN").click()
    assert_accessible(page)
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Mã PIN (6 chữ số)").fill(PIN)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(f"/learn/{COURSE}/record/$"))
    expect(page.get_by_text("Đã điền sẵn từ điện thoại này.")).to_be_visible()
    assert_accessible(page)
    # Lesson 3 came from the phone; the learner answers the other lessons here.
    for fieldset in page.locator("fieldset.lesson-record").all():
        done = fieldset.locator("input[type=checkbox]")
        if not done.is_checked():
            done.check()
        for question in fieldset.locator("fieldset.question").all():
            if not question.locator("input:checked").count():
                block = question.locator("input").first.get_attribute("name")
                right = _right_answer(int(block.removeprefix("check-")))
                question.locator("input").nth(right).check()
    page.get_by_role("button", name="Nhận giấy ghi nhận").click()
    expect(
        page.get_by_text("Chúc mừng bạn! Đây là giấy ghi nhận của bạn.")
    ).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Tư")).to_be_visible()
    expect(
        page.get_by_role("img", name="Mã QR để kiểm tra giấy ghi nhận này")
    ).to_be_visible()
    assert_accessible(page)
    certificate = learner.certificates.get()

    # Anyone can check the record: initials only.
    page.locator(f"a[href$='/verify/{certificate.code}']").click()
    expect(page.get_by_text("Giấy ghi nhận này còn giá trị.")).to_be_visible()
    expect(page.get_by_text("N. T. T.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Nguyễn Thị Tư")
    assert_accessible(page)

    # No signal: the lesson and its practice open again from the phone.
    page.goto(f"{base}/learn/{COURSE}/{LESSON}/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    expect(page.locator("[data-offline-mark]").first).to_be_visible()
    cut_network(context)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    widget = page.locator(".pw-app").first
    widget.get_by_role("button", name="Mở ứng dụng ngân hàng và quét mã").click()
    widget.get_by_role("button", name="Sai, dừng lại: không trả tiền").click()
    expect(widget).to_contain_text("Đúng rồi! Dừng lại là cách an toàn.")
    context.close()
    assert errors == []


def _right_answer(block_id: int) -> int:
    from hocvuso.learning.models import Block

    return Block.objects.get(pk=block_id).data["answer"]


def test_volunteer_checks_a_task_and_prints_a_card(
    browser, live_server, world, assert_accessible
):
    learner, volunteer = world
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, volunteer)
    page.goto(f"{base}/assessment/people/{learner.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Thị Tư")
    expect(page.get_by_text("Chưa đạt.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Việc người học đã làm").select_option("5.2.t2")
    page.get_by_label("Tự làm được").check()
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_text("Đã lưu kết quả quan sát.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("^5.2 "))
    expect(row).to_contain_text("✓")
    assert_accessible(page)

    page.get_by_role("button", name="Làm và in thẻ").click()
    expect(page.get_by_role("heading", name="Thẻ đăng nhập để học")).to_be_visible()
    expect(page.get_by_role("img", name="Mã QR để đăng nhập")).to_be_visible()
    expect(page.get_by_text("N. T. T.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Quay lại hồ sơ học tập").click()
    page.get_by_role("button", name=re.compile("Thu hồi thẻ số")).click()
    expect(page.get_by_text("Đã thu hồi thẻ.", exact=False)).to_be_visible()
    context.close()


def test_record_without_javascript(browser, live_server, world):
    """Sign-in, the record form and verify are plain HTML forms.

    (axe-core needs JavaScript; the same pages are checked in the tests above.)
    """
    learner, _volunteer = world
    base = live_server.url
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/learner/sign-in/?next=/learn/{COURSE}/record/")
    page.get_by_label("Số điện thoại").fill(learner.phone)
    page.get_by_label("Mã PIN (6 chữ số)").fill("000000")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Số điện thoại hoặc mã PIN không đúng."
    )
    page.get_by_label("Mã PIN (6 chữ số)").fill(PIN)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(f"/learn/{COURSE}/record/$"))
    page.get_by_role("button", name="Nhận giấy ghi nhận").click()
    expect(page.get_by_text("Hãy trả lời tất cả các câu hỏi.").first).to_be_visible()
    for fieldset in page.locator("fieldset.lesson-record").all():
        fieldset.locator("input[type=checkbox]").check()
        for question in fieldset.locator("fieldset.question").all():
            block = question.locator("input").first.get_attribute("name")
            question.locator("input").nth(
                _right_answer(int(block.removeprefix("check-")))
            ).check()
    page.get_by_role("button", name="Nhận giấy ghi nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Giấy ghi nhận hoàn thành khóa học"
    )
    code = learner.certificates.get().code
    page.goto(f"{base}/verify/")
    page.get_by_label("Mã số trên giấy ghi nhận").fill(code.lower())
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_text("Giấy ghi nhận này còn giá trị.")).to_be_visible()
    context.close()


def test_learner_pages_are_within_60_kb_cold(browser, live_server, world):
    from hocvuso.assessment.services import course_record_submit
    from hocvuso.assessment.tests.test_certificates import right_answers
    from hocvuso.learning.selectors import course_get

    learner, _volunteer = world
    base = live_server.url
    signed_in = browser.new_context(viewport=PHONE)
    page = signed_in.new_page()
    page.goto(f"{base}/learner/sign-in/")
    page.get_by_label("Số điện thoại").fill(learner.phone)
    page.get_by_label("Mã PIN (6 chữ số)").fill(PIN)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc học của tôi")
    state = signed_in.storage_state()
    signed_in.close()
    course = course_get(COURSE)
    record_url = f"{base}/learn/{COURSE}/record/"
    pages = [f"{base}/learner/sign-in/", record_url]
    for url in pages:
        assert 0 < cold_bytes(browser, url, state)[0] <= 60 * 1024, url
    _r, certificate = course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    for url in [
        f"{base}/records/{certificate.code}/",
        f"{base}/verify/{certificate.code}",
    ]:
        assert 0 < cold_bytes(browser, url, state)[0] <= 60 * 1024, url
