"""Writes for weekly community classes. Every write is audited.

Attendance arrives from several places (the roster form, a card scan, the
session QR, a walk-in, the offline sync); all of them end in
``attendance_record``, which stores one row per person and session and
answers the same row again for a retry.
"""

import datetime
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.classes.models import (
    Adaptation,
    Attendance,
    AttendanceMethod,
    Audience,
    ClassSeries,
    Confidence,
    Organiser,
    Priority,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    TaskCheck,
    TaskResult,
    VenueKind,
    audience_details,
)
from hocvuso.core.errors import NotFound, ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.ranges import is_client_id, is_id
from hocvuso.core.services import actor_or_none, audit_record
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit
from hocvuso.people.models import Person, PovertyStatus

OLDER_AGE = 60
MAX_WEEKS = 52
MAX_BATCH = 200


def _learning_selectors():
    """The learning app's selectors, or None while it is not installed."""
    try:
        from hocvuso.learning import selectors
    except ImportError:  # pragma: no cover - depends on the deployment
        return None
    return selectors


def _assessment(name: str):
    """A function of the assessment app (module.name), or None if not there."""
    module_name, _dot, attr = name.rpartition(".")
    try:
        module = __import__(f"hocvuso.assessment.{module_name}", fromlist=[attr])
    except ImportError:  # pragma: no cover - depends on the deployment
        return None
    return getattr(module, attr, None)


def _commune_of(unit: Unit) -> Unit:
    if unit.kind in COMMUNE_KINDS:
        return unit
    if unit.kind in LOCAL_KINDS and unit.parent and unit.parent.kind in COMMUNE_KINDS:
        return unit.parent
    raise ServiceError(
        _("A class belongs to a commune, a ward or one of its hamlets."),
        fields={"unit": ["invalid"]},
    )


def _check_choices(values: Sequence[str], allowed, field: str) -> list[str]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ServiceError(
            _("Unknown value: %(v)s.") % {"v": ", ".join(bad)}, fields={field: bad}
        )
    return list(dict.fromkeys(values))


def _check_topics(competence_codes: Sequence[str], lesson_refs: Sequence[str]):
    selectors = _learning_selectors()
    codes = [c.strip() for c in competence_codes if c.strip()]
    refs = [r.strip().strip("/") for r in lesson_refs if r.strip()]
    if selectors is None:
        return codes, refs
    for code in codes:
        try:
            selectors.competence_get(code)
        except NotFound:
            raise ServiceError(
                _("There is no competence %(code)s in the framework.") % {"code": code},
                fields={"competence_codes": [code]},
            ) from None
    for ref in refs:
        course_slug, _slash, lesson_slug = ref.partition("/")
        try:
            selectors.lesson_get(selectors.course_get(course_slug), lesson_slug)
        except NotFound:
            raise ServiceError(
                _("There is no lesson %(ref)s.") % {"ref": ref},
                fields={"lesson_refs": [ref]},
            ) from None
    return codes, refs


def _audience_detail_fits(audience: str, detail: str) -> bool:
    """No group, or one of the groups that refine this audience."""
    return not detail or detail in dict(audience_details().get(audience, []))


