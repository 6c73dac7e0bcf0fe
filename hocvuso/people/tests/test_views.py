"""Each role's access to households and people, by page and by API.

One setup: two communes (Bình An with two hamlets, Rạch Giá with one quarter),
a household in each hamlet, and staff on each.
"""

import re

import pytest
from django.urls import reverse

from hocvuso.accounts.models import Role
from hocvuso.core.models import AuditAction, AuditEvent
from hocvuso.people.services import household_register, person_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(binh_an, rach_gia, make_hamlet, make_staff):
    hamlet_a = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    hamlet_b = make_hamlet(binh_an, "Ấp Vĩnh Thành B")
    quarter = make_hamlet(rach_gia, "Khu phố Rạch Giồng", kind="quarter")
    homes = {}
    for key, unit, head in [
        ("a", hamlet_a, "Nguyễn Văn An"),
        ("b", hamlet_b, "Trần Thị Bình"),
        ("rg", quarter, "Lâm Quốc Cường"),
    ]:
        household = household_register(
            actor=None, unit=unit, address=f"Số 1, {unit.name}", head_name=head
        )
        person = person_register(
            actor=None,
            unit=unit,
            household=household,
            full_name=head,
            birth_year=1950,
            relation_to_head="Chủ hộ",
            ethnicity="05",
            disabilities=["vision"],
            consent_basis="official_register",
        )
        homes[key] = (household, person)
    staff = {
        "officer_ba": make_staff(Role.COMMUNE_OFFICER, binh_an),
        "officer_rg": make_staff(Role.COMMUNE_OFFICER, rach_gia),
        "leader_a": make_staff(Role.TEAM_LEADER, hamlet_a),
        "volunteer_a": make_staff(Role.VOLUNTEER, hamlet_a),
        "instructor": make_staff(Role.INSTRUCTOR, binh_an),
        "editor": make_staff(Role.CONTENT_EDITOR, binh_an.parent),
        "admin": make_staff(Role.PROVINCE_ADMIN, binh_an.parent),
    }
    return homes, staff


# (viewer, household key) -> visible?
CASES = [
    ("officer_ba", "a", True),
    ("officer_ba", "b", True),
    ("officer_ba", "rg", False),
    ("officer_rg", "rg", True),
    ("officer_rg", "a", False),
    ("volunteer_a", "a", True),
    ("volunteer_a", "b", False),
    ("leader_a", "b", False),
    ("instructor", "a", False),
    ("editor", "a", False),
    ("admin", "rg", True),
]


