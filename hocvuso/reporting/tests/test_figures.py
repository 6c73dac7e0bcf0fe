"""Every figure of the hand-built commune (tests/conftest.py) equals the hand count."""

import io

import pytest
from django.core.management import CommandError, call_command

from hocvuso.core.errors import NotFound
from hocvuso.core.models import AuditAction, AuditEvent
from hocvuso.geography.services import unit_close
from hocvuso.reporting import selectors
from hocvuso.reporting.models import Rollup
from hocvuso.reporting.periods import Period
from hocvuso.reporting.services import rollups_check, rollups_rebuild
from hocvuso.reporting.tests.conftest import days_ago, milestone

pytestmark = pytest.mark.django_db


def day(n: int) -> Period:
    d = days_ago(n)
    return Period("day", d, d, d.isoformat())


def table(world, unit, n=0, breakdown=None, viewer="admin"):
    return selectors.indicator_table(
        viewer=world["staff"][viewer],
        unit_code=unit.code,
        period=day(n),
        breakdown=breakdown,
    )


def row(result, code):
    return next(r for r in result.rows if r.indicator.code == code)


def cells(result, code):
    return {
        f.key: (None if f.hidden else (f.num, f.den)) for f in row(result, code).cells
    }


def test_commune_totals_equal_the_hand_count(world, binh_an):
    result = table(world, binh_an)
    assert (row(result, "I1").total.num, row(result, "I1").total.den) == (8, 18)
    assert (row(result, "I2b").total.num, row(result, "I2b").total.den) == (3, 18)
    # The QR payment was 40 days ago: outside the last 30 days.
    assert (row(result, "I3b").total.num, row(result, "I3b").total.den) == (0, 18)
    assert (row(result, "I8").total.num, row(result, "I8").total.den) == (0, 1)
    assert row(result, "I1").total.percent == 44.4


def test_sex_breakdown_hides_the_small_cell_and_its_complement(world, binh_an):
    result = table(world, binh_an, breakdown="sex")
    # Unknown sex: 2 people (hidden); men: 5, hidden too, else 18 - 11 - 5 = 2.
    assert cells(result, "I1") == {
        "sex:female": (7, 11),
        "sex:male": None,
        "sex:unknown": None,
    }


def test_age_breakdown_follows_the_birth_year(world, binh_an):
    result = table(world, binh_an, breakdown="age")
    assert cells(result, "I1") == {
        "age:under15": (0, 0),
        "age:15-35": (7, 11),
        "age:36-59": None,
        "age:60+": None,
        "age:unknown": (0, 0),
    }


def test_poverty_and_area_breakdowns(world, binh_an):
    assert cells(table(world, binh_an, breakdown="poverty"), "I1") == {
        "poverty:poor": (1, 5),
        "poverty:near_poor": (0, 0),
        "poverty:none": (0, 0),
        "poverty:unknown": (7, 13),
    }
    assert cells(table(world, binh_an, breakdown="area"), "I1") == {
        "area:remote": (7, 15),
        "area:coastal": (0, 0),
        "area:em": (0, 0),
    }


def test_a_fact_counts_from_its_own_date(world, binh_an):
    # Five days ago: the six women with a smartphone 10 days ago, and the
    # young woman known from her payment 40 days ago; nobody else yet.
    five = row(table(world, binh_an, n=5), "I1").total
    assert (five.num, five.den) == (6, 7)
    thirty_five = table(world, binh_an, n=35)
    assert (row(thirty_five, "I3b").total.num, row(thirty_five, "I3b").total.den) == (
        1,
        1,
    )


def test_the_province_adds_its_communes(world, an_giang):
    total = row(table(world, an_giang), "I1").total
    assert (total.num, total.den) == (14, 24)


def test_hamlets_ranked_with_complementary_suppression(world, binh_an):
    ranking = selectors.children_ranking(
        viewer=world["staff"]["officer_ba"],
        unit_code=binh_an.code,
        indicator_code="I1",
        period=day(0),
    )
    shown = {r.unit.name: r.figure.hidden for r in ranking.units}
    # Hamlet B has 3 adults: hidden; A then equals the commune minus B: hidden.
    assert shown == {"Ấp Vĩnh Thành A": True, "Ấp Vĩnh Thành B": True}
    assert (ranking.total.num, ranking.total.den) == (8, 18)


