import datetime

import pytest
from django.utils import timezone

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditEvent
from hocvuso.geography.models import Unit
from hocvuso.programmes.agents.models import AgentService, DigitalAgent, HelpLog
from hocvuso.programmes.agents.selectors import agent_services
from hocvuso.programmes.agents.services import agent_update, help_log_record


def _fields(excinfo) -> set[str]:
    return set(excinfo.value.fields)


def test_agent_in_a_hamlet_belongs_to_its_commune_and_is_audited(
    binh_an, make_hamlet, make_agent
):
    hamlet = make_hamlet(binh_an, "Ấp Bình Hòa")
    agent = make_agent(hamlet, "Tạp hóa Cô Ba", contact_phone="+84 912 345 678")
    assert agent.commune == binh_an and agent.unit_path == hamlet.path
    assert agent.contact_phone == "0912345678"
    event = AuditEvent.objects.get(object_type="digital_agent", object_id=agent.pk)
    assert event.action == "create" and event.unit_path == hamlet.path


def test_agent_needs_name_services_address_hours_and_a_sound_position(
    binh_an, make_agent
):
    with pytest.raises(ServiceError) as excinfo:
        make_agent(
            binh_an,
            " ",
            services=(),
            address="",
            opening_hours="",
            latitude="105.1",
            longitude="10.1",
            contact_phone="12",
        )
    assert _fields(excinfo) == {
        "name",
        "services",
        "address",
        "opening_hours",
        "latitude",
        "longitude",
        "contact_phone",
    }
    assert excinfo.value.fields["latitude"] == ["Vị trí này nằm ngoài Việt Nam."]
    with pytest.raises(ServiceError) as excinfo:
        make_agent(binh_an, "Tạp hóa", latitude="10.1")
    assert _fields(excinfo) == {"longitude"}
    assert not DigitalAgent.objects.exists()


def test_agent_belongs_to_a_commune_or_its_hamlet_not_the_province(
    an_giang, make_agent
):
    with pytest.raises(ServiceError) as excinfo:
        make_agent(an_giang, "Tạp hóa")
    assert _fields(excinfo) == {"unit"}


def test_province_catalogue_replaces_and_hides_defaults(an_giang, catalogue):
    AgentService.objects.create(
        province=an_giang, code="vneid", name="Kích hoạt VNeID mức 2", position=1
    )
    AgentService.objects.create(
        province=an_giang, code="online_selling", name="x", is_active=False
    )
    AgentService.objects.create(
        province=an_giang, code="ocop", name="Đưa sản phẩm OCOP lên sàn", position=99
    )
    names = [s.name for s in agent_services(province=an_giang)]
    assert names[0] == "Kích hoạt VNeID mức 2"
    assert "Hỗ trợ VNeID (định danh điện tử)" not in names
    assert "Bán hàng trực tuyến" not in names
    assert names[-1] == "Đưa sản phẩm OCOP lên sàn"
    assert len(names) == 6


def test_another_provinces_service_is_refused(agent_world, catalogue):
    from hocvuso.geography.services import units_load_official

    units_load_official(province_code="92")
    foreign = AgentService.objects.create(
        province=Unit.objects.get(code="92"), code="local", name="Dịch vụ tỉnh khác"
    )
    agent = agent_world["near"]
    with pytest.raises(ServiceError) as excinfo:
        agent_update(
            actor=None,
            agent=agent,
            unit=agent.unit,
            name=agent.name,
            kind=agent.kind,
            services=[foreign],
            address=agent.address,
            opening_hours=agent.opening_hours,
        )
    assert _fields(excinfo) == {"services"}


def test_agent_update_keeps_the_commune(agent_world, rach_gia):
    agent = agent_world["far"]
    with pytest.raises(ServiceError) as excinfo:
        agent_update(
            actor=None,
            agent=agent,
            unit=rach_gia,
            name=agent.name,
            kind=agent.kind,
            services=list(agent.services.all()),
            address=agent.address,
            opening_hours=agent.opening_hours,
        )
    assert _fields(excinfo) == {"unit"}


def test_agent_update_moves_within_the_commune_and_closes(agent_world, binh_an):
    agent = agent_world["far"]
    services = list(agent.services.all())[:1]
    agent_update(
        actor=agent_world["officer"],
        agent=agent,
        unit=agent_world["south"],
        name="Tạp hóa Cô Ba (mới)",
        kind=agent.kind,
        services=services,
        address="Số 9",
        opening_hours="6:00–20:00",
        is_active=False,
    )
    agent.refresh_from_db()
    assert agent.unit_path == agent_world["south"].path and not agent.is_active
    assert list(agent.services.all()) == services
    event = AuditEvent.objects.filter(
        object_type="digital_agent", action="change"
    ).get()
    assert {"unit", "name", "services", "is_active"} <= set(event.detail["fields"])


def test_help_log_sets_the_days_count_so_a_retry_never_duplicates(
    agent_world, catalogue
):
    agent = agent_world["near"]
    vneid = catalogue["services"]["vneid"]
    public = catalogue["services"]["public_service"]
    today = timezone.localdate()
    for _attempt in range(2):
        help_log_record(
            actor=None, agent=agent, day=today, counts={vneid: 4, public: 0}
        )
    assert list(HelpLog.objects.values_list("service__code", "count")) == [("vneid", 4)]
    help_log_record(actor=None, agent=agent, day=today, counts={vneid: 3, public: 2})
    assert dict(HelpLog.objects.values_list("service__code", "count")) == {
        "vneid": 3,
        "public_service": 2,
    }
    assert AuditEvent.objects.filter(object_type="digital_agent_help").count() == 2


def test_help_log_refuses_future_days_old_days_other_services_and_big_counts(
    agent_world, catalogue
):
    agent = agent_world["near"]
    vneid = catalogue["services"]["vneid"]
    today = timezone.localdate()
    with pytest.raises(ServiceError) as excinfo:
        help_log_record(
            actor=None,
            agent=agent,
            day=today + datetime.timedelta(days=1),
            counts={vneid: 1},
        )
    assert _fields(excinfo) == {"day"}
    with pytest.raises(ServiceError):
        help_log_record(
            actor=None,
            agent=agent,
            day=today - datetime.timedelta(days=91),
            counts={vneid: 1},
        )
    sim = catalogue["services"]["sim"]
    with pytest.raises(ServiceError) as excinfo:
        help_log_record(actor=None, agent=agent, day=today, counts={vneid: 501, sim: 1})
    assert _fields(excinfo) == {f"service_{vneid.pk}", f"service_{sim.pk}"}
    assert not HelpLog.objects.exists()


def test_demo_gives_each_commune_agents_once(binh_an, make_hamlet):
    from hocvuso.programmes.agents.demo import agents_demo_ensure
    from hocvuso.programmes.agents.selectors import agent_coverage

    for name in ("Ấp Một", "Ấp Hai", "Ấp Ba", "Ấp Bốn"):
        make_hamlet(binh_an, name)
    made = agents_demo_ensure(communes=[binh_an])
    assert made == DigitalAgent.objects.count() == 5
    assert agents_demo_ensure(communes=[binh_an]) == 0
    (row,) = agent_coverage(root=binh_an)
    assert row.agents == 5 and len(row.hamlets_without_agent) == 2
    assert HelpLog.objects.filter(agent__commune=binh_an).exists()
