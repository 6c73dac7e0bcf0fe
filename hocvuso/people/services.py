"""Writes to households, people, consents and milestones. Every write is audited."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.bulk import insert_rows
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import actor_or_none, audit_record
from hocvuso.core.text import fold, nfc
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit
from hocvuso.people.facts import facts_changed
from hocvuso.people.identity import (
    household_key,
    national_id_hash,
    normalise_phone,
    person_key,
)
from hocvuso.people.models import (
    Assistance,
    Consent,
    ConsentBasis,
    Disability,
    Household,
    Milestone,
    MilestoneKind,
    MilestoneSource,
    Person,
    PovertyStatus,
    SensitiveCategory,
    Sex,
    TargetGroup,
)

RESIDENTIAL_KINDS = COMMUNE_KINDS | LOCAL_KINDS


def check_residential_unit(unit: Unit) -> None:
    """Refuse a unit people cannot live in (a province), or a closed one."""
    if unit.kind not in RESIDENTIAL_KINDS:
        raise ServiceError(_("People live in a commune, ward, special zone or hamlet."))
    if unit.is_closed:
        raise ServiceError(_("This unit is closed; use its successor."))


@transaction.atomic
def household_register(
    *,
    actor,
    unit: Unit,
    address: str = "",
    code: str = "",
    head_name: str = "",
    poverty_status: str = "",
    poverty_basis: str = "",
) -> Household:
    """Register a household in a hamlet or commune, or return the same one again.

    Poverty status is sensitive: it is stored only with a basis (the commune's
    official poor-household list or the household's consent).
    """
    check_residential_unit(unit)
    address, code = nfc(address), nfc(code)
    if poverty_status not in PovertyStatus.values:
        raise ServiceError(
            _("Unknown poverty status."), fields={"poverty_status": ["invalid"]}
        )
    if poverty_status and poverty_basis not in ConsentBasis.values:
        raise ServiceError(
            _("Poverty status needs a basis: the official list or consent."),
            fields={"poverty_status": ["needs_basis"]},
        )
    key = household_key(code=code, address=address, head_name=head_name)
    household, created = Household.objects.get_or_create(
        unit=unit,
        dedupe_key=key,
        defaults={
            "unit_path": unit.path,
            "code": code,
            "address": address,
            "head_name_folded": fold(head_name),
            "poverty_status": poverty_status,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="household",
            object_id=household.pk,
            unit_path=unit.path,
        )
    return household


def _clean_person_fields(
    *,
    full_name: str,
    birth_year: int | None,
    phone: str,
    sex: str,
    target_group: str,
    disabilities: Sequence[str],
    ethnicity: str,
) -> dict:
    fields: dict[str, list[str]] = {}
    name = nfc(full_name)
    if not name:
        fields["full_name"] = [_("Enter the full name.")]
    this_year = timezone.localdate().year
    if birth_year is not None and not (this_year - 120 <= birth_year <= this_year):
        fields["birth_year"] = [
            _("The birth year must be between %(a)s and %(b)s.")
            % {"a": this_year - 120, "b": this_year}
        ]
    normal_phone = ""
    if phone:
        normal_phone = normalise_phone(phone) or ""
        if not normal_phone:
            fields["phone"] = [_("This is not a Vietnamese phone number.")]
    if sex not in Sex.values:
        fields["sex"] = [_("Unknown value.")]
    if target_group not in TargetGroup.values:
        fields["target_group"] = [_("Unknown target group.")]
    if any(d not in Disability.values for d in disabilities):
        fields["disabilities"] = [_("Unknown disability.")]
    from hocvuso.people.ethnicities import ETHNICITY_NAMES

    if ethnicity and ethnicity not in ETHNICITY_NAMES:
        fields["ethnicity"] = [_("Unknown ethnic group.")]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    return {"full_name": name, "phone": normal_phone}


@transaction.atomic
def person_register(
    *,
    actor,
    unit: Unit,
    full_name: str,
    household: Household | None = None,
    birth_year: int | None = None,
    sex: str = "",
    phone: str = "",
    relation_to_head: str = "",
    target_group: str = TargetGroup.CITIZEN,
    has_smartphone: bool | None = None,
    preferred_language: str = "vi",
    national_id: str = "",
    ethnicity: str = "",
    disabilities: Sequence[str] = (),
    consent_basis: str = "",
) -> Person:
    """Register a person, or return the one already registered with the same identity.

    Rules: a CCCD number is stored only as its keyed hash; sensitive values
    (ethnicity, disabilities) need a consent basis and are otherwise refused.
    """
    check_residential_unit(unit)
    if household is not None and household.unit_id != unit.pk:
        raise ServiceError(_("The person must live in the household's unit."))
    clean = _clean_person_fields(
        full_name=full_name,
        birth_year=birth_year,
        phone=phone,
        sex=sex,
        target_group=target_group,
        disabilities=disabilities,
        ethnicity=ethnicity,
    )
    sensitive = [
        c
        for c, v in (
            (SensitiveCategory.ETHNICITY, ethnicity),
            (SensitiveCategory.DISABILITY, disabilities),
        )
        if v
    ]
    if sensitive and consent_basis not in ConsentBasis.values:
        raise ServiceError(
            _("Ethnicity and disability are stored only with consent."),
            fields={"consent_basis": [_("Record the consent first.")]},
        )
    id_hash = None
    if national_id:
        try:
            id_hash = national_id_hash(national_id)
        except ValueError:
            raise ServiceError(
                _("A CCCD number has 12 digits."), fields={"national_id": ["invalid"]}
            ) from None
        existing = Person.objects.filter(national_id_hash=id_hash).first()
        if existing is not None:
            return existing
    key = person_key(
        name=clean["full_name"],
        birth_year=birth_year,
        phone=clean["phone"],
        household_key=household.dedupe_key if household else "",
    )
    existing = Person.objects.filter(unit=unit, dedupe_key=key).first()
    if existing is not None:
        return existing
    person = Person(
        unit=unit,
        unit_path=unit.path,
        household=household,
        full_name=clean["full_name"],
        name_folded=fold(clean["full_name"]),
        birth_year=birth_year,
        sex=sex,
        phone=clean["phone"],
        relation_to_head=nfc(relation_to_head),
        target_group=target_group,
        has_smartphone=has_smartphone,
        preferred_language=preferred_language,
        ethnicity=ethnicity,
        disabilities=list(disabilities),
        national_id_hash=id_hash,
        dedupe_key=key,
        created_by=actor_or_none(actor),
    )
    person.full_clean(exclude=["unit", "household", "created_by"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ServiceError(_("This person is already registered.")) from None
    if sensitive:
        Consent.objects.create(
            person=person,
            categories=[str(c) for c in sensitive],
            basis=consent_basis,
            given_on=timezone.localdate(),
            recorded_by=actor_or_none(actor),
        )
    if (
        household is not None
        and not household.head_id
        and fold(relation_to_head) in {"chu ho", "head"}
    ):
        household.head = person
        household.head_name_folded = person.name_folded
        household.save(update_fields=["head", "head_name_folded", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="person",
        object_id=person.pk,
        unit_path=unit.path,
    )
    facts_changed([person.pk])
    return person


@transaction.atomic
def consent_withdraw(*, actor, person: Person, category: str) -> Person:
    """Withdraw consent for one sensitive category and erase the values it covered."""
    now = timezone.now()
    for consent in person.consents.filter(withdrawn_at__isnull=True):
        if category in consent.categories:
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at", "updated_at"])
    changed = []
    if category == SensitiveCategory.ETHNICITY:
        person.ethnicity = ""
        changed.append("ethnicity")
    elif category == SensitiveCategory.DISABILITY:
        person.disabilities = []
        changed.append("disabilities")
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
        detail={"consent_withdrawn": category},
    )
    facts_changed([person.pk])
    return person


def person_date_problem(person: Person, on: datetime.date) -> str | None:
    """Why ``on`` cannot date a fact about ``person`` (future or before birth)."""
    if on > timezone.localdate():
        return _("The date cannot be in the future.")
    if person.birth_year and on.year < person.birth_year:
        return _("The date is before the person was born.")
    return None


@transaction.atomic
def milestone_record(
    *,
    actor,
    person: Person,
    kind: str,
    achieved_on: datetime.date,
    source: str,
    assistance: str = "",
    note: str = "",
    request_id: str | None = None,
) -> Milestone:
    """Append a fact about a person. A repeated ``request_id`` returns the first fact.

    Rules: the date cannot be in the future nor before the person's birth year.
    """
    if request_id:
        existing = Milestone.objects.filter(request_id=request_id).first()
        if existing is not None:
            if existing.person_id != person.pk:
                raise ServiceError(
                    _("This request id was already used for someone else.")
                )
            return existing
    fields: dict[str, list[str]] = {}
    if kind not in MilestoneKind.values:
        fields["kind"] = [_("Unknown milestone.")]
    if source not in MilestoneSource.values:
        fields["source"] = [_("Unknown source.")]
    if assistance not in Assistance.values:
        fields["assistance"] = [_("Unknown value.")]
    problem = person_date_problem(person, achieved_on)
    if problem:
        fields["achieved_on"] = [problem]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    milestone = Milestone.objects.create(
        person=person,
        kind=kind,
        achieved_on=achieved_on,
        source=source,
        assistance=assistance,
        note=nfc(note)[:255],
        recorded_by=actor_or_none(actor),
        request_id=request_id or None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
        detail={"milestone": kind},
    )
    facts_changed([person.pk])
    return milestone


@dataclass(frozen=True)
class MilestoneFact:
    person_id: int
    unit_path: str
    kind: str
    achieved_on: datetime.date
    source: str
    assistance: str
    request_id: str
    note: str = ""


def milestones_record_many(*, actor, facts: Sequence[MilestoneFact]) -> int:
    """Append many facts in one insert, skipping request ids already stored.

    For callers that validated their input in bulk (sync of offline visits).
    Rules: kinds, sources and assistance must be known; a date in the future
    is refused. Must run inside the caller's transaction.
    """
    if not facts:
        return 0
    today = timezone.localdate()
    kinds, sources = set(MilestoneKind.values), set(MilestoneSource.values)
    assistances = set(Assistance.values)
    for fact in facts:
        if (
            fact.kind not in kinds
            or fact.source not in sources
            or fact.assistance not in assistances
            or fact.achieved_on > today
        ):
            raise ServiceError(_("Some values are not valid."))
    ids = [f.request_id for f in facts]
    taken = set(
        Milestone.objects.filter(request_id__in=ids).values_list(
            "request_id", flat=True
        )
    )
    actor_id = getattr(actor_or_none(actor), "pk", None)
    now = timezone.now()
    new = [
        {
            "person": f.person_id,
            "kind": f.kind,
            "achieved_on": f.achieved_on,
            "source": f.source,
            "assistance": f.assistance,
            "note": f.note[:255],
            "recorded_by": actor_id,
            "recorded_at": now,
            "request_id": f.request_id,
        }
        for f in facts
        if f.request_id not in taken
    ]
    stored = insert_rows(Milestone, new)
    facts_changed(row["person"] for row in new)
    return stored
