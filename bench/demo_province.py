"""Time `hocvuso demo --scale province` on a fresh database and report its size.

    .venv/bin/python bench/demo_province.py [--people N] [--keep]
    DATABASE_URL=postgres://... .venv/bin/python bench/demo_province.py

SQLite goes into a new temporary var directory (deleted afterwards unless
--keep); with DATABASE_URL the database must exist and be empty. Prints the
machine, the command's own summary, the wall time and the database size, ready
for docs/performance.md.
"""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOCVUSO = ROOT / ".venv" / "bin" / "hocvuso"


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own console script
        [str(HOCVUSO), *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(result.returncode)
    return result.stdout


def database_size(env: dict[str, str], var_dir: Path) -> str:
    if not env.get("DATABASE_URL"):
        files = list(var_dir.glob("hocvuso.sqlite3*"))
        return f"{sum(f.stat().st_size for f in files) / 1e9:.2f} GB (SQLite files)"
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('select pg_database_size(current_database())')\n"
        "    print(f'{c.fetchone()[0] / 1e9:.2f} GB (PostgreSQL)')\n"
    )
    return run(["shell", "-c", script], env).strip()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().split()[1]
        ram = f", {int(memory) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        ram = ""
    return f"{cpu}, {os.cpu_count()} CPUs{ram}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, help="fewer people, for a quick run")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="keep the var directory")
    options = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="hocvuso-bench-"))
    env = {
        **os.environ,
        "HOCVUSO_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    demo = ["demo", "--scale", "province", "--seed", str(options.seed)]
    if options.people:
        demo += ["--people", str(options.people)]
    try:
        run(["migrate", "--noinput", "-v", "0"], env)
        started = time.monotonic()
        output = run([*demo, "-v", "0"], env)
        seconds = time.monotonic() - started
        size = database_size(env, var_dir)
    finally:
        if not options.keep:
            shutil.rmtree(var_dir, ignore_errors=True)
    print(f"date: {datetime.date.today().isoformat()}")  # noqa: DTZ011 - local day
    print(f"machine: {machine()}")
    print(f"command: hocvuso {' '.join(demo)}")
    print(f"database: {'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'}")
    print(f"wall time: {seconds:.0f} s ({seconds / 60:.1f} min)")
    print(f"size: {size}")
    if options.keep:
        print(f"var dir: {var_dir}")
    print(output.split("\n\n")[0])


if __name__ == "__main__":
    main()
