"""Reads for volunteers, team leaders and officers."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.core.ranges import search_text
from hocvuso.core.text import fold
from hocvuso.geography.models import Unit
from hocvuso.outreach.models import (
    Assignment,
    FlagStatus,
    Referral,
    ReferralStatus,
    Team,
    Visit,
    VisitAction,
    VisitFlag,
)
from hocvuso.people.ethnicities import KINH
from hocvuso.people.models import (
    Household,
    Milestone,
    MilestoneKind,
    Person,
    PovertyStatus,
)

# The milestones whose absence puts a person on the left-behind list.
KEY_MILESTONES = [
    MilestoneKind.SMARTPHONE,
    MilestoneKind.VNEID_L2,
    MilestoneKind.CASHLESS_PAYMENT,
    MilestoneKind.ONLINE_PUBLIC_SERVICE,
]
# CV 3240/BTTTT-CĐSQG: each household should have a member with these five.
FIVE_BASIC_SKILLS = [
    MilestoneKind.ONLINE_PUBLIC_SERVICE,
    MilestoneKind.ONLINE_SHOPPING,
    MilestoneKind.CASHLESS_PAYMENT,
    MilestoneKind.SCAM_AWARENESS,
    MilestoneKind.LOCAL_PLATFORM,
]
# Weight of each need in the left-behind order.
NEED_WEIGHTS = {
    "elderly": 3,
    "disability": 3,
    "poor": 3,
    "near_poor": 2,
    "minority": 2,
    "remote": 2,
    "no_smartphone": 2,
}
LEFT_BEHIND_FILTERS = [
    "elderly",
    "disability",
    "poor",
    "minority",
    "remote",
    "no_smartphone",
    "not_reached",
]


def outreach_units(*, viewer) -> QuerySet[Unit]:
    """Hamlets where the viewer may record visits."""
    scope = scope_for(viewer, Capability.RECORD_VISITS)
    return (
        scope.filter(Unit.objects.active(), "path")
        .filter(level=3)
        .order_by("name_folded")
    )


def outreach_households(*, viewer, unit: Unit, query: str = "") -> QuerySet[Household]:
    scope = scope_for(viewer, Capability.RECORD_VISITS)
    households = scope.filter(
        Household.objects.filter(unit_path__under=unit.path), "unit_path"
    )
    key = fold(search_text(query))
    if key:
        households = households.filter(
            Q(members__name_folded__contains=key)
            | Q(code__icontains=search_text(query))
        ).distinct()
    return (
        households.select_related("head")
        .annotate(
            member_count=Count("members", distinct=True),
            visit_count=Count("visits", distinct=True),
        )
        .order_by("head_name_folded", "id")
    )


def _has(kind: str):
    return Exists(Milestone.objects.filter(person=OuterRef("pk"), kind=kind))


def household_people_status(*, household: Household) -> list[dict]:
    """Each member with the milestones they hold and lack."""
    members = list(
        Person.objects.filter(household=household)
        .prefetch_related("milestones")
        .order_by("birth_year", "id")
    )
    rows = []
    for person in members:
        held = {m.kind for m in person.milestones.all()}
        rows.append(
            {
                "person": person,
                "held": [MilestoneKind(k) for k in MilestoneKind.values if k in held],
                "missing": [k for k in KEY_MILESTONES if k not in held],
            }
        )
    return rows


@dataclass
class HouseholdDigitalStatus:
    skills: list[dict]  # [{"kind": MilestoneKind, "holders": [Person]}]
    has_five_skills_member: bool
    five_skills_members: list[Person]


def household_digital_status(*, household: Household) -> HouseholdDigitalStatus:
    people = list(
        Person.objects.filter(household=household).prefetch_related("milestones")
    )
    held = {p.pk: {m.kind for m in p.milestones.all()} for p in people}
    skills = [
        {"kind": MilestoneKind(k), "holders": [p for p in people if k in held[p.pk]]}
        for k in FIVE_BASIC_SKILLS
    ]
    full = [p for p in people if all(k in held[p.pk] for k in FIVE_BASIC_SKILLS)]
    return HouseholdDigitalStatus(skills, bool(full), full)


def household_visits(*, household: Household) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(household=household)
        .select_related("volunteer")
        .prefetch_related("actions__person", "flags")
        .order_by("-started_at")
    )


def left_behind(
    *, viewer, unit: Unit, filters: set[str] | frozenset = frozenset(), query: str = ""
) -> QuerySet[Person]:
    """People of ``unit`` missing a key milestone, the most in need first.

    Need: age 60+, disability, poor or near-poor household, ethnic minority,
    remote or island hamlet, no smartphone (weights in NEED_WEIGHTS). Ties go
    to people whose household no one has visited yet, then to those missing
    more milestones.
    """
    scope = scope_for(viewer, Capability.VIEW_LEFT_BEHIND)
    old_year = timezone.localdate().year - 60
    people = scope.filter(
        Person.objects.filter(unit_path__under=unit.path), "unit_path"
    )
    has = {f"got_{k}": _has(k) for k in KEY_MILESTONES}
    people = people.annotate(**has).annotate(
        reached=Exists(Visit.objects.filter(household_id=OuterRef("household_id"))),
        is_elderly=ExpressionWrapper(
            Q(birth_year__lte=old_year), output_field=BooleanField()
        ),
        is_minority=ExpressionWrapper(
            ~Q(ethnicity="") & ~Q(ethnicity=KINH), output_field=BooleanField()
        ),
        has_disability=ExpressionWrapper(
            ~Q(disabilities=[]), output_field=BooleanField()
        ),
        is_remote=ExpressionWrapper(
            Q(unit__is_remote=True) | Q(unit__is_coastal_island=True),
            output_field=BooleanField(),
        ),
        # The register's answer or a recorded milestone both count.
        no_smartphone=ExpressionWrapper(
            Q(**{f"got_{MilestoneKind.SMARTPHONE}": False}) & ~Q(has_smartphone=True),
            output_field=BooleanField(),
        ),
    )
    missing_any = Q()
    for name in has:
        missing_any |= Q(**{name: False})
    people = people.filter(missing_any)
    weights = NEED_WEIGHTS

    def weight(condition: Q, value: int):
        return Case(
            When(condition, then=Value(value)),
            default=Value(0),
            output_field=IntegerField(),
        )

    need = (
        weight(Q(is_elderly=True), weights["elderly"])
        + weight(Q(has_disability=True), weights["disability"])
        + weight(Q(household__poverty_status=PovertyStatus.POOR), weights["poor"])
        + weight(
            Q(household__poverty_status=PovertyStatus.NEAR_POOR), weights["near_poor"]
        )
        + weight(Q(is_minority=True), weights["minority"])
        + weight(Q(is_remote=True), weights["remote"])
        + weight(Q(no_smartphone=True), weights["no_smartphone"])
    )
    missing = sum(
        (weight(Q(**{name: False}), 1) for name in has),
        start=Value(0, output_field=IntegerField()),
    )
    people = people.annotate(need=need, missing_count=missing)
    conditions = {
        "elderly": Q(is_elderly=True),
        "disability": Q(has_disability=True),
        "poor": Q(
            household__poverty_status__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR]
        ),
        "minority": Q(is_minority=True),
        "remote": Q(is_remote=True),
        "no_smartphone": Q(no_smartphone=True),
        "not_reached": Q(reached=False),
    }
    for name in filters:
        if name in conditions:
            people = people.filter(conditions[name])
    key = fold(search_text(query))
    if key:
        people = people.filter(name_folded__contains=key)
    return people.select_related("unit", "household").order_by(
        F("need").desc(), "reached", F("missing_count").desc(), "name_folded", "id"
    )


def open_assignments(*, viewer, volunteer=None) -> QuerySet[Assignment]:
    scope = scope_for(viewer, Capability.RECORD_VISITS)
    assignments = scope.filter(
        Assignment.objects.filter(done_at__isnull=True), "unit_path"
    )
    if volunteer is not None:
        assignments = assignments.filter(volunteer=volunteer)
    return assignments.select_related(
        "household", "household__head", "volunteer"
    ).order_by("due_on", "id")


@dataclass
class OutreachDashboard:
    weeks: list[dict]
    members: list[dict]
    follow_ups: list[VisitAction]
    referrals: list[Referral]
    flags: list[VisitFlag]
    teams: list[Team]


def outreach_dashboard(*, viewer, unit: Unit, weeks: int = 8) -> OutreachDashboard:
    """Visits per week, activity per volunteer, follow-ups and referrals due, flags."""
    scope = scope_for(viewer, Capability.REVIEW_OUTREACH)
    today = timezone.localdate()
    since = today - datetime.timedelta(weeks=weeks)
    start = datetime.datetime.combine(
        since, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    visits = scope.filter(Visit.objects.filter(unit_path__under=unit.path), "unit_path")
    recent = visits.filter(started_at__gte=start)
    per_week = list(
        recent.annotate(week=TruncWeek("started_at"))
        .values("week")
        .annotate(visits=Count("id"), households=Count("household", distinct=True))
        .order_by("-week")
    )
    members = list(
        recent.values("volunteer__full_name", "volunteer_id")
        .annotate(visits=Count("id"), households=Count("household", distinct=True))
        .order_by("-visits", "volunteer__full_name")
    )
    follow_ups = list(
        VisitAction.objects.filter(
            visit__in=visits,
            follow_up_on__isnull=False,
            follow_up_on__lte=today + datetime.timedelta(days=7),
            follow_up_on__gte=today - datetime.timedelta(days=30),
        )
        .select_related("person", "visit__volunteer")
        .order_by("follow_up_on")[:100]
    )
    referrals = list(
        scope.filter(Referral.objects.filter(unit_path__under=unit.path), "unit_path")
        .filter(status=ReferralStatus.OPEN)
        .select_related("person", "action__visit__volunteer")
        .order_by("created_at")[:100]
    )
    flags = list(
        scope.filter(VisitFlag.objects.filter(unit_path__under=unit.path), "unit_path")
        .filter(status=FlagStatus.OPEN)
        .select_related("visit__volunteer", "visit__household__head")
        .order_by("-visit__started_at")[:100]
    )
    teams = list(
        scope.filter(Team.objects.filter(unit_path__under=unit.path), "unit_path")
        .filter(dissolved_on__isnull=True)
        .select_related("unit")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True))
        )
        .order_by("unit__name_folded")
    )
    return OutreachDashboard(per_week, members, follow_ups, referrals, flags, teams)


def household_bundle(*, viewer, unit: Unit) -> list[dict]:
    """Households of a hamlet with their members and milestones, for offline use."""
    scope = scope_for(viewer, Capability.RECORD_VISITS)
    households = list(
        scope.filter(Household.objects.filter(unit_path__under=unit.path), "unit_path")
        .select_related("head")
        .order_by("head_name_folded", "id")
    )
    members: dict[int, list] = {h.pk: [] for h in households}
    held: dict[int, set] = {}
    for person_id, kind in Milestone.objects.filter(
        person__household_id__in=members
    ).values_list("person_id", "kind"):
        held.setdefault(person_id, set()).add(kind)
    for person in Person.objects.filter(household_id__in=members).order_by(
        "birth_year", "id"
    ):
        members[person.household_id].append(
            {
                "id": person.pk,
                "name": person.full_name,
                "birth_year": person.birth_year,
                "milestones": sorted(held.get(person.pk, ())),
            }
        )
    return [
        {
            "id": h.pk,
            "name": h.head.full_name if h.head else (h.address or h.code or f"#{h.pk}"),
            "address": h.address,
            "search": fold(" ".join([h.address, *(m["name"] for m in members[h.pk])])),
            "members": members[h.pk],
        }
        for h in households
    ]
