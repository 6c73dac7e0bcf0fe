"""The pieces of the figures: periods, age spans and suppression."""

import datetime

import pytest

from hocvuso.core.errors import ServiceError
from hocvuso.reporting.breakdowns import age_spans
from hocvuso.reporting.periods import month_ends, period_parse
from hocvuso.reporting.selectors import Figure, suppress, suppress_siblings

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-W05", D(2026, 1, 26), D(2026, 2, 1)),
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31)),
        ("2026-q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026-02-28", D(2026, 2, 28), D(2026, 2, 28)),
    ],
)
def test_periods_are_parsed(text, start, end):
    period = period_parse(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2026-13", "2026-W60", "1900", "2026-02-30", "x"])
def test_a_bad_period_says_how_to_write_one(text):
    with pytest.raises(ServiceError, match="2026-W05"):
        period_parse(text)


def test_month_ends_run_back_from_the_last_day():
    assert month_ends(D(2026, 3, 15), 3) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 15),
    ]


def test_age_bands_change_on_the_first_of_january():
    spans = {cell: (start, end) for start, end, cell in age_spans(1990)}
    assert spans["age:15-35"] == (D(2005, 1, 1), D(2026, 1, 1))
    assert spans["age:36-59"] == (D(2026, 1, 1), D(2050, 1, 1))
    assert spans["age:60+"] == (D(2050, 1, 1), None)
    assert age_spans(None) == [(None, None, "age:unknown")]


def figures(**dens):
    out = {"total": Figure("total", 0, sum(dens.values()))}
    for key, den in dens.items():
        cell = key.replace("_", ":", 1)
        out[cell] = Figure(cell, 0, den)
    return out


def test_one_small_cell_hides_the_next_smallest_sibling():
    cells = figures(sex_female=20, sex_male=6, sex_unknown=3)
    suppress(cells)
    assert [k for k, f in cells.items() if f.hidden] == ["sex:male", "sex:unknown"]


def test_two_small_cells_need_no_complement():
    cells = figures(sex_female=20, sex_male=2, sex_unknown=3)
    suppress(cells)
    assert [k for k, f in cells.items() if f.hidden] == ["sex:male", "sex:unknown"]


def test_a_small_cell_with_only_empty_siblings_hides_the_total():
    cells = figures(sex_female=3, sex_male=0)
    suppress(cells)
    assert cells["total"].hidden and cells["sex:female"].hidden


def test_hidden_minority_hides_a_group_too():
    cells = figures(ethnic_kinh=30, ethnic_minority=8, ethnic_unknown=0)
    cells["ethgroup:05"] = Figure("ethgroup:05", 0, 6)
    cells["ethgroup:04"] = Figure("ethgroup:04", 0, 2)
    suppress(cells)
    # Hoa (2) is hidden, so Khmer (6) is too: 8 - 6 would give Hoa away.
    assert cells["ethgroup:04"].hidden and cells["ethgroup:05"].hidden
    assert not cells["ethnic:minority"].hidden


def test_units_that_add_up_hide_a_complement():
    parent = Figure("c", 0, 40)
    hamlets = [Figure("a", 0, 20), Figure("b", 0, 16), Figure("c1", 0, 4)]
    suppress_siblings(hamlets, parent)
    assert [f.hidden for f in hamlets] == [False, True, True]
