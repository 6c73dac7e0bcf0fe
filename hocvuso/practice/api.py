"""/api/v1/practice: finished simulator runs from a signed-in learner's device."""

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from ninja.utils import check_csrf

from hocvuso.assessment.learners import current_learner
from hocvuso.core.api_errors import ApiError, error_body
from hocvuso.practice.services import AttemptIn, attempt_record

router = Router(tags=["practice"])


class PracticeResultIn(Schema):
    client_id: str
    simulator: str
    scenario: str
    completed: bool
    mistakes: list[str] = []
    finished_at: str


class PracticeResultOut(Schema):
    client_id: str
    status: str  # stored | duplicate


@router.post(
    "/results",
    auth=None,
    response={
        200: PracticeResultOut,
        201: PracticeResultOut,
        401: ApiError,
        403: ApiError,
    },
    operation_id="practice_result_record",
)
def practice_result_record(request, payload: PracticeResultIn):
    """Keep one finished run for the signed-in learner (phone + PIN or card).

    Send the same client id again safely: the run is stored once and the
    answer says `duplicate`. Without a learner session the answer is 401 and
    the run stays on the device.
    """
    if check_csrf(request):
        return Status(403, error_body("csrf", _("The page is out of date: reload it.")))
    person = current_learner(request)
    if person is None:
        return Status(401, error_body("unauthenticated", _("Please sign in.")))
    _row, created = attempt_record(person=person, attempt=AttemptIn(**payload.dict()))
    status = "stored" if created else "duplicate"
    return Status(
        201 if created else 200, {"client_id": payload.client_id, "status": status}
    )