@pytest.mark.parametrize(("viewer", "home", "visible"), CASES)
def test_household_and_person_pages_answer_404_out_of_scope(
    client, world, viewer, home, visible
):
    homes, staff = world
    household, person = homes[home]
    client.force_login(staff[viewer])
    urls = [
        reverse("people:household-detail", args=[household.pk]),
        reverse("people:person-detail", args=[person.pk]),
        f"/api/v1/households/{household.pk}",
        f"/api/v1/people/{person.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (200 if visible else 404), url


@pytest.mark.parametrize(("viewer", "home", "visible"), CASES)
def test_out_of_scope_looks_exactly_like_missing(client, world, viewer, home, visible):
    homes, staff = world
    client.force_login(staff[viewer])
    missing = client.get("/api/v1/households/999999")
    other = client.get(f"/api/v1/households/{homes[home][0].pk}")
    if not visible:
        assert other.status_code == missing.status_code == 404
        assert other.json() == missing.json()
        missing_url = reverse("people:household-detail", args=[999999])
        other_url = reverse("people:household-detail", args=[homes[home][0].pk])
        page_missing = client.get(missing_url).content.decode()
        page_other = client.get(other_url).content.decode()
        # The pages differ only in their own address and the masked CSRF token.
        token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
        assert token.sub("", page_missing.replace(missing_url, "")) == token.sub(
            "", page_other.replace(other_url, "")
        )


def test_lists_show_only_what_is_in_scope(client, world):
    homes, staff = world
    client.force_login(staff["volunteer_a"])
    page = client.get(reverse("people:person-list")).content.decode()
    assert "Nguyễn Văn An" in page
    assert "Trần Thị Bình" not in page and "Lâm Quốc Cường" not in page
    api = client.get("/api/v1/people").json()
    assert [p["full_name"] for p in api["items"]] == ["Nguyễn Văn An"]


def test_search_ignores_accents(client, world):
    _, staff = world
    client.force_login(staff["officer_ba"])
    page = client.get(reverse("people:person-list"), {"q": "tran thi binh"})
    assert "Trần Thị Bình" in page.content.decode()
    assert "Nguyễn Văn An" not in page.content.decode()
    households = client.get(reverse("people:household-list"), {"q": "NGUYEN van"})
    assert "Nguyễn Văn An" in households.content.decode()
    api = client.get("/api/v1/people", {"q": "nguyen van an"}).json()
    assert api["count"] == 1


def test_sensitive_values_only_for_roles_that_need_them(client, world):
    homes, staff = world
    _, person = homes["a"]
    url = reverse("people:person-detail", args=[person.pk])
    client.force_login(staff["leader_a"])
    assert "Khmer" in client.get(url).content.decode()
    assert (
        client.get(f"/api/v1/people/{person.pk}").json()["sensitive"]["ethnicity"]
        == "05"
    )
    client.force_login(staff["volunteer_a"])
    assert "Khmer" not in client.get(url).content.decode()
    assert client.get(f"/api/v1/people/{person.pk}").json()["sensitive"] is None


def test_viewing_a_person_is_audited(client, world):
    homes, staff = world
    _, person = homes["a"]
    client.force_login(staff["volunteer_a"])
    client.get(reverse("people:person-detail", args=[person.pk]))
    assert AuditEvent.objects.filter(
        actor=staff["volunteer_a"],
        action=AuditAction.VIEW,
        object_type="person",
        object_id=str(person.pk),
    ).exists()


def test_unit_filter_out_of_scope_is_404(client, world, rach_gia):
    _, staff = world
    client.force_login(staff["officer_ba"])
    response = client.get(reverse("people:household-list"), {"unit": rach_gia.code})
    assert response.status_code == 404


def test_volunteer_records_a_milestone_and_bad_date_is_explained(client, world):
    homes, staff = world
    _, person = homes["a"]
    client.force_login(staff["volunteer_a"])
    url = reverse("people:milestone-create", args=[person.pk])
    bad = client.post(url, {"kind": "vneid_l2", "achieved_on": "2999-01-01"})
    assert bad.status_code == 400
    assert "Ngày không thể ở tương lai" in bad.content.decode()
    ok = client.post(
        url,
        {"kind": "vneid_l2", "achieved_on": "2025-09-03", "assistance": "with_help"},
    )
    assert ok.status_code == 302
    assert person.milestones.get().assistance == "with_help"
    _, other = homes["b"]
    response = client.post(
        reverse("people:milestone-create", args=[other.pk]),
        {"kind": "vneid_l2", "achieved_on": "2025-09-03"},
    )
    assert response.status_code == 404


def test_list_pages_cost_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, make_hamlet, binh_an
):
    homes, staff = world
    hamlet = make_hamlet(binh_an, "Ấp Thêm")
    for n in range(30):
        household = household_register(actor=None, unit=hamlet, address=f"Số {n}")
        person_register(
            actor=None, unit=hamlet, household=household, full_name=f"Người {n}"
        )
    client.force_login(staff["officer_ba"])
    client.get("/")  # warm the session
    for url in [
        reverse("people:household-list"),
        reverse("people:person-list"),
        "/api/v1/people",
        "/api/v1/households",
    ]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_api_needs_sign_in_and_serves_its_schema(client, world):
    assert client.get("/api/v1/people").status_code == 401
    assert client.get("/api/v1/people").json()["error"]["code"] == "unauthenticated"
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/households/{household_id}" in schema["paths"]


def test_household_list_counts_members_per_page_in_constant_queries(
    client, world, django_assert_max_num_queries
):
    homes, staff = world
    household, _ = homes["a"]
    person_register(
        actor=None,
        unit=household.unit,
        household=household,
        full_name="Nguyễn Thị Ba",
        birth_year=1980,
    )
    client.force_login(staff["officer_ba"])
    # The count of members is made for the page's households only (one
    # query), never for every household in scope: that took 38 s for the
    # province's million households.
    with django_assert_max_num_queries(12):
        page = client.get(reverse("people:household-list")).content.decode()
    assert "2 thành viên" in page and "1 thành viên" in page
