import json
import re
from html import unescape

import pytest
from django.urls import reverse

from conftest import PASSWORD
from hocvuso.accounts.models import Role
from hocvuso.core.models import AuditEvent
from hocvuso.learning.models import Block, Lesson, Profile, Task
from hocvuso.learning.services import content_load
from hocvuso.learning.tests.packs import REPO_CONTENT

LESSON_URL = "/learn/thu-nghiem/quet-ma/"


def test_home_lists_courses_by_audience_without_sign_in(
    client, pack, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/learn/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Người dân" in html
    assert 'href="/learn/thu-nghiem/"' in html


def test_course_page_links_lessons_record_and_national_platform(client, pack):
    html = client.get("/learn/thu-nghiem/").content.decode()
    assert 'href="/learn/thu-nghiem/quet-ma/"' in html
    assert 'href="/learn/thu-nghiem/record/"' in html
    assert 'href="https://binhdanhocvuso.gov.vn"' in html
    assert 'href="/learn/thu-nghiem/plan/"' in html


def test_lesson_page_renders_every_block_kind(client, pack):
    response = client.get(LESSON_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Xác nhận</strong>" in html  # text
    assert '<ol class="steps"' in html and 'alt="Nút quét mã ở góc trên"' in html
    assert 'alt="Nút quét mã hình khung vuông"' in html  # image
    assert 'width="200" height="100"' in html
    assert "/learn/thu-nghiem/media/loi-chao.mp3" in html  # audio
    assert "Chào bác, hôm nay mình học quét mã." in html  # its transcript
    assert '<track kind="captions" src="/learn/thu-nghiem/media/quet-ma.vtt"' in html
    assert 'data-practice="vietqr-pay"' in html  # the practice widget
    assert 'method="post"' in html and 'name="choice"' in html  # quick check
    assert html.count("data-say hidden") == 2  # read aloud on text and steps
    assert "Bài 1/1" in html


def test_lesson_versions_easy_english_and_large_print(client, pack):
    easy = client.get(LESSON_URL + "?v=easy").content.decode()
    assert "Xem tên. Xem số tiền." in easy and "Quét mã (dễ đọc)" in easy
    english = client.get(LESSON_URL + "?lang=en").content.decode()
    assert 'lang="en"' in english and "Check the name" in english
    large = client.get(LESSON_URL + "?v=large").content.decode()
    assert "large-print" in large and "<strong>Xác nhận</strong>" in large
    listen = client.get(LESSON_URL + "?v=audio").content.decode()
    assert "audio-first" in listen and 'href="?v=audio"' in listen
    khmer = client.get(LESSON_URL + "?lang=km").content.decode()
    assert "<strong>Xác nhận</strong>" in khmer, "falls back to Vietnamese"


@pytest.mark.parametrize(
    "url",
    [
        "/learn/khong-co/",
        "/learn/thu-nghiem/khong-co/",
        "/learn/thu-nghiem/plan-x/",
        "/learn/thu-nghiem/media/khong-co.svg",
        "/learn/thu-nghiem/media/..%2Fcourse.yaml",
    ],
)
def test_unknown_pages_are_404(client, pack, url):
    assert client.get(url).status_code == 404


def test_record_is_left_to_the_assessment_app(client, pack):
    """/learn/<course>/record/ is never taken as a lesson called "record"."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/learn/thu-nghiem/record/")
    except Resolver404:
        return
    assert match.url_name != "lesson-detail"


def test_quick_check_works_without_javascript(client, pack):
    check = Block.objects.get(kind="check", language="vi", variant="standard")
    url = f"{LESSON_URL}check/{check.pk}/"
    response = client.post(url, {"choice": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{LESSON_URL}?check={check.pk}&choice=1#b{check.pk}"
    html = client.get(response["Location"]).content.decode()
    assert 'value="1" checked' in html
    assert '<p class="fb fb-ok" data-right>' in html
    wrong = client.get(f"{LESSON_URL}?check={check.pk}&choice=0").content.decode()
    assert '<p class="fb fb-no" data-wrong>' in wrong
    assert "Câu đúng là:" in wrong


def test_quick_check_without_choice_says_what_to_do(client, pack):
    check = Block.objects.get(kind="check", language="vi", variant="standard")
    response = client.post(f"{LESSON_URL}check/{check.pk}/", {}, follow=True)
    assert "Hãy chọn một câu trả lời" in response.content.decode()


def test_quick_check_of_another_lesson_is_404(client, pack):
    text = Block.objects.filter(kind="text").first()
    response = client.post(f"{LESSON_URL}check/{text.pk}/", {"choice": "0"})
    assert response.status_code == 404


def test_media_is_served_with_long_cache(client, pack):
    response = client.get("/learn/thu-nghiem/media/nut.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=604800" in response["Cache-Control"]
    vtt = client.get("/learn/thu-nghiem/media/quet-ma.vtt")
    assert vtt["Content-Type"].startswith("text/vtt")


def test_service_worker_covers_learn(client, db):
    response = client.get("/learn/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/learn/"
    assert response["Content-Type"].startswith("text/javascript")
    assert "hocvuso-learn" in response.content.decode()


def test_framework_page_is_public(client, framework):
    html = client.get("/learn/framework/").content.decode()
    assert "Tôi có thể" in html and "Thông tư 02/2025/TT-BGDĐT" in html


# ------------------------------------------------------------ content editors


@pytest.fixture
def editor(make_staff, binh_an):
    return make_staff(Role.CONTENT_EDITOR, binh_an, "Biên tập viên")


EDIT_URL = "/learn/edit/thu-nghiem/quet-ma/"


def test_only_content_editors_reach_the_editing_pages(
    client, pack, editor, make_staff, binh_an
):
    task = Task.objects.get(code="5.2.t2")
    urls = [
        "/learn/edit/",
        EDIT_URL,
        "/learn/edit/thu-nghiem/plan/",
        f"/learn/edit/competences/{task.competence.code}/",
        "/learn/edit/profiles/citizen/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302, "anonymous: sign in first"
    for role in (Role.VOLUNTEER, Role.COMMUNE_OFFICER, Role.INSTRUCTOR):
        client.login(phone=make_staff(role, binh_an).phone, password=PASSWORD)
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)
    client.login(phone=editor.phone, password=PASSWORD)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_editor_corrects_a_lesson_and_the_load_keeps_it(client, pack, editor):
    client.login(phone=editor.phone, password=PASSWORD)
    page = client.get(EDIT_URL).content.decode()
    assert "::: check" in page and "answer: 1" in page
    source = "::: text\nMột khối **mới**.\n:::\n\n::: check\nquestion: Hỏi?\n"
    source += "options: [Có, Không]\nanswer: 0\nexplain: Vì thế.\n:::\n"
    response = client.post(EDIT_URL, {"title": "Quét mã QR", "source": source})
    assert response.status_code == 302
    lesson = Lesson.objects.get(slug="quet-ma")
    assert lesson.title == "Quét mã QR" and lesson.edited_in_app
    blocks = lesson.blocks.filter(language="vi", variant="standard")
    assert [b.kind for b in blocks] == ["text", "check"]
    assert "<strong>mới</strong>" in blocks[0].data["html"]
    assert AuditEvent.objects.filter(object_type="learning.lesson").exists()


def test_editor_sees_problems_with_lines_and_nothing_is_saved(client, pack, editor):
    client.login(phone=editor.phone, password=PASSWORD)
    before = list(Block.objects.values_list("pk", "data"))
    source = "::: text\nĐúng.\n:::\n\n::: check\nquestion: Hỏi?\noptions: [Có]\n"
    source += "answer: 3\nexplain: x\n:::\n"
    response = client.post(EDIT_URL, {"title": "Quét mã", "source": source})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu gì" in html
    assert "dòng 5" in html and "ít nhất hai lựa chọn" in html
    assert list(Block.objects.values_list("pk", "data")) == before


def test_editor_corrects_a_task_and_a_bad_wording_is_refused(client, pack, editor):
    client.login(phone=editor.phone, password=PASSWORD)
    url = "/learn/edit/competences/5.2/"
    client.post(
        url,
        {
            "task": "5.2.t2",
            "text": "Tôi có thể tự quét mã.",
            "text_en": "",
            "level": "2",
        },
    )
    assert Task.objects.get(code="5.2.t2").text == "Tôi có thể tự quét mã."
    response = client.post(
        url, {"task": "5.2.t2", "text": "Quét mã.", "text_en": "", "level": "2"}
    )
    assert "phải bắt đầu bằng “Tôi có thể”" in response.content.decode()
    assert Task.objects.get(code="5.2.t2").text == "Tôi có thể tự quét mã."


def test_editor_changes_a_profile_level(client, pack, editor):
    client.login(phone=editor.phone, password=PASSWORD)
    profile = Profile.objects.get(target_group="citizen")
    current = {r.competence.code: r.min_level for r in profile.requirements.all()}
    data = {f"level-{code}": str(level) for code, level in current.items()}
    data["level-2.4"] = "1"
    data.pop("level-6.1")
    response = client.post(reverse("learning:profile-edit", args=["citizen"]), data)
    assert response.status_code == 302
    now = {r.competence.code: r.min_level for r in profile.requirements.all()}
    assert now["2.4"] == 1 and "6.1" not in now


def test_course_and_lesson_pages_cost_a_fixed_number_of_queries(
    client, pack, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert client.get("/learn/thu-nghiem/").status_code == 200
    # The lesson's versions are read once.
    with django_assert_num_queries(7):
        assert client.get(LESSON_URL).status_code == 200


@pytest.fixture
def repo_pack(settings, framework):
    """The project's real content pack, loaded and served."""
    settings.HOCVUSO_CONTENT_DIR = REPO_CONTENT
    content_load(actor=None, root=REPO_CONTENT)


def _form_values(html: str) -> tuple[str, str]:
    title = re.search(r'<input type="text" id="id_title" [^>]*value="([^"]*)"', html)
    source = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    return unescape(title.group(1)), unescape(source.group(1))


def test_every_lesson_of_the_pack_saves_unchanged_from_the_editor(
    client, repo_pack, editor
):
    """What the edit box shows is always accepted: every version of all the
    pack's lessons (pictures with their size included) saves as it is."""
    client.login(phone=editor.phone, password=PASSWORD)
    lessons = Lesson.objects.select_related("course").order_by("course__slug", "slug")
    assert lessons.count() == 33
    pictures = 0
    for lesson in lessons:
        versions = set(lesson.blocks.values_list("language", "variant"))
        for language, variant in versions:
            url = reverse(
                "learning:lesson-edit", args=[lesson.course.slug, lesson.slug]
            )
            url += f"?lang={language}&v={variant}"
            before = list(
                lesson.blocks.filter(language=language, variant=variant)
                .order_by("position")
                .values_list("kind", "data")
            )
            pictures += sum(kind == "image" for kind, _ in before)
            title, source = _form_values(client.get(url).content.decode())
            response = client.post(url, {"title": title, "source": source})
            assert response.status_code == 302, (
                url,
                re.findall(r"<li>(.*?)</li>", response.content.decode()),
            )
            after = list(
                lesson.blocks.filter(language=language, variant=variant)
                .order_by("position")
                .values_list("kind", "data")
            )
            assert after == before, url
    assert pictures >= 11, "the pack's pictures were part of the round trip"


def test_a_picture_size_from_the_editor_is_accepted_and_a_bad_one_named(
    client, repo_pack, editor
):
    client.login(phone=editor.phone, password=PASSWORD)
    lesson = (
        Lesson.objects.filter(blocks__kind="image", blocks__language="vi")
        .select_related("course")
        .first()
    )
    image = lesson.blocks.filter(kind="image", language="vi").first()
    url = reverse("learning:lesson-edit", args=[lesson.course.slug, lesson.slug])
    title, source = _form_values(client.get(url).content.decode())
    block = (
        f"::: image\nsrc: {image.data['src']}\nalt: {json.dumps(image.data['alt'])}\n"
        "width: 640\nheight: 480\n:::\n"
    )
    response = client.post(url, {"title": title, "source": source + "\n" + block})
    assert response.status_code == 302, response.content.decode()
    last = lesson.blocks.filter(language="vi", variant="standard").last()
    # An SVG keeps the size of its own file, whatever the text says.
    assert (last.data["width"], last.data["height"]) == (
        image.data["width"],
        image.data["height"],
    )
    bad = block.replace("width: 640", "width: rộng")
    response = client.post(url, {"title": title, "source": source + "\n" + bad})
    html = response.content.decode()
    assert response.status_code == 200 and "Chưa lưu gì" in html
    assert "width" in html and "số nguyên" in html


def test_home_and_learn_link_the_learners_pages(client, pack):
    for url in ("/", "/learn/"):
        page = client.get(url).content.decode()
        for href in (
            'href="/practice/"',
            'href="/learner/sign-in/"',
            'href="/verify/"',
        ):
            assert href in page, (url, href)


def test_a_lesson_without_the_language_says_it_is_shown_in_vietnamese(client, pack):
    """The test lesson has Vietnamese and English versions, no Khmer one."""
    notice = "Bài học này chưa có bản bằng ngôn ngữ của bạn"
    assert notice in client.get(LESSON_URL + "?lang=km").content.decode()
    assert notice not in client.get(LESSON_URL).content.decode()
    assert notice not in client.get(LESSON_URL + "?lang=en").content.decode()