def test_a_merged_commune_reports_on_the_tree_of_the_date(world, binh_an, rach_gia):
    unit_close(actor=None, unit=binh_an, closed_on=days_ago(1), successor=rach_gia)
    today = row(table(world, rach_gia), "I1").total
    assert (today.num, today.den) == (14, 24)
    before = row(table(world, rach_gia, n=2), "I1").total
    assert (before.num, before.den) == (6, 6)
    ranking = selectors.children_ranking(
        viewer=world["staff"]["admin"],
        unit_code=binh_an.parent.code,
        indicator_code="I1",
        period=day(0),
    )
    assert binh_an.code not in {r.unit.code for r in ranking.units}
    earlier = selectors.children_ranking(
        viewer=world["staff"]["admin"],
        unit_code=binh_an.parent.code,
        indicator_code="I1",
        period=day(2),
    )
    codes = {r.unit.code: r.figure for r in earlier.units}
    # Two days ago: also the man with a smartphone since 3 days ago.
    assert (codes[binh_an.code].num, codes[binh_an.code].den) == (7, 8)


def test_a_new_fact_moves_the_figure_at_once(world, binh_an):
    milestone(world["elders"][0], "smartphone", days_ago(0))
    total = row(table(world, binh_an), "I1").total
    assert (total.num, total.den) == (9, 18)


def test_equity_gap_in_percentage_points(world, binh_an):
    gaps = selectors.equity_gaps(
        viewer=world["staff"]["admin"], unit_code=binh_an.code, period=day(0)
    )
    i1 = {g.cell: g for g in gaps if g.indicator.code == "I1"}
    poor = i1["poverty:poor"]
    # Poor: 1/5 = 20 %; everyone else: 7/13 = 53.8 %.
    assert poor.points == round(100 * (1 / 5 - 7 / 13), 1)
    assert i1["age:60+"].points is None


def test_trend_gives_twelve_month_ends(world, binh_an):
    points = selectors.trend(
        viewer=world["staff"]["admin"],
        unit_code=binh_an.code,
        indicator_code="I1",
        end=days_ago(0),
    )
    assert len(points) == 12
    assert (points[-1].figure.num, points[-1].figure.den) == (8, 18)


def test_the_incremental_figures_equal_a_rebuild(world):
    def rows():
        return {
            (r.unit_id, r.indicator, r.cell, r.day): (r.num, r.den)
            for r in Rollup.objects.all()
            if r.num or r.den
        }

    incremental = rows()
    report = rollups_rebuild()
    assert report.people == 24
    assert rows() == incremental
    assert rollups_check(sample=50, seed=1).differences == []


def test_check_reports_a_tampered_row(world, binh_an):
    Rollup.objects.filter(unit=binh_an, indicator="I1", cell="total").update(num=99)
    differences = rollups_check(sample=50, seed=1).differences
    assert differences and all(d.startswith(binh_an.code) for d in differences)
    out = io.StringIO()
    with pytest.raises(CommandError, match="differences"):
        call_command("rollups", "check", "--sample", "50", "--seed", "1", stdout=out)
    assert f"{binh_an.code} I1 total" in out.getvalue()
    call_command("rollups", "rebuild", stdout=out)
    call_command("rollups", "check", "--sample", "50", stdout=out)
    assert "0 differences" in out.getvalue()


def test_another_communes_figures_are_not_found(world, binh_an, rach_gia):
    with pytest.raises(NotFound):
        table(world, binh_an, viewer="officer_rg")
    assert row(table(world, rach_gia, viewer="officer_rg"), "I1").total.den == 6
    with pytest.raises(NotFound):
        selectors.trend(
            viewer=world["staff"]["officer_rg"],
            unit_code=binh_an.code,
            indicator_code="I1",
            end=days_ago(0),
        )


def test_gap_people_are_scoped_and_audited(world):
    hamlet_a, hamlet_b = world["hamlet_a"], world["hamlet_b"]
    volunteer = world["staff"]["volunteer_a"]
    people = selectors.gap_people(
        viewer=volunteer, unit_code=hamlet_a.code, indicator_code="I1", cell="age:60+"
    )
    assert {p.pk for p in people} == {p.pk for p in world["elders"]}
    assert (
        AuditEvent.objects.filter(
            actor=volunteer, action=AuditAction.VIEW, detail__gap="I1"
        ).count()
        == 2
    )
    with pytest.raises(NotFound):
        selectors.gap_people(
            viewer=volunteer, unit_code=hamlet_b.code, indicator_code="I1"
        )
    everyone = selectors.gap_people(
        viewer=world["staff"]["officer_ba"],
        unit_code=hamlet_a.parent.code,
        indicator_code="I1",
    )
    assert len(everyone) == 18 - 8
