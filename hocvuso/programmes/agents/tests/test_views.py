import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from hocvuso.accounts.models import Role
from hocvuso.core.models import AuditEvent
from hocvuso.programmes.agents.models import DigitalAgent, HelpLog


def _login(client, user):
    assert client.login(phone=user.phone, password=PASSWORD)
    return client


def _agent_url(name, agent):
    return reverse(f"programmes:{name}", kwargs={"agent_id": agent.pk})


@pytest.mark.parametrize("page", ["agent-detail", "agent-edit", "agent-help"])
def test_officer_reaches_own_communes_agents_and_gets_404_for_others(
    client, agent_world, page
):
    _login(client, agent_world["officer"])
    assert client.get(_agent_url(page, agent_world["far"])).status_code == 200
    assert client.get(_agent_url(page, agent_world["theirs"])).status_code == 404
    missing = reverse(f"programmes:{page}", kwargs={"agent_id": 999999})
    assert client.get(missing).status_code == 404


def test_agent_list_shows_only_the_officers_commune(client, agent_world):
    _login(client, agent_world["officer"])
    page = client.get(reverse("programmes:agent-list")).content.decode()
    assert "Tạp hóa Cô Ba" in page and "Đại lý ngân hàng Rạch Giá" not in page


def test_people_without_an_agent_role_get_404(client, agent_world, binh_an, make_staff):
    volunteer = make_staff(Role.VOLUNTEER, agent_world["north"], "Tình nguyện viên")
    _login(client, volunteer)
    assert client.get(reverse("programmes:agent-list")).status_code == 404
    assert client.get(reverse("programmes:agent-create")).status_code == 404
    assert client.get(reverse("programmes:agent-coverage")).status_code == 404
    assert client.get(_agent_url("agent-help", agent_world["far"])).status_code == 404


def test_province_reads_and_sees_coverage_but_cannot_change(
    client, agent_world, an_giang, make_staff
):
    province = make_staff(Role.PROVINCE_ADMIN, an_giang, "Sở KH&CN")
    _login(client, province)
    assert (
        client.get(_agent_url("agent-detail", agent_world["theirs"])).status_code == 200
    )
    assert client.get(_agent_url("agent-edit", agent_world["far"])).status_code == 404
    assert client.get(reverse("programmes:agent-create")).status_code == 404
    page = client.get(reverse("programmes:agent-coverage")).content.decode()
    assert "Xã Bình An" in page and "Phường Rạch Giá" in page


def test_officer_registers_an_agent_with_vietnamese_errors_first(
    client, agent_world, catalogue
):
    _login(client, agent_world["officer"])
    url = reverse("programmes:agent-create")
    bad = client.post(url, {"unit": agent_world["empty"].code, "name": "Tạp hóa Út"})
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Chọn ít nhất một dịch vụ" in page and "Nhập địa chỉ" in page
    vneid = catalogue["services"]["vneid"]
    response = client.post(
        url,
        {
            "unit": agent_world["empty"].code,
            "name": "Tạp hóa Út",
            "kind": catalogue["kinds"]["shop"].pk,
            "services": [vneid.pk],
            "address": "Kênh Mới, gần cầu",
            "opening_hours": "6:00–21:00",
            "latitude": "10,123",
            "longitude": "105.2",
            "contact_phone": "0912 345 678",
        },
    )
    agent = DigitalAgent.objects.get(name="Tạp hóa Út")
    assert response.status_code == 302
    assert response.url == _agent_url("agent-detail", agent)
    assert str(agent.latitude) == "10.123000" and agent.unit == agent_world["empty"]
    assert AuditEvent.objects.filter(
        actor=agent_world["officer"], object_type="digital_agent", action="create"
    ).exists()


def test_officer_cannot_register_in_another_commune(
    client, agent_world, rach_gia, catalogue
):
    _login(client, agent_world["officer"])
    response = client.post(
        reverse("programmes:agent-create"),
        {
            "unit": rach_gia.code,
            "name": "Lạc xã",
            "kind": catalogue["kinds"]["shop"].pk,
            "services": [catalogue["services"]["vneid"].pk],
            "address": "x",
            "opening_hours": "7:00–17:00",
        },
    )
    assert response.status_code == 200
    assert not DigitalAgent.objects.filter(name="Lạc xã").exists()


def test_help_form_posted_twice_stores_one_count(client, agent_world, catalogue):
    agent = agent_world["near"]
    _login(client, agent_world["officer"])
    url = _agent_url("agent-help", agent)
    vneid = catalogue["services"]["vneid"]
    today = timezone.localdate().isoformat()
    data = {"day": today, f"service_{vneid.pk}": "5"}
    for _attempt in range(2):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url == f"{url}?day={today}"
    assert list(HelpLog.objects.values_list("count", flat=True)) == [5]
    form = client.get(response.url).content.decode()
    assert 'value="5"' in form
    bad = client.post(url, {"day": today, f"service_{vneid.pk}": "-3"})
    assert bad.status_code == 200
    assert "Hãy ghi một số từ 0 đến 500." in bad.content.decode()
    assert list(HelpLog.objects.values_list("count", flat=True)) == [5]


def test_agents_own_account_logs_its_help_and_nothing_else(
    client, agent_world, binh_an, make_staff, catalogue
):
    from hocvuso.accounts.services import user_create

    owner = user_create(
        actor=None, phone="0911000111", full_name="Cô Ba", password=PASSWORD
    )
    agent = agent_world["far"]
    DigitalAgent.objects.filter(pk=agent.pk).update(account=owner)
    _login(client, owner)
    assert client.get(reverse("programmes:agent-list")).status_code == 200
    assert client.get(_agent_url("agent-help", agent)).status_code == 200
    assert client.get(_agent_url("agent-help", agent_world["near"])).status_code == 404
    assert client.get(_agent_url("agent-edit", agent)).status_code == 404


