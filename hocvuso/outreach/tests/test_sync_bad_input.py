"""Bad items never sink a phone's batch (issue 12 §2).

Batches mixing valid visits with out-of-range dates, huge ids, over-long text,
wrong enums and wrong types, sent through the API as the phone sends them: the
valid visits are stored exactly once, each bad one is refused by its client id
with a Vietnamese reason, and no answer is a 5xx. Runs on SQLite and PostgreSQL.
"""

import datetime
import json
import uuid

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.core.testing import is_vietnamese
from hocvuso.outreach.models import Visit

URL = "/api/v1/outreach/visits/sync"
PLUS_7 = datetime.timezone(datetime.timedelta(hours=7))

# What a bad visit gets wrong: (name, change to a valid visit).
BAD = {
    "year_1": lambda v, w: v.update(started_at="0001-01-01T00:30:00+07:00"),
    "year_9999": lambda v, w: v.update(ended_at="9999-12-31T23:00:00-07:00"),
    "before_2020": lambda v, w: v.update(
        started_at="2019-12-31T08:00:00+07:00", ended_at="2019-12-31T08:30:00+07:00"
    ),
    "next_week": lambda v, w: v.update(
        started_at=(timezone.now() + datetime.timedelta(days=7)).isoformat(),
        ended_at=(timezone.now() + datetime.timedelta(days=7, hours=1)).isoformat(),
    ),
    "naive_time": lambda v, w: v.update(started_at="2025-09-01T08:00:00"),
    "garbled_time": lambda v, w: v.update(started_at="hôm qua"),
    "time_as_number": lambda v, w: v.update(ended_at=1e300),
    "huge_household": lambda v, w: v.update(household_id=10**20),
    "int64_household": lambda v, w: v.update(household_id=2**63),
    "zero_household": lambda v, w: v.update(household_id=0),
    "text_household": lambda v, w: v.update(household_id="một"),
    "huge_person": lambda v, w: v["actions"][0].update(person_id=10**20),
    "other_household_person": lambda v, w: v["actions"][0].update(person_id=w),
    "long_feedback": lambda v, w: v.update(feedback="ý" * 2001),
    "long_note": lambda v, w: v["actions"][0].update(note="n" * 256),
    "wrong_kind": lambda v, w: v["actions"][0].update(kind="hack_the_bank"),
    "wrong_outcome": lambda v, w: v["actions"][0].update(outcome=3),
    "follow_up_2099": lambda v, w: v["actions"][0].update(follow_up_on="2099-01-01"),
    "follow_up_garbled": lambda v, w: v["actions"][0].update(follow_up_on="31/02"),
    "empty_visit": lambda v, w: v.update(actions=[], feedback="  "),
    "actions_not_a_list": lambda v, w: v.update(actions="smartphone"),
}
BAD_CLIENT_IDS = ["x", "a" * 65, "có dấu-0001", ""]


@st.composite
def batches(draw):
    """A batch of (label, is_valid) slots: valid visits, repeats and bad ones."""
    slots = draw(
        st.lists(
            st.one_of(
                st.just(("valid", True)),
                st.sampled_from(sorted(BAD)).map(lambda name: (name, False)),
                st.sampled_from(range(len(BAD_CLIENT_IDS))).map(
                    lambda i: (f"client_id:{i}", False)
                ),
            ),
            min_size=1,
            max_size=12,
        )
    )
    repeats = draw(st.lists(st.integers(0, 11), max_size=3))
    return slots, repeats


def _post(client, visits):
    return client.post(
        URL, json.dumps({"visits": visits}), content_type="application/json"
    )


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=batches())
def test_valid_visits_stored_once_bad_ones_refused_by_client_id(
    client, homes, volunteer, batch
):
    slots, repeats = batch
    client.force_login(volunteer)
    household, head, _ = homes["a1"]
    _, stranger, _ = homes["a2"]
    run = uuid.uuid4().hex[:10]
    start = timezone.now().astimezone(PLUS_7) - datetime.timedelta(hours=2)
    sent, expected = [], []
    for n, (label, valid) in enumerate(slots):
        visit = {
            "client_id": f"dev-{run}-{n:03d}",
            "household_id": household.pk,
            "started_at": start.isoformat(),
            "ended_at": (start + datetime.timedelta(minutes=15)).isoformat(),
            "actions": [
                {"person_id": head.pk, "kind": "scam_awareness", "outcome": "with_help"}
            ],
            "feedback": "",
        }
        if label.startswith("client_id:"):
            visit["client_id"] = BAD_CLIENT_IDS[int(label.split(":")[1])]
        elif not valid:
            BAD[label](visit, stranger.pk)
        sent.append(visit)
        expected.append(valid)
    for index in repeats:  # the phone sends some visits twice in one batch
        if index < len(sent):
            sent.append(sent[index])
            expected.append(expected[index])

    response = _post(client, sent)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert len(results) == len(sent)
    first_seen: set[str] = set()
    for visit, result, valid in zip(sent, results, expected, strict=True):
        assert result["client_id"] == visit["client_id"]
        if valid:
            repeated = visit["client_id"] in first_seen
            assert result["status"] == ("duplicate" if repeated else "stored")
            first_seen.add(visit["client_id"])
        else:
            assert result["status"] == "rejected", (visit, result)
            assert is_vietnamese(result["error"]["message"]), result

    stored = Visit.objects.filter(client_id__startswith=f"dev-{run}-")
    assert set(stored.values_list("client_id", flat=True)) == first_seen

    # The phone did not hear the answer and sends it all again: nothing new.
    again = _post(client, sent)
    assert again.status_code == 200
    for result, valid in zip(again.json()["results"], expected, strict=True):
        assert result["status"] == ("duplicate" if valid else "rejected")
    assert stored.count() == len(first_seen)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        "null",
        '"visits"',
        json.dumps({"visits": "all of them"}),
        json.dumps({"visits": [1, None, "x", []]}),
        json.dumps({"visits": [{}] * 501}),
        json.dumps({"visits": [{"client_id": 10**400}]}),
        "\x00\xff",
    ],
)
def test_a_body_of_any_shape_answers_in_the_error_shape_never_500(
    client, volunteer, body
):
    client.force_login(volunteer)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code in {200, 400, 422}
    data = response.json()
    if response.status_code == 200:
        assert {r["status"] for r in data["results"]} == {"rejected"}
    else:
        assert set(data["error"]) == {"code", "message", "fields"}
        assert is_vietnamese(data["error"]["message"])
