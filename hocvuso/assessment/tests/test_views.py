import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hocvuso.assessment.models import CompetenceResult, SignInCard
from hocvuso.assessment.services import card_issue, course_record_submit, pin_set
from hocvuso.assessment.tests.test_certificates import right_answers
from hocvuso.core.models import AuditEvent

GOOD_PIN = "482916"


@pytest.fixture
def staff(binh_an, rach_gia, make_staff):
    return {
        "volunteer": make_staff("volunteer", binh_an, "Tình nguyện viên Bình An"),
        "officer": make_staff("commune_officer", binh_an, "Cán bộ Bình An"),
        "outsider": make_staff("commune_officer", rach_gia, "Cán bộ Rạch Giá"),
        "instructor": make_staff("instructor", binh_an, "Giảng viên"),
    }


def _page(client, person):
    return reverse("assessment:person-learning", args=[person.pk])


# --- learners -----------------------------------------------------------------------


def test_learner_signs_in_with_phone_and_pin(client, learner):
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    url = reverse("assessment:learner-sign-in")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"phone": learner.phone, "pin": "730519"})
    assert bad.status_code == 400
    assert "Số điện thoại hoặc mã PIN không đúng." in bad.content.decode()
    good = client.post(
        url, {"phone": "0912 345 678", "pin": GOOD_PIN, "next": "/learn/"}
    )
    assert good.status_code == 302 and good["Location"] == "/learn/"
    home = client.get(reverse("assessment:learner-home"))
    assert learner.full_name in home.content.decode()
    client.post(reverse("assessment:learner-sign-out"))
    assert client.get(reverse("assessment:learner-home")).status_code == 302


