import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hocvuso.learning.loaders import ContentInvalid, framework_read
from hocvuso.learning.models import (
    Block,
    Competence,
    Domain,
    FrameworkVersion,
    Lesson,
    Profile,
    Task,
)
from hocvuso.learning.services import content_load, framework_load
from hocvuso.learning.tests.packs import LESSON, REPO_CONTENT, lesson_path, write_pack


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_framework_has_the_tt02_domains_device_basics_and_four_profiles(framework):
    version = FrameworkVersion.objects.get(is_current=True)
    assert list(
        Domain.objects.filter(version=version).values_list("code", flat=True)
    ) == ["0", "1", "2", "3", "4", "5", "6"]
    tt02 = Competence.objects.filter(domain__version=version).exclude(domain__code="0")
    assert tt02.count() == 24
    assert set(Profile.objects.values_list("target_group", flat=True)) == {
        "citizen",
        "student",
        "official",
        "worker",
    }
    assert all(t.text.startswith("Tôi có thể") for t in Task.objects.all())


def test_framework_reload_changes_nothing(framework):
    summary = framework_load(actor=None, path=REPO_CONTENT / "framework.yaml")
    assert (summary.created, summary.changed) == (0, 0)
    assert FrameworkVersion.objects.count() == 1


def test_framework_task_without_i_can_is_reported_with_line(tmp_path):
    text = (REPO_CONTENT / "framework.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        'vi: "Tôi có thể bật, tắt và mở khóa', 'vi: "Bật, tắt và mở khóa', 1
    )
    path = tmp_path / "framework.yaml"
    path.write_text(bad, encoding="utf-8")
    line = next(
        n for n, row in enumerate(bad.split("\n"), start=1) if '"0.1.t1"' in row
    )
    with pytest.raises(ContentInvalid) as caught:
        framework_read(path)
    assert f"framework.yaml, dòng {line}" in caught.value.message
    assert "0.1.t1" in caught.value.message


def test_valid_pack_loads_every_version(pack):
    lesson = Lesson.objects.get(course__slug="thu-nghiem", slug="quet-ma")
    versions = set(lesson.blocks.values_list("language", "variant"))
    assert versions == {("vi", "standard"), ("vi", "easy"), ("en", "standard")}
    kinds = list(
        lesson.blocks.filter(language="vi", variant="standard").values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["text", "steps", "image", "audio", "video", "practice", "check"]
    assert lesson.titles["vi.easy"] == "Quét mã (dễ đọc)"
    assert [t.code for t in lesson.tasks.all()] == ["5.2.t2"]
    image = lesson.blocks.get(kind="image")
    assert image.data["width"] == 200 and image.data["height"] == 100


def test_reload_is_idempotent_and_keeps_block_ids(pack):
    ids = list(Block.objects.order_by("pk").values_list("pk", flat=True))
    summary = content_load(actor=None, root=pack)
    assert (summary.created, summary.changed) == (0, 0)
    assert list(Block.objects.order_by("pk").values_list("pk", flat=True)) == ids


def test_changed_lesson_updates_in_place(pack):
    first = Block.objects.get(kind="text", language="vi", variant="standard")
    path = lesson_path(pack)
    path.write_text(
        path.read_text(encoding="utf-8").replace("xem tên người nhận", "xem kỹ tên"),
        encoding="utf-8",
    )
    summary = content_load(actor=None, root=pack)
    assert summary.changed == 1
    first.refresh_from_db()
    assert "xem kỹ tên" in first.data["md"]


def _line(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.split("\n"), start=1) if needle in row)


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ("::: image", "::: picture", "::: picture", "picture"),
        ('alt: "Nút quét mã hình khung vuông"', 'alt: ""', "::: image", "alt"),
        ("answer: 1", "answer: 5", "::: check", "0–1"),
        ("captions: quet-ma.vtt", "captions: none", "::: video", ".vtt"),
        ("src: nut.svg", "src: khong-co.svg", "::: image", "khong-co.svg"),
        ("scenario: wrong-recipient", "scenario: khong-co", "::: practice", "khong-co"),
    ],
)
def test_bad_block_is_reported_with_file_and_line(
    tmp_path, framework, old, new, needle, words
):
    lesson = LESSON.replace(old, new)
    root = write_pack(tmp_path / "content", lesson=lesson)
    with pytest.raises(ContentInvalid) as caught:
        content_load(actor=None, root=root)
    line = _line(lesson, needle)
    message = caught.value.message
    assert f"courses/thu-nghiem/01-quet-ma.md, dòng {line}:" in message
    assert words in message
    assert not Lesson.objects.exists(), "nothing is written when the pack is bad"


def test_unclosed_block_and_unknown_task_are_both_reported(tmp_path, framework):
    lesson = LESSON.replace('tasks: ["5.2.t2"]', 'tasks: ["5.2.t9"]').rstrip()
    lesson = lesson[: lesson.rfind(":::")]
    root = write_pack(tmp_path / "content", lesson=lesson)
    with pytest.raises(ContentInvalid) as caught:
        content_load(actor=None, root=root)
    texts = [p.message for p in caught.value.problems]
    assert any("5.2.t9" in t for t in texts)
    assert any("không bao giờ được đóng" in t or "never closed" in t for t in texts)


def test_lesson_edited_in_app_is_kept_unless_forced(pack):
    Lesson.objects.update(title="Đã sửa", edited_in_app=True)
    summary = content_load(actor=None, root=pack)
    assert summary.skipped == ["thu-nghiem/quet-ma"]
    assert Lesson.objects.get().title == "Đã sửa"
    content_load(actor=None, root=pack, force=True)
    assert Lesson.objects.get().title == "Quét mã"


def test_load_content_command_names_file_and_line(tmp_path, framework):
    lesson = LESSON.replace("::: image", "::: picture")
    root = write_pack(tmp_path / "content", lesson=lesson)
    with pytest.raises(CommandError) as caught:
        call_command("load-content", str(root))
    assert f"01-quet-ma.md, dòng {_line(lesson, '::: picture')}" in str(caught.value)


def test_load_content_needs_a_framework(tmp_path, db):
    root = write_pack(tmp_path / "content")
    with pytest.raises(CommandError, match="load-framework"):
        call_command("load-content", str(root))
