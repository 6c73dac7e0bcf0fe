"""/api/v1/outreach: the offline volunteer app's sync and data bundle."""

import datetime

from ninja import Field, Router, Schema

from hocvuso.accounts.scope import Capability
from hocvuso.core.sync import ObjectId, as_lists, each_item, merge_results
from hocvuso.geography.access import access_unit
from hocvuso.outreach.models import ActionKind, Outcome
from hocvuso.outreach.selectors import household_bundle
from hocvuso.outreach.services import (
    FEEDBACK_LENGTH,
    MAX_ACTIONS,
    MAX_BATCH,
    NOTE_LENGTH,
    ActionIn,
    VisitIn,
    visits_sync,
)

router = Router(tags=["outreach"])


class VisitActionIn(Schema):
    person_id: ObjectId
    kind: ActionKind
    outcome: Outcome
    follow_up_on: datetime.date | None = Field(
        None, description="From the visit's day to a year after it."
    )
    note: str = Field("", max_length=NOTE_LENGTH)


class VisitSyncItemIn(Schema):
    client_id: str = Field(
        ..., min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]{8,64}$"
    )
    household_id: ObjectId
    started_at: datetime.datetime = Field(
        ..., description="With its time zone; from 2020-01-01 to tomorrow."
    )
    ended_at: datetime.datetime
    actions: list[VisitActionIn] = Field(default_factory=list, max_length=MAX_ACTIONS)
    feedback: str = Field("", max_length=FEEDBACK_LENGTH)


class VisitSyncIn(Schema):
    """Each visit is checked on its own: one that does not fit comes back
    ``rejected`` with its client id and the reasons; the others are stored."""

    visits: list[each_item(VisitSyncItemIn)] = Field(..., max_length=MAX_BATCH)


class SyncItemErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class VisitSyncResultOut(Schema):
    client_id: str
    status: str = Field(..., description="stored | duplicate | rejected")
    visit_id: int | None = None
    flags: list[str] = []
    error: SyncItemErrorOut | None = None


class VisitSyncOut(Schema):
    results: list[VisitSyncResultOut]


def _visit(v: VisitSyncItemIn) -> VisitIn:
    return VisitIn(
        client_id=v.client_id,
        household_id=v.household_id,
        started_at=v.started_at,
        ended_at=v.ended_at,
        feedback=v.feedback,
        actions=[
            ActionIn(
                person_id=a.person_id,
                kind=str(a.kind),
                outcome=str(a.outcome),
                follow_up_on=a.follow_up_on,
                note=a.note,
            )
            for a in v.actions
        ],
    )


def _result(result) -> dict:
    return {
        "client_id": result.client_id,
        "status": result.status,
        "visit_id": result.visit_id,
        "flags": result.flags,
        "error": {**result.error, "fields": as_lists(result.error["fields"])}
        if result.error
        else None,
    }


@router.post(
    "/visits/sync",
    response=VisitSyncOut,
    operation_id="visit_sync",
)
def visit_sync(request, payload: VisitSyncIn):
    """Store visits recorded offline. Send the same batch again safely: a visit
    already stored comes back as `duplicate`; a refused one as `rejected` with
    the reason, and the rest of the batch is kept."""
    results = merge_results(
        payload.visits,
        lambda valid: [
            _result(r)
            for r in visits_sync(actor=request.user, visits=[_visit(v) for v in valid])
        ],
    )
    return {"results": results}


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