def test_sign_in_refuses_an_outside_next_url(client, learner):
    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    response = client.post(
        reverse("assessment:learner-sign-in"),
        {"phone": learner.phone, "pin": GOOD_PIN, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("assessment:learner-home")


def test_card_signs_in_until_revoked(client, learner):
    card, token = card_issue(actor=None, person=learner)
    response = client.get(f"/card/{token}")
    assert response.status_code == 302
    assert learner.full_name in client.get(response["Location"]).content.decode()
    card.revoked_at = card.created_at
    card.save()
    assert client.get(reverse("assessment:learner-home")).status_code == 302
    refused = client.get(f"/card/{token}")
    assert refused.status_code == 404
    assert "Thẻ này không dùng được nữa." in refused.content.decode()


def test_learner_records_their_confidence(client, learner):
    _card, token = card_issue(actor=None, person=learner)
    client.get(f"/card/{token}")
    url = reverse("assessment:learner-confidence")
    bad = client.post(url, {"moment": "before"})
    assert bad.status_code == 400
    assert "Vui lòng" in bad.content.decode() or "bắt buộc" in bad.content.decode()
    ok = client.post(url, {"moment": "after", "value": "3", "context": "general"})
    assert ok.status_code == 302
    assert learner.confidence_ratings.get().value == 3


def test_record_page_asks_to_sign_in_first(client, course):
    response = client.get(reverse("assessment:course-record", args=[course.slug]))
    assert response.status_code == 200
    assert reverse("assessment:learner-sign-in") in response.content.decode()


def test_record_page_grades_answers_and_issues_the_record(client, course, learner):
    _card, token = card_issue(actor=None, person=learner)
    client.get(f"/card/{token}")
    url = reverse("assessment:course-record", args=[course.slug])
    page = client.get(url)
    assert page.status_code == 200
    progress = right_answers(learner, course)
    form = {}
    for slug, entry in progress.items():
        form[f"done-{slug}"] = "1"
        for block, answer in entry["checks"].items():
            form[f"check-{block}"] = str(answer)
    first_check = next(k for k in form if k.startswith("check-"))
    wrong = {**form, first_check: str(1 - int(form[first_check]))}
    response = client.post(url, wrong)
    assert response.status_code == 400
    assert "chưa đúng" in response.content.decode()

    response = client.post(url, form)
    assert response.status_code == 302
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert detail.status_code == 200 and "<svg" in html
    assert learner.full_name in html
    certificate = learner.certificates.get()

    pdf = client.get(
        reverse("assessment:certificate-download", args=[certificate.code])
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert learner.full_name in text

    # A second visit to the record page goes straight to the record.
    assert client.get(url)["Location"].endswith(f"/records/{certificate.code}/")


def test_verify_shows_initials_course_date_unit_and_revocation(
    client, course, learner, staff
):
    _r, certificate = course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    page = client.get(f"/verify/{certificate.code}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "N. V. A." in html and learner.full_name not in html
    assert course.title in html and "Bình An" in html
    assert "còn giá trị" in html

    client.force_login(staff["outsider"])
    revoke = reverse("assessment:certificate-revoke", args=[certificate.code])
    assert client.post(revoke, {"reason": "Sai"}).status_code == 404
    client.force_login(staff["volunteer"])
    assert client.post(revoke, {"reason": "Sai"}).status_code == 404
    client.force_login(staff["officer"])
    assert client.post(revoke, {"reason": "Nhập nhầm người"}).status_code == 302
    client.logout()
    html = client.get(f"/verify/{certificate.code}").content.decode()
    assert "đã bị thu hồi" in html


def test_verify_unknown_code_is_404_in_vietnamese(client, db):
    response = client.get("/verify/ABCD-EFGH-JKMN")
    assert response.status_code == 404
    assert "Không có giấy ghi nhận nào" in response.content.decode()


def test_certificate_page_is_only_for_its_learner_or_staff_in_scope(
    client, course, learner, staff
):
    _r, certificate = course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    url = reverse("assessment:certificate-detail", args=[certificate.code])
    assert client.get(url).status_code == 404
    client.force_login(staff["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(staff["volunteer"])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(
        object_type="certificate",
        object_id=str(certificate.pk),
        action="view",
        actor=staff["volunteer"],
    ).exists()


# --- staff --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("volunteer", 200), ("officer", 200), ("outsider", 404), ("instructor", 404)],
)
def test_learning_record_page_by_role(client, framework, learner, staff, who, status):
    client.force_login(staff[who])
    response = client.get(_page(client, learner))
    assert response.status_code == status
    audited = AuditEvent.objects.filter(
        object_type="learning_record", object_id=str(learner.pk)
    )
    assert audited.exists() == (status == 200)


def test_anonymous_staff_page_redirects_to_sign_in(client, framework, learner):
    response = client.get(_page(client, learner))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_volunteer_records_an_observed_check(client, framework, learner, staff):
    client.force_login(staff["volunteer"])
    url = reverse("assessment:check-create", args=[learner.pk])
    bad = client.post(url, {"task": "5.2.t2", "on": "2026-11-02"})
    assert bad.status_code == 400
    assert "Trường này là bắt buộc." in bad.content.decode()
    ok = client.post(
        url, {"task": "5.2.t2", "assisted": "alone", "on": "2026-11-02", "note": ""}
    )
    assert ok.status_code == 302
    result = CompetenceResult.objects.get(person=learner)
    assert (result.method, result.level, result.assessor) == (
        "observed",
        2,
        staff["volunteer"],
    )
    page = client.get(_page(client, learner)).content.decode()
    assert "Quan sát làm thật" in page

    client.force_login(staff["outsider"])
    response = client.post(
        url, {"task": "5.2.t2", "assisted": "alone", "on": "2026-11-02"}
    )
    assert response.status_code == 404
    assert CompetenceResult.objects.count() == 1


def test_volunteer_sets_a_pin_and_weak_pins_are_explained(
    client, framework, learner, staff
):
    client.force_login(staff["volunteer"])
    url = reverse("assessment:pin-update", args=[learner.pk])
    weak = client.post(url, {"pin": "123456"})
    assert weak.status_code == 400
    assert "quá dễ đoán" in weak.content.decode()
    assert client.post(url, {"pin": GOOD_PIN}).status_code == 302
    client.force_login(staff["outsider"])
    assert client.post(url, {"pin": "730519"}).status_code == 404


def test_card_is_printed_once_and_revoked_by_staff_in_scope(
    client, framework, learner, staff
):
    client.force_login(staff["volunteer"])
    response = client.post(reverse("assessment:card-create", args=[learner.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "N. V. A." in html
    assert response["Cache-Control"] == "private, no-store"
    card = SignInCard.objects.get(person=learner)
    revoke = reverse("assessment:card-revoke", args=[learner.pk, card.pk])
    client.force_login(staff["outsider"])
    assert client.post(revoke).status_code == 404
    assert (
        client.post(reverse("assessment:card-create", args=[learner.pk])).status_code
        == 404
    )
    client.force_login(staff["volunteer"])
    assert client.post(revoke).status_code == 302
    card.refresh_from_db()
    assert card.is_revoked


def test_officer_records_a_vneid_confirmation(client, framework, learner, staff):
    client.force_login(staff["officer"])
    url = reverse("assessment:evidence-create", args=[learner.pk])
    bad = client.post(url, {"source": "vneid", "evidence": "x", "achieved_on": ""})
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "source": "vneid",
            "evidence": "Xem màn hình VNeID",
            "achieved_on": "2026-10-01",
        },
    )
    assert ok.status_code == 302
    page = client.get(_page(client, learner)).content.decode()
    assert "Xác nhận trên VNeID" in page


# --- API ----------------------------------------------------------------------------


def test_api_status_by_scope(client, framework, learner, staff):
    url = f"/api/v1/assessment/people/{learner.pk}"
    assert client.get(url).status_code == 401
    client.force_login(staff["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(staff["volunteer"])
    body = client.get(url).json()
    assert body["reached"] is False and body["requirements"]


def test_api_check_is_idempotent_and_scoped(client, framework, learner, staff):
    url = f"/api/v1/assessment/people/{learner.pk}/checks"
    payload = {
        "task": "5.2.t2",
        "assisted": "with_help",
        "on": "2026-11-02",
        "request_id": "tablet-7:1",
    }
    client.force_login(staff["outsider"])
    assert client.post(url, payload, content_type="application/json").status_code == 404
    client.force_login(staff["volunteer"])
    first = client.post(url, payload, content_type="application/json")
    again = client.post(url, payload, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    unknown = client.post(
        url,
        {**payload, "task": "9.9.t9", "request_id": "x"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "Không có việc này trong khung."


def test_api_verify_is_public(client, course, learner):
    _r, certificate = course_record_submit(
        person=learner, course=course, progress=right_answers(learner, course)
    )
    body = client.get(f"/api/v1/assessment/verify/{certificate.code}").json()
    assert body["initials"] == "N. V. A." and body["valid"] is True
    assert client.get("/api/v1/assessment/verify/NOPE").status_code == 404


def test_my_learning_shows_lessons_done_per_course_and_the_last_one(
    client, learner, course
):
    from hocvuso.assessment.services import course_record_submit
    from hocvuso.learning.selectors import course_lessons, lesson_checks

    pin_set(actor=None, person=learner, pin=GOOD_PIN)
    client.post(
        reverse("assessment:learner-sign-in"),
        {"phone": learner.phone, "pin": GOOD_PIN},
    )
    home = reverse("assessment:learner-home")
    assert "Chưa có bài nào được ghi nhận" in client.get(home).content.decode()
    lessons = list(course_lessons(course))
    first = lessons[0]
    checks = {str(b.pk): b.data["answer"] for b in lesson_checks(first)}
    course_record_submit(
        person=learner,
        course=course,
        progress={first.slug: {"done": True, "checks": checks}},
    )
    page = client.get(home).content.decode()
    assert f"Đã học xong 1 trên {len(lessons)} bài" in page
    assert first.title in page and course.title in page
