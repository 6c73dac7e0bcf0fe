"""Writes shared by every app: the audit trail."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from hocvuso.core.bulk import insert_rows
from hocvuso.core.models import AuditAction, AuditEvent


def actor_or_none(actor: Any):
    """The user to store as who did something; None for the system or a script."""
    return actor if getattr(actor, "pk", None) else None


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    unit_path: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit row. Anonymous actors are stored as no actor."""
    actor_id = (
        getattr(actor, "pk", None)
        if getattr(actor, "is_authenticated", False)
        else None
    )
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        unit_path=unit_path,
        detail=detail or {},
    )


def audit_record_many(
    *,
    actor: Any,
    action: AuditAction,
    object_type: str,
    rows: Iterable[tuple[object, str]],
    detail: dict | None = None,
) -> int:
    """Append one audit row per (object_id, unit_path) in a single insert."""
    actor_id = (
        getattr(actor, "pk", None)
        if getattr(actor, "is_authenticated", False)
        else None
    )
    now = timezone.now()
    return insert_rows(
        AuditEvent,
        [
            {
                "at": now,
                "actor": actor_id,
                "action": action,
                "object_type": object_type,
                "object_id": str(object_id),
                "unit_path": unit_path,
                "detail": detail or {},
            }
            for object_id, unit_path in rows
        ],
    )
