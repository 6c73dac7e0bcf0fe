"""Reads of households and people for a viewer."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hocvuso.core.ranges import search_text
from hocvuso.core.text import fold
from hocvuso.people import skills
from hocvuso.people.access import (
    households_visible,
    import_jobs_visible,
    people_visible,
)
from hocvuso.people.importing import error_groups, hamlet_lines
from hocvuso.people.models import Household, ImportJob, Milestone, Person


def household_list(
    *, viewer, query: str = "", unit_path: str = ""
) -> QuerySet[Household]:
    """Households in scope, found by code or a member's name without accents."""
    households = households_visible(viewer=viewer)
    if unit_path:
        households = households.filter(unit_path__under=unit_path)
    key = fold(search_text(query))
    if key:
        households = households.filter(
            Q(head_name_folded__contains=key)
            | Q(code__icontains=search_text(query))
            | Q(members__name_folded__contains=key)
        ).distinct()
    # No member count here: counting members for every household in scope
    # took 38 s for the province's million households; the page counts its own
    # (household_member_counts).
    # Units and heads fetched for the page only: joined into the list, SQLite
    # may start from the joined tables and take a second for the province.
    return households.prefetch_related("unit", "head").order_by(
        "unit_path", "head_name_folded", "id"
    )


def household_member_counts(households) -> None:
    """Set ``member_count`` on each household of a page, in one query."""
    ids = [h.pk for h in households]
    counts = dict(
        Person.objects.filter(household_id__in=ids)
        .order_by()
        .values_list("household_id")
        .annotate(n=Count("id"))
    )
    for household in households:
        household.member_count = counts.get(household.pk, 0)


def person_list(*, viewer, query: str = "", unit_path: str = "") -> QuerySet[Person]:
    """People in scope, searchable by name without accents ("nguyen van a")."""
    people = people_visible(viewer=viewer)
    if unit_path:
        people = people.filter(unit_path__under=unit_path)
    key = fold(search_text(query))
    if key:
        people = people.filter(name_folded__contains=key)
    return people.select_related("unit").order_by("name_folded", "id")


def household_members(*, household: Household) -> QuerySet[Person]:
    return (
        Person.objects.filter(household=household)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("achieved_on"))
        )
        .order_by("birth_year", "id")
    )


def person_milestones(*, person: Person) -> QuerySet[Milestone]:
    return person.milestones.select_related("recorded_by").order_by(
        "-achieved_on", "-id"
    )


def person_active_consents(*, person: Person):
    return person.consents.filter(withdrawn_at__isnull=True).order_by("given_on")


def person_counts_by_unit(*, path: str) -> dict[int, int]:
    """People on the register per unit (id → count) in the subtree at ``path``,
    in one grouped query; for rates such as agents per 10,000 people."""
    rows = (
        Person.objects.filter(unit_path__under=path)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["unit_id"]: row["n"] for row in rows}


def _facts(person: Person) -> list[tuple[str, datetime.date]]:
    return [(m.kind, m.achieved_on) for m in person.milestones.all()]


@dataclass
class PersonSkillRow:
    person: Person
    held: list[skills.Skill]  # every skill held today
    missing: list[skills.Skill]  # key skills that apply and are not held
    too_young: list[skills.Skill]  # key skills that do not apply yet


def person_skill_rows(people: list[Person]) -> list[PersonSkillRow]:
    """Each person's skills today, from ``people/skills.py`` (milestones prefetched)."""
    today = timezone.localdate()
    rows = []
    for person in people:
        status = {
            s.skill.code: s.state
            for s in skills.person_skills(person, _facts(person), on=today)
        }
        rows.append(
            PersonSkillRow(
                person=person,
                held=[
                    skill
                    for code, skill in skills.SKILLS.items()
                    if status[code] == skills.SkillState.HELD
                ],
                missing=[
                    skill
                    for skill in skills.KEY_SKILLS
                    if status[skill.code] == skills.SkillState.MISSING
                ],
                too_young=[
                    skill
                    for skill in skills.KEY_SKILLS
                    if status[skill.code] == skills.SkillState.NOT_APPLICABLE
                ],
            )
        )
    return rows


def import_job_list(*, viewer, unit_path: str = "") -> QuerySet[ImportJob]:
    """The imports of the communes in scope, newest first, without their errors."""
    jobs = import_jobs_visible(viewer=viewer)
    if unit_path:
        jobs = jobs.filter(unit__path__under=unit_path)
    return (
        jobs.select_related("unit", "created_by")
        .defer("errors", "hamlets")
        .order_by("-created_at", "-id")
    )


def import_job_report(*, job: ImportJob) -> dict:
    """What the job's page shows: grouped problems and the hamlets the file names."""
    hamlets = job.hamlets or {}
    new = hamlets.get("new", [])
    created = bool(hamlets.get("created"))
    return {
        "groups": error_groups(job.errors),
        "hamlet_lines": hamlet_lines(
            unit_name=job.unit.name,
            new_hamlets=new,
            created=created,
            loose=hamlets.get("loose", []),
        ),
        "new_hamlets": new,
        "can_create_hamlets": bool(new) and not created,
    }
