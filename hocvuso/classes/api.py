"""/api/v1/classes: offline attendance sync and the roster of a session."""

from ninja import Field, Router, Schema

from hocvuso.classes.access import access_series, access_session
from hocvuso.classes.selectors import series_registrations, session_roster
from hocvuso.classes.services import MAX_BATCH, AttendanceIn, WalkInIn, attendance_sync
from hocvuso.core.sync import ObjectId, as_lists, each_item, merge_results

router = Router(tags=["classes"])


class WalkInSchema(Schema):
    full_name: str = Field(..., min_length=1, max_length=150)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    phone: str = Field("", max_length=15)
    sex: str = Field("", max_length=10)


class AttendanceSyncItemIn(Schema):
    client_id: str = Field(
        ..., min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]{8,64}$"
    )
    session_id: ObjectId
    person_id: ObjectId | None = None
    card: str = Field("", max_length=300)
    walk_in: WalkInSchema | None = None
    present: bool = True
    confidence_before: int | None = Field(None, ge=1, le=3)


class AttendanceSyncIn(Schema):
    """Each record is checked on its own: one that does not fit comes back
    ``rejected`` with its client id and the reasons; the others are stored."""

    records: list[each_item(AttendanceSyncItemIn)] = Field(..., max_length=MAX_BATCH)


class AttendanceSyncErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class AttendanceSyncResultOut(Schema):
    client_id: str
    status: str = Field(..., description="stored | duplicate | rejected")
    attendance_id: int | None = None
    error: AttendanceSyncErrorOut | None = None


class AttendanceSyncOut(Schema):
    results: list[AttendanceSyncResultOut]


def _record(r: AttendanceSyncItemIn) -> AttendanceIn:
    return AttendanceIn(
        client_id=r.client_id,
        session_id=r.session_id,
        person_id=r.person_id,
        card=r.card,
        walk_in=WalkInIn(**r.walk_in.dict()) if r.walk_in else None,
        present=r.present,
        confidence_before=r.confidence_before,
    )


def _result(result: dict) -> dict:
    if result.get("error"):
        result["error"] = {
            **result["error"],
            "fields": as_lists(result["error"]["fields"]),
        }
    return result


@router.post(
    "/attendance/sync",
    response=AttendanceSyncOut,
    operation_id="attendance_sync",
)
def attendance_sync_api(request, payload: AttendanceSyncIn):
    """Store attendance taken offline. Send the same batch again safely: a record
    already stored comes back as `duplicate`; a refused one as `rejected` with
    the reason, and the rest of the batch is kept. `present: false` takes a
    wrong tick back."""
    results = merge_results(
        payload.records,
        lambda valid: [
            _result(r)
            for r in attendance_sync(
                actor=request.user, records=[_record(r) for r in valid]
            )
        ],
    )
    return {"results": results}


class RosterRowOut(Schema):
    person_id: int
    name: str
    registered: bool
    present: bool
    method: str = ""


class RosterOut(Schema):
    session_id: int
    series_id: int
    starts_at: str
    status: str
    rows: list[RosterRowOut]


@router.get("/sessions/{session_id}/roster", response=RosterOut, operation_id="roster")
def session_roster_api(request, session_id: int):
    """Everyone registered for the session's series and who is present."""
    session = access_session(viewer=request.user, session_id=session_id)
    return {
        "session_id": session.pk,
        "series_id": session.series_id,
        "starts_at": session.starts_at.isoformat(),
        "status": session.status,
        "rows": [
            {
                "person_id": row.person.pk,
                "name": row.person.full_name,
                "registered": row.registration is not None,
                "present": row.attendance is not None,
                "method": row.attendance.method if row.attendance else "",
            }
            for row in session_roster(session=session)
        ],
    }


class RegistrationOut(Schema):
    id: int
    person_id: int
    name: str
    status: str
    priority: list[str]


@router.get(
    "/series/{series_id}/registrations",
    response=list[RegistrationOut],
    operation_id="series_registrations",
)
def series_registrations_api(request, series_id: int):
    """Live registrations of a series (registered and waiting)."""
    series = access_series(viewer=request.user, series_id=series_id)
    return [
        {
            "id": r.pk,
            "person_id": r.person_id,
            "name": r.person.full_name,
            "status": r.status,
            "priority": r.priority,
        }
        for r in series_registrations(series=series)
    ]
