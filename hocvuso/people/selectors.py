"""Reads of households and people for a viewer."""

from django.db.models import Count, Prefetch, Q, QuerySet

from hocvuso.core.ranges import search_text
from hocvuso.core.text import fold
from hocvuso.people.access import households_visible, people_visible
from hocvuso.people.models import Household, Milestone, Person


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