@transaction.atomic
def series_create(
    *,
    actor,
    unit: Unit,
    title: str,
    venue_kind: str,
    venue_name: str,
    weekday: int,
    start_time: datetime.time,
    starts_on: datetime.date,
    duration_minutes: int = 90,
    ends_on: datetime.date | None = None,
    venue_address: str = "",
    audience: str = Audience.EVERYONE,
    audience_detail: str = "",
    topics: str = "",
    competence_codes: Sequence[str] = (),
    lesson_refs: Sequence[str] = (),
    organisers: Sequence[str] = (),
    partner_names: str = "",
    instructors: Sequence = (),
    capacity: int = 30,
    accessibility_notes: str = "",
    adaptations: Sequence[str] = (),
) -> ClassSeries:
    """Create a weekly class series of a commune or one of its hamlets.

    Rules: the unit is a commune/ward/special zone or a hamlet of one, and
    open; the weekday is 0-6; the length is 15 minutes to 8 hours; capacity
    at least 1; the last date is not before the first; topics name
    competences and lessons that exist (when the framework is installed).
    """
    if unit.is_closed:
        raise ServiceError(_("This unit is closed; use its successor."))
    commune = _commune_of(unit)
    fields: dict[str, list[str]] = {}
    if not title.strip():
        fields["title"] = [_("Enter a title.")]
    if not venue_name.strip():
        fields["venue_name"] = [_("Enter where the class meets.")]
    if venue_kind not in VenueKind.values:
        fields["venue_kind"] = [_("Choose the kind of venue.")]
    if weekday not in range(7):
        fields["weekday"] = [_("Choose a weekday.")]
    if not 15 <= duration_minutes <= 480:
        fields["duration_minutes"] = [_("A class lasts 15 minutes to 8 hours.")]
    if capacity < 1:
        fields["capacity"] = [_("A class has at least one place.")]
    if ends_on and ends_on < starts_on:
        fields["ends_on"] = [_("The last date is before the first.")]
    if audience not in Audience.values:
        fields["audience"] = [_("Choose the audience.")]
    elif not _audience_detail_fits(audience, audience_detail):
        fields["audience_detail"] = [_("Choose a group that fits the audience.")]
    if fields:
        raise ServiceError(_("Check the marked fields."), fields=fields)
    codes, refs = _check_topics(competence_codes, lesson_refs)
    series = ClassSeries(
        commune=commune,
        unit=unit,
        unit_path=unit.path,
        title=title.strip(),
        venue_kind=venue_kind,
        venue_name=venue_name.strip(),
        venue_address=venue_address.strip(),
        weekday=weekday,
        start_time=start_time,
        duration_minutes=duration_minutes,
        starts_on=starts_on,
        ends_on=ends_on,
        audience=audience,
        audience_detail=audience_detail,
        topics=topics.strip(),
        competence_codes=codes,
        lesson_refs=refs,
        organisers=_check_choices(organisers, Organiser.values, "organisers"),
        partner_names=partner_names.strip(),
        capacity=capacity,
        accessibility_notes=accessibility_notes.strip(),
        adaptations=_check_choices(adaptations, Adaptation.values, "adaptations"),
        created_by=actor_or_none(actor),
    )
    series.full_clean()
    series.save()
    if instructors:
        series.instructors.set(instructors)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="class_series",
        object_id=series.pk,
        unit_path=series.unit_path,
    )
    return series


EDITABLE = (
    "title",
    "venue_kind",
    "venue_name",
    "venue_address",
    "ends_on",
    "audience",
    "audience_detail",
    "topics",
    "competence_codes",
    "lesson_refs",
    "organisers",
    "partner_names",
    "capacity",
    "accessibility_notes",
    "adaptations",
)


