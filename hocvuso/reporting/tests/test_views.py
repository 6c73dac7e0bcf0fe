"""The figures pages: each role's access, the content, CSV, bad input, query counts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def figures_url(unit, **query):
    url = reverse("reporting:unit-figures", args=[unit.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_commune_officer_sees_their_figures_and_not_anothers(
    client, world, binh_an, rach_gia
):
    client.force_login(world["staff"]["officer_ba"])
    page = client.get(figures_url(binh_an))
    assert page.status_code == 200
    assert "8/18" in page.content.decode()
    assert client.get(figures_url(rach_gia)).status_code == 404
    other = reverse("reporting:unit-ranking", args=[world["quarter"].parent.code, "I1"])
    assert client.get(other).status_code == 404
    assert client.get(figures_url(world["quarter"])).status_code == 404


def test_the_province_sees_every_commune_ranked(client, world, an_giang, binh_an):
    client.force_login(world["staff"]["admin"])
    page = client.get(reverse("reporting:unit-ranking", args=[an_giang.code, "I1"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert binh_an.name in body and "8/18" in body and "6/6" in body
    drill = reverse("reporting:unit-figures", args=[binh_an.code])
    assert drill in body


def test_a_bad_period_is_explained_in_vietnamese(client, world, binh_an):
    client.force_login(world["staff"]["officer_ba"])
    page = client.get(figures_url(binh_an, period="2026-13"))
    assert page.status_code == 200
    assert "Không hiểu kỳ" in page.content.decode()
    assert (
        client.get(
            reverse("reporting:unit-ranking", args=[binh_an.code, "X9"])
        ).status_code
        == 404
    )


def test_csv_has_the_same_numbers(client, world, binh_an):
    client.force_login(world["staff"]["officer_ba"])
    response = client.get(figures_url(binh_an, breakdown="sex", format="csv"))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code,indicator,num,den,%")
    i1 = next(line for line in lines if line.startswith("I1,"))
    assert ",8,18,44.4," in i1


def test_anonymous_visitors_are_sent_to_sign_in(client, world, binh_an):
    assert client.get(figures_url(binh_an)).status_code == 302


def test_the_figures_page_costs_a_fixed_number_of_queries(
    client, world, binh_an, django_assert_num_queries
):
    client.force_login(world["staff"]["officer_ba"])
    client.get(figures_url(binh_an))
    with django_assert_num_queries(9):
        client.get(figures_url(binh_an, breakdown="age"))
