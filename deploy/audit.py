#!/usr/bin/env python3
"""Audit the installed Python packages for known vulnerabilities (pip-audit).

    make audit                          # or: .venv/bin/python deploy/audit.py
    .venv/bin/python deploy/audit.py --require   # fail when it cannot audit

pip-audit asks PyPI's JSON API which releases have known vulnerabilities. Where
that service cannot be reached (a machine that sees PyPI only through a mirror
of the package index, as this project's CI does), no audit is possible: this
says so plainly and exits 0, or 2 with --require, instead of letting
pip-audit report "no known vulnerabilities" about packages it never checked.
pip-audit itself lives in its own virtual environment (.venv-audit), apart
from the project's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT_VENV = ROOT / ".venv-audit"
PIP_AUDIT = "pip-audit==2.10.1"
PROBE = "https://pypi.org/pypi/django/5.2.19/json"


def service_answers() -> str | None:
    """None when PyPI's vulnerability data answers, else why not."""
    try:
        with urllib.request.urlopen(PROBE, timeout=15) as answer:  # noqa: S310
            if "vulnerabilities" not in json.load(answer):
                return f"{PROBE} has no vulnerability data"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"{PROBE} does not answer ({error})"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--require", action="store_true")
    args = parser.parse_args(argv)
    if why := service_answers():
        print(f"dependency audit not possible here: {why}")
        return 2 if args.require else 0
    if not (AUDIT_VENV / "bin" / "pip-audit").exists():
        subprocess.run([sys.executable, "-m", "venv", str(AUDIT_VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 - pip from the venv just made
            [str(AUDIT_VENV / "bin" / "pip"), "install", "--quiet", PIP_AUDIT],
            check=True,
        )
    frozen = subprocess.run(  # noqa: S603 - the project's own pip
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write(frozen)
        requirements.flush()
        # --strict: a package that could not be audited is a failure too.
        return subprocess.run(  # noqa: S603 - pip-audit from its own venv
            [
                str(AUDIT_VENV / "bin" / "pip-audit"),
                "--strict",
                "--no-deps",
                "--disable-pip",
                "--progress-spinner=off",
                "--requirement",
                requirements.name,
            ],
            check=False,
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