@transaction.atomic
def series_update(
    *, actor, series: ClassSeries, instructors: Sequence | None = None, **changes
) -> ClassSeries:
    """Change what a series offers; the weekly schedule itself stays.

    Rules: as for a new series; the places are not fewer than the people
    already registered; more places move people up from the waiting list.
    A different day or time is made by moving sessions or a new series.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ServiceError(
            _("Unknown value: %(v)s.") % {"v": ", ".join(sorted(unknown))}
        )
    data = {name: getattr(series, name) for name in EDITABLE} | changes
    fields: dict[str, list[str]] = {}
    if not str(data["title"]).strip():
        fields["title"] = [_("Enter a title.")]
    if not str(data["venue_name"]).strip():
        fields["venue_name"] = [_("Enter where the class meets.")]
    if data["venue_kind"] not in VenueKind.values:
        fields["venue_kind"] = [_("Choose the kind of venue.")]
    if data["audience"] not in Audience.values:
        fields["audience"] = [_("Choose the audience.")]
    elif not _audience_detail_fits(data["audience"], data["audience_detail"]):
        fields["audience_detail"] = [_("Choose a group that fits the audience.")]
    if data["ends_on"] and data["ends_on"] < series.starts_on:
        fields["ends_on"] = [_("The last date is before the first.")]
    ClassSeries.objects.select_for_update().filter(pk=series.pk).first()
    registered = _registered_count(series)
    if data["capacity"] < max(1, registered):
        fields["capacity"] = [
            _("%(n)s people are registered: cancel registrations first.")
            % {"n": registered}
            if registered
            else _("A class has at least one place.")
        ]
    if fields:
        raise ServiceError(_("Check the marked fields."), fields=fields)
    codes, refs = _check_topics(data["competence_codes"], data["lesson_refs"])
    data["competence_codes"], data["lesson_refs"] = codes, refs
    data["organisers"] = _check_choices(
        data["organisers"], Organiser.values, "organisers"
    )
    data["adaptations"] = _check_choices(
        data["adaptations"], Adaptation.values, "adaptations"
    )
    for name in ("title", "venue_name", "venue_address", "topics", "partner_names"):
        data[name] = str(data[name]).strip()
    for name, value in data.items():
        setattr(series, name, value)
    series.full_clean()
    series.save(update_fields=[*EDITABLE, "updated_at"])
    if instructors is not None:
        series.instructors.set(instructors)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_series",
        object_id=series.pk,
        unit_path=series.unit_path,
        detail={"fields": sorted(changes)},
    )
    _promote_waiting(actor, series)
    return series


def _session_start(series: ClassSeries, day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, series.start_time))


@transaction.atomic
def sessions_generate(
    *,
    actor,
    series: ClassSeries,
    weeks: int = 8,
    from_date: datetime.date | None = None,
) -> list[Session]:
    """Make the sessions of ``weeks`` weeks from ``from_date`` (or the first week).

    Rules: one session per scheduled date, so generating again (or over an
    overlapping range) adds only the missing weeks; nothing after the
    series' last date; at most 52 weeks at a time. Returns the new sessions.
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise ServiceError(
            _("Make sessions for 1 to %(n)s weeks at a time.") % {"n": MAX_WEEKS},
            fields={"weeks": ["invalid"]},
        )
    start = max(series.starts_on, from_date or series.starts_on)
    first = start + datetime.timedelta(days=(series.weekday - start.weekday()) % 7)
    days = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    if series.ends_on:
        days = [d for d in days if d <= series.ends_on]
    existing = set(
        series.sessions.filter(scheduled_on__in=days).values_list(
            "scheduled_on", flat=True
        )
    )
    created = [
        Session.objects.create(
            series=series,
            unit_path=series.unit_path,
            scheduled_on=day,
            starts_at=_session_start(series, day),
            checkin_token=secrets.token_urlsafe(16),
        )
        for day in days
        if day not in existing
    ]
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="class_session",
            object_id=series.pk,
            unit_path=series.unit_path,
            detail={"sessions": len(created), "from": days[0].isoformat()},
        )
    return created


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            _("Write the reason: the people registered will see it."),
            fields={"reason": ["required"]},
        )
    return reason[:255]


@transaction.atomic
def session_move(
    *, actor, session: Session, starts_at: datetime.datetime, reason: str
) -> Session:
    """Move a session to another day or time, with a reason shown to learners.

    Rules: a cancelled session is not moved; a reason is required.
    """
    if session.is_cancelled:
        raise ServiceError(_("This session is cancelled."))
    session.change_reason = _reason(reason)
    session.starts_at = starts_at
    session.status = SessionStatus.MOVED
    session.save(update_fields=["starts_at", "status", "change_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_session",
        object_id=session.pk,
        unit_path=session.unit_path,
        detail={"moved_to": starts_at.isoformat(), "reason": session.change_reason},
    )
    return session


@transaction.atomic
def session_cancel(*, actor, session: Session, reason: str) -> Session:
    """Cancel a session, with a reason shown to learners.

    Rules: a reason is required; a session with attendance is not cancelled.
    """
    if session.attendances.exists():
        raise ServiceError(_("People attended this session; it cannot be cancelled."))
    session.change_reason = _reason(reason)
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "change_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_session",
        object_id=session.pk,
        unit_path=session.unit_path,
        detail={"cancelled": True, "reason": session.change_reason},
    )
    return session


