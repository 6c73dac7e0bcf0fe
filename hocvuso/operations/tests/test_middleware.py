"""Request ids and logs without personal data; the client's address behind
nginx; readiness."""

import json
import logging

import pytest
from django.db import DatabaseError
from django.urls import reverse

from hocvuso.accounts.scope import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_lines():
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(record.getMessage()))

    handler = Collect()
    logger = logging.getLogger("hocvuso.requests")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_each_response_carries_a_new_request_id_that_the_log_line_names(
    client, request_lines
):
    first = client.get("/healthz")
    second = client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [line["request_id"] for line in request_lines] == [
        first["X-Request-ID"],
        second["X-Request-ID"],
    ]
    line = request_lines[0]
    assert line["method"] == "GET" and line["status"] == 200
    assert line["route"] == "/healthz" and line["view"] == "core:healthz"
    assert line["ms"] >= 0 and line["bytes"] == 2


def test_the_proxys_request_id_is_kept_and_a_bad_one_replaced(client, request_lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"status":200}')
    assert forged["X-Request-ID"] != 'x"\n{"status":200}'
    assert len(forged["X-Request-ID"]) == 32


def test_the_log_holds_no_query_string_body_phone_name_or_address(
    client, binh_an, make_staff, request_lines
):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, name="Nguyễn Văn Bí Mật")
    client.post(
        reverse("accounts:login"),
        {"phone": officer.phone, "password": "wrong-secret"},
        REMOTE_ADDR="203.0.113.9",
    )
    client.force_login(officer)
    client.get(reverse("people:person-list"), {"q": "Nguyễn Văn Bí Mật 0912345678"})
    written = json.dumps(request_lines, ensure_ascii=False)
    assert len(request_lines) == 2
    for secret in (
        officer.phone,
        "wrong-secret",
        "Bí Mật",
        "Bi+Mat",
        "0912345678",
        "203.0.113.9",
        "q=",
    ):
        assert secret not in written
    assert request_lines[1]["route"] == "/people/"
    assert request_lines[1]["view"] == "people:person-list"


def test_an_unknown_path_is_logged_without_the_path(client, request_lines):
    client.get("/0912345678-nguyen-van-a/")
    assert request_lines[0]["status"] == 404
    assert request_lines[0]["route"] is None
    assert "0912345678" not in json.dumps(request_lines)


def test_x_real_ip_counts_only_from_a_trusted_proxy(rf, settings):
    from hocvuso.operations.middleware import ClientAddressMiddleware

    seen = []
    middleware = ClientAddressMiddleware(lambda r: seen.append(r.META["REMOTE_ADDR"]))
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7"))
    middleware(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_REAL_IP="198.51.100.7"))
    settings.TRUSTED_PROXIES = []
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7"))
    assert seen == ["198.51.100.7", "192.0.2.1", "127.0.0.1"]


def test_readyz_answers_when_the_database_does(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["tasks"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_says_503_when_the_database_is_gone(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "detail": "DatabaseError",
    }
    assert response.json()["checks"]["tasks"]["ok"] is False
