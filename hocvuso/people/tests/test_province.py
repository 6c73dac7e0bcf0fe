"""The province administrator's documented rights over the register (docs/domain.md,
docs/import.md): people, households and sensitive data of every commune, the import
page; another province's administrator gets 404 (or no An Giang choice)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hocvuso.accounts.models import Role
from hocvuso.people.models import ImportJob
from hocvuso.people.services import household_register, person_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(an_giang, ca_mau, binh_an, rach_gia, make_hamlet, make_staff):
    quarter = make_hamlet(rach_gia, "Khu phố Rạch Giồng", kind="quarter")
    home = household_register(
        actor=None, unit=quarter, address="Số 1", head_name="Lâm Quốc Cường"
    )
    person = person_register(
        actor=None,
        unit=quarter,
        household=home,
        full_name="Lâm Quốc Cường",
        birth_year=1950,
        ethnicity="05",
        consent_basis="official_register",
    )
    return {
        "admin": make_staff(Role.PROVINCE_ADMIN, an_giang),
        "elsewhere": make_staff(Role.PROVINCE_ADMIN, ca_mau),
        "home": home,
        "person": person,
    }


def test_province_reads_people_with_sensitive_data_and_another_province_404(
    client, province
):
    home, person = province["home"], province["person"]
    urls = [
        reverse("people:household-detail", args=[home.pk]),
        reverse("people:person-detail", args=[person.pk]),
    ]
    client.force_login(province["admin"])
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "Khmer" in client.get(urls[1]).content.decode()  # sensitive: ethnicity
    assert (
        person.full_name in client.get(reverse("people:person-list")).content.decode()
    )
    client.force_login(province["elsewhere"])
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert person.full_name not in (
        client.get(reverse("people:person-list")).content.decode()
    )


def test_province_opens_the_import_page_for_its_communes_only(
    client, province, binh_an, rach_gia
):
    client.force_login(province["admin"])
    page = client.get(reverse("people:import-start"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'value="{binh_an.code}"' in text and f'value="{rach_gia.code}"' in text
    client.force_login(province["elsewhere"])
    page = client.get(reverse("people:import-start"))
    assert f'value="{binh_an.code}"' not in page.content.decode()
    refused = client.post(
        reverse("people:import-start"),
        {
            "unit": binh_an.code,
            "file": SimpleUploadedFile(
                "ds.csv", "Họ và tên,Năm sinh\nA,1990\n".encode()
            ),
        },
    )
    assert refused.status_code in (400, 404)
    assert not ImportJob.objects.exists()
