"""Browser journeys in Debian's chromium (never a downloaded browser)."""

import contextlib
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


# ------------------------------------------------ every page fits 320 px wide

NARROW = {"width": 320, "height": 740}
# The elements sticking out past the viewport (at most five), as "tag.class".
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const cls = (el.getAttribute('class') || '').trim().split(/\\s+/)[0];
      out.push(el.tagName.toLowerCase() + (cls ? '.' + cls : '') +
               ' (' + Math.round(box.right) + 'px)');
      if (out.length === 5) break;
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out};
}"""


def _watch(context, options: dict, watched: list) -> None:
    """Remember every page (GET navigation) the context opens, and its
    cookies when the test closes it."""
    record = {"context": context, "options": options, "urls": [], "state": None}

    def on_request(req):
        try:
            main = req.is_navigation_request() and req.frame.parent_frame is None
        except Exception:  # noqa: BLE001 (service-worker requests have no frame)
            return
        if main and req.method == "GET" and req.url not in record["urls"]:
            record["urls"].append(req.url)

    real_close = context.close

    def close(**kwargs):
        with contextlib.suppress(Exception):  # already closed
            record["state"] = context.storage_state()
        return real_close(**kwargs)

    context.on("request", on_request)
    context.close = close
    watched.append(record)


def _overflowing_pages(browser, record: dict) -> list[str]:
    state = record["state"]
    if state is None:
        try:
            state = record["context"].storage_state()
        except Exception:  # noqa: BLE001 (closed without our close)
            return []
    narrow = browser.new_context(
        viewport=NARROW,
        storage_state=state,
        locale=record["options"].get("locale", "vi-VN"),
        java_script_enabled=record["options"].get("java_script_enabled", True),
    )
    found = []
    page = narrow.new_page()
    for url in record["urls"]:
        if "/static/" in url or "/media/" in url or not url.startswith("http"):
            continue
        try:
            response = page.goto(url, wait_until="load")
        except Exception:  # noqa: BLE001, S112 (a download, not a page)
            continue
        if response is None or response.status != 200:
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        wide = page.evaluate(_OVERFLOW)
        if wide:
            found.append(
                f"{url} is {wide['scrollWidth']}px wide at {wide['width']}px: "
                + ", ".join(wide["out"])
            )
    narrow.close()
    return found


@pytest.fixture(autouse=True)
def pages_fit_320_px(request):
    """Every page a browser test visits is opened again at 320 px wide (with the
    test's cookies) and must not be wider than the screen: no sideways
    scrolling on the smallest phones. Covers pages that tests add later."""
    if "browser" not in request.fixturenames:
        yield
        return
    for name in ("live_server", "transactional_db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)  # torn down after this check
    browser = request.getfixturevalue("browser")
    watched: list = []
    real_new_context, real_new_page = browser.new_context, browser.new_page

    def new_context(**options):
        context = real_new_context(**options)
        _watch(context, options, watched)
        return context

    def new_page(**options):
        page = real_new_page(**options)
        _watch(page.context, options, watched)
        return page

    browser.new_context, browser.new_page = new_context, new_page
    try:
        yield
    finally:
        browser.new_context, browser.new_page = real_new_context, real_new_page
    found = [line for rec in watched for line in _overflowing_pages(browser, rec)]
    assert not found, "pages wider than a 320 px phone:\n" + "\n".join(found)
