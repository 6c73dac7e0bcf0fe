"""Bad attendance records never sink an instructor's batch (issue 12 §2).

Batches mixing valid marks with huge ids, wrong types, over-long text and
out-of-range values, sent through the API: each valid mark is stored once,
each bad record is refused by its client id in Vietnamese, never a 5xx.
"""

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.classes.models import Attendance
from hocvuso.classes.services import sessions_generate
from hocvuso.core.testing import is_vietnamese
from hocvuso.people.services import person_register

URL = "/api/v1/classes/attendance/sync"

BAD = {
    "huge_session": lambda r: r.update(session_id=10**20),
    "int64_session": lambda r: r.update(session_id=2**63),
    "text_session": lambda r: r.update(session_id="buổi 1"),
    "huge_person": lambda r: r.update(person_id=10**20),
    "negative_person": lambda r: r.update(person_id=-4),
    "present_as_text": lambda r: r.update(present="có"),
    "confidence_9": lambda r: r.update(confidence_before=9),
    "long_card": lambda r: r.update(card="c" * 301),
    "walk_in_1800": lambda r: r.update(
        walk_in={"full_name": "Bà Tư", "birth_year": 1800}
    ),
    "walk_in_no_name": lambda r: r.update(walk_in={"full_name": ""}),
    "bad_client_id": lambda r: r.update(client_id="x"),
    "unknown_card": lambda r: r.update(person_id=None, card="not-a-card-token!"),
}


@pytest.fixture
def world(class_world):
    series = class_world["series"]
    sessions = sessions_generate(actor=None, series=series, weeks=10)
    people = [
        person_register(
            actor=None, unit=class_world["hamlet"], full_name=f"Học viên {n}"
        )
        for n in range(3)
    ]
    return class_world["instructor"], sessions, people


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    slots=st.lists(
        st.one_of(st.just("valid"), st.sampled_from(sorted(BAD))),
        min_size=1,
        max_size=10,
    )
)
def test_valid_marks_stored_once_bad_records_refused_by_client_id(client, world, slots):
    instructor, sessions, people = world
    client.force_login(instructor)
    run = uuid.uuid4().hex[:10]
    records = []
    for n, label in enumerate(slots):
        record = {
            "client_id": f"dev-{run}-{n:03d}",
            # Each valid mark is its own (session, person): a past session.
            "session_id": sessions[n % 5].pk,
            "person_id": people[n % 3].pk,
        }
        if label != "valid":
            BAD[label](record)
        records.append(record)
    Attendance.objects.all().delete()  # examples share the database

    answers = []
    for _attempt in range(2):  # the answer was lost: the same batch again
        response = client.post(
            URL, json.dumps({"records": records}), content_type="application/json"
        )
        assert response.status_code == 200, response.content
        answers.append(response.json()["results"])
    stored_ids = set()
    for record, label, first, second in zip(
        records, slots, answers[0], answers[1], strict=True
    ):
        assert first["client_id"] == record["client_id"]
        if label == "valid":
            assert first["status"] in {"stored", "duplicate"}
            assert second["status"] == "duplicate"
            stored_ids.add(first["attendance_id"])
        else:
            assert first["status"] == second["status"] == "rejected", first
            assert is_vietnamese(first["error"]["message"]), first
    assert set(Attendance.objects.values_list("pk", flat=True)) == stored_ids
