"""/api/v1/outreach: the offline volunteer app's sync and data bundle."""

import datetime

from ninja import Field, Router, Schema

from hocvuso.accounts.scope import Capability
from hocvuso.geography.access import access_unit
from hocvuso.outreach.selectors import household_bundle
from hocvuso.outreach.services import MAX_BATCH, ActionIn, VisitIn, visits_sync

router = Router(tags=["outreach"])


class ActionInSchema(Schema):
    person_id: int
    kind: str
    outcome: str
    follow_up_on: datetime.date | None = None
    note: str = Field("", max_length=255)


class VisitInSchema(Schema):
    client_id: str = Field(..., min_length=8, max_length=64)
    household_id: int
    started_at: datetime.datetime
    ended_at: datetime.datetime
    actions: list[ActionInSchema] = Field(default_factory=list, max_length=50)
    feedback: str = Field("", max_length=2000)


class SyncIn(Schema):
    visits: list[VisitInSchema] = Field(..., max_length=MAX_BATCH)


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict


class VisitResultOut(Schema):
    client_id: str
    status: str = Field(..., description="stored | duplicate | rejected")
    visit_id: int | None = None
    flags: list[str] = []
    error: ErrorOut | None = None


class SyncOut(Schema):
    results: list[VisitResultOut]


@router.post("/visits/sync", response=SyncOut, operation_id="visit_sync")
def visit_sync(request, payload: SyncIn):
    """Store visits recorded offline. Send the same batch again safely: a visit
    already stored comes back as `duplicate`; a refused one as `rejected` with
    the reason, and the rest of the batch is kept."""
    visits = [
        VisitIn(
            client_id=v.client_id,
            household_id=v.household_id,
            started_at=v.started_at,
            ended_at=v.ended_at,
            feedback=v.feedback,
            actions=[ActionIn(**a.dict()) for a in v.actions],
        )
        for v in payload.visits
    ]
    return {"results": visits_sync(actor=request.user, visits=visits)}


class MemberOut(Schema):
    id: int
    name: str
    birth_year: int | None
    milestones: list[str]


class HouseholdBundleOut(Schema):
    id: int
    name: str
    address: str
    search: str
    members: list[MemberOut]


class BundleOut(Schema):
    unit_code: str
    unit_name: str
    households: list[HouseholdBundleOut]


@router.get("/units/{code}/bundle", response=BundleOut, operation_id="outreach_bundle")
def outreach_bundle(request, code: str):
    """A hamlet's households and members, for visits without a signal."""
    unit = access_unit(
        viewer=request.user, unit_code=code, capability=Capability.RECORD_VISITS
    )
    return {
        "unit_code": unit.code,
        "unit_name": unit.name,
        "households": household_bundle(viewer=request.user, unit=unit),
    }