@transaction.atomic
def session_lessons_record(
    *, actor, session: Session, lesson_refs: Sequence[str], notes: str = ""
) -> Session:
    """Record which lessons a session covered (and a short note)."""
    _codes, refs = _check_topics((), lesson_refs)
    session.lessons_covered = refs
    session.notes = notes.strip()[:500]
    session.save(update_fields=["lessons_covered", "notes", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_session",
        object_id=session.pk,
        unit_path=session.unit_path,
        detail={"lessons": refs},
    )
    return session


# Registration ------------------------------------------------------------


def priority_suggested(person: Person) -> list[str]:
    """Priority flags the register already supports for this person."""
    flags = []
    if person.age is not None and person.age >= OLDER_AGE:
        flags.append(Priority.OLDER)
    if person.disabilities:
        flags.append(Priority.DISABILITY)
    household = person.household
    if household and household.poverty_status in (
        PovertyStatus.POOR,
        PovertyStatus.NEAR_POOR,
    ):
        flags.append(Priority.POOR)
    if person.ethnicity and person.ethnicity != "01":
        flags.append(Priority.ETHNIC_MINORITY)
    if person.unit.is_remote:
        flags.append(Priority.REMOTE)
    return [str(f) for f in flags]


def _registered_count(series: ClassSeries) -> int:
    return series.registrations.filter(status=RegistrationStatus.REGISTERED).count()


@transaction.atomic
def registration_create(
    *,
    actor,
    series: ClassSeries,
    person: Person,
    priority: Sequence[str] = (),
    by_learner: bool = False,
) -> Registration:
    """Register a person for a series, or put them on the waiting list if full.

    Rules: the person lives in the series' commune; registering again returns
    the live registration; flags the register supports (older, disability,
    poor household, ethnic minority, remote) are added to those given.
    """
    if not person.unit_path.startswith(series.commune.path):
        raise ServiceError(_("This person does not live in the class's commune."))
    ClassSeries.objects.select_for_update().filter(pk=series.pk).first()
    live = (
        series.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(person=person)
        .first()
    )
    if live is not None:
        return live
    flags = _check_choices(
        [*priority, *priority_suggested(person)], Priority.values, "priority"
    )
    full = _registered_count(series) >= series.capacity
    registration = Registration.objects.create(
        series=series,
        person=person,
        unit_path=series.unit_path,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        priority=flags,
        by_learner=by_learner,
        registered_by=actor_or_none(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="class_registration",
        object_id=registration.pk,
        unit_path=series.unit_path,
        detail={"person": person.pk, "status": registration.status},
    )
    return registration


def waiting_list(series: ClassSeries) -> list[Registration]:
    """The waiting list in the order places are offered: priority flags first."""
    waiting = list(
        series.registrations.filter(status=RegistrationStatus.WAITING)
        .select_related("person")
        .order_by("created_at", "id")
    )
    return sorted(waiting, key=lambda r: 0 if r.priority else 1)


@transaction.atomic
def registration_cancel(
    *, actor, registration: Registration, reason: str = ""
) -> Registration | None:
    """Cancel a registration; the first person waiting takes the freed place.

    Returns the registration promoted from the waiting list, if any.
    """
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    series = registration.series
    ClassSeries.objects.select_for_update().filter(pk=series.pk).first()
    freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancel_reason = reason.strip()[:255]
    registration.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_registration",
        object_id=registration.pk,
        unit_path=registration.unit_path,
        detail={"cancelled": True},
    )
    if not freed:
        return None
    promoted = _promote_waiting(actor, series)
    return promoted[0] if promoted else None


def _promote_waiting(actor, series: ClassSeries) -> list[Registration]:
    """Give free places to the waiting list, flagged people first."""
    free = series.capacity - _registered_count(series)
    promoted = waiting_list(series)[: max(0, free)]
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="class_registration",
            object_id=registration.pk,
            unit_path=registration.unit_path,
            detail={"promoted": True},
        )
    return promoted


