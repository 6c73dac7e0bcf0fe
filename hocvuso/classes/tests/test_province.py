"""The province administrator follows every commune's classes (docs/classes.md:
the reports and their Excel export; the list of classes), read only; another
province's administrator gets 404."""

import pytest

from conftest import PASSWORD
from hocvuso.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_province_lists_every_class_and_reads_the_reports(
    client, class_world, an_giang, ca_mau, make_staff, binh_an, rach_gia
):
    admin = make_staff(Role.PROVINCE_ADMIN, an_giang, "Sở An Giang")
    elsewhere = make_staff(Role.PROVINCE_ADMIN, ca_mau, "Sở Cà Mau")
    series, far = class_world["series"], class_world["far"]
    assert client.login(phone=admin.phone, password=PASSWORD)
    home = client.get("/classes/")
    assert home.status_code == 200
    text = home.content.decode()
    assert series.title in text and far.title in text
    assert "Chưa có lớp học nào" not in text
    assert f"/classes/{binh_an.code}/series/{series.pk}/" in text  # read-only page
    assert "/classes/reports/" in text
    assert 'href="/classes/"' in client.get("/").content.decode()  # in the menu
    urls = [
        f"/classes/reports/?unit={binh_an.code}",
        f"/classes/reports/?unit={rach_gia.code}",
        f"/classes/reports/export.xlsx?unit={rach_gia.code}",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    # Read only: the staff pages of a class stay with its commune.
    assert client.get(f"/classes/series/{series.pk}/").status_code == 404
    assert client.get(f"/classes/series/{series.pk}/edit/").status_code == 404
    client.logout()
    assert client.login(phone=elsewhere.phone, password=PASSWORD)
    home = client.get("/classes/").content.decode()
    assert series.title not in home and far.title not in home
    for url in urls:
        response = client.get(url)
        # Another province's commune is not a choice: the form refuses it and
        # nothing of An Giang is shown.
        assert response.status_code in (200, 404), url
        assert binh_an.name not in response.content.decode(), url
        assert rach_gia.name not in response.content.decode(), url
