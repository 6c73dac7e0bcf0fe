import io

import pytest
from pypdf import PdfReader

from hocvuso.assessment.documents import certificate_pdf
from hocvuso.assessment.models import LessonProgress, Method
from hocvuso.assessment.selectors import (
    certificate_by_code,
    course_record,
    initials,
    universal_status,
)
from hocvuso.assessment.services import (
    certificate_issue,
    certificate_revoke,
    course_record_submit,
)
from hocvuso.assessment.tests.factories import make_person
from hocvuso.core.errors import ServiceError
from hocvuso.people.models import Milestone, MilestoneKind


def right_answers(person, course, *, skip=()):
    """The progress a learner's phone would send after every lesson."""
    progress = {}
    for item in course_record(person, course):
        if item.lesson.slug in skip:
            continue
        progress[item.lesson.slug] = {
            "done": True,
            "checks": {str(b.pk): b.data["answer"] for b in item.checks},
        }
    return progress


def test_certificate_is_issued_only_when_every_lesson_is_complete(course, learner):
    progress = right_answers(learner, course)
    last = list(progress)[-1]
    progress[last]["checks"] = {k: 1 - v for k, v in progress[last]["checks"].items()}
    reports, certificate = course_record_submit(
        person=learner, course=course, progress=progress
    )
    assert certificate is None
    failed = [r for r in reports if not r.completed]
    assert [r.lesson.slug for r in failed] == [last] and failed[0].wrong >= 1
    assert LessonProgress.objects.filter(person=learner).count() == len(reports) - 1
    with pytest.raises(ServiceError) as err:
        certificate_issue(person=learner, course=course)
    assert err.value.message == "Hãy học xong tất cả các bài của khóa học trước."

    # Only the missing lesson needs sending again: the others are stored.
    again = {last: right_answers(learner, course)[last]}
    reports, certificate = course_record_submit(
        person=learner, course=course, progress=again
    )
    assert certificate is not None and all(r.completed for r in reports)
    assert certificate.unit.code == "30898"  # the learner's commune
    assert Milestone.objects.filter(
        person=learner, kind=MilestoneKind.COURSE_CERTIFICATE
    ).exists()


def test_done_without_answers_does_not_complete_a_lesson_with_checks(course, learner):
    progress = {slug: {"done": True} for slug in right_answers(learner, course)}
    reports, certificate = course_record_submit(
        person=learner, course=course, progress=progress
    )
    assert certificate is None
    assert all(r.unanswered and not r.completed for r in reports if r.total)


def test_passing_the_quick_checks_is_quiz_evidence_only(course, learner):
    course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    results = list(learner.competence_results.all())
    assert results and {r.method for r in results} == {Method.QUIZ}
    assert not universal_status(learner).reached


def test_issuing_twice_returns_the_same_certificate(course, learner):
    _reports, first = course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    assert certificate_issue(person=learner, course=course) == first


def test_revoked_certificate_is_found_by_code_and_marked(course, learner):
    _reports, certificate = course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    with pytest.raises(ServiceError) as err:
        certificate_revoke(actor=None, certificate=certificate, reason=" ")
    assert err.value.message == "Hãy ghi lý do thu hồi giấy ghi nhận."
    certificate_revoke(actor=None, certificate=certificate, reason="Nhập nhầm người")
    found = certificate_by_code(certificate.display_code.lower())
    assert found == certificate and found.is_revoked
    # Revoking asks the learner to pass the lessons again for a new record.
    assert not LessonProgress.objects.filter(person=learner).exists()


def test_initials_hide_the_name():
    assert initials("Nguyễn Thị Ánh Hồng") == "N. T. Á. H."


def test_pdf_text_keeps_vietnamese_diacritics(course, binh_an):
    person = make_person(binh_an, name="Đặng Thị Thu Hương", phone="0987654321")
    _reports, certificate = course_record_submit(
        person=person, course=course, progress=right_answers(person, course)
    )
    body = certificate_pdf(
        certificate=certificate, verify_url="http://testserver/verify/X"
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Đặng Thị Thu Hương" in text
    assert course.title in text
    assert "Bình An" in text
    assert "GIẤY GHI NHẬN HOÀN THÀNH KHÓA HỌC" in text
    assert certificate.display_code in text
