"""config.settings.prod: refuses to start half-configured; check --deploy is
clean; every response carries the security headers."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

HOCVUSO = [sys.executable, "-m", "hocvuso"]


@pytest.fixture
def prod_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this
        # process; a deployment never has it (check --deploy says so).
        if k
        not in {
            "SECRET_KEY",
            "NATIONAL_ID_HASH_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "NATIONAL_ID_HASH_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "hocvuso.example.vn",
        # Nothing here connects: a name is enough.
        "DATABASE_URL": "postgres://hocvuso@127.0.0.1:5432/hocvuso",
        "HOCVUSO_VAR_DIR": str(tmp_path / "var"),
    }


def run(env, *args, code=None):
    command = [*HOCVUSO, *args] if code is None else [sys.executable, "-c", code]
    return subprocess.run(  # noqa: S603 - our own program
        command,
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_refuses_to_start_and_names_every_missing_setting(prod_env):
    env = {
        k: v
        for k, v in prod_env.items()
        if k not in {"SECRET_KEY", "NATIONAL_ID_HASH_KEY", "DATABASE_URL"}
    }
    done = run(env, "check")
    assert done.returncode != 0
    assert "will not start in production mode" in done.stderr
    for name in ("SECRET_KEY", "NATIONAL_ID_HASH_KEY", "DATABASE_URL"):
        assert f"  {name}: " in done.stderr
    assert "  ALLOWED_HOSTS: " not in done.stderr
    assert not os.path.exists(prod_env["HOCVUSO_VAR_DIR"])  # nothing written


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SECRET_KEY", "short", "SECRET_KEY: too short"),
        ("DATABASE_URL", "sqlite:///x.db", "DATABASE_URL: production runs on"),
    ],
)
def test_production_refuses_a_weak_key_or_another_engine(prod_env, name, value, says):
    done = run({**prod_env, name: value}, "check")
    assert done.returncode != 0 and says in done.stderr


def test_check_deploy_reports_nothing(prod_env):
    done = run(prod_env, "check", "--deploy", "--fail-level", "DEBUG")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


HEADERS = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="hocvuso.example.vn")
plain = client.get("/sign-in/")
secure = client.get("/healthz", secure=True)
probe = client.get("/healthz")
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "probe": probe.status_code,
    "secure": dict(secure.headers),
}))
"""


def test_production_sends_hsts_and_the_security_headers(prod_env):
    done = run(prod_env, code=HEADERS)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["plain"] == [301, "https://hocvuso.example.vn/sign-in/"]
    assert seen["probe"] == 200  # the app server's own probe needs no TLS
    headers = seen["secure"]
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert len(headers["X-Request-ID"]) == 32


def test_every_page_carries_the_security_headers_outside_production(client):
    response = client.get("/sign-in/")
    assert response["Permissions-Policy"].startswith("camera=(), microphone=()")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # HTTPS only in prod
