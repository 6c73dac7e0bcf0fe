"""gunicorn against granian: the same hocvuso, the same workers, the same pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hv_production \\
        .venv/bin/python bench/app_servers.py [--workers 3] [--seconds 15] [--rounds 3]

Needs `pip install gunicorn granian` in the venv and Debian's wrk, a demo
province in DATABASE_URL (`deploy/serve_prod.py` makes one) and the secrets
that serve_prod.py keeps in var/serve-prod/. Each round starts each server in
turn on 127.0.0.1:PORT (8106) with config.settings.prod, warms it, then runs wrk
(16 connections, 2 threads) for --seconds on each page: an anonymous page
(/sign-in/), a lesson list (/learn/) and a commune officer's people list
(/people/, signed in). Prints the median requests per second and p50/p99
latency per server and page over the rounds, the CPU time the server spent
per request (user + system, from /proc: meaningful on a busy shared machine,
where throughput is not), and the memory (RSS) of each worker process after
the load. Loopback only; every process it starts is
stopped before it ends.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVE = ROOT / "var" / "serve-prod"
PAGES = ["/sign-in/", "/learn/", "/people/"]
# granian's WSGI default runs up to backpressure/2 (about 170) threads per
# worker; "granian-1" runs one request at a time per worker, as gunicorn's
# sync workers do.
SERVERS = ("gunicorn", "granian-1", "granian")


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": (SERVE / "secret_key").read_text().strip(),
        "NATIONAL_ID_HASH_KEY": (SERVE / "national_id_key").read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def session_key(env) -> str:
    code = (
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from hocvuso.accounts.models import User\n"
        "u = User.objects.get(phone='0900000003')\n"
        "s = SessionStore()\n"
        "s['_auth_user_id'] = str(u.pk)\n"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s['_auth_user_hash'] = u.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own program
        [str(BIN / "hocvuso"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def start(server: str, workers: int, port: int, env) -> subprocess.Popen:
    if server == "gunicorn":
        command = [
            str(BIN / "gunicorn"),
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--workers",
            str(workers),
        ]
        env = {**env, "HOCVUSO_BIND": f"127.0.0.1:{port}"}
    else:
        threads = [] if server == "granian" else ["--blocking-threads", "1"]
        command = [
            str(BIN / "granian"),
            *threads,
            "--interface",
            "wsgi",
            "--workers",
            str(workers),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "config.wsgi:application",
        ]
    return subprocess.Popen(  # noqa: S603 - fixed programs
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait(port: int) -> None:
    for _ in range(120):
        try:
            request = urllib.request.Request(  # noqa: S310 - loopback http
                f"http://127.0.0.1:{port}/healthz"
            )
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(port: int, path: str, seconds: int, cookie: str) -> dict:
    done = subprocess.run(  # noqa: S603 - Debian's wrk on loopback
        [
            "/usr/bin/wrk",
            "-t2",
            "-c16",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            f"Cookie: sessionid={cookie}",
            "-H",
            "Accept-Encoding: gzip",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", done)[1]),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", done, re.M)[1]),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", done, re.M)[1]),
        "errors": int(errors[1]) if errors else 0,
    }


def children(process: subprocess.Popen) -> list[str]:
    return subprocess.run(  # noqa: S603 - procps
        ["/usr/bin/pgrep", "-P", str(process.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()


def cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU time of the server and its workers so far: what a
    request costs, whatever else the shared machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [str(process.pid), *children(process)]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def worker_rss_mb(process: subprocess.Popen) -> list[float]:
    sizes = []
    for pid in children(process):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024)
    return sorted(sizes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8106)
    args = parser.parse_args()
    env = environment()
    cookie = session_key(env)
    results: dict = {}
    memory: dict = {}
    for _round in range(args.rounds):
        for server in SERVERS:
            process = start(server, args.workers, args.port, env)
            try:
                wait(args.port)
                for path in PAGES:
                    wrk(args.port, path, 2, cookie)  # warm every worker
                for path in PAGES:
                    before = cpu_seconds(process)
                    run = wrk(args.port, path, args.seconds, cookie)
                    requests = run["rps"] * args.seconds
                    run["cpu_ms"] = (cpu_seconds(process) - before) * 1000 / requests
                    results.setdefault((server, path), []).append(run)
                memory.setdefault(server, []).append(worker_rss_mb(process))
            finally:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)
            time.sleep(1)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
        f" load {os.getloadavg()[0]:.1f}; {args.workers} workers, wrk -t2 -c16"
        f" -d{args.seconds}s, {args.rounds} rounds (medians)"
    )
    print("| server | page | req/s | p50 ms | p99 ms | CPU ms/request | non-2xx/3xx |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (server, path), runs in results.items():
        print(
            f"| {server} | `{path}` |"
            f" {statistics.median(r['rps'] for r in runs):.0f} |"
            f" {statistics.median(r['p50'] for r in runs):.1f} |"
            f" {statistics.median(r['p99'] for r in runs):.1f} |"
            f" {statistics.median(r['cpu_ms'] for r in runs):.1f} |"
            f" {sum(r['errors'] for r in runs)} |"
        )
    for server, rounds in memory.items():
        last = rounds[-1]
        print(f"{server}: worker RSS after the load (MB): {[round(m) for m in last]}")


if __name__ == "__main__":
    main()
