"""Lists cost a fixed number of queries, however many rows they show."""

import pytest

from conftest import PASSWORD
from hocvuso.classes.services import (
    attendance_record,
    registration_create,
    sessions_generate,
)
from hocvuso.people.services import person_register

pytestmark = pytest.mark.django_db


def _fill(class_world, people: int):
    series = class_world["series"]
    series.capacity = 100
    series.save()
    sessions = sessions_generate(actor=None, series=series, weeks=10)
    for n in range(people):
        person = person_register(
            actor=None, unit=class_world["hamlet"], full_name=f"Người {n:03d}"
        )
        registration_create(actor=None, series=series, person=person)
        attendance_record(actor=None, session=sessions[0], person=person)
    return series, sessions


@pytest.mark.parametrize("people", [2, 12])
def test_pages_and_api_lists_have_fixed_query_counts(
    client, class_world, django_assert_num_queries, people
):
    series, sessions = _fill(class_world, people)
    with django_assert_num_queries(2):
        assert client.get("/classes/30898/").status_code == 200
    with django_assert_num_queries(3):
        assert client.get(f"/classes/30898/series/{series.pk}/").status_code == 200
    assert client.login(phone=class_world["instructor"].phone, password=PASSWORD)
    session = sessions[0]
    expected = {
        "/classes/": 5,
        f"/classes/series/{series.pk}/": 7,
        f"/classes/sessions/{session.pk}/attendance/": 7,
        f"/api/v1/classes/sessions/{session.pk}/roster": 7,
        f"/api/v1/classes/series/{series.pk}/registrations": 5,
    }
    for url, queries in expected.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("people", [2, 12])
def test_report_has_a_fixed_query_count(
    client, class_world, django_assert_num_queries, people
):
    _fill(class_world, people)
    assert client.login(phone=class_world["officer"].phone, password=PASSWORD)
    with django_assert_num_queries(10):
        assert client.get("/classes/reports/?unit=30898").status_code == 200
