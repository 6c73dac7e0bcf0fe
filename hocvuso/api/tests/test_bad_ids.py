"""Every page and API id answers 404 for a huge or malformed id; bounded lists."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hocvuso.accounts.models import Role
from hocvuso.core.ranges import MAX_ID

BAD_IDS = ["99999999999999999999", str(MAX_ID + 1), "0", "-1", "1e5", "abc", "١٢"]


def _id_routes(resolver=None, prefix=""):
    """Every (url name, kwarg names) whose path takes an id."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns == "admin":  # Django's own admin, superusers only
                continue
            yield from _id_routes(entry, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            keys = list(entry.pattern.converters)
            if any(k.endswith("_id") for k in keys):
                yield f"{prefix}{entry.name}", keys


@pytest.fixture
def admin_client(client, an_giang, make_staff):
    client.force_login(make_staff(Role.PROVINCE_ADMIN, an_giang))
    return client


def test_every_page_and_api_id_answers_404_for_a_huge_or_malformed_id(admin_client):
    routes = list(_id_routes())
    assert len(routes) >= 10
    checked = []
    for name, keys in routes:
        for bad in BAD_IDS:
            kwargs = {k: (bad if k.endswith("_id") else "1") for k in keys}
            try:
                url = reverse(name, kwargs=kwargs)
            except Exception:  # noqa: S112 (a converter refusing the value is a 404 too)
                continue
            get = admin_client.get(url)
            assert get.status_code in {404, 405}, (name, bad)
            if url.startswith("/api/"):
                # An API operation reads its body too: a body it cannot use
                # answers 422 with the reasons, a bad id 404; never a 500.
                post = admin_client.post(url, "{}", content_type="application/json")
                assert post.status_code in {404, 405, 422}, (name, bad)
            else:
                post = admin_client.post(url)
                assert post.status_code in {404, 405}, (name, bad)
            checked.append(url)
    assert len(checked) >= 10 * len(BAD_IDS)


@pytest.mark.parametrize(
    "url", ["/api/v1/households", "/api/v1/people", "/api/v1/units"]
)
def test_api_lists_answer_404_beyond_the_last_page_never_500(admin_client, url):
    response = admin_client.get(url, {"page": "999999999999999999"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    huge = admin_client.get(url, {"page": str(10**30)})
    assert huge.status_code in {404, 422}
    assert admin_client.get(url, {"page": "1"}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/households", "/api/v1/people", "/api/v1/units"]
)
def test_api_lists_refuse_a_very_long_search_with_a_message(admin_client, url):
    response = admin_client.get(url, {"q": "nguyen " * 7000})
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["q"]


@pytest.mark.parametrize("url", ["/households/", "/people/"])
def test_pages_cut_a_very_long_search_and_say_so(admin_client, url):
    response = admin_client.get(url, {"q": "nguyen " * 7000, "page": "9" * 30})
    assert response.status_code == 200
    assert (
        "Từ tìm kiếm dài quá: chỉ tìm theo 100 ký tự đầu." in response.content.decode()
    )
