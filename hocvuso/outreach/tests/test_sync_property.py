"""Sync under a bad network: lost requests, lost answers, duplicates, reordering.

The phone keeps every visit until the server acknowledges it; whatever the
network does, each visit ends up stored exactly once with its actions.
"""

import datetime
import uuid

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.outreach.models import Visit, VisitAction
from hocvuso.outreach.services import ActionIn, VisitIn, visits_sync

# One network event per attempt: what happens to the batch the phone sends.
REQUEST_LOST, ANSWER_LOST, DELIVERED = "request_lost", "answer_lost", "delivered"


@st.composite
def networks(draw):
    visits = draw(st.integers(min_value=1, max_value=12))
    events = draw(
        st.lists(
            st.tuples(
                st.sampled_from([REQUEST_LOST, ANSWER_LOST, DELIVERED]),
                st.randoms(use_true_random=False),
                st.integers(min_value=1, max_value=6),  # batch size
                st.integers(min_value=0, max_value=3),  # duplicates added
            ),
            min_size=1,
            max_size=25,
        )
    )
    return visits, events


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(network=networks())
def test_every_visit_stored_exactly_once(homes, volunteer, network):
    count, events = network
    run = uuid.uuid4().hex[:8]  # examples share the database: keep them apart
    household, head, spouse = homes["a1"]
    start = timezone.now() - datetime.timedelta(hours=3)
    phone = [
        VisitIn(
            client_id=f"dev-{run}-{n:03d}",
            household_id=household.pk,
            started_at=start + datetime.timedelta(minutes=10 * n),
            ended_at=start + datetime.timedelta(minutes=10 * n + 8),
            actions=[
                ActionIn(
                    person_id=(head if n % 2 else spouse).pk,
                    kind="scam_awareness" if n % 3 else "smartphone",
                    outcome="with_help",
                )
            ],
        )
        for n in range(count)
    ]
    queue = list(phone)
    attempts = 0
    while queue:
        event, rng, size, extra = events[attempts % len(events)]
        # After the scripted network runs out, the signal is good again.
        if attempts >= len(events):
            event = DELIVERED
        attempts += 1
        assert attempts < 200, "the queue never emptied"
        batch = rng.sample(queue, min(size, len(queue)))
        batch += [rng.choice(batch) for _ in range(extra)]
        rng.shuffle(batch)
        if event == REQUEST_LOST:
            continue
        results = visits_sync(actor=volunteer, visits=batch)
        assert {r.status for r in results} <= {"stored", "duplicate"}
        if event == ANSWER_LOST:
            continue
        acked = {r.client_id for r in results}
        queue = [v for v in queue if v.client_id not in acked]

    stored = Visit.objects.filter(client_id__startswith=f"dev-{run}-")
    assert sorted(stored.values_list("client_id", flat=True)) == sorted(
        v.client_id for v in phone
    )
    assert VisitAction.objects.filter(visit__in=stored).count() == count
