"""The shared ranges (core rules; the pages and API using them are tested in api)."""

import datetime

import pytest
from django.utils import timezone

from hocvuso.core.errors import NotFound
from hocvuso.core.ranges import (
    MAX_ID,
    day_problem,
    is_id,
    moment_problem,
    object_id,
    page_number,
    search_text,
)

PLUS_7 = datetime.timezone(datetime.timedelta(hours=7))
MINUS_7 = datetime.timezone(-datetime.timedelta(hours=7))
BAD_IDS = ["99999999999999999999", str(MAX_ID + 1), "0", "-1", "1e5", "abc", "١٢"]


@pytest.mark.parametrize("value", [*BAD_IDS, None, "", True, 10**20, -5])
def test_object_id_refuses_what_the_database_cannot_hold(value):
    with pytest.raises(NotFound):
        object_id(value)


def test_object_id_takes_digits_and_ints():
    assert object_id(" 42 ") == 42
    assert object_id(MAX_ID) == MAX_ID
    assert is_id(7) and not is_id(False) and not is_id(MAX_ID + 1)


def test_days_outside_2020_to_tomorrow_are_refused_in_vietnamese(settings):
    today = timezone.localdate()
    assert day_problem(today) is None
    assert day_problem(today + datetime.timedelta(days=1)) is None
    assert day_problem(datetime.date(2020, 1, 1)) is None
    assert "01/01/2020" in day_problem(datetime.date(2019, 12, 31))
    assert day_problem(today + datetime.timedelta(days=2))


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(1, 1, 1, 0, 30, tzinfo=PLUS_7),
        datetime.datetime(9999, 12, 31, 23, 0, tzinfo=MINUS_7),
        datetime.datetime(2025, 1, 1, 8, 0),  # noqa: DTZ001 (naive on purpose)
    ],
)
def test_moments_out_of_range_or_naive_are_refused_without_overflow(moment):
    assert moment_problem(moment)


def test_search_is_cut_and_pages_stay_in_range():
    assert len(search_text("a" * 50_000)) == 100
    assert page_number("999999999999999999", last=3) == 3
    assert page_number("2", last=3) == 2
    assert page_number("x", last=3) == 1
    assert page_number("0", last=3) == 1
