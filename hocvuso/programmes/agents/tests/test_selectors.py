from decimal import Decimal

from hocvuso.people.services import person_register
from hocvuso.programmes.agents.models import DigitalAgent
from hocvuso.programmes.agents.selectors import agent_coverage, coverage_for


def _people(unit, n):
    for i in range(n):
        person_register(
            actor=None, unit=unit, full_name=f"Người thứ {i}", birth_year=1950 + i
        )


def test_coverage_counts_open_agents_per_10000_people_and_empty_hamlets(
    agent_world, binh_an, an_giang
):
    _people(agent_world["north"], 3)
    _people(agent_world["empty"], 1)
    DigitalAgent.objects.filter(pk=agent_world["sim_only"].pk).update(is_active=False)
    rows = {r.commune.code: r for r in agent_coverage(root=an_giang)}
    ours = rows["30898"]
    assert ours.agents == 2 and ours.people == 4
    assert ours.per_10k == Decimal("5000.0")
    # The closed agent no longer serves Bình Hòa; Kênh Mới never had one.
    assert [h.name for h in ours.hamlets_without_agent] == [
        "Ấp Bình Hòa",
        "Ấp Kênh Mới",
    ]
    assert rows["30742"].agents == 1 and rows["30742"].per_10k is None
    assert len(rows) == 102


def test_coverage_costs_a_fixed_number_of_queries(
    agent_world, an_giang, django_assert_num_queries
):
    with django_assert_num_queries(5):
        agent_coverage(root=an_giang)


def test_coverage_for_is_scoped_to_the_viewers_grants(agent_world):
    rows = coverage_for(viewer=agent_world["officer"])
    assert [r.commune.code for r in rows] == ["30898"]
