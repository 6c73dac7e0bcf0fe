#!/usr/bin/env python3
"""Start the production stack on this one machine, against the local PostgreSQL.

    make serve-prod                       # until Ctrl-C
    .venv/bin/python deploy/serve_prod.py --smoke   # start, check, stop

The same pieces as a province's deployment (docs/deploy.md), on loopback:
nginx (rendered from deploy/nginx/hocvuso.conf.in, with a self-signed
certificate made here) on https://127.0.0.1:HOCVUSO_HTTPS_PORT (8443) and
http on HOCVUSO_HTTP_PORT (8080); gunicorn with deploy/gunicorn.conf.py and
HOCVUSO_WEB_WORKERS processes on a unix socket; the task worker(s)
(`hocvuso db_worker`, HOCVUSO_TASK_WORKERS of them) once django-tasks is
installed; config.settings.prod with secrets generated once into
var/serve-prod/. DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/
hocvuso, created, migrated and given the demo province when empty.
Everything it writes stays under var/serve-prod/; it stops every process it
started when it ends.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from render import render_nginx  # noqa: E402

BIN = Path(sys.executable).parent
DEMO = "hocvuso-demo-2025"  # noqa: S105 - the demo's published password
RUN = Path(os.environ.get("HOCVUSO_SERVE_DIR", ROOT / "var" / "serve-prod"))


def say(message: str) -> None:
    print(f"serve-prod: {message}", flush=True)


def secret(name: str) -> str:
    path = RUN / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=env.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hocvuso"
        ),
        SECRET_KEY=env.get("SECRET_KEY") or secret("secret_key"),
        NATIONAL_ID_HASH_KEY=env.get("NATIONAL_ID_HASH_KEY")
        or secret("national_id_key"),
        ALLOWED_HOSTS=env.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
        HOCVUSO_LOG_DIR=str(RUN / "log"),
    )
    return env


def create_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = {
        "dbname": "postgres",
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "autocommit": True,
    }
    with psycopg.connect(**admin) as db:
        found = db.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not found:
            say(f"creating database {config['NAME']}")
            db.execute(f'CREATE DATABASE "{config["NAME"]}"')


def hocvuso(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own program
        [str(BIN / "hocvuso"), *args], env=env, cwd=ROOT, check=True
    )


def certificate() -> tuple[Path, Path]:
    cert, key = RUN / "tls" / "localhost.crt", RUN / "tls" / "localhost.key"
    if not cert.exists():
        cert.parent.mkdir(parents=True, exist_ok=True)
        say("making a self-signed certificate for 127.0.0.1 and localhost")
        subprocess.run(  # noqa: S603 - fixed openssl invocation
            [
                shutil.which("openssl") or "/usr/bin/openssl",
                "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "365", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", str(key), "-out", str(cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        key.chmod(0o600)
    return cert, key


def nginx_config(https_port: int, http_port: int, socket: Path) -> Path:
    cert, key = certificate()
    (RUN / "log").mkdir(parents=True, exist_ok=True)
    (RUN / "nginx-temp").mkdir(exist_ok=True)
    site = render_nginx(
        server_name="127.0.0.1 localhost",
        http_listen=f"127.0.0.1:{http_port}",
        https_listen=f"127.0.0.1:{https_port}",
        https_port_suffix=f":{https_port}",
        upstream=f"unix:{socket}",
        certificate=str(cert),
        certificate_key=str(key),
        static_root=str(ROOT / "staticfiles"),
        log_dir=str(RUN / "log"),
    )
    (RUN / "hocvuso.conf").write_text(site)
    temp = RUN / "nginx-temp"
    main = f"""# Written by deploy/serve_prod.py: Debian's nginx.conf, trimmed
