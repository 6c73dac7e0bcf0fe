"""Changes to the administrative map."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record
from hocvuso.core.tabular import TabularError, cell_text, find_header, read_rows
from hocvuso.core.text import fold, nfc
from hocvuso.geography.models import (
    COMMUNE_KINDS,
    LOCAL_KINDS,
    Unit,
    UnitKind,
    level_of,
)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _upsert(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    data_version: str,
    report: LoadReport,
    existing: dict[str, Unit],
    flags: dict | None = None,
) -> Unit:
    name = nfc(name)
    path = f"{parent.path if parent else '/'}{code}/"
    unit = existing.get(code)
    if unit is None:
        unit = Unit(
            code=code,
            name=name,
            name_folded=fold(name),
            kind=kind,
            level=level_of(kind),
            parent=parent,
            path=path,
            data_version=data_version,
            **(flags or {}),
        )
        unit.save()
        existing[code] = unit
        report.created += 1
        return unit
    changed = []
    for attr, value in (
        ("name", name),
        ("name_folded", fold(name)),
        ("kind", kind),
        ("level", level_of(kind)),
        ("data_version", data_version),
    ):
        if getattr(unit, attr) != value:
            setattr(unit, attr, value)
            changed.append(attr)
    if unit.parent_id != (parent.pk if parent else None):
        unit.parent = parent
        changed.append("parent")
    if unit.path != path:
        _move_subtree(unit, path)
        changed.append("path")
    if changed:
        unit.save(update_fields=[*changed, "updated_at"])
        report.updated += 1
    else:
        report.unchanged += 1
    return unit


def _move_subtree(unit: Unit, new_path: str) -> None:
    """Rewrite the paths below ``unit`` (and the rows that copy them)."""
    from django.db.models import Value
    from django.db.models.functions import Concat, Substr

    old_path = unit.path
    cut = len(old_path) + 1
    Unit.objects.filter(path__under=old_path).exclude(pk=unit.pk).update(
        path=Concat(Value(new_path), Substr("path", cut))
    )
    unit.path = new_path


def package_data_version() -> str:
    import vietnam_provinces

    return (
        f"vietnam-provinces {vietnam_provinces.__version__} "
        f"({vietnam_provinces.__data_version__})"
    )


def province_code_text(code: int) -> str:
    """Official province codes have two digits ("01" Hà Nội, "91" An Giang)."""
    return f"{int(code):02d}"


def commune_code_text(code: int) -> str:
    """Official commune-level codes have five digits ("00070", "30742")."""
    return f"{int(code):05d}"


PACKAGE_KINDS = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}


@transaction.atomic
def units_load_official(*, province_code: str | None = None) -> LoadReport:
    """Load the 2025 provinces and communes from the ``vietnam-provinces`` package.

    Idempotent: a second run changes nothing. Special zones are island
    districts, so they are flagged coastal/island.
    """
    from vietnam_provinces import Province, Ward

    version = package_data_version()
    report = LoadReport()
    existing = {u.code: u for u in Unit.objects.filter(level__lte=2)}
    provinces = list(Province.iter_all())
    if province_code is not None:
        wanted_code = int(province_code) if str(province_code).isdigit() else -1
        provinces = [p for p in provinces if int(p.code) == wanted_code]
        if not provinces:
            raise ServiceError(
                _("No province has the code %(code)s.") % {"code": province_code}
            )
    wanted = {int(p.code) for p in provinces}
    for province in provinces:
        _upsert(
            code=province_code_text(province.code),
            name=province.name,
            kind=PACKAGE_KINDS[province.division_type.value],
            parent=None,
            data_version=version,
            report=report,
            existing=existing,
        )
    for ward in Ward.iter_all():
        if int(ward.province_code) not in wanted:
            continue
        kind = PACKAGE_KINDS[ward.division_type.value]
        _upsert(
            code=commune_code_text(ward.code),
            name=ward.name,
            kind=kind,
            parent=existing[province_code_text(ward.province_code)],
            data_version=version,
            report=report,
            existing=existing,
            flags={"is_coastal_island": kind == UnitKind.SPECIAL_ZONE},
        )
    return report


FILE_ALIASES = {
    "code": ["ma", "ma don vi", "ma dvhc", "code"],
    "name": ["ten", "ten don vi", "ten dvhc", "name"],
    "kind": ["cap", "loai", "kind", "level"],
    "parent": ["ma cap tren", "ma tinh", "ma don vi cap tren", "parent", "parent code"],
}
FILE_KINDS = {
    fold(k): v
    for k, v in {
        "tỉnh": UnitKind.PROVINCE,
        "thành phố": UnitKind.CITY,
        "thành phố trung ương": UnitKind.CITY,
        "thành phố trực thuộc trung ương": UnitKind.CITY,
        "xã": UnitKind.COMMUNE,
        "phường": UnitKind.WARD,
        "đặc khu": UnitKind.SPECIAL_ZONE,
        "ấp": UnitKind.HAMLET,
        "thôn": UnitKind.VILLAGE,
        "bản": UnitKind.MOUNTAIN_VILLAGE,
        "khu phố": UnitKind.QUARTER,
        "khóm": UnitKind.KHOM,
        "tổ dân phố": UnitKind.RESIDENTIAL_GROUP,
    }.items()
} | {k.value: k for k in UnitKind}


@transaction.atomic
def units_load_file(*, path: Path | str, data_version: str) -> LoadReport:
    """Load an official list (code, name, kind, parent code) from .xlsx or .csv.

    Parents may come earlier in the file or already be loaded. Every bad row is
    reported with its row number; if any row is bad nothing is written, so a
    province never ends up with half of a new list.
    """
    report = LoadReport()
    try:
        rows = list(read_rows(path))
    except TabularError as exc:
        raise ServiceError(str(exc)) from exc
    header = find_header(rows[:30], FILE_ALIASES, required=["code", "name", "kind"])
    if header is None:
        raise ServiceError(
            _("No heading row with the columns Code, Name and Kind was found.")
        )
    existing = {u.code: u for u in Unit.objects.all()}
    for number, cells in rows:
        if number <= header.row_number:
            continue

        def get(field: str, cells=cells) -> str:
            index = header.columns.get(field)
            return (
                cell_text(cells[index])
                if index is not None and index < len(cells)
                else ""
            )

        code, name, kind_text, parent_code = (
            get("code"),
            get("name"),
            get("kind"),
            get("parent"),
        )
        if not (code or name or kind_text):
            continue
        kind = FILE_KINDS.get(fold(kind_text))
        problem = None
        if not code:
            problem = ("code", _("The code is empty."))
        elif not name:
            problem = ("name", _("The name is empty."))
        elif kind is None:
            problem = ("kind", _("Unknown kind “%(kind)s”.") % {"kind": kind_text})
        elif level_of(kind) > 1 and not parent_code:
            problem = ("parent", _("A commune or hamlet needs the code of its parent."))
        elif parent_code and parent_code not in existing:
            problem = (
                "parent",
                _("The parent code %(code)s is not known.") % {"code": parent_code},
            )
        elif parent_code and level_of(existing[parent_code].kind) != level_of(kind) - 1:
            problem = ("parent", _("The parent is not one level above this unit."))
        if problem:
            report.errors.append(
                {
                    "row": number,
                    "column": header.labels.get(problem[0], problem[0]),
                    "message": problem[1],
                }
            )
            continue
        _upsert(
            code=code,
            name=name,
            kind=kind,
            parent=existing[parent_code] if parent_code else None,
            data_version=data_version,
            report=report,
            existing=existing,
        )
    if report.errors:
        transaction.set_rollback(True)
        report.created = report.updated = report.unchanged = 0
    return report


def _next_local_code(parent: Unit) -> str:
    prefix = f"{parent.code}-"
    taken = {
        code[len(prefix) :]
        for code in Unit.objects.filter(
            parent=parent, code__startswith=prefix
        ).values_list("code", flat=True)
    }
    number = len(taken) + 1
    while f"{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


@transaction.atomic
def unit_create_local(
    *,
    actor,
    parent: Unit,
    name: str,
    kind: str,
    is_remote: bool = False,
    is_coastal_island: bool = False,
    is_ethnic_minority_area: bool = False,
) -> Unit:
    """Create a hamlet or residential group under a commune, ward or special zone."""
    name = nfc(name)
    if parent.kind not in COMMUNE_KINDS:
        raise ServiceError(
            _("Hamlets are created under a commune, ward or special zone.")
        )
    if parent.is_closed:
        raise ServiceError(_("This unit is closed; add hamlets to its successor."))
    if kind not in LOCAL_KINDS:
        raise ServiceError(
            _("Choose the kind of hamlet."), fields={"kind": ["invalid"]}
        )
    if not name:
        raise ServiceError(_("Enter the hamlet's name."), fields={"name": ["required"]})
    if Unit.objects.active().filter(parent=parent, name_folded=fold(name)).exists():
        raise ServiceError(
            _("%(parent)s already has a hamlet named %(name)s.")
            % {"parent": parent.name, "name": name},
            fields={"name": ["duplicate"]},
        )
    code = _next_local_code(parent)
    unit = Unit(
        code=code,
        name=name,
        name_folded=fold(name),
        kind=kind,
        level=3,
        parent=parent,
        path=f"{parent.path}{code}/",
        is_remote=is_remote or parent.is_remote,
        is_coastal_island=is_coastal_island or parent.is_coastal_island,
        is_ethnic_minority_area=is_ethnic_minority_area,
        valid_from=timezone.localdate(),
    )
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        detail={"name": name, "kind": kind},
    )
    return unit


@transaction.atomic
def unit_close(
    *, actor, unit: Unit, closed_on: datetime.date, successor: Unit | None
) -> Unit:
    """Close a unit on a date, pointing at the unit that takes over (merge/split)."""
    if unit.is_closed:
        raise ServiceError(_("This unit is already closed."))
    if unit.valid_from and closed_on < unit.valid_from:
        raise ServiceError(_("A unit cannot close before it was created."))
    if successor is not None and (successor.pk == unit.pk or successor.is_closed):
        raise ServiceError(_("The successor must be another open unit."))
    if successor is not None and successor.level != unit.level:
        raise ServiceError(_("The successor must be at the same level."))
    unit.valid_to = closed_on
    unit.successor = successor
    unit.save(update_fields=["valid_to", "successor", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        detail={
            "closed_on": closed_on.isoformat(),
            "successor": getattr(successor, "code", None),
        },
    )
    return unit
