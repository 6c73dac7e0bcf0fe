"""Browser journeys in Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import PHONE

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls made by the test itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HOCVUSO_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    browser_tests = False
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            browser_tests = True
    if browser_tests and not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        # Stop before the first test rather than fail half-way through.
        pytest.exit(
            f"{CHROMIUM} is missing: run `python3 deploy/system_deps.py` "
            "(as root it installs Debian's chromium; `make test` runs it first)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page and fail with every violation listed."""

    def check(page):
        results = _axe.run(page)
        violations = results.response["violations"]
        assert violations == [], "\n".join(
            f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']]}"
            for v in violations
        )

    return check