# to this folder. The site itself is hocvuso.conf, rendered from
# deploy/nginx/hocvuso.conf.in as in production.
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {RUN}/nginx.pid;
error_log {RUN}/log/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {RUN}/hocvuso.conf;
}}
"""
    path = RUN / "nginx.conf"
    path.write_text(main)
    return path


def wait_ready(url: str, processes, seconds: float = 60) -> None:
    context = ssl._create_unverified_context()  # noqa: S323 - our self-signed cert
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, process in processes:
            if process.poll() is not None:
                raise SystemExit(
                    f"serve-prod: {name} stopped (exit {process.returncode})"
                )
        try:
            with urllib.request.urlopen(url, context=context, timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"serve-prod: {url} was not ready within {seconds:.0f} s")


class Browser:
    """Just enough of a browser for the smoke check: cookies, gzip, no
    redirects followed (so each one can be checked)."""

    def __init__(self, base: str):
        import http.cookiejar

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        context = ssl._create_unverified_context()  # noqa: S323 - self-signed
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def get(self, url: str, data: dict | None = None):
        import gzip
        import urllib.parse

        url = url if "://" in url else self.base + url
        body = urllib.parse.urlencode(data).encode() if data else None
        headers = {"Accept-Encoding": "gzip", "Referer": self.base + "/"}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            answer = self.opener.open(request, timeout=15)
        except urllib.error.HTTPError as error:  # 3xx and 4xx arrive here
            answer = error
        raw = answer.read()
        if answer.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return answer.status, answer.headers, raw.decode("utf-8", "replace")


def smoke(base: str, http_base: str) -> None:
    """Fetch the demo through nginx as a person would, and say what came back:
    the redirect to HTTPS, readiness, a hashed static file, an officer's
    sign-in and the people list of the commune."""

    def check(ok: bool, what: str) -> None:
        if not ok:
            raise SystemExit(f"serve-prod: smoke check failed: {what}")
        say(f"ok: {what}")

    browser = Browser(base)
    status, headers, _ = browser.get(http_base + "/sign-in/")
    check(
        status == 301 and headers["Location"] == base + "/sign-in/",
        f"http redirects to {headers['Location']}",
    )
    status, headers, text = browser.get("/readyz")
    check(status == 200 and '"ready": true' in text, f"/readyz {status}: {text}")
    status, headers, page = browser.get("/sign-in/")
    check(
        status == 200 and "Đăng nhập" in page,
        f"/sign-in/ {status}, request id {headers['X-Request-ID']},"
        f" HSTS {headers['Strict-Transport-Security']!r}",
    )
    static = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    check(static is not None, f"the page links hashed CSS {static and static[1]}")
    status, headers, _ = browser.get(static[1])
    check(
        status == 200
        and headers["Content-Encoding"] == "gzip"
        and "immutable" in headers["Cache-Control"],
        f"{static[1]}: {status}, {headers['Content-Encoding']},"
        f" Cache-Control {headers['Cache-Control']!r} (nginx, not the app)",
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    status, headers, _ = browser.get(
        "/sign-in/",
        {"csrfmiddlewaretoken": token, "phone": "0900000003", "password": DEMO},
    )
    check(status == 302, f"the demo officer of Xã Bình An signs in ({status})")
    status, headers, page = browser.get("/people/")
    rows = len(re.findall(r'href="/people/\d+/"', page))
    check(
        status == 200 and rows > 0,
        f"/people/ {status}: {rows} people listed, {len(page)} bytes",
    )


def worker_available(env) -> bool:
    done = subprocess.run(  # noqa: S603 - our own program
        [str(BIN / "hocvuso"), "help", "db_worker"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--smoke", action="store_true", help="start, fetch the demo pages, stop"
    )
    parser.add_argument(
        "--no-demo", action="store_true", help="do not load the demo when empty"
    )
    args = parser.parse_args(argv)
    deps = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(HERE / "system_deps.py"), "--for", "serve"], check=False
    )
    if deps.returncode != 0:
        return deps.returncode
    (RUN / "log").mkdir(parents=True, exist_ok=True)
    env = environment()
    https_port = int(env.get("HOCVUSO_HTTPS_PORT", "8443"))
    http_port = int(env.get("HOCVUSO_HTTP_PORT", "8080"))
    socket = RUN / "gunicorn.sock"

    create_database(env["DATABASE_URL"])
    hocvuso(env, "migrate", "--noinput", "--verbosity", "0")
    hocvuso(env, "collectstatic", "--noinput", "--verbosity", "0")
    if not args.no_demo:
        hocvuso(env, "demo", "--scale", "small", "--if-empty")

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    config = nginx_config(https_port, http_port, socket)
    subprocess.run(  # noqa: S603 - the nginx found above
        [nginx, "-q", "-t", "-p", str(RUN), "-c", str(config)], check=True
    )
    socket.unlink(missing_ok=True)
    processes: list[tuple[str, subprocess.Popen]] = []
    web_env = {**env, "HOCVUSO_BIND": f"unix:{socket}"}
    processes.append(
        (
            "gunicorn",
            subprocess.Popen(  # noqa: S603 - our own program
                [str(BIN / "gunicorn"), "--config", str(HERE / "gunicorn.conf.py")],
                env=web_env,
                cwd=ROOT,
            ),
        )
    )
    if worker_available(env):
        for n in range(int(env.get("HOCVUSO_TASK_WORKERS", "1"))):
            processes.append(
                (
                    f"task worker {n + 1}",
                    subprocess.Popen(  # noqa: S603 - our own program
                        [
                            str(BIN / "hocvuso"),
                            "db_worker",
                            "--worker-id",
                            f"local-{n + 1}",
                        ],
                        env=env,
                        cwd=ROOT,
                    ),
                )
            )
    else:
        say("no task worker: django-tasks is not installed in this checkout")
    processes.append(
        (
            "nginx",
            subprocess.Popen(  # noqa: S603 - the nginx found above
                [nginx, "-p", str(RUN), "-c", str(config), "-g", "daemon off;"]
            ),
        )
    )

    def stop(*_args) -> None:
        for _name, process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for _name, process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    base = f"https://127.0.0.1:{https_port}"
    try:
        wait_ready(f"{base}/readyz", processes)
        say(
            f"serving {base}/ (self-signed certificate; http://127.0.0.1:{http_port}"
            f" redirects there); logs in {RUN / 'log'}"
        )
        if args.smoke:
            smoke(base, f"http://127.0.0.1:{http_port}")
            return 0
        while all(process.poll() is None for _n, process in processes):
            time.sleep(1)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