def person_add_for_class(
    *,
    actor,
    series: ClassSeries,
    full_name: str,
    birth_year: int | None = None,
    phone: str = "",
    sex: str = "",
    unit: Unit | None = None,
) -> Person:
    """Add a person to the register with the few fields a class needs."""
    from hocvuso.people.services import person_register

    unit = unit or series.unit
    if not unit.path.startswith(series.commune.path):
        raise ServiceError(_("This person does not live in the class's commune."))
    return person_register(
        actor=actor,
        unit=unit,
        full_name=full_name,
        birth_year=birth_year,
        phone=phone,
        sex=sex,
    )


# Attendance --------------------------------------------------------------


def _check_confidence(value: int | None, field: str) -> int | None:
    if value in (None, ""):
        return None
    if int(value) not in Confidence.values:
        raise ServiceError(
            _("Confidence is one of the three faces."), fields={field: ["invalid"]}
        )
    return int(value)


@transaction.atomic
def attendance_record(
    *,
    actor,
    session: Session,
    person: Person,
    method: str = AttendanceMethod.ROSTER,
    client_id: str | None = None,
    confidence_before: int | None = None,
) -> tuple[Attendance, bool]:
    """Record one person present at a session; returns (attendance, created).

    Rules: not for a cancelled session nor before the session's day; the
    person lives in the series' commune; a person already present, or a
    client id already stored, returns the stored row unchanged.
    """
    if client_id:
        known = Attendance.objects.filter(client_id=client_id).first()
        if known is not None:
            return known, False
    if session.is_cancelled:
        raise ServiceError(_("This session is cancelled."))
    if session.is_before_its_day:
        raise ServiceError(_("This session has not taken place yet."))
    if method not in AttendanceMethod.values:
        raise ServiceError(_("Unknown way of taking attendance."))
    if not person.unit_path.startswith(session.series.commune.path):
        raise ServiceError(_("This person does not live in the class's commune."))
    before = _check_confidence(confidence_before, "confidence_before")
    present = session.attendances.filter(person=person).first()
    if present is not None:
        return present, False
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session,
                person=person,
                unit_path=session.unit_path,
                method=method,
                client_id=client_id or None,
                recorded_by=actor_or_none(actor),
                confidence_before=before,
            )
    except IntegrityError:
        # A parallel request stored the same person or client id first.
        attendance = Attendance.objects.filter(
            session=session, person=person
        ).first() or Attendance.objects.get(client_id=client_id)
        return attendance, False
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="class_attendance",
        object_id=attendance.pk,
        unit_path=session.unit_path,
        detail={"person": person.pk, "method": method},
    )
    if before is not None:
        _forward_confidence(actor, attendance, "before", before)
    return attendance, True


_CARD = re.compile(r"/card/([A-Za-z0-9_\-]+)")
_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{8,100}$")


def card_token(scanned: str) -> str:
    """The token inside a scanned card: its /card/<token> URL or the bare token."""
    scanned = scanned.strip()
    match = _CARD.search(scanned)
    if match:
        return match.group(1)
    return scanned if _TOKEN.match(scanned) else ""


def attendance_by_card(
    *, actor, session: Session, scanned: str, client_id: str | None = None
) -> tuple[Attendance, bool]:
    """Record the holder of a scanned sign-in card as present."""
    card_person = _assessment("selectors.card_person")
    if card_person is None:
        raise ServiceError(_("Card scanning is not available on this server yet."))
    token = card_token(scanned)
    person = card_person(token) if token else None
    if person is None:
        raise ServiceError(
            _("This card is not known or no longer valid."),
            fields={"card": ["unknown"]},
        )
    return attendance_record(
        actor=actor,
        session=session,
        person=person,
        method=AttendanceMethod.CARD,
        client_id=client_id,
    )


@transaction.atomic
def attendance_walk_in(
    *,
    actor,
    session: Session,
    full_name: str,
    birth_year: int | None = None,
    phone: str = "",
    sex: str = "",
    client_id: str | None = None,
) -> tuple[Attendance, bool]:
    """Add someone who came without registering: into the register, then present."""
    if client_id:
        known = Attendance.objects.filter(client_id=client_id).first()
        if known is not None:
            return known, False
    if session.is_cancelled:
        raise ServiceError(_("This session is cancelled."))
    person = person_add_for_class(
        actor=actor,
        series=session.series,
        full_name=full_name,
        birth_year=birth_year,
        phone=phone,
        sex=sex,
    )
    return attendance_record(
        actor=actor,
        session=session,
        person=person,
        method=AttendanceMethod.WALK_IN,
        client_id=client_id,
    )