def test_public_page_needs_no_sign_in_and_puts_the_nearest_first(client, agent_world):
    url = reverse("programmes:agents-nearby", kwargs={"code": "30898"})
    page = client.get(url, {"hamlet": agent_world["south"].code, "service": "vneid"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Bưu điện văn hóa xã Bình An") < html.index("Tạp hóa Cô Ba")
    assert "Điểm Viettel" not in html and "Rạch Giá" not in html
    assert "Khoảng 0,6 km" in html


def test_public_hamlet_page_puts_the_hamlets_own_agent_first(client, agent_world):
    url = reverse(
        "programmes:agents-nearby-hamlet",
        kwargs={"code": "30898", "hamlet_code": agent_world["north"].code},
    )
    html = client.get(url).content.decode()
    assert html.index("Tạp hóa Cô Ba") < html.index("Bưu điện văn hóa xã Bình An")
    assert "Ở ấp của bạn" in html


def test_public_page_explains_bad_filters_and_404s_unknown_communes(
    client, agent_world
):
    url = reverse("programmes:agents-nearby", kwargs={"code": "30898"})
    page = client.get(url, {"hamlet": "nope", "service": "<x>"})
    assert page.status_code == 200
    assert "Hãy chọn trong danh sách" in page.content.decode()
    assert client.get("/agents/99999999/").status_code == 404
    assert client.get(f"/agents/{agent_world['north'].code}/").status_code == 404


def test_closed_agents_leave_the_public_page(client, agent_world):
    DigitalAgent.objects.filter(pk=agent_world["far"].pk).update(is_active=False)
    html = client.get("/agents/30898/").content.decode()
    assert "Tạp hóa Cô Ba" not in html


def test_public_page_costs_a_fixed_number_of_queries(
    client, agent_world, make_agent, django_assert_max_num_queries
):
    for n in range(5):
        make_agent(agent_world["north"], f"Đại lý {n}")
    with django_assert_max_num_queries(8):
        client.get("/agents/30898/", {"hamlet": agent_world["south"].code})


def test_staff_lists_cost_a_fixed_number_of_queries(
    client, agent_world, make_agent, django_assert_num_queries
):
    _login(client, agent_world["officer"])
    client.get(reverse("programmes:agent-list"))  # warm the session
    for n in range(4):
        make_agent(agent_world["north"], f"Đại lý thêm {n}")
    with django_assert_num_queries(6):
        client.get(reverse("programmes:agent-list"))
    with django_assert_num_queries(8):
        client.get(reverse("programmes:agent-coverage"))


def test_superuser_configures_the_catalogue_in_the_admin(client, agent_world, an_giang):
    from hocvuso.accounts.models import User

    admin = User.objects.create_superuser(
        phone="0900999999", full_name="Quản trị", password=PASSWORD
    )
    _login(client, admin)
    for model in (
        "agentkind",
        "agentservice",
        "digitalagent",
        "hamletcentre",
        "helplog",
    ):
        assert client.get(f"/admin/programmes/{model}/").status_code == 200
    response = client.post(
        "/admin/programmes/agentservice/add/",
        {
            "province": an_giang.pk,
            "code": "ocop",
            "name": "Đưa sản phẩm OCOP lên sàn",
            "position": 70,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(object_type="agent_catalogue").exists()
    page = client.get(
        reverse("programmes:agent-create")
    )  # a superuser has no grant: no commune to register in
    assert page.status_code == 404


def test_public_index_lists_communes_with_open_agents_found_without_diacritics(
    client, agent_world
):
    page = client.get(reverse("programmes:agents-index")).content.decode()
    assert "Xã Bình An" in page and "Phường Rạch Giá" in page
    assert "Xã Ô Lâm" not in page  # no agent there
    found = client.get(reverse("programmes:agents-index"), {"q": "binh an"})
    html = found.content.decode()
    assert "Xã Bình An" in html and "Phường Rạch Giá" not in html
    assert "3 nơi" in html
    assert "/agents/" in client.get("/").content.decode()


def test_coverage_downloads_as_csv_for_the_viewers_communes_only(client, agent_world):
    _login(client, agent_world["officer"])
    response = client.get(reverse("programmes:agent-coverage-csv"))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã,Xã,Đại lý,Người dân")
    assert len(lines) == 2 and lines[1].startswith("30898,Xã Bình An,3,0,,3,")
    assert "Ấp Kênh Mới" in lines[1]


def test_officer_changes_and_closes_an_agent(client, agent_world, catalogue):
    agent = agent_world["far"]
    _login(client, agent_world["officer"])
    url = _agent_url("agent-edit", agent)
    form = client.get(url).content.decode()
    assert 'value="Tạp hóa Cô Ba"' in form
    response = client.post(
        url,
        {
            "unit": agent_world["north"].code,
            "name": "Tạp hóa Cô Ba",
            "kind": agent.kind_id,
            "services": [catalogue["services"]["vneid"].pk],
            "address": "Chợ ấp Vĩnh Thành A",
            "opening_hours": "6:00–20:00",
            "latitude": "",
            "longitude": "",
        },
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.is_active and agent.latitude is None
    assert [s.code for s in agent.services.all()] == ["vneid"]
    assert "Tạp hóa Cô Ba" not in client.get("/agents/30898/").content.decode()
