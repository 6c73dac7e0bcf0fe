import pytest
from django.urls import reverse

from hocvuso.accounts.models import Role
from hocvuso.geography.models import Unit

pytestmark = pytest.mark.django_db


def test_officer_adds_a_hamlet_to_their_commune_only(
    client, binh_an, rach_gia, make_staff
):
    client.force_login(make_staff(Role.COMMUNE_OFFICER, binh_an))
    url = reverse("geography:local-unit-create", args=[binh_an.code])
    response = client.post(url, {"name": "Ấp Vĩnh Thành A", "kind": "hamlet"})
    assert response.status_code == 302
    assert Unit.objects.filter(parent=binh_an, name="Ấp Vĩnh Thành A").exists()
    again = client.post(url, {"name": "ap vinh thanh a", "kind": "hamlet"})
    assert again.status_code == 400 and "đã có" in again.content.decode()
    other = reverse("geography:local-unit-create", args=[rach_gia.code])
    assert (
        client.post(other, {"name": "Khu phố 1", "kind": "quarter"}).status_code == 404
    )


def test_volunteer_cannot_add_hamlets(client, binh_an, make_hamlet, make_staff):
    hamlet = make_hamlet(binh_an, "Ấp A")
    client.force_login(make_staff(Role.VOLUNTEER, hamlet))
    url = reverse("geography:local-unit-create", args=[binh_an.code])
    assert client.post(url, {"name": "Ấp B", "kind": "hamlet"}).status_code == 404


def test_unit_pages_and_api_are_scoped(client, binh_an, rach_gia, make_staff):
    client.force_login(make_staff(Role.COMMUNE_OFFICER, binh_an))
    assert (
        client.get(reverse("geography:unit-detail", args=[binh_an.code])).status_code
        == 200
    )
    assert (
        client.get(reverse("geography:unit-detail", args=[rach_gia.code])).status_code
        == 404
    )
    assert client.get(f"/api/v1/units/{binh_an.code}").json()["parent_code"] == "91"
    assert client.get(f"/api/v1/units/{rach_gia.code}").status_code == 404
    listed = client.get("/api/v1/units").json()
    assert [u["code"] for u in listed["items"]] == [binh_an.code]


def test_unit_search_ignores_accents(client, an_giang, make_staff):
    client.force_login(make_staff(Role.PROVINCE_ADMIN, an_giang))
    page = client.get(
        reverse("geography:unit-list"), {"q": "rach gia"}
    ).content.decode()
    assert "Phường Rạch Giá" in page
