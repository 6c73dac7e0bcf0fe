"""Load households and people through the viewer's scope.

A household or person outside the viewer's scope raises the same NotFound as
a missing one, so an address probe learns nothing. Every detail load of a
person's record is audited as a view.
"""

from django.db.models import QuerySet

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.core.errors import NotFound
from hocvuso.core.models import AuditAction
from hocvuso.core.ranges import object_id
from hocvuso.core.services import audit_record
from hocvuso.people.models import Household, Person


def households_visible(*, viewer) -> QuerySet[Household]:
    return scope_for(viewer, Capability.VIEW_PEOPLE).filter(
        Household.objects.all(), "unit_path"
    )


def people_visible(*, viewer) -> QuerySet[Person]:
    return scope_for(viewer, Capability.VIEW_PEOPLE).filter(
        Person.objects.all(), "unit_path"
    )


def access_household(*, viewer, household_id) -> Household:
    """Return a household in the viewer's scope and audit the view; else NotFound."""
    household = (
        households_visible(viewer=viewer)
        .select_related("unit", "head")
        .filter(pk=object_id(household_id))
        .first()
    )
    if household is None:
        raise NotFound
    audit_record(
        actor=viewer,
        action=AuditAction.VIEW,
        object_type="household",
        object_id=household.pk,
        unit_path=household.unit_path,
    )
    return household


def access_person(*, viewer, person_id, capability=Capability.VIEW_PEOPLE) -> Person:
    """Return a person in the viewer's scope and audit the view; else NotFound."""
    person = (
        scope_for(viewer, capability)
        .filter(Person.objects.all(), "unit_path")
        .select_related("unit", "household")
        .filter(pk=object_id(person_id))
        .first()
    )
    if person is None:
        raise NotFound
    audit_record(
        actor=viewer,
        action=AuditAction.VIEW,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
    )
    return person


def can_view_sensitive(*, viewer, path: str) -> bool:
    return scope_for(viewer, Capability.VIEW_SENSITIVE).covers(path)


def import_jobs_visible(*, viewer):
    """Import jobs on units where the viewer may import, whoever started them."""
    from hocvuso.people.models import ImportJob

    return scope_for(viewer, Capability.IMPORT_PEOPLE).filter(
        ImportJob.objects.all(), "unit__path"
    )


def access_import_job(*, viewer, job_id):
    """Return an import job on a unit where the viewer may import; else NotFound."""
    job = (
        import_jobs_visible(viewer=viewer)
        .select_related("unit")
        .filter(pk=object_id(job_id))
        .first()
    )
    if job is None:
        raise NotFound
    return job
