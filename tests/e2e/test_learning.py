"""An older learner on a phone: a payment lesson, larger text, a quick check,
read-aloud, progress on the device, and the lesson again with no signal."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from hocvuso.learning.services import content_load, framework_load
from hocvuso.learning.tests.packs import REPO_CONTENT
from tests.e2e.helpers import PHONE, cut_network, restore_network

LESSON = "Quét mã và kiểm tra trước khi trả tiền"


@pytest.fixture
def lessons(transactional_db, settings):
    settings.HOCVUSO_CONTENT_DIR = REPO_CONTENT
    framework_load(actor=None, path=REPO_CONTENT / "framework.yaml")
    content_load(actor=None, root=REPO_CONTENT)


def progress(page):
    return json.loads(page.evaluate("localStorage.getItem('hocvuso.progress')") or "{}")


def open_payment_lesson(page, base):
    page.goto(f"{base}/learn/")
    expect(page.get_by_role("heading", name="Học kỹ năng số")).to_be_visible()
    page.get_by_role("link", name="Thanh toán số: trả tiền bằng mã QR an toàn").click()
    page.get_by_role("link", name=LESSON).click()
    expect(page.get_by_role("heading", level=1, name=LESSON)).to_be_visible()


def test_lesson_journey_then_offline(browser, live_server, lessons, assert_accessible):
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", service_workers="allow"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    open_payment_lesson(page, base)

    # Larger text, from the controls at the foot of every page.
    page.get_by_role("radio", name="Rất lớn").check()
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.locator("html")).to_have_class(
        re.compile(r"\btext-larger contrast-normal\b")
    )
    expect(page.get_by_role("heading", level=1, name=LESSON)).to_be_visible()

    # Read aloud shows only where the browser can speak.
    say = page.get_by_role("button", name="Đọc to").first
    if page.evaluate("'speechSynthesis' in window"):
        expect(say).to_be_visible()
    else:
        expect(say).to_be_hidden()

    # A quick check answered in place.
    check = page.locator("form[data-check]").first
    check.get_by_label("Dừng lại, hỏi cô Hoa trước khi chuyển").check()
    check.get_by_role("button", name="Kiểm tra").click()
    expect(check.get_by_text("Đúng rồi!")).to_be_visible()
    key = "thanh-toan-so/quet-ma-va-kiem-tra"
    block = check.get_attribute("data-check")
    assert progress(page)[key]["checks"][block] == 1

    page.get_by_role("button", name="Tôi đã học xong bài này").click()
    expect(
        page.get_by_text("Đã lưu trên điện thoại: bài này đã học xong.")
    ).to_be_visible()
    assert progress(page)[key]["done"]
    assert_accessible(page)

    # Saved for offline use, and marked so.
    expect(page.get_by_text("Xem được khi mất mạng")).to_be_visible(timeout=15000)
    cut_network(context)
    page.reload()
    expect(page.get_by_role("heading", level=1, name=LESSON)).to_be_visible()
    page.locator("figure img").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure img').naturalWidth > 0")
    restore_network(context)

    # The course page ticks the lesson as done.
    page.get_by_role("link", name="Thanh toán số: trả tiền bằng mã QR an toàn").click()
    item = page.locator("li[data-lesson='thanh-toan-so/quet-ma-va-kiem-tra']")
    expect(item.get_by_text("Đã học")).to_be_visible()
    assert_accessible(page)
    context.close()
    assert errors == []


def test_quick_check_without_javascript(browser, live_server, lessons):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    open_payment_lesson(page, live_server.url)
    check = page.locator("form[data-check]").first
    check.get_by_label("Chuyển trước rồi hỏi sau").check()
    check.get_by_role("button", name="Kiểm tra").click()
    check = page.locator("form[data-check]").first
    expect(check.get_by_text("Chưa đúng.")).to_be_visible()
    expect(check.get_by_text("Đúng rồi!")).to_be_hidden()
    check.get_by_label("Dừng lại, hỏi cô Hoa trước khi chuyển").check()
    check.get_by_role("button", name="Kiểm tra").click()
    check = page.locator("form[data-check]").first
    expect(check.get_by_text("Đúng rồi!")).to_be_visible()
    expect(check.get_by_text("Chưa đúng.")).to_be_hidden()
    expect(page.get_by_role("button", name="Đọc to").first).to_be_hidden()
    # axe-core needs JavaScript; the page is checked with it in the test above.
    context.close()


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


def test_lesson_does_not_move_when_its_script_arrives_late(
    browser, live_server, lessons
):
    # On a slow phone the lesson is painted before learn.js runs; the read-aloud
    # buttons it wakes must not push the text the learner is reading.
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)

    def late(route):
        time.sleep(0.5)
        route.continue_()

    page.route("**/learn.js", late)
    page.goto(f"{live_server.url}/learn/thanh-toan-so/quet-ma-va-kiem-tra/")
    page.wait_for_load_state("networkidle")
    if page.evaluate("'speechSynthesis' in window"):
        expect(page.get_by_role("button", name="Đọc to").first).to_be_visible()
    page.mouse.wheel(0, 3000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__shifts") == []
    context.close()


def test_a_khmer_learner_reads_the_payment_lesson_in_khmer(
    browser, live_server, lessons, assert_accessible
):
    context = browser.new_context(viewport=PHONE, locale="km-KH")
    page = context.new_page()
    page.goto(f"{live_server.url}/learn/")
    # The language list at the foot of every page, each language in its own words.
    page.get_by_label("Ngôn ngữ").select_option("km")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    page.locator("a[href='/learn/thanh-toan-so/']").click()
    page.get_by_role("link", name="ស្កេនកូដ ហើយពិនិត្យមុនពេលបង់ប្រាក់").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("ស្កេនកូដ ហើយពិនិត្យមុនពេលបង់ប្រាក់")
    expect(page.locator("article.lesson")).to_have_attribute("lang", "km")
    assert_accessible(page)
    # Back to Vietnamese in one step, from the same list.
    page.get_by_label("ភាសា").select_option("vi")
    page.get_by_role("button", name="ប្ដូរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(heading).to_have_text(LESSON)
    context.close()


@pytest.mark.parametrize(
    ("voices", "offered"), [(["en-US"], False), (["en-US", "vi-VN"], True), ([], True)]
)
def test_read_aloud_only_with_a_voice_for_the_lesson_language(
    browser, live_server, lessons, voices, offered
):
    # A phone that lists its voices but has no Vietnamese one would read the
    # lesson with a foreign voice; one that lists none yet may still get one.
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.add_init_script(
        "if (window.speechSynthesis) speechSynthesis.getVoices = () => "
        + json.dumps([{"lang": lang, "name": lang} for lang in voices])
        + ";"
    )
    page.goto(f"{live_server.url}/learn/thanh-toan-so/quet-ma-va-kiem-tra/")
    if not page.evaluate("'speechSynthesis' in window"):
        pytest.skip("this browser cannot speak")
    say = page.get_by_role("button", name="Đọc to").first
    if offered:
        expect(say).to_be_visible()
    else:
        expect(say).to_be_hidden()
    context.close()
