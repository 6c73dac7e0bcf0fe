"""Writes of the Đại lý số network. Every write is audited.

``help_log_record`` sets the count of one (agent, service, day): a form sent
twice, or corrected later, leaves one row with the last count, never a sum.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import actor_or_none, audit_record
from hocvuso.core.text import nfc
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit
from hocvuso.people.identity import normalise_phone
from hocvuso.programmes.agents.models import (
    AgentKind,
    AgentService,
    DigitalAgent,
    HamletCentre,
    HelpLog,
)

# Vietnam, islands included, with a margin: a pair outside is a typing slip
# (often latitude and longitude swapped).
LATITUDES = (Decimal("8.0"), Decimal("23.5"))
LONGITUDES = (Decimal("102.0"), Decimal("117.5"))
MAX_HELPED_PER_DAY = 500
LOG_DAYS_BACK = 90

EDITABLE = (
    "name",
    "kind",
    "address",
    "opening_hours",
    "latitude",
    "longitude",
    "contact_name",
    "contact_phone",
    "account",
    "is_active",
)


def commune_of(unit: Unit) -> Unit:
    """The commune-level unit of a commune or of one of its hamlets."""
    if unit.kind in COMMUNE_KINDS:
        return unit
    if unit.kind in LOCAL_KINDS and unit.parent and unit.parent.kind in COMMUNE_KINDS:
        return unit.parent
    raise ServiceError(
        _("A digital agent belongs to a commune, a ward or one of its hamlets."),
        fields={"unit": [_("Choose a commune or a hamlet.")]},
    )


def province_of(commune: Unit) -> Unit:
    province = commune.parent
    if province is None:  # pragma: no cover - official communes have one
        raise ServiceError(_("This commune has no province."))
    return province


def _coordinate(value, bounds, field: str, fields: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        fields[field] = [_("Write a number such as 10.0123.")]
        return None
    if not bounds[0] <= number <= bounds[1]:
        fields[field] = [_("This position is outside Vietnam.")]
        return None
    return number.quantize(Decimal("0.000001"))


def _position(latitude, longitude, fields: dict) -> tuple:
    lat = _coordinate(latitude, LATITUDES, "latitude", fields)
    lon = _coordinate(longitude, LONGITUDES, "longitude", fields)
    if (lat is None) != (lon is None) and not fields:
        missing = "longitude" if lon is None else "latitude"
        fields[missing] = [_("Give both latitude and longitude, or neither.")]
    return lat, lon


def _clean(
    *,
    commune: Unit,
    name: str,
    kind: AgentKind | None,
    services: Sequence[AgentService],
    address: str,
    opening_hours: str,
    latitude,
    longitude,
    contact_name: str,
    contact_phone: str,
) -> dict:
    fields: dict[str, list[str]] = {}
    province_id = province_of(commune).pk
    if not nfc(name).strip():
        fields["name"] = [_("Enter the name of the agent.")]
    if (
        kind is None
        or not kind.is_active
        or kind.province_id
        not in (
            None,
            province_id,
        )
    ):
        fields["kind"] = [_("Choose the kind of agent.")]
    if not services:
        fields["services"] = [_("Choose at least one service the agent offers.")]
    elif any(
        not s.is_active or s.province_id not in (None, province_id) for s in services
    ):
        fields["services"] = [_("Choose services from the list.")]
    if not nfc(address).strip():
        fields["address"] = [_("Enter the address.")]
    if not nfc(opening_hours).strip():
        fields["opening_hours"] = [_("Enter the opening hours, e.g. 7:00–17:00.")]
    lat, lon = _position(latitude, longitude, fields)
    phone = ""
    if contact_phone.strip():
        phone = normalise_phone(contact_phone) or ""
        if not phone:
            fields["contact_phone"] = [_("This is not a Vietnamese phone number.")]
    if fields:
        raise ServiceError(_("Check the marked fields."), fields=fields)
    return {
        "name": nfc(name).strip(),
        "kind": kind,
        "address": nfc(address).strip(),
        "opening_hours": nfc(opening_hours).strip(),
        "latitude": lat,
        "longitude": lon,
        "contact_name": nfc(contact_name).strip(),
        "contact_phone": phone,
    }


@transaction.atomic
def agent_create(
    *,
    actor,
    unit: Unit,
    name: str,
    kind: AgentKind | None,
    services: Sequence[AgentService],
    address: str,
    opening_hours: str,
    latitude=None,
    longitude=None,
    contact_name: str = "",
    contact_phone: str = "",
    account=None,
) -> DigitalAgent:
    """Register a digital agent in a commune or one of its hamlets.

    Rules: the unit is open and is a commune-level unit or a hamlet of one;
    name, kind, address, opening hours and at least one service are given;
    kind and services are in the province's catalogue; coordinates are both
    given or both left out, and lie in Vietnam; the phone is Vietnamese.
    """
    if unit.is_closed:
        raise ServiceError(_("This unit is closed; use its successor."))
    commune = commune_of(unit)
    data = _clean(
        commune=commune,
        name=name,
        kind=kind,
        services=services,
        address=address,
        opening_hours=opening_hours,
        latitude=latitude,
        longitude=longitude,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    agent = DigitalAgent(
        commune=commune,
        unit=unit,
        unit_path=unit.path,
        account=account,
        created_by=actor_or_none(actor),
        **data,
    )
    agent.full_clean()
    agent.save()
    agent.services.set(services)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="digital_agent",
        object_id=agent.pk,
        unit_path=agent.unit_path,
        detail={"name": agent.name, "services": sorted(s.code for s in services)},
    )
    return agent


@transaction.atomic
def agent_update(
    *,
    actor,
    agent: DigitalAgent,
    unit: Unit,
    name: str,
    kind: AgentKind | None,
    services: Sequence[AgentService],
    address: str,
    opening_hours: str,
    latitude=None,
    longitude=None,
    contact_name: str = "",
    contact_phone: str = "",
    is_active: bool = True,
) -> DigitalAgent:
    """Change an agent's details, services, place or whether it is open.

    Rules: those of ``agent_create``; the agent stays in its commune (a move
    to another commune is a new agent there).
    """
    if unit.is_closed:
        raise ServiceError(_("This unit is closed; use its successor."))
    if commune_of(unit).pk != agent.commune_id:
        raise ServiceError(
            _("An agent stays in its commune; register it again in the other one."),
            fields={"unit": [_("Choose the commune or one of its hamlets.")]},
        )
    data = _clean(
        commune=agent.commune,
        name=name,
        kind=kind,
        services=services,
        address=address,
        opening_hours=opening_hours,
        latitude=latitude,
        longitude=longitude,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    data["is_active"] = is_active
    before_services = sorted(agent.services.values_list("code", flat=True))
    changed = [f for f, v in data.items() if getattr(agent, f) != v]
    for field, value in data.items():
        setattr(agent, field, value)
    if agent.unit_id != unit.pk:
        agent.unit = unit
        agent.unit_path = unit.path
        changed += ["unit", "unit_path"]
    agent.full_clean()
    agent.save(update_fields=[*changed, "updated_at"])
    after_services = sorted(s.code for s in services)
    if after_services != before_services:
        agent.services.set(services)
        changed.append("services")
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="digital_agent",
        object_id=agent.pk,
        unit_path=agent.unit_path,
        detail={"fields": sorted(set(changed))},
    )
    return agent


@transaction.atomic
def help_log_record(
    *,
    actor,
    agent: DigitalAgent,
    day: datetime.date,
    counts: Mapping[AgentService, int],
) -> list[HelpLog]:
    """Set how many people the agent helped with each service on one day.

    Rules: the day is not in the future nor more than 90 days back; each
    service is one the agent offers; each count is 0 to 500. A count sets the
    day's figure (a retry or a correction leaves one row); 0 where nothing
    was logged stores nothing. Returns the rows of that day.
    """
    today = timezone.localdate()
    if day > today:
        raise ServiceError(
            _("The day is in the future."),
            fields={"day": [_("Choose today or a past day.")]},
        )
    if day < today - datetime.timedelta(days=LOG_DAYS_BACK):
        raise ServiceError(
            _("Log help within 90 days; ask the commune about older figures."),
            fields={"day": [_("Choose a day in the last 90 days.")]},
        )
    offered = {s.pk for s in agent.services.all()}
    fields: dict[str, list[str]] = {}
    for service, count in counts.items():
        if service.pk not in offered:
            fields[f"service_{service.pk}"] = [
                _("The agent does not offer this service.")
            ]
        elif not isinstance(count, int) or not 0 <= count <= MAX_HELPED_PER_DAY:
            fields[f"service_{service.pk}"] = [
                _("Write a number from 0 to %(max)s.") % {"max": MAX_HELPED_PER_DAY}
            ]
    if fields:
        raise ServiceError(_("Check the marked fields."), fields=fields)
    existing = {
        log.service_id: log
        for log in HelpLog.objects.select_for_update().filter(agent=agent, day=day)
    }
    changed = {}
    for service, count in counts.items():
        log = existing.get(service.pk)
        if log is None:
            if count == 0:
                continue
            # get_or_create: a retry racing this one finds its row, not an error.
            log, created = HelpLog.objects.get_or_create(
                agent=agent,
                service=service,
                day=day,
                defaults={
                    "count": count,
                    "unit_path": agent.unit_path,
                    "recorded_by": actor_or_none(actor),
                },
            )
            existing[service.pk] = log
            if created:
                changed[service.code] = count
                continue
        if log.count != count:
            log.count = count
            log.recorded_by = actor_or_none(actor)
            log.save(update_fields=["count", "recorded_by", "updated_at"])
            changed[service.code] = count
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="digital_agent_help",
            object_id=agent.pk,
            unit_path=agent.unit_path,
            detail={"day": day.isoformat(), "counts": changed},
        )
    return sorted(existing.values(), key=lambda log: log.service.position)


@transaction.atomic
def hamlet_centre_set(*, actor, unit: Unit, latitude, longitude) -> HamletCentre:
    """Set a hamlet's reference point for "nearest agent first".

    Rules: the unit is a hamlet (or another unit under a commune); both
    coordinates are given and lie in Vietnam.
    """
    if not unit.is_local:
        raise ServiceError(_("A reference point belongs to a hamlet."))
    fields: dict[str, list[str]] = {}
    lat, lon = _position(latitude, longitude, fields)
    if not fields and lat is None:
        fields["latitude"] = [_("Give both latitude and longitude.")]
    if fields:
        raise ServiceError(_("Check the marked fields."), fields=fields)
    centre, _created = HamletCentre.objects.update_or_create(
        unit=unit, defaults={"latitude": lat, "longitude": lon}
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="hamlet_centre",
        object_id=centre.pk,
        unit_path=unit.path,
        detail={"latitude": str(lat), "longitude": str(lon)},
    )
    return centre


@transaction.atomic
def agent_catalogue_defaults_ensure() -> int:
    """Create the national default kinds and services that are missing (the
    migration does this once; a flushed test database or the demo needs it
    again). Returns how many rows were created."""
    from hocvuso.programmes.agents.defaults import defaults_add

    return defaults_add(AgentKind, AgentService)
