"""The deployment files: the nginx site is valid as rendered for a province,
and (on PostgreSQL) `deploy/serve_prod.py --smoke` starts nginx, gunicorn and
the production settings and serves the demo through them."""

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def load(name):
    spec = importlib.util.spec_from_file_location(name, DEPLOY / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_province_site_renders_every_placeholder_and_nginx_accepts_it(tmp_path):
    render = load("render")
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    subprocess.run(  # noqa: S603 - fixed openssl invocation
        [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
         "-days", "1", "-subj", "/CN=hocvuso.example.vn",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = render.render_nginx(
        server_name="hocvuso.example.vn",
        http_listen=f"127.0.0.1:{free_port()}",
        https_listen=f"127.0.0.1:{free_port()}",
        certificate=str(cert),
        certificate_key=str(key),
        log_dir=str(tmp_path),
    )
    assert not re.findall(r"@[A-Z_]+@", site)
    assert "unix:/run/hocvuso/gunicorn.sock" in site
    assert "/srv/hocvuso/staticfiles/;" in site
    assert "X-Real-IP $remote_addr" in site and "X-Request-ID $request_id" in site
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}\n"
    )
    done = subprocess.run(  # noqa: S603 - Debian's nginx
        [shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-p", str(tmp_path),
         "-c", str(main)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_an_unfilled_placeholder_is_refused(monkeypatch, tmp_path):
    render = load("render")
    (tmp_path / "nginx").mkdir()
    (tmp_path / "nginx" / "hocvuso.conf.in").write_text("server @NOPE@;")
    monkeypatch.setattr(render, "HERE", tmp_path)
    with pytest.raises(ValueError, match="@NOPE@"):
        render.render_nginx(server_name="x")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="production runs on PostgreSQL"
)
@pytest.mark.django_db
def test_serve_prod_serves_the_demo_through_nginx(tmp_path):
    config = connection.settings_dict
    name = f"{config['NAME']}_stack"
    admin = {
        "dbname": "postgres",
        "user": config["USER"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "autocommit": True,
    }
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
    host = f"{config['HOST']}:{config['PORT'] or 5432}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{config['USER']}@{host}/{name}",
        "HOCVUSO_SERVE_DIR": str(tmp_path / "serve"),
        "HOCVUSO_HTTPS_PORT": str(free_port()),
        "HOCVUSO_HTTP_PORT": str(free_port()),
        "HOCVUSO_WEB_WORKERS": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    try:
        done = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(DEPLOY / "serve_prod.py"), "--smoke"],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
            timeout=400,
        )
    finally:
        with psycopg.connect(**admin) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    said = done.stdout
    assert "ok: http redirects to https://127.0.0.1:" in said
    assert "ok: /readyz 200" in said
    assert "HSTS 'max-age=31536000; includeSubDomains'" in said
    assert "Cache-Control 'public, max-age=31536000, immutable' (nginx" in said
    assert "ok: the demo officer of Xã Bình An signs in (302)" in said
    assert "ok: /people/ 200: 50 people listed" in said
    requests = (tmp_path / "serve" / "log" / "requests.log").read_text()
    assert '"route":"/people/"' in requests and "0900000003" not in requests
    assert not (tmp_path / "serve" / "nginx.pid").exists()  # nginx stopped


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd here")
def test_the_systemd_units_are_valid(tmp_path):
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        name = unit.name.replace("@.", "@1.")  # a template needs an instance
        shutil.copy(unit, tmp_path / name)
        units.append(str(tmp_path / name))
    done = subprocess.run(  # noqa: S603 - systemd's own checker
        [shutil.which("systemd-analyze"), "verify", *units],
        capture_output=True,
        text=True,
        check=False,
    )
    problems = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        # The code is installed under /srv/hocvuso on the server, not here.
        if line.strip() and "/srv/hocvuso/.venv/bin/" not in line
    ]
    assert problems == []
    assert len(units) == 4
