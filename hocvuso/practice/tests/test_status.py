"""A learner's simulator runs count in their competence status (assessment)."""

import pytest
from django.utils import timezone

from hocvuso.assessment.selectors import universal_status
from hocvuso.assessment.tests.factories import make_person
from hocvuso.learning.services import content_load, framework_load
from hocvuso.practice.services import AttemptIn, attempt_record


@pytest.fixture
def content(db):
    """The repository's real framework and content pack."""
    framework_load(actor=None)
    content_load(actor=None)


@pytest.fixture
def learner(binh_an):
    return make_person(binh_an, phone="0912345678")


def test_a_passed_simulator_run_shows_progress_but_not_the_level(content, learner):
    for n, mistakes in enumerate([["paid_wrong_recipient"], []]):
        attempt_record(
            person=learner,
            attempt=AttemptIn(
                client_id=f"run-{n}-0123456789abcdef",
                simulator="vietqr-pay",
                scenario="wrong-recipient",
                completed=True,
                finished_at=timezone.now().isoformat(),
                mistakes=mistakes,
            ),
        )
    status = universal_status(learner)
    row = next(r for r in status.rows if r.competence.code == "5.2")
    assert row.progress_level == 2  # lesson 3 teaches task 5.2.t2 (level 2)
    assert row.level == 0 and not row.met
