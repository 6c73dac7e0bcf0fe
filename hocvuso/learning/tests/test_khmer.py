"""A Khmer-speaking learner: the interface in Khmer, the lessons that have a Khmer
version shown in Khmer, everything else in Vietnamese and marked so."""

import re

import pytest

from hocvuso.learning.services import content_load
from hocvuso.learning.tests.packs import REPO_CONTENT

LESSON = "/learn/thanh-toan-so/quet-ma-va-kiem-tra/"


@pytest.fixture
def real_pack(framework, settings):
    settings.HOCVUSO_CONTENT_DIR = REPO_CONTENT
    content_load(actor=None, root=REPO_CONTENT)


@pytest.fixture
def khmer(client):
    client.post("/i18n/setlang/", {"language": "km", "next": "/learn/"})
    return client


def test_the_khmer_interface_opens_the_khmer_lesson(khmer, real_pack):
    html = khmer.get(LESSON).content.decode()
    assert '<html lang="km"' in html
    assert re.search(r'<article class="lesson[^"]*" lang="km"', html)
    assert "<h1>ស្កេនកូដ ហើយពិនិត្យមុនពេលបង់ប្រាក់</h1>" in html
    # The lesson's own headings and buttons speak Khmer too.
    assert "សំណួររហ័ស" in html  # "Quick check"
    assert "Kiểm tra nhanh" not in html and "Đọc to" not in html
    # The Vietnamese on-screen label the learner must find stays Vietnamese.
    assert "Xác nhận" in html


def test_a_lesson_without_khmer_is_shown_in_vietnamese_and_marked(khmer, real_pack):
    html = khmer.get("/learn/thanh-toan-so/ma-qr-la-gi/").content.decode()
    assert re.search(r'<article class="lesson[^"]*" lang="vi"', html)
    course = khmer.get("/learn/thanh-toan-so/").content.decode()
    assert 'lang="km">ស្កេនកូដ ហើយពិនិត្យមុនពេលបង់ប្រាក់</a>' in course
    assert re.search(r'href="/learn/thanh-toan-so/ma-qr-la-gi/" lang="vi">', course)


def test_version_links_vietnamese_first_and_large_print_keeps_khmer(client, real_pack):
    html = client.get(LESSON).content.decode()
    nav = html[html.index('<nav class="versions"') :]
    nav = nav[: nav.index("</nav>")]
    links = re.findall(r'href="\?([^"]*)"', nav)
    assert links[0] == ""  # the standard Vietnamese lesson comes first
    assert links.index("v=easy") < links.index("lang=en") < links.index("lang=km")
    khmer = client.get(LESSON + "?lang=km").content.decode()
    assert 'href="?v=large&amp;lang=km"' in khmer
    large = client.get(LESSON + "?lang=km&v=large").content.decode()
    assert re.search(r'<article class="lesson large-print" lang="km"', large)


def test_an_english_page_keeps_english_labels(client, real_pack):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(LESSON).content.decode()
    assert re.search(r'<article class="lesson[^"]*" lang="en"', html)
    assert "Scan the code and check before you pay" in html
