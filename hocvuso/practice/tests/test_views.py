"""Practice pages open without sign-in and show each scenario without JS."""

import json
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from hocvuso.practice.scenarios import scenario_names
from hocvuso.practice.vietqr import parse

pytestmark = pytest.mark.django_db
SIMULATORS = ["vietqr-pay", "public-service", "spot-scam", "vneid"]


def test_list_shows_every_simulator(client):
    response = client.get("/practice/")
    assert response.status_code == 200
    page = response.content.decode()
    for title in [
        "Trả tiền bằng mã VietQR",
        "Nộp hồ sơ dịch vụ công trực tuyến",
        "Nhận biết lừa đảo",
        "Dùng ứng dụng VNeID",
    ]:
        assert title in page
    assert "/practice/vietqr-pay/?scenario=wrong-recipient" in page


@pytest.mark.parametrize(
    ("simulator", "scenario"),
    [(s, n) for s in SIMULATORS for n in scenario_names(s)],
)
def test_each_scenario_renders_with_its_explanation(client, simulator, scenario):
    response = client.get(f"/practice/{simulator}/", {"scenario": scenario})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="pw-static"' in page
    assert "Giải thích" in page
    assert f'"scenario": "{scenario}"' in page
    assert f"js/practice/{simulator}.js" in page


def test_default_scenario_is_the_first(client):
    response = client.get("/practice/vietqr-pay/")
    assert '"scenario": "normal"' in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/practice/atm/", "/practice/vietqr-pay/?scenario=free-money"]
)
def test_unknown_simulator_or_scenario_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("scenario", scenario_names("vietqr-pay"))
def test_every_shown_vietqr_parses_with_a_valid_crc(client, scenario):
    page = client.get("/practice/vietqr-pay/", {"scenario": scenario}).content.decode()
    payloads = re.findall(r'data-payload="([^"]+)"', page)
    assert len(payloads) == 1
    qr = parse(payloads[0])
    assert qr.amount and qr.bank_name
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and svg.count("class=") == 1


def test_wrong_recipient_shows_another_name_than_the_shop():
    page = Template(
        "{% load practice %}{% practice_widget 'vietqr-pay' 'wrong-recipient' %}"
    ).render(Context({"request": _request()}))
    config = json.loads(re.search(r'id="pw1-data"[^>]*>(.*?)</script>', page).group(1))
    payload = re.search(r'data-payload="([^"]+)"', page).group(1)
    qr = parse(payload)
    assert config["directory"][f"{qr.bank_bin}/{qr.account}"] == "TRAN VAN TUAN"
    assert "Chủ tài khoản: NGUYEN THI BA" in page
    assert config["expect"] == "stop"


def _request(session=None):
    request = RequestFactory().get("/learn/")
    request.session = session or {}
    return request


def test_two_widgets_on_one_page_get_distinct_ids():
    page = Template(
        "{% load practice %}{% practice_widget 'spot-scam' 'calls' %}"
        "{% practice_widget 'vneid' '' %}"
    ).render(Context({"request": _request()}))
    assert 'id="pw1-data"' in page and 'id="pw2-data"' in page
    assert 'data-config="pw2-data"' in page


def test_anonymous_widget_keeps_results_on_the_device(client):
    anonymous = client.get("/practice/spot-scam/")
    assert "data-results-url" not in anonymous.content.decode()


def test_signed_in_learner_widget_posts_results(learner_client):
    page = learner_client.get("/practice/spot-scam/").content.decode()
    assert 'data-results-url="/api/v1/practice/results"' in page


def test_service_worker_is_served_for_the_practice_pages(client):
    response = client.get("/practice/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert 'var CACHE = "hocvuso-practice-' in response.content.decode()


def test_simulator_page_offers_offline_use(client):
    page = client.get("/practice/vneid/").content.decode()
    assert 'data-practice-sw="/practice/sw.js"' in page
    assert 'data-scope="/practice/"' in page


def test_every_practice_text_shows_in_vietnamese_as_written():
    """No other catalogue gives the simulators' words another meaning."""
    import polib
    from django.utils import translation

    path = Path(__file__).resolve().parents[1] / "locale/vi/LC_MESSAGES/django.po"
    with translation.override("vi"):
        shown = {
            entry.msgid: (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
            for entry in polib.pofile(str(path))
        }
        wanted = {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))}
    assert shown == wanted
