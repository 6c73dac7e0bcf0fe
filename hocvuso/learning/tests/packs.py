"""A small content pack written into a temporary folder, one file per call."""

import shutil
from pathlib import Path

REPO_CONTENT = Path(__file__).resolve().parents[3] / "content"

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" role="img">'
    '<title>Nút quét mã</title><rect width="200" height="100" fill="#fff"/></svg>'
)

COURSE = """slug: thu-nghiem
title: {vi: "Khóa thử", en: "Test course"}
summary: {vi: "Khóa học để thử.", en: "A course to test."}
audience: citizen
for_older_people: true
position: 1
competences: ["5.2"]
national_platform: "https://binhdanhocvuso.gov.vn"
lessons: ["01-quet-ma"]
lesson_plan: lesson-plan.md
"""

LESSON = """---
title: {vi: "Quét mã", en: "Scan a code"}
minutes: 6
competences: ["5.2"]
tasks: ["5.2.t2"]
---
::: text
Trước khi bấm **Xác nhận**, xem tên người nhận.
:::

::: steps
1. Mở ứng dụng ngân hàng.
2. Bấm nút quét mã. ![Nút quét mã ở góc trên](nut.svg)
:::

::: image
src: nut.svg
alt: "Nút quét mã hình khung vuông"
caption: "Nút quét mã"
:::

::: audio
src: loi-chao.mp3
transcript: "Chào bác, hôm nay mình học quét mã."
:::

::: video
src: quet-ma.mp4
captions: quet-ma.vtt
:::

::: practice
simulator: vietqr-pay
scenario: wrong-recipient
description: "Tập trả tiền, để ý tên người nhận."
:::

::: check
question: "Tên người nhận không đúng. Bác làm gì?"
options: ["Cứ chuyển", "Dừng lại, hỏi người bán"]
answer: 1
explain: "Tên sai thì dừng lại."
:::
"""

EASY = """---
title: {vi: "Quét mã (dễ đọc)"}
minutes: 5
competences: ["5.2"]
tasks: ["5.2.t2"]
---
::: text
Xem tên. Xem số tiền.
:::
"""

ENGLISH = """---
title: {vi: "Quét mã", en: "Scan a code"}
minutes: 6
competences: ["5.2"]
tasks: ["5.2.t2"]
---
::: text
Check the name before you press **Confirm**.
:::
"""


def write_pack(root: Path, lesson: str = LESSON) -> Path:
    """Write the framework and one course with three versions of one lesson."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_CONTENT / "framework.yaml", root / "framework.yaml")
    course = root / "courses" / "thu-nghiem"
    (course / "media").mkdir(parents=True, exist_ok=True)
    (course / "course.yaml").write_text(COURSE, encoding="utf-8")
    (course / "01-quet-ma.md").write_text(lesson, encoding="utf-8")
    (course / "01-quet-ma.easy.md").write_text(EASY, encoding="utf-8")
    (course / "01-quet-ma.en.md").write_text(ENGLISH, encoding="utf-8")
    (course / "lesson-plan.md").write_text(
        "# Giáo án\n\n## Thời lượng\n\n45 phút. Quan sát `5.2.t2`.\n", encoding="utf-8"
    )
    (course / "media" / "nut.svg").write_text(SVG, encoding="utf-8")
    (course / "media" / "loi-chao.mp3").write_bytes(b"ID3")
    (course / "media" / "quet-ma.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (course / "media" / "quet-ma.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:03.000\nBấm nút quét mã.\n", encoding="utf-8"
    )
    return root


def lesson_path(root: Path) -> Path:
    return root / "courses" / "thu-nghiem" / "01-quet-ma.md"