def session_for_checkin(token: str) -> Session:
    session = (
        Session.objects.select_related("series__commune")
        .filter(checkin_token=token)
        .first()
    )
    if session is None or not token:
        raise NotFound
    return session


def attendance_self_checkin(*, person: Person, session: Session) -> Attendance:
    """A signed-in learner marks themself present with the session's QR.

    Rules: only on the day of the session.
    """
    if timezone.localdate(session.starts_at) != timezone.localdate():
        raise ServiceError(_("You can mark yourself present only on the class day."))
    attendance, _created = attendance_record(
        actor=None, session=session, person=person, method=AttendanceMethod.SESSION_QR
    )
    return attendance


@transaction.atomic
def attendance_remove(*, actor, session: Session, person: Person) -> bool:
    """Take a person off a session's attendance (a wrong tick)."""
    removed, _rows = session.attendances.filter(person=person).delete()
    if removed:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="class_attendance",
            object_id=session.pk,
            unit_path=session.unit_path,
            detail={"removed_person": person.pk},
        )
    return bool(removed)


def _forward_confidence(actor, attendance: Attendance, moment: str, value: int):
    record = _assessment("services.confidence_record")
    if record is None:
        return
    record(
        person=attendance.person,
        moment=moment,
        value=value,
        context=f"class_session:{attendance.session_id}",
        recorded_by=actor_or_none(actor),
    )


