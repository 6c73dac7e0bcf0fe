"""Teams, visits (one by one or synced in batches), referrals, flags, assignments."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.core.bulk import insert_rows
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.ranges import (
    FOLLOW_UP_HORIZON,
    day_problem,
    is_client_id,
    is_id,
    moment_problem,
    text_problem,
)
from hocvuso.core.services import audit_record, audit_record_many
from hocvuso.core.text import nfc
from hocvuso.geography.models import LOCAL_KINDS, Unit
from hocvuso.outreach.models import (
    ActionKind,
    Affiliation,
    Assignment,
    FlagKind,
    FlagStatus,
    MemberRole,
    Outcome,
    Referral,
    ReferralStatus,
    Team,
    TeamMember,
    TrainingStatus,
    Visit,
    VisitAction,
    VisitFlag,
)
from hocvuso.outreach.selectors import household_left_behind
from hocvuso.people.models import (
    Assistance,
    Household,
    MilestoneKind,
    MilestoneSource,
    Person,
)
from hocvuso.people.services import (
    MilestoneFact,
    milestone_record,
    milestones_record_many,
)

# What an action done alone or with help proves about the person.
ACTION_MILESTONES = {
    ActionKind.SMARTPHONE: MilestoneKind.SMARTPHONE,
    ActionKind.INSTALL_VNEID: MilestoneKind.VNEID_L1,
    ActionKind.VNEID_LEVEL2: MilestoneKind.VNEID_L2,
    ActionKind.EHEALTH_BOOK: MilestoneKind.EHEALTH_BOOK,
    ActionKind.ONLINE_PUBLIC_SERVICE: MilestoneKind.ONLINE_PUBLIC_SERVICE,
    ActionKind.BANK_ACCOUNT: MilestoneKind.BANK_ACCOUNT,
    ActionKind.EWALLET: MilestoneKind.EWALLET,
    ActionKind.QR_PAYMENT: MilestoneKind.CASHLESS_PAYMENT,
    ActionKind.SCAM_AWARENESS: MilestoneKind.SCAM_AWARENESS,
    ActionKind.ONLINE_SHOPPING: MilestoneKind.ONLINE_SHOPPING,
    ActionKind.LOCAL_PLATFORM: MilestoneKind.LOCAL_PLATFORM,
}
OUTCOME_ASSISTANCE = {
    Outcome.ALONE: Assistance.ALONE,
    Outcome.WITH_HELP: Assistance.WITH_HELP,
}
MAX_BATCH = 500
# Enum .values builds a new list on every call: look up in sets.
ACTION_KINDS = frozenset(ActionKind.values)
OUTCOMES = frozenset(Outcome.values)
# Clocks on phones drift: a visit up to this far ahead is not "in the future".
CLOCK_SKEW = datetime.timedelta(minutes=10)
SECONDS_PER_ACTION = 30
FEEDBACK_LENGTH = 2000
NOTE_LENGTH = 255
MAX_ACTIONS = 50
MIN_VISIT_SECONDS = 60


# Teams ----------------------------------------------------------------------


@transaction.atomic
def team_create(
    *, actor, unit: Unit, name: str, decision_number: str, decision_date: datetime.date
) -> Team:
    """Set up the community digital-technology team of a hamlet by commune decision.

    Rules: one active team per hamlet or residential group; a decision number
    and a date not in the future.
    """
    fields: dict[str, list[str]] = {}
    if unit.kind not in LOCAL_KINDS or unit.is_closed:
        fields["unit"] = [_("A team works in one open hamlet or residential group.")]
    if not nfc(decision_number):
        fields["decision_number"] = [_("Enter the number of the commune's decision.")]
    if decision_date > timezone.localdate():
        fields["decision_date"] = [_("The date cannot be in the future.")]
    if Team.objects.filter(unit=unit, dissolved_on__isnull=True).exists():
        fields["unit"] = [_("This hamlet already has a team.")]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    team = Team.objects.create(
        unit=unit,
        unit_path=unit.path,
        name=nfc(name)
        or _("Community digital-technology team, %(unit)s") % {"unit": unit.name},
        decision_number=nfc(decision_number),
        decision_date=decision_date,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="team",
        object_id=team.pk,
        unit_path=unit.path,
    )
    return team


@transaction.atomic
def team_member_add(
    *,
    actor,
    team: Team,
    full_name: str,
    role: str,
    affiliation: str,
    phone: str = "",
    training_status: str = TrainingStatus.NOT_TRAINED,
    user=None,
) -> TeamMember:
    """Add a member. Rules: one leader per team; known role and affiliation."""
    from hocvuso.core.text import normalise_phone

    fields: dict[str, list[str]] = {}
    if not nfc(full_name):
        fields["full_name"] = [_("Enter the full name.")]
    if role not in MemberRole.values:
        fields["role"] = [_("Unknown value.")]
    if affiliation not in Affiliation.values:
        fields["affiliation"] = [_("Unknown value.")]
    if training_status not in TrainingStatus.values:
        fields["training_status"] = [_("Unknown value.")]
    normal_phone = normalise_phone(phone) if phone else ""
    if phone and not normal_phone:
        fields["phone"] = [_("This is not a Vietnamese phone number.")]
    if (
        role == MemberRole.LEADER
        and team.members.filter(role=MemberRole.LEADER, left_on__isnull=True).exists()
    ):
        fields["role"] = [_("The team already has a leader.")]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    member = TeamMember.objects.create(
        team=team,
        user=user,
        full_name=nfc(full_name),
        phone=normal_phone or "",
        role=role,
        affiliation=affiliation,
        training_status=training_status,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="team",
        object_id=team.pk,
        unit_path=team.unit_path,
        detail={"member_added": member.pk},
    )
    return member


# Visits ---------------------------------------------------------------------


@dataclass
class ActionIn:
    person_id: int
    kind: str
    outcome: str
    follow_up_on: datetime.date | None = None
    note: str = ""


@dataclass
class VisitIn:
    client_id: str
    household_id: int
    started_at: datetime.datetime
    ended_at: datetime.datetime
    actions: list[ActionIn] = field(default_factory=list)
    feedback: str = ""


@dataclass
class VisitResult:
    client_id: str
    status: str  # stored | duplicate | rejected
    visit_id: int | None = None
    flags: list[str] = field(default_factory=list)
    error: dict | None = None


def _reject(
    client_id: str, code: str, message: str, fields: dict | None = None
) -> VisitResult:
    return VisitResult(
        client_id=client_id,
        status="rejected",
        error={"code": code, "message": message, "fields": fields or {}},
    )


def _validate(item: VisitIn, households: dict, people: dict, now: datetime.datetime):
    """Return an error VisitResult, or None when the visit can be stored.

    Every value is checked against its real range (core.ranges) before it
    reaches a query or a date conversion, so one bad visit never sinks the batch.
    """
    if not is_client_id(item.client_id):
        return _reject(
            str(item.client_id)[:64],
            "invalid",
            _("The visit id made by the phone is not valid."),
            {"client_id": ["invalid"]},
        )
    if not is_id(item.household_id) or item.household_id not in households:
        return _reject(
            item.client_id, "not_found", _("This household is not found in your area.")
        )
    for name in ("started_at", "ended_at"):
        moment = getattr(item, name)
        problem = (
            _("Times must carry their time zone.")
            if not isinstance(moment, datetime.datetime)
            else moment_problem(moment)
        )
        if problem:
            return _reject(
                item.client_id,
                "invalid",
                _("The visit time is not plausible: %(reason)s") % {"reason": problem},
                {name: [problem]},
            )
    if item.ended_at < item.started_at:
        return _reject(
            item.client_id,
            "invalid",
            _("The visit ends before it starts."),
            {"ended_at": ["before_start"]},
        )
    if not isinstance(item.feedback, str) or text_problem(
        item.feedback, max_length=FEEDBACK_LENGTH
    ):
        return _reject(
            item.client_id,
            "invalid",
            _("The feedback is too long: at most %(n)s characters.")
            % {"n": FEEDBACK_LENGTH},
            {"feedback": ["too_long"]},
        )
    if not item.actions and not item.feedback.strip():
        return _reject(
            item.client_id,
            "empty",
            _(
                "This visit records nothing: add what was done for someone, "
                "or the household's feedback."
            ),
            {"actions": ["empty"]},
        )
    if len(item.actions) > MAX_ACTIONS:
        return _reject(
            item.client_id,
            "invalid",
            _("At most %(n)s actions in one visit.") % {"n": MAX_ACTIONS},
            {"actions": ["too_many"]},
        )
    visit_day = timezone.localdate(item.started_at)
    for index, action in enumerate(item.actions):
        where = f"actions.{index}"
        if not is_id(action.person_id) or (
            people.get(action.person_id) != item.household_id
        ):
            return _reject(
                item.client_id,
                "invalid",
                _("A person in this visit is not a member of the household."),
                {f"{where}.person_id": ["not_member"]},
            )
        if action.kind not in ACTION_KINDS:
            return _reject(
                item.client_id,
                "invalid",
                _("Unknown action."),
                {f"{where}.kind": ["invalid"]},
            )
        if action.outcome not in OUTCOMES:
            return _reject(
                item.client_id,
                "invalid",
                _("Unknown outcome."),
                {f"{where}.outcome": ["invalid"]},
            )
        if not isinstance(action.note, str) or len(action.note) > NOTE_LENGTH:
            return _reject(
                item.client_id,
                "invalid",
                _("A note is too long: at most %(n)s characters.") % {"n": NOTE_LENGTH},
                {f"{where}.note": ["too_long"]},
            )
        if action.follow_up_on is not None:
            problem = (
                _("The follow-up date is before the visit.")
                if not isinstance(action.follow_up_on, datetime.date)
                or action.follow_up_on < visit_day
                else day_problem(
                    action.follow_up_on,
                    earliest=visit_day,
                    latest=visit_day + FOLLOW_UP_HORIZON,
                )
            )
            if problem:
                return _reject(
                    item.client_id,
                    "invalid",
                    _("The follow-up date is not plausible: %(reason)s")
                    % {"reason": problem},
                    {f"{where}.follow_up_on": [problem]},
                )
    return None


def _flags_for(
    item: VisitIn, *, own_paths, household_path, seen_today, now
) -> list[tuple[str, str]]:
    flags = []
    if own_paths is not None and not any(
        household_path.startswith(p) for p in own_paths
    ):
        flags.append((FlagKind.OUTSIDE_HAMLET, ""))
    if item.started_at > now + CLOCK_SKEW:
        flags.append((FlagKind.FUTURE_DATE, item.started_at.isoformat()))
    seconds = (item.ended_at - item.started_at).total_seconds()
    if item.actions and seconds < max(
        MIN_VISIT_SECONDS, SECONDS_PER_ACTION * len(item.actions)
    ):
        flags.append((FlagKind.TOO_FAST, f"{int(seconds)} s"))
    day = timezone.localdate(item.started_at)
    for action in item.actions:
        key = (action.person_id, action.kind, day)
        if key in seen_today:
            flags.append(
                (FlagKind.DUPLICATE_ACTION, f"{action.person_id}:{action.kind}")
            )
            break
    for action in item.actions:
        seen_today.add((action.person_id, action.kind, day))
    return flags


def visits_sync(*, actor, visits: Sequence[VisitIn]) -> list[VisitResult]:
    """Store a batch of visits recorded on a phone, each at most once.

    Rules:
    - a visit whose ``client_id`` is already stored (or repeated in the batch) is
      acknowledged as a duplicate and changes nothing;
    - a household outside the actor's scope is refused exactly like a missing
      one; a bad visit is refused with a message and the rest are kept;
    - visits outside the volunteer's team hamlet, twice the same action for a
      person on one day, implausibly fast or in the future are stored and flagged;
    - outcomes done alone or with help become milestones; referrals open.
    """
    if len(visits) > MAX_BATCH:
        raise ServiceError(
            _("Send at most %(n)s visits at a time.") % {"n": MAX_BATCH},
            code="too_large",
        )
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _sync(actor=actor, visits=visits)
        except IntegrityError:
            # Another request stored some of these client ids meanwhile: run
            # again and they come back as duplicates.
            if attempt:
                raise
    return []  # pragma: no cover


def _sync(*, actor, visits: Sequence[VisitIn]) -> list[VisitResult]:
    now = timezone.now()
    scope = scope_for(actor, Capability.RECORD_VISITS)
    household_ids = {v.household_id for v in visits if is_id(v.household_id)}
    households = dict(
        scope.filter(
            Household.objects.filter(pk__in=household_ids), "unit_path"
        ).values_list("pk", "unit_path")
    )
    person_ids = {a.person_id for v in visits for a in v.actions if is_id(a.person_id)}
    people = dict(
        Person.objects.filter(
            pk__in=person_ids, household_id__in=households
        ).values_list("pk", "household_id")
    )
    client_ids = [v.client_id for v in visits if is_client_id(v.client_id)]
    stored = dict(
        Visit.objects.filter(client_id__in=client_ids).values_list("client_id", "pk")
    )
    own_paths = _team_paths(actor)
    days = [
        timezone.localdate(v.started_at)
        for v in visits
        if isinstance(v.started_at, datetime.datetime)
        and moment_problem(v.started_at) is None
    ]
    seen_today: set = set()
    if days and person_ids:
        start = datetime.datetime.combine(
            min(days), datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        end = datetime.datetime.combine(
            max(days), datetime.time.max, tzinfo=timezone.get_current_timezone()
        )
        for person_id, kind, started in VisitAction.objects.filter(
            person_id__in=person_ids, visit__started_at__range=(start, end)
        ).values_list("person_id", "kind", "visit__started_at"):
            seen_today.add((person_id, kind, timezone.localdate(started)))

    results: list[VisitResult] = []
    accepted: list[tuple[VisitIn, VisitResult, list]] = []
    batch_ids: set[str] = set()
    for item in visits:
        if item.client_id in stored:
            results.append(
                VisitResult(item.client_id, "duplicate", stored[item.client_id])
            )
            continue
        if item.client_id in batch_ids:
            results.append(VisitResult(item.client_id, "duplicate"))
            continue
        error = _validate(item, households, people, now)
        if error:
            results.append(error)
            continue
        batch_ids.add(item.client_id)
        flags = _flags_for(
            item,
            own_paths=own_paths,
            household_path=households[item.household_id],
            seen_today=seen_today,
            now=now,
        )
        result = VisitResult(
            item.client_id, "stored", flags=[str(k) for k, _d in flags]
        )
        results.append(result)
        accepted.append((item, result, flags))
    if accepted:
        _write(actor=actor, accepted=accepted, households=households, now=now)
    for result in results:
        if result.status == "duplicate" and result.visit_id is None:
            result.visit_id = next(
                (
                    r.visit_id
                    for r in results
                    if r.client_id == result.client_id and r.status == "stored"
                ),
                None,
            )
    return results


def _team_paths(actor) -> list[str] | None:
    """Paths of the hamlets whose teams the actor belongs to; None if no team."""
    paths = list(
        TeamMember.objects.filter(
            user=actor, left_on__isnull=True, team__dissolved_on__isnull=True
        ).values_list("team__unit_path", flat=True)
    )
    return paths or None


def _write(*, actor, accepted, households, now) -> None:
    visit_rows = [
        Visit(
            client_id=item.client_id,
            household_id=item.household_id,
            unit_path=households[item.household_id],
            volunteer=actor,
            started_at=item.started_at,
            ended_at=item.ended_at,
            feedback=nfc(item.feedback)[:2000],
        )
        for item, _result, _flags in accepted
    ]
    Visit.objects.bulk_create(visit_rows, batch_size=500)
    action_rows, flag_rows, facts = [], [], []
    for visit, (item, result, flags) in zip(visit_rows, accepted, strict=True):
        result.visit_id = visit.pk
        for kind, detail in flags:
            flag_rows.append(
                VisitFlag(
                    visit=visit,
                    unit_path=visit.unit_path,
                    kind=kind,
                    detail=detail[:255],
                )
            )
        day = min(timezone.localdate(item.started_at), timezone.localdate(now))
        for index, action in enumerate(item.actions):
            action_rows.append(
                {
                    "visit": visit.pk,
                    "person": action.person_id,
                    "kind": action.kind,
                    "outcome": action.outcome,
                    "follow_up_on": action.follow_up_on,
                    "note": nfc(action.note)[:255],
                }
            )
            milestone = ACTION_MILESTONES.get(action.kind)
            if milestone and action.outcome in OUTCOME_ASSISTANCE:
                facts.append(
                    MilestoneFact(
                        person_id=action.person_id,
                        unit_path=visit.unit_path,
                        kind=milestone,
                        achieved_on=day,
                        source=MilestoneSource.VISIT,
                        assistance=OUTCOME_ASSISTANCE[action.outcome],
                        request_id=f"visit:{item.client_id}:{index}",
                    )
                )
    # Actions, referrals and milestones are append-only: inserted as rows.
    insert_rows(VisitAction, action_rows)
    VisitFlag.objects.bulk_create(flag_rows, batch_size=1000)
    if any(row["outcome"] == Outcome.REFERRED for row in action_rows):
        insert_rows(
            Referral,
            [
                {
                    "action": pk,
                    "person": person_id,
                    "unit_path": unit_path,
                    "kind": kind,
                    "status": ReferralStatus.OPEN,
                    "closing_note": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for pk, person_id, kind, unit_path in VisitAction.objects.filter(
                    visit__in=[v.pk for v in visit_rows], outcome=Outcome.REFERRED
                ).values_list("pk", "person_id", "kind", "visit__unit_path")
            ],
        )
    milestones_record_many(actor=actor, facts=facts)
    _close_assignments(visit_rows, now)
    audit_record_many(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="visit",
        rows=[(v.pk, v.unit_path) for v in visit_rows],
    )


def _close_assignments(visits: list[Visit], now) -> None:
    by_household = {}
    for visit in visits:
        by_household.setdefault(visit.household_id, visit.volunteer_id)
    Assignment.objects.filter(
        household_id__in=by_household, done_at__isnull=True
    ).update(done_at=now)


def visit_record(*, actor, visit: VisitIn) -> VisitResult:
    """Record one visit from the plain HTML form: the same rules as a sync."""
    result = visits_sync(actor=actor, visits=[visit])[0]
    if result.status == "rejected":
        raise ServiceError(
            result.error["message"],
            code=result.error["code"],
            fields=result.error["fields"],
        )
    return result


# Referrals, flags, assignments ------------------------------------------------


@transaction.atomic
def referral_close(
    *, actor, referral: Referral, closed_on: datetime.date, done: bool, note: str = ""
) -> Referral:
    """Close a referral; when the person got it done (e.g. VNeID level 2 at the
    commune police) the matching milestone is recorded, with help."""
    if referral.status == ReferralStatus.CLOSED:
        raise ServiceError(_("This referral is already closed."))
    if closed_on > timezone.localdate():
        raise ServiceError(
            _("The date cannot be in the future."), fields={"closed_on": ["future"]}
        )
    referral.status = ReferralStatus.CLOSED
    referral.closed_on = closed_on
    referral.closed_by = actor
    referral.closing_note = nfc(note)[:255]
    referral.save(
        update_fields=["status", "closed_on", "closed_by", "closing_note", "updated_at"]
    )
    milestone = ACTION_MILESTONES.get(referral.kind)
    if done and milestone:
        milestone_record(
            actor=actor,
            person=referral.person,
            kind=milestone,
            achieved_on=closed_on,
            source=MilestoneSource.VISIT,
            assistance=Assistance.WITH_HELP,
            request_id=f"referral:{referral.pk}",
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="referral",
        object_id=referral.pk,
        unit_path=referral.unit_path,
        detail={"done": done},
    )
    return referral


@transaction.atomic
def flag_review(*, actor, flag: VisitFlag, status: str) -> VisitFlag:
    """Mark a flag as checked: fine or wrong."""
    if status not in {FlagStatus.ACCEPTED, FlagStatus.REJECTED}:
        raise ServiceError(_("Unknown value."))
    flag.status = status
    flag.reviewed_by = actor
    flag.reviewed_at = timezone.now()
    flag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="visit_flag",
        object_id=flag.pk,
        unit_path=flag.unit_path,
        detail={"status": status},
    )
    return flag


@transaction.atomic
def assignment_create(
    *, actor, household: Household, volunteer, due_on: datetime.date | None = None
) -> Assignment:
    """Give a household to a volunteer who may record visits there.

    Rules: the volunteer's scope must cover the household; someone in the
    household must be on the left-behind list (a key skill missing where it
    applies to their age, so never a household of children only); a household
    has at most one open assignment (re-assigning moves it).
    """
    if not household_left_behind(household=household).exists():
        raise ServiceError(
            _(
                "No one in this household still lacks a key skill at an age "
                "where it counts (children are not given to volunteers)."
            ),
            fields={"household": ["not_left_behind"]},
        )
    if not scope_for(volunteer, Capability.RECORD_VISITS).covers(household.unit_path):
        raise ServiceError(
            _("This volunteer does not work in the household's hamlet."),
            fields={"volunteer": ["out_of_scope"]},
        )
    Assignment.objects.filter(household=household, done_at__isnull=True).delete()
    assignment = Assignment.objects.create(
        household=household,
        unit_path=household.unit_path,
        volunteer=volunteer,
        assigned_by=actor,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="assignment",
        object_id=assignment.pk,
        unit_path=household.unit_path,
        detail={"volunteer": volunteer.pk},
    )
    return assignment
