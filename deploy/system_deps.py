#!/usr/bin/env python3
"""Install the system tools hocvuso's tests (or its local production stack) need.

`make test` runs this first, so a fresh Debian 12 clone with only Python 3.11,
make and apt passes its tests without a step by hand:

    python3 deploy/system_deps.py            # what `make test` needs (all)
    python3 deploy/system_deps.py --for serve  # what `make serve-prod` needs
    python3 deploy/system_deps.py --check    # say what is missing, change nothing

What is present is left alone. What is missing is installed when this runs as
root (Debian packages through apt-get; the VietQR cross-check package through
`npm pack` into var/vendor/). Not root, it stops at once with the exact command
to run, before any test has started. Only the Python standard library is used:
this runs before the virtual environment exists.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIETNAM_QR_PAY = "vietnam-qr-pay@1.5.1"
EXIT_MISSING = 3


@dataclass(frozen=True)
class Need:
    """One thing a test needs: how to tell it is there, and its Debian package."""

    what: str
    package: str
    files: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()

    def present(self, env: dict[str, str]) -> bool:
        path = env.get("PATH", os.defpath)
        return all(Path(f).exists() for f in self.files) and all(
            shutil.which(p, path=path) for p in self.programs
        )


def debian_needs(group: str, env: dict[str, str]) -> list[Need]:
    chromium = env.get("HOCVUSO_CHROMIUM", "/usr/bin/chromium")
    font = env.get(
        "HOCVUSO_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    )
    test = [
        Need("the browser for the browser tests", "chromium", files=(chromium,)),
        Need("the completion record's font", "fonts-dejavu-core", files=(font,)),
        Need(
            "GNU gettext for the catalogue test",
            "gettext",
            programs=("xgettext", "msgmerge"),
        ),
        Need("Node.js for the VietQR cross-check", "nodejs", programs=("node",)),
        Need("npm for the VietQR cross-check", "npm", programs=("npm",)),
    ]
    serve = [
        Need("nginx, the reverse proxy", "nginx", programs=("nginx",)),
        Need("openssl for the local certificate", "openssl", programs=("openssl",)),
        Need("pg_dump for backups", "postgresql-client", programs=("pg_dump",)),
    ]
    # The suite also starts the production stack and backs up PostgreSQL.
    return {"test": test + serve, "serve": serve}[group]


def apt_commands(packages: list[str]) -> list[list[str]]:
    return [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
    ]


def shell(commands: list[list[str]]) -> str:
    return " && ".join(" ".join(c) for c in commands)


def qr_pay_dir(env: dict[str, str]) -> Path:
    """Where `make` points VIETNAM_QR_PAY (the cross-check test reads it)."""
    return Path(env.get("HOCVUSO_VAR_DIR", ROOT / "var")) / "vendor" / "vietnam-qr-pay"


def fetch_qr_pay(env: dict[str, str]) -> bool:
    """Unpack the npm package beside the project (never at test time)."""
    npm = shutil.which("npm", path=env.get("PATH"))
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(  # noqa: S603 - fixed program and package name
            [npm, "pack", "--silent", VIETNAM_QR_PAY],
            cwd=tmp,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(f"npm pack {VIETNAM_QR_PAY} failed:\n{done.stderr}", file=sys.stderr)
            return False
        (archive,) = Path(tmp).glob("vietnam-qr-pay-*.tgz")
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        target = qr_pay_dir(env)
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(Path(tmp) / "package"), target)
    return True


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--for", dest="group", choices=["test", "serve"])
    parser.add_argument(
        "--check", action="store_true", help="report what is missing, install nothing"
    )
    args = parser.parse_args(argv)
    env = dict(os.environ if env is None else env)
    group = args.group or "test"

    missing = [n for n in debian_needs(group, env) if not n.present(env)]
    packages = list(dict.fromkeys(n.package for n in missing))
    needs_qr_pay = group == "test" and not (qr_pay_dir(env) / "package.json").exists()
    commands = apt_commands(packages) if packages else []

    for need in missing:
        print(f"missing: {need.what} (Debian package {need.package})")
    if needs_qr_pay:
        print(f"missing: {VIETNAM_QR_PAY} in {qr_pay_dir(env)} (npm pack)")
    if not missing and not needs_qr_pay:
        if args.check:
            print(f"system tools for {group}: all present")
        return 0

    if args.check:
        if commands:
            print(f"would run: {shell(commands)}")
        if needs_qr_pay:
            print(f"would run: npm pack {VIETNAM_QR_PAY} into {qr_pay_dir(env)}")
        return EXIT_MISSING

    if commands:
        if os.geteuid() != 0:
            print(
                "hocvuso needs these Debian packages and can install them only as"
                f" root. Run:\n\n    sudo sh -c '{shell(commands)}'\n\nthen run"
                " make again.",
                file=sys.stderr,
            )
            return EXIT_MISSING
        apt_env = {**env, "DEBIAN_FRONTEND": "noninteractive"}
        for command in commands:
            print("running:", " ".join(command))
            subprocess.run(command, env=apt_env, check=True)  # noqa: S603
        still = [n.what for n in debian_needs(group, env) if not n.present(env)]
        if still:
            print(f"still missing after apt-get: {', '.join(still)}", file=sys.stderr)
            return EXIT_MISSING
    if needs_qr_pay:
        print(f"running: npm pack {VIETNAM_QR_PAY} into {qr_pay_dir(env)}")
        if not fetch_qr_pay(env):
            return EXIT_MISSING
    return 0


if __name__ == "__main__":
    sys.exit(main())