@transaction.atomic
def attendance_update(
    *,
    actor,
    attendance: Attendance,
    confidence_before: int | None = None,
    confidence_after: int | None = None,
    needs_follow_up: bool = False,
    follow_up_note: str = "",
) -> Attendance:
    """Record the three-faces confidence and whether the person needs a follow-up."""
    before = _check_confidence(confidence_before, "confidence_before")
    after = _check_confidence(confidence_after, "confidence_after")
    changed = {
        "before": before is not None and before != attendance.confidence_before,
        "after": after is not None and after != attendance.confidence_after,
    }
    attendance.confidence_before = before
    attendance.confidence_after = after
    attendance.needs_follow_up = needs_follow_up
    attendance.follow_up_note = follow_up_note.strip()[:255]
    attendance.save(
        update_fields=[
            "confidence_before",
            "confidence_after",
            "needs_follow_up",
            "follow_up_note",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_attendance",
        object_id=attendance.pk,
        unit_path=attendance.unit_path,
    )
    if changed["before"]:
        _forward_confidence(actor, attendance, "before", before)
    if changed["after"]:
        _forward_confidence(actor, attendance, "after", after)
    return attendance


@transaction.atomic
def task_check_record(
    *, actor, attendance: Attendance, task_code: str, result: str
) -> TaskCheck:
    """Record a framework task the instructor watched the attendee do.

    Rules: the task exists in the framework (when installed); one result per
    task and attendance, a new result replaces the old. A task done (alone or
    with help) is passed on to the learner's record as an observed result.
    """
    if result not in TaskResult.values:
        raise ServiceError(
            _("Choose how the task went."), fields={"result": ["invalid"]}
        )
    task_code = task_code.strip()
    task = None
    selectors = _learning_selectors()
    if selectors is not None:
        try:
            task = selectors.task_get(task_code)
        except NotFound:
            raise ServiceError(
                _("There is no task %(code)s in the framework.") % {"code": task_code},
                fields={"task_code": [task_code]},
            ) from None
    elif not task_code:
        raise ServiceError(_("Choose a task."), fields={"task_code": ["required"]})
    check, _created = TaskCheck.objects.update_or_create(
        attendance=attendance,
        task_code=task_code,
        defaults={
            "result": result,
            "recorded_by": actor_or_none(actor),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="class_task_check",
        object_id=check.pk,
        unit_path=attendance.unit_path,
        detail={"task": task_code, "result": result},
    )
    record = _assessment("services.competence_result_record")
    if record is not None and task is not None and result != TaskResult.NOT_YET:
        record(
            person=attendance.person,
            competence=task.competence,
            level=task.level,
            method="observed",
            assisted=result,
            assessor=actor_or_none(actor),
            on=timezone.localdate(attendance.session.starts_at),
            task=task,
            note=attendance.session.series.title[:100],
            request_id=f"classes-{attendance.pk}-{task_code}-{result}",
        )
    return check


# Offline sync ------------------------------------------------------------


@dataclass(frozen=True)
class WalkInIn:
    full_name: str
    birth_year: int | None = None
    phone: str = ""
    sex: str = ""


@dataclass(frozen=True)
class AttendanceIn:
    client_id: str
    session_id: int
    person_id: int | None = None
    card: str = ""
    walk_in: WalkInIn | None = None
    present: bool = True
    confidence_before: int | None = None


def attendance_sync(*, actor, records: Sequence[AttendanceIn]) -> list[dict]:
    """Store attendance taken offline, each record on its own.

    A record already stored (same client id, or the person already present)
    comes back as ``duplicate``; one refused as ``rejected`` with the reason;
    the rest of the batch is kept.
    """
    from hocvuso.classes.access import access_person_for_series, access_session

    if len(records) > MAX_BATCH:
        raise ServiceError(
            _("Send at most %(n)s records at a time.") % {"n": MAX_BATCH}
        )
    results = []
    for item in records:
        result: dict = {"client_id": item.client_id, "attendance_id": None}
        try:
            if not is_client_id(item.client_id):
                result["client_id"] = str(item.client_id)[:64]
                raise ServiceError(
                    _("The record id made by the phone is not valid."),
                    fields={"client_id": ["invalid"]},
                )
            if item.walk_in is None and not item.card and not is_id(item.person_id):
                raise ServiceError(
                    _("This person is not in the class's commune."),
                    code="not_found",
                    fields={"person_id": ["not_found"]},
                )
            with transaction.atomic():
                try:
                    session = access_session(viewer=actor, session_id=item.session_id)
                except NotFound:
                    raise ServiceError(
                        _("This session is not one of your classes."),
                        code="not_found",
                    ) from None
                if not item.present:
                    try:
                        person = access_person_for_series(
                            series=session.series, person_id=item.person_id
                        )
                    except NotFound:
                        raise ServiceError(
                            _("This person is not in the class's commune."),
                            code="not_found",
                        ) from None
                    removed = attendance_remove(
                        actor=actor, session=session, person=person
                    )
                    result["status"] = "stored" if removed else "duplicate"
                    results.append(result)
                    continue
                if item.walk_in is not None:
                    attendance, created = attendance_walk_in(
                        actor=actor,
                        session=session,
                        full_name=item.walk_in.full_name,
                        birth_year=item.walk_in.birth_year,
                        phone=item.walk_in.phone,
                        sex=item.walk_in.sex,
                        client_id=item.client_id,
                    )
                elif item.card:
                    attendance, created = attendance_by_card(
                        actor=actor,
                        session=session,
                        scanned=item.card,
                        client_id=item.client_id,
                    )
                else:
                    try:
                        person = access_person_for_series(
                            series=session.series, person_id=item.person_id
                        )
                    except NotFound:
                        raise ServiceError(
                            _("This person is not in the class's commune."),
                            code="not_found",
                        ) from None
                    attendance, created = attendance_record(
                        actor=actor,
                        session=session,
                        person=person,
                        method=AttendanceMethod.ROSTER,
                        client_id=item.client_id,
                        confidence_before=item.confidence_before,
                    )
            result["status"] = "stored" if created else "duplicate"
            result["attendance_id"] = attendance.pk
        except ServiceError as error:
            result["status"] = "rejected"
            result["error"] = {
                "code": error.code,
                "message": error.message,
                "fields": error.fields,
            }
        results.append(result)
    return results
