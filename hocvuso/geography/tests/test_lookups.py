"""``path__under`` finds the same units as ``path__startswith`` on every database.

The lookup is core's (core/lookups.py); its test runs on the unit tree, so it
lives here: core imports no app, not even in its tests.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hocvuso.geography.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

PATHS = [
    "/91/",
    "/91/3089/",  # a sibling whose code is a prefix of another's
    "/91/30898/",
    "/91/30898/30898-001/",
    "/91/30898/30898-001/x/",
    "/91/308980/",
    "/91/30899/",
    "/92/30898/",
]


@pytest.fixture
def units():
    made = []
    for n, path in enumerate(PATHS):
        made.append(
            Unit.objects.create(
                code=f"t{n}",
                name=f"Thử {n}",
                kind=UnitKind.HAMLET,
                level=3,
                path=path,
            )
        )
    return made


@pytest.mark.parametrize("prefix", [*PATHS, "/", "/9", "/91/30898", ""])
def test_under_is_startswith(units, prefix):
    mine = Unit.objects.filter(pk__in=[u.pk for u in units])
    under = set(mine.filter(path__under=prefix).values_list("path", flat=True))
    starts = {p for p in PATHS if p.startswith(prefix)}
    assert under == starts


def test_on_sqlite_it_is_a_range_the_index_answers(units):
    with CaptureQueriesContext(connection) as queries:
        list(Unit.objects.filter(path__under="/91/30898/"))
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "sqlite":
        assert "LIKE" not in sql and ">=" in sql
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM geography_unit "
                "WHERE path >= '/91/30898/' AND path < '/91/308980'"
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan
    else:
        assert "LIKE" in sql
