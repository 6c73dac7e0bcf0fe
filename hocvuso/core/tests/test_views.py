import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
APPS = Path(__file__).resolve().parents[2]


def test_healthz_answers_while_the_process_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_vietnamese_is_the_default_whatever_the_browser_says(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_language_switch_to_english_persists(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en"' in response.content.decode()
    assert "Staff sign-in" in response.content.decode()


def test_text_size_and_contrast_persist_in_a_cookie(client):
    response = client.post(
        reverse("core:preferences"),
        {"text_size": "larger", "contrast": "high", "next": "/sign-in/"},
    )
    assert response.status_code == 302 and response.url == "/sign-in/"
    page = client.get("/sign-in/").content.decode()
    assert 'class="text-larger contrast-high"' in page


def test_preferences_ignore_bad_values_and_foreign_redirects(client):
    response = client.post(
        reverse("core:preferences"),
        {"text_size": "huge", "contrast": "<x>", "next": "https://evil.example/"},
    )
    assert response.url == "/"
    assert 'class="text-normal contrast-normal"' in client.get("/").content.decode()


def test_views_and_api_never_touch_model_managers_directly():
    offenders = []
    for path in APPS.rglob("*.py"):
        if path.name in {"views.py", "api.py"}:
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if re.search(r"\.objects\b", line):
                    offenders.append(f"{path.relative_to(APPS)}:{number}")
    assert offenders == []
