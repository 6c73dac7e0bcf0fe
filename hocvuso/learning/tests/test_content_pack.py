"""The real content pack in content/: complete, consistent and accessible."""

import re

import pytest

from hocvuso.learning.loaders import registered_scenarios
from hocvuso.learning.models import Block, Course, Lesson, TargetGroup
from hocvuso.learning.services import content_load
from hocvuso.learning.tests.packs import REPO_CONTENT

OLDER_CITIZEN_COURSES = {
    "dien-thoai-va-internet",
    "vneid",
    "dich-vu-cong-truc-tuyen",
    "thanh-toan-so",
    "an-toan-tren-mang",
    "y-te-so",
}
PLAN_SECTIONS = [
    "Thời lượng",
    "Chuẩn bị",
    "Các bước",
    "Quan sát",
    "Điều chỉnh",
    "Khmer",
]


@pytest.fixture
def real_pack(framework, settings):
    settings.HOCVUSO_CONTENT_DIR = REPO_CONTENT
    summary = content_load(actor=None, root=REPO_CONTENT)
    return summary


def test_pack_loads_without_warnings(real_pack):
    assert [str(w) for w in real_pack.warnings] == []


def test_six_older_citizen_courses_and_one_per_other_group(real_pack):
    older = set(
        Course.objects.filter(
            audience=TargetGroup.CITIZEN, for_older_people=True
        ).values_list("slug", flat=True)
    )
    assert older >= OLDER_CITIZEN_COURSES
    for group in TargetGroup.values:
        assert Course.objects.filter(audience=group).exists(), group


def test_every_course_has_three_lessons_a_practice_a_check_and_a_plan(real_pack):
    for course in Course.objects.all():
        lessons = course.lessons.all()
        assert lessons.count() >= 3, course.slug
        standard = Block.objects.filter(
            lesson__course=course, language="vi", variant="standard"
        )
        assert standard.filter(kind="practice").exists(), course.slug
        assert standard.filter(kind="check").exists(), course.slug
        for section in PLAN_SECTIONS:
            assert section in course.lesson_plan, (course.slug, section)
        assert re.search(r"\d+\s*phút", course.lesson_plan), course.slug


def test_every_lesson_maps_to_competences_and_tasks_of_the_framework(real_pack):
    for lesson in Lesson.objects.prefetch_related("competences", "tasks"):
        competences = {c.code for c in lesson.competences.all()}
        assert competences, lesson
        assert lesson.tasks.exists(), lesson
        for task in lesson.tasks.all():
            assert task.competence.code in competences, (lesson, task.code)
        assert lesson.competences.filter(
            domain__version__is_current=True
        ).count() == len(competences)


def test_every_picture_has_alt_text_and_exists_and_videos_have_captions(real_pack):
    courses = REPO_CONTENT / "courses"
    for block in Block.objects.select_related("lesson__course"):
        media = courses / block.lesson.course.slug / "media"
        pictures = []
        if block.kind == "image":
            pictures.append(block.data)
        if block.kind == "steps":
            pictures += [i["image"] for i in block.data["items"] if "image" in i]
        for picture in pictures:
            assert picture["alt"].strip(), block
            assert (media / picture["src"]).is_file(), block
        if block.kind == "video":
            assert block.data["captions"].endswith(".vtt")
            assert (media / block.data["captions"]).is_file(), block


def test_pictures_are_small_and_readable_on_a_phone():
    for svg in REPO_CONTENT.glob("courses/*/media/*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert svg.stat().st_size < 4096, svg
        assert 'role="img"' in text and "<title" in text, svg
        width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', text).group(1))
        assert width <= 400, f"{svg}: text would be tiny on a phone"
        for size in re.findall(r'font-size="([\d.]+)"', text):
            assert float(size) >= 18, svg


def test_checks_have_a_valid_answer_and_an_explanation(real_pack):
    for block in Block.objects.filter(kind="check"):
        data = block.data
        assert 0 <= data["answer"] < len(data["options"]) >= 2
        assert data["explain"].strip()


def test_practice_blocks_use_scenarios_the_simulators_have(real_pack):
    for block in Block.objects.filter(kind="practice"):
        known = registered_scenarios(block.data["simulator"])
        assert known is not None, "the practice app registers its scenarios"
        assert block.data["scenario"] in known
