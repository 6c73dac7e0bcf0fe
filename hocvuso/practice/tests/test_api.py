"""POST /api/v1/practice/results: a learner's runs, stored once each."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hocvuso.practice.models import PracticeAttempt
from hocvuso.practice.tests.conftest import learner_session_key

URL = "/api/v1/practice/results"
pytestmark = pytest.mark.django_db


def result(**overrides):
    return {
        "client_id": "3f1c9a7e-2b4d-4c8e-9f00-1a2b3c4d5e6f",
        "simulator": "vietqr-pay",
        "scenario": "wrong-recipient",
        "completed": True,
        "mistakes": ["paid_wrong_recipient"],
        "finished_at": "2026-11-20T09:15:00+07:00",
        **overrides,
    }


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_anonymous_result_is_refused_and_not_stored(client):
    response = post(client, result())
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Vui lòng đăng nhập."
    assert not PracticeAttempt.objects.exists()


def test_learner_result_is_stored_once(learner_client, learner):
    first = post(learner_client, result())
    assert first.status_code == 201
    assert first.json() == {"client_id": result()["client_id"], "status": "stored"}
    again = post(learner_client, result(mistakes=[]))
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    attempt = PracticeAttempt.objects.get()
    assert attempt.person == learner
    assert attempt.mistakes == ["paid_wrong_recipient"]
    assert not attempt.passed
    assert attempt.finished_at == datetime.datetime(
        2026, 11, 20, 2, 15, tzinfo=datetime.UTC
    )


def test_a_clean_run_has_no_mistakes(learner_client):
    post(learner_client, result(scenario="normal", mistakes=[]))
    assert PracticeAttempt.objects.get().passed


def test_repeated_mistake_codes_are_kept_once(learner_client):
    post(
        learner_client,
        result(mistakes=["gave_otp", "gave_otp"], simulator="vneid", scenario="normal"),
    )
    assert PracticeAttempt.objects.get().mistakes == ["gave_otp"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"client_id": "short"}, "client_id", "Mã lượt luyện tập phải có từ 8 đến 64"),
        ({"simulator": "atm"}, "simulator", "Không có bài luyện tập này."),
        (
            {"scenario": "free-money"},
            "scenario",
            "Bài luyện tập này không có tình huống đó.",
        ),
        (
            {"mistakes": ["Gave OTP!"]},
            "mistakes",
            "Danh sách lỗi chỉ gồm tối đa 30 mã ngắn.",
        ),
        ({"finished_at": "20/11/2026"}, "finished_at", "phải có ngày, giờ và múi giờ"),
        ({"finished_at": "2026-11-20T09:15:00"}, "finished_at", "múi giờ"),
    ],
)
def test_bad_results_get_a_vietnamese_message(
    learner_client, overrides, field, message
):
    response = post(learner_client, result(**overrides))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "Kết quả luyện tập không hợp lệ."
    assert message in error["fields"][field][0]
    assert not PracticeAttempt.objects.exists()


def test_an_end_time_in_the_future_is_refused(learner_client):
    later = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    response = post(learner_client, result(finished_at=later))
    assert response.json()["error"]["fields"]["finished_at"] == [
        "Thời điểm kết thúc nằm ở tương lai."
    ]


def test_missing_fields_are_reported(learner_client):
    response = post(learner_client, {"simulator": "vneid"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Một số thông tin chưa hợp lệ."
    assert "payload.client_id" in response.json()["error"]["fields"]


def test_the_csrf_token_is_required(learner):
    client = Client(enforce_csrf_checks=True)
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = learner_session_key(learner)
    response = post(client, result())
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf"
    assert not PracticeAttempt.objects.exists()


def test_another_learners_client_id_is_not_overwritten(learner_client, binh_an):
    from hocvuso.people.services import person_register

    other = person_register(
        actor=None, unit=binh_an, full_name="Lê Văn Hai", phone="0912000222"
    )
    PracticeAttempt.objects.create(
        client_id=result()["client_id"],
        person=other,
        simulator="vneid",
        scenario="normal",
        completed=True,
        mistakes=[],
        finished_at=timezone.now(),
    )
    response = post(learner_client, result())
    assert response.json()["status"] == "duplicate"
    assert PracticeAttempt.objects.get().person == other
