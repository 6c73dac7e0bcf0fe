"""What the browser tests share: the phone, a cut signal, a staff sign-in and
a page's cold weight."""

from conftest import PASSWORD

PHONE = {"width": 360, "height": 740}


def _no_signal(route):
    route.abort("internetdisconnected")


def cut_network(context):
    """No signal: offline emulation alone does not reach requests a service
    worker makes in Chromium, so every request is also refused."""
    context.set_offline(True)
    context.route("**/*", _no_signal)


def restore_network(context):
    context.unroute("**/*", _no_signal)
    context.set_offline(False)


def sign_in(page, base, user):
    """Sign a staff member in with phone and password."""
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Số điện thoại").fill(user.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def cold_bytes(browser, url, storage_state=None) -> tuple[int, int]:
    """Bytes on the wire and requests to load ``url`` with an empty cache, at
    phone size (signed in when ``storage_state`` is given)."""
    cold = browser.new_context(viewport=PHONE, storage_state=storage_state)
    page = cold.new_page()
    cdp = cold.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes = []
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.append(event["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    cold.close()
    return sum(sizes), len(sizes)
