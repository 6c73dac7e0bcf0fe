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
from hocvuso.people import skills
from hocvuso.people.ethnicities import KINH
from hocvuso.people.models import (
    Household,
    Milestone,
    Person,
    PovertyStatus,
)
from hocvuso.people.selectors import PersonSkillRow, person_skill_rows

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


def household_people_status(*, household: Household) -> list[PersonSkillRow]:
    """Each member with the skills they hold and the key skills they lack."""
    members = list(
        Person.objects.filter(household=household)
        .prefetch_related("milestones")
        .order_by("birth_year", "id")
    )
    return person_skill_rows(members)


@dataclass
class HouseholdDigitalStatus:
    skills: list[dict]  # [{"skill": Skill, "holders": [Person]}]
    has_five_skills_member: bool
    five_skills_members: list[Person]


def household_digital_status(
    *, household: Household, members: list[PersonSkillRow] | None = None
) -> HouseholdDigitalStatus:
    """Whether one member holds the five basic skills (``members``: the rows
    ``household_people_status`` already read, to save reading them again)."""
    rows = (
        members if members is not None else household_people_status(household=household)
    )
    five = skills.FIVE_BASIC_SKILLS
    table = [
        {"skill": skill, "holders": [r.person for r in rows if skill in r.held]}
        for skill in five
    ]
    full = [r.person for r in rows if all(skill in r.held for skill in five)]
    return HouseholdDigitalStatus(table, bool(full), full)


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
    """People of ``unit`` missing a key skill where it applies, the most in need first.

    Who counts follows each skill's age rule (``people/skills.py``): the
    smartphone and online public services from 18, cashless payment from 15,
    VNeID level 2 from 14, so a child under 14 is never listed. Order: the
    most key skills missing first, then need (age 60+, disability, poor or
    near-poor household, ethnic minority, remote or island hamlet, no
    smartphone; weights in NEED_WEIGHTS), then people whose household no one
    has visited yet.
    """
    scope = scope_for(viewer, Capability.VIEW_LEFT_BEHIND)
    today = timezone.localdate()
    old_year = today.year - 60
    people = scope.filter(
        Person.objects.filter(unit_path__under=unit.path), "unit_path"
    ).filter(skills.missing_any_q(skills.KEY_SKILLS, on=today))
    missing = {
        f"lacks_{s.code}": ExpressionWrapper(
            skills.missing_q(s, on=today), output_field=BooleanField()
        )
        for s in skills.KEY_SKILLS
    }
    people = people.annotate(**missing).annotate(
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
    )
    no_smartphone = Q(**{f"lacks_{skills.SMARTPHONE.code}": True})
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
        + weight(no_smartphone, weights["no_smartphone"])
    )
    missing_count = sum(
        (weight(Q(**{name: True}), 1) for name in missing),
        start=Value(0, output_field=IntegerField()),
    )
    people = people.annotate(need=need, missing_count=missing_count)
    conditions = {
        "elderly": Q(is_elderly=True),
        "disability": Q(has_disability=True),
        "poor": Q(
            household__poverty_status__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR]
        ),
        "minority": Q(is_minority=True),
        "remote": Q(is_remote=True),
        "no_smartphone": no_smartphone,
        "not_reached": Q(reached=False),
    }
    for name in filters:
        if name in conditions:
            people = people.filter(conditions[name])
    key = fold(search_text(query))
    if key:
        people = people.filter(name_folded__contains=key)
    return people.select_related("unit", "household").order_by(
        F("missing_count").desc(), F("need").desc(), "reached", "name_folded", "id"
    )


def with_missing_skills(people) -> None:
    """Set ``missing_skills`` on each row of a ``left_behind`` page."""
    for person in people:
        person.missing_skills = [
            skill
            for skill in skills.KEY_SKILLS
            if getattr(person, f"lacks_{skill.code}")
        ]


def household_left_behind(*, household: Household) -> QuerySet[Person]:
    """Members of ``household`` missing a key skill where it applies (no child)."""
    return Person.objects.filter(household=household).filter(
        skills.missing_any_q(skills.KEY_SKILLS, on=timezone.localdate())
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
    scope = scope_for(viewer, Capability.VIEW_OUTREACH)
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
