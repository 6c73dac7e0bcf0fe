"""`make test`'s first step: install the system tools the tests need, or stop."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "deploy" / "system_deps.py"


def load_script():
    spec = importlib.util.spec_from_file_location("system_deps", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["system_deps"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bare(tmp_path):
    """A machine lacking everything: a PATH with only python3, a missing
    chromium and font, an empty var/ (so no VietQR package)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    return {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "HOCVUSO_CHROMIUM": str(tmp_path / "no-chromium"),
        "HOCVUSO_PDF_FONT": str(tmp_path / "no-font.ttf"),
        "HOCVUSO_VAR_DIR": str(tmp_path / "var"),
    }


def run(env, *args):
    return subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_check_on_a_bare_machine_names_every_package_and_changes_nothing(bare):
    done = run(bare, "--check")
    assert done.returncode == 3
    assert (
        "would run: apt-get update -qq && apt-get install -y -qq "
        "--no-install-recommends chromium fonts-dejavu-core gettext nodejs npm nginx "
        "openssl postgresql-client"
    ) in done.stdout
    assert "npm pack vietnam-qr-pay@1.5.1" in done.stdout
    assert not Path(bare["HOCVUSO_VAR_DIR"]).exists()


def test_not_root_it_stops_at_once_with_the_exact_command(bare, monkeypatch, capsys):
    module = load_script()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    ran = []
    monkeypatch.setattr(module.subprocess, "run", lambda *a, **k: ran.append(a))
    assert module.main([], env=bare) == 3
    assert ran == []
    err = capsys.readouterr().err
    assert (
        "sudo sh -c 'apt-get update -qq && apt-get install -y -qq "
        "--no-install-recommends chromium fonts-dejavu-core gettext nodejs npm nginx "
        "openssl postgresql-client'"
    ) in err


def test_as_root_it_installs_what_is_missing_then_checks_again(bare, tmp_path):
    """A fake apt-get on PATH stands in for Debian's: it records its arguments
    and 'installs' the missing chromium, so the script's real code runs."""
    log = tmp_path / "apt.log"
    fake = Path(bare["PATH"]) / "apt-get"
    fake.write_text(
        f'#!/bin/sh\necho "$*" >> {log}\ntouch {bare["HOCVUSO_CHROMIUM"]}\n'
    )
    fake.chmod(0o755)
    env = {
        **bare,
        "HOCVUSO_PDF_FONT": str(SCRIPT),  # present
        "PATH": f"{bare['PATH']}:{os.environ['PATH']}",
    }
    Path(env["HOCVUSO_VAR_DIR"], "vendor", "vietnam-qr-pay").mkdir(parents=True)
    Path(env["HOCVUSO_VAR_DIR"], "vendor", "vietnam-qr-pay", "package.json").touch()
    if os.geteuid() != 0:
        pytest.skip("the install path runs only as root")
    done = run(env)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends chromium",
    ]
    assert run(env, "--check").stdout.strip() == "system tools for test: all present"


def test_apt_that_installs_nothing_is_reported_not_ignored(bare, tmp_path):
    fake = Path(bare["PATH"]) / "apt-get"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    if os.geteuid() != 0:
        pytest.skip("the install path runs only as root")
    done = run(bare)
    assert done.returncode == 3
    assert "still missing after apt-get: the browser for the browser tests" in (
        done.stderr
    )


def test_this_machine_has_what_the_tests_need():
    """`make test` ran the install step before this suite."""
    done = run(dict(os.environ), "--check")
    assert done.returncode == 0, done.stdout


def test_serve_group_needs_nginx_and_openssl(bare):
    done = run(bare, "--for", "serve", "--check")
    assert "nginx openssl postgresql-client" in done.stdout
    assert "vietnam-qr-pay" not in done.stdout


def test_the_audit_says_plainly_when_it_cannot_audit(monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("audit", SCRIPT.parent / "audit.py")
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    monkeypatch.setattr(audit, "service_answers", lambda: "the probe got 404")
    ran = []
    monkeypatch.setattr(audit.subprocess, "run", lambda *a, **k: ran.append(a))
    assert audit.main([]) == 0
    assert audit.main(["--require"]) == 2
    assert ran == []  # never runs pip-audit, which would call it clean
    assert "dependency audit not possible here: the probe got 404" in (
        capsys.readouterr().out
    )
