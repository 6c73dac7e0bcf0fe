"""Load learners, cards and certificates through the viewer's scope.

A person outside the viewer's scope raises the same NotFound as a missing
one. Opening a person's learning record is audited as a view of their results.
"""

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.assessment.models import Certificate, SignInCard
from hocvuso.assessment.selectors import certificate_by_code
from hocvuso.core.errors import NotFound
from hocvuso.core.models import AuditAction
from hocvuso.core.ranges import object_id
from hocvuso.core.services import audit_record
from hocvuso.people.models import Person

# Who does what (accounts/scope.py): reading results needs VIEW_PEOPLE;
# recording checks, evidence, PINs and cards needs RECORD_MILESTONES
# (volunteers, team leaders, commune officers); revoking a completion record
# needs CHANGE_PEOPLE (commune officers).
VIEW = Capability.VIEW_PEOPLE
RECORD = Capability.RECORD_MILESTONES
REVOKE = Capability.CHANGE_PEOPLE


def access_learner(*, viewer, person_id, capability: Capability = VIEW) -> Person:
    """Return a person in the viewer's scope and audit the view of their results."""
    person = (
        scope_for(viewer, capability)
        .filter(Person.objects.all(), "unit_path")
        .select_related("unit")
        .filter(pk=object_id(person_id))
        .first()
    )
    if person is None:
        raise NotFound
    audit_record(
        actor=viewer,
        action=AuditAction.VIEW,
        object_type="learning_record",
        object_id=person.pk,
        unit_path=person.unit_path,
    )
    return person


def access_card(*, viewer, person: Person, card_id) -> SignInCard:
    """A card of a person the viewer may record for; else NotFound."""
    if not scope_for(viewer, RECORD).covers(person.unit_path):
        raise NotFound
    card = (
        SignInCard.objects.filter(person=person, pk=object_id(card_id))
        .select_related("person")
        .first()
    )
    if card is None:
        raise NotFound
    return card


def _in_scope(certificate: Certificate | None, viewer, capability: Capability):
    if certificate is None or not scope_for(viewer, capability).covers(
        certificate.person.unit_path
    ):
        raise NotFound
    return certificate


def access_certificate(*, viewer, code: str, capability: Capability = REVOKE):
    """A certificate of a person in the viewer's scope; else NotFound."""
    return _in_scope(certificate_by_code(code), viewer, capability)


def access_certificate_page(*, viewer, learner: Person | None, code: str):
    """A certificate for its own learner, or for staff who see the person (audited)."""
    certificate = certificate_by_code(code)
    owner = certificate.person_id if certificate is not None else None
    if learner is not None and learner.pk == owner:
        return certificate
    _in_scope(certificate, viewer, VIEW)
    audit_record(
        actor=viewer,
        action=AuditAction.VIEW,
        object_type="certificate",
        object_id=certificate.pk,
        unit_path=certificate.person.unit_path,
    )
    return certificate


def can_record(*, viewer, person: Person) -> bool:
    return scope_for(viewer, RECORD).covers(person.unit_path)


def can_revoke_certificate(*, viewer, certificate: Certificate) -> bool:
    return scope_for(viewer, REVOKE).covers(certificate.person.unit_path)
