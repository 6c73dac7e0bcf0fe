"""/api/v1/assessment: a person's status and results, observed checks, verify.

The same access rules as the pages: out of scope answers 404 like missing.
"""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from hocvuso.assessment import selectors, services
from hocvuso.assessment.access import RECORD, access_learner
from hocvuso.assessment.models import Assisted, Method
from hocvuso.core.errors import NotFound, ServiceError
from hocvuso.learning.selectors import task_get

router = Router(tags=["assessment"])


class AssessmentRequirementOut(Schema):
    competence: str
    min_level: int
    level: int
    progress_level: int
    met: bool


class AssessmentResultOut(Schema):
    id: int
    competence: str
    task: str | None
    level: int
    method: str
    assisted: str
    on: datetime.date


class AssessmentStatusOut(Schema):
    person_id: int
    reached: bool
    source: str | None
    on: datetime.date | None
    requirements: list[AssessmentRequirementOut]
    results: list[AssessmentResultOut]


def _result_out(r) -> dict:
    return {
        "id": r.pk,
        "competence": r.competence.code,
        "task": r.task.code if r.task else None,
        "level": r.level,
        "method": r.method,
        "assisted": r.assisted,
        "on": r.on,
    }


def _status_out(person) -> dict:
    status = selectors.universal_status(person)
    return {
        "person_id": person.pk,
        "reached": status.reached,
        "source": status.source,
        "on": status.on,
        "requirements": [
            {
                "competence": row.competence.code,
                "min_level": row.min_level,
                "level": row.level,
                "progress_level": row.progress_level,
                "met": row.met,
            }
            for row in status.rows
        ],
        "results": [_result_out(r) for r in selectors.person_results(person)],
    }


@router.get(
    "/people/{person_id}",
    response=AssessmentStatusOut,
    operation_id="assessment_status",
)
def status_api(request, person_id: int):
    """A person's "đạt phổ cập" status, requirements and results (audited)."""
    person = access_learner(viewer=request.user, person_id=person_id)
    return _status_out(person)


class AssessmentCheckIn(Schema):
    task: str
    assisted: Assisted
    on: datetime.date
    note: str = ""
    request_id: str | None = None


@router.post(
    "/people/{person_id}/checks",
    response={201: AssessmentResultOut},
    operation_id="assessment_check_create",
)
def check_create_api(request, person_id: int, payload: AssessmentCheckIn):
    """Record an observed task check; a repeated request_id returns the first."""
    person = access_learner(viewer=request.user, person_id=person_id, capability=RECORD)
    try:
        task = task_get(payload.task)
    except NotFound:
        raise ServiceError(_("Unknown task."), fields={"task": ["unknown"]}) from None
    result = services.competence_result_record(
        person=person,
        competence=task.competence,
        task=task,
        level=task.level,
        method=Method.OBSERVED,
        assisted=payload.assisted,
        assessor=request.user,
        on=payload.on,
        note=payload.note,
        request_id=payload.request_id,
    )
    return Status(201, _result_out(result))


class VerifyOut(Schema):
    code: str
    valid: bool
    revoked: bool
    initials: str
    course: str
    issued_on: datetime.date
    unit: str


@router.get(
    "/verify/{code}", response=VerifyOut, auth=None, operation_id="assessment_verify"
)
def verify_api(request, code: str):
    """Public: what /verify/<code> shows, as JSON (initials only)."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise NotFound
    return {
        "code": certificate.display_code,
        "valid": not certificate.is_revoked,
        "revoked": certificate.is_revoked,
        "initials": selectors.initials(certificate.person.full_name),
        "course": certificate.course.title,
        "issued_on": certificate.issued_on,
        "unit": certificate.unit.name,
    }
