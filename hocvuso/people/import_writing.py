"""Plan and write an import: de-duplication, households, bulk inserts.

Takes the ``_Row``s of ``import_reading``; ``importing`` calls it in one
transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.models import AuditAction
from hocvuso.core.services import actor_or_none, audit_record_many
from hocvuso.core.text import fold
from hocvuso.geography.models import Unit
from hocvuso.geography.services import unit_create_local
from hocvuso.people.facts import facts_changed
from hocvuso.people.identity import (
    household_key,
    person_key,
)
from hocvuso.people.import_matching import (
    NewHamlet,
)
from hocvuso.people.import_reading import (
    _Layout,
    _Row,
)
from hocvuso.people.models import (
    Consent,
    ConsentBasis,
    Household,
    Person,
    SensitiveCategory,
)

# --- planning and writing -------------------------------------------------------


@dataclass
class _NewHousehold:
    id: int | None
    unit: Unit
    key: str
    code: str
    address: str
    head_name: str
    poverty: str = ""
    poverty_row: int = 0
    head: "_NewPerson | None" = None


@dataclass(slots=True)
class _NewPerson:
    row: _Row
    key: str
    household: "_NewHousehold | None"
    household_id: int | None
    categories: list[str]
    id: int | None = None


@dataclass
class _Plan:
    people: list[_NewPerson] = field(default_factory=list)
    households: list[_NewHousehold] = field(default_factory=list)
    heads_of_existing: dict[int, _NewPerson] = field(default_factory=dict)
    duplicates: int = 0
    errors: list[dict] = field(default_factory=list)


def _household_keys(rows: list[_Row]) -> list[tuple[str, str]]:
    """Return (household key, head's name) per row; ("", "") for no household.

    Rows sharing a household code form one household. Without a code, rows at
    the same address belong to the nearest head above them at that address
    (or the first head below when none is above); rows with neither code nor
    address but with a relation ("Vợ", "Con") follow the head right above
    them, as lists are typed head first.
    """
    places = [(row.unit.pk, fold(row.address)) for row in rows]
    first_head: dict[tuple[int, str], str] = {}
    for row, place in zip(rows, places, strict=True):
        if not row.code and row.address and (row.is_head or row.head_name):
            first_head.setdefault(place, row.head_name or row.full_name)
    last_head: dict[tuple[int, str], str] = {}
    loose_head: str | None = None
    keys = []
    made: dict[tuple[str, str, str], str] = {}  # members share their key

    def key(code: str = "", address: str = "", head: str = "") -> str:
        try:
            return made[(code, address, head)]
        except KeyError:
            made[(code, address, head)] = value = household_key(
                code=code, address=address, head_name=head
            )
            return value

    for row, place in zip(rows, places, strict=True):
        if row.code:
            loose_head = None
            keys.append((key(code=row.code), row.head_name))
            continue
        if row.head_name:
            head = row.head_name
        elif row.is_head:
            head = row.full_name
        elif row.address:
            head = last_head.get(place) or first_head.get(place, "")
        elif row.relation and loose_head:
            head = loose_head  # a member right under a head without address
        else:
            keys.append(("", ""))
            continue
        if row.address:
            loose_head = None
            if row.is_head or row.head_name:
                last_head[place] = head
        elif row.is_head or row.head_name:
            loose_head = head
        keys.append((key(address=row.address, head=head), head))
    return keys


def _existing(unit: Unit, rows: list[_Row]) -> tuple[set, dict, set]:
    """Keys already registered under ``unit``, in three queries plus ID batches."""
    people = set(
        Person.objects.filter(unit_path__under=unit.path).values_list(
            "unit_id", "dedupe_key"
        )
    )
    households = {
        (unit_id, key): (pk, head_id)
        for unit_id, key, pk, head_id in Household.objects.filter(
            unit_path__under=unit.path
        ).values_list("unit_id", "dedupe_key", "pk", "head_id")
    }
    # A CCCD number is unique across the country, not only in this commune.
    hashes = sorted({r.id_hash for r in rows if r.id_hash})
    known: set[str] = set()
    for start in range(0, len(hashes), 5000):
        known.update(
            Person.objects.filter(
                national_id_hash__in=hashes[start : start + 5000]
            ).values_list("national_id_hash", flat=True)
        )
    return people, households, known


def _plan(unit: Unit, rows: list[_Row], layout: _Layout) -> _Plan:
    plan = _Plan()
    existing_people, existing_households, existing_hashes = _existing(unit, rows)
    new_households: dict[tuple[int, str], _NewHousehold] = {}
    seen: set[tuple[int, str]] = set()
    seen_hashes: dict[str, int] = {}
    for row, (hkey, head_name) in zip(rows, _household_keys(rows), strict=True):
        unit_id = row.unit.pk
        key = person_key(
            name=row.full_name,
            birth_year=row.birth_year,
            phone=row.phone,
            household_key=hkey,
        )
        if (unit_id, key) in seen:
            plan.duplicates += 1
            continue
        if row.id_hash and row.id_hash in seen_hashes:
            plan.errors.append(
                {
                    "row": row.row,
                    "column": layout.label("national_id"),
                    "message": _("The same CCCD number is already in row %(row)s.")
                    % {"row": seen_hashes[row.id_hash]},
                }
            )
            continue
        if (unit_id, key) in existing_people or row.id_hash in existing_hashes:
            seen.add((unit_id, key))
            plan.duplicates += 1
            continue
        household = None
        household_id = None
        categories = []
        headless = False
        if hkey:
            if (unit_id, hkey) in existing_households:
                household_id, head_id = existing_households[(unit_id, hkey)]
                headless = head_id is None
            else:
                household = new_households.get((unit_id, hkey))
                if household is None:
                    household = new_households[(unit_id, hkey)] = _NewHousehold(
                        id=None,
                        unit=row.unit,
                        key=hkey,
                        code=row.code,
                        address=row.address,
                        head_name=head_name,
                    )
                if row.poverty and household.poverty not in ("", row.poverty):
                    plan.errors.append(
                        {
                            "row": row.row,
                            "column": layout.label("poverty"),
                            "message": _(
                                "Row %(row)s gives this household another poverty "
                                "status."
                            )
                            % {"row": household.poverty_row},
                        }
                    )
                    continue
                if row.poverty:
                    if not household.poverty:
                        household.poverty, household.poverty_row = row.poverty, row.row
                    categories.append(SensitiveCategory.POVERTY.value)
                household.address = household.address or row.address
        categories = [
            category.value
            for category, value in (
                (SensitiveCategory.ETHNICITY, row.ethnicity),
                (SensitiveCategory.DISABILITY, row.disabilities),
            )
            if value
        ] + categories
        person = _NewPerson(row, key, household, household_id, categories)
        if row.is_head:
            if household is not None and household.head is None:
                household.head = person
            elif headless and household_id not in plan.heads_of_existing:
                plan.heads_of_existing[household_id] = person
        plan.people.append(person)
        seen.add((unit_id, key))
        if row.id_hash:
            seen_hashes[row.id_hash] = row.row
    plan.households = list(new_households.values())
    return plan


def _allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` primary keys for rows inserted below, in this transaction.

    Knowing the keys before inserting lets people, households (whose head is
    a person) and audit rows be written with plain multi-row inserts.
    """
    if not count:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [r[0] for r in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # The import's transaction holds SQLite's single write lock
            # (transaction_mode IMMEDIATE), so no one else takes these numbers.
            # AUTOINCREMENT never reuses a number, hence sqlite_sequence.
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name(column)}) "  # noqa: S608
                f"FROM {connection.ops.quote_name(table)}"
            )
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            sequence = cursor.fetchone()
            start = max(highest, sequence[0] if sequence else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(f"Bulk import does not support {connection.vendor}.")


def _insert(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert plain rows (values in the order of ``names``) in large batches.

    ``bulk_create`` spends most of its time building and preparing model
    instances (about 25 s for 100,000 people on the reference machine); the
    values here are already clean, so they go to the driver as they are.
    JSON and date values are prepared by their field.
    """
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    prepare_at = [
        i
        for i, f in enumerate(fields)
        if isinstance(f, models.JSONField | models.DateField)
    ]
    stamp_fields = [
        f
        for f in meta.concrete_fields
        if f.name in ("created_at", "updated_at") and f.name not in names
    ]
    now = timezone.now()
    stamp_values = [f.get_db_prep_save(now, connection) for f in stamp_fields]
    columns = [f.column for f in fields + stamp_fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - names from the model
        f"({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    prepared: dict[tuple[int, Any], Any] = {}  # few distinct values: [], ["vision"]

    def prepare(i: int, value: Any) -> Any:
        key = (i, tuple(value) if isinstance(value, list) else value)
        if key not in prepared:
            prepared[key] = fields[i].get_db_prep_save(value, connection)
        return prepared[key]

    batch = 2000
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            values = []
            for row in rows[start : start + batch]:
                row = list(row)
                for i in prepare_at:
                    row[i] = prepare(i, row[i])
                values.append(row + stamp_values)
            cursor.executemany(sql, values)


def _write(*, actor, plan: _Plan, file_name: str) -> int:
    """Insert the plan's households, people and consents; return consents made."""
    actor_id = getattr(actor_or_none(actor), "pk", None)
    person_ids = _allocate_ids(Person, len(plan.people))
    for person, pk in zip(plan.people, person_ids, strict=True):
        person.id = pk
    household_ids = _allocate_ids(Household, len(plan.households))
    for household, pk in zip(plan.households, household_ids, strict=True):
        household.id = pk
    # Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED on
    # PostgreSQL and SQLite), so a household can name its head before the
    # head's row is inserted.
    _insert(
        Household,
        [
            "id",
            "unit",
            "unit_path",
            "code",
            "address",
            "head",
            "head_name_folded",
            "poverty_status",
            "dedupe_key",
        ],
        [
            (
                h.id,
                h.unit.pk,
                h.unit.path,
                h.code,
                h.address,
                h.head.id if h.head else None,
                h.head.row.name_folded if h.head else fold(h.head_name),
                h.poverty,
                h.key,
            )
            for h in plan.households
        ],
    )
    _insert(
        Person,
        [
            "id",
            "unit",
            "unit_path",
            "household",
            "full_name",
            "name_folded",
            "birth_year",
            "sex",
            "phone",
            "relation_to_head",
            "target_group",
            "has_smartphone",
            "preferred_language",
            "ethnicity",
            "disabilities",
            "national_id_hash",
            "dedupe_key",
            "created_by",
        ],
        [
            (
                p.id,
                p.row.unit.pk,
                p.row.unit.path,
                p.household.id if p.household else p.household_id,
                p.row.full_name,
                p.row.name_folded,
                p.row.birth_year,
                p.row.sex,
                p.row.phone,
                p.row.relation,
                p.row.target_group,
                p.row.has_smartphone,
                "vi",
                p.row.ethnicity,
                list(p.row.disabilities),
                p.row.id_hash,
                p.key,
                actor_id,
            )
            for p in plan.people
        ],
    )
    if plan.heads_of_existing:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(Household._meta.db_table)} "  # noqa: S608
                "SET head_id = %s, head_name_folded = %s "
                "WHERE id = %s AND head_id IS NULL",
                [
                    (p.id, p.row.name_folded, household_id)
                    for household_id, p in plan.heads_of_existing.items()
                ],
            )
    consents = [p for p in plan.people if p.categories]
    today = timezone.localdate()
    _insert(
        Consent,
        ["person", "categories", "basis", "given_on", "recorded_by"],
        [
            (p.id, p.categories, ConsentBasis.OFFICIAL_REGISTER.value, today, actor_id)
            for p in consents
        ],
    )
    audit_record_many(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="person",
        rows=[(p.id, p.row.unit.path) for p in plan.people],
        detail={"file": file_name},
    )
    facts_changed(p.id for p in plan.people)
    return len(consents)


def _create_hamlets(*, actor, unit: Unit, plan: _Plan, new: list[NewHamlet]) -> None:
    """Create the confirmed hamlets and move the plan's rows from the stand-ins."""
    made: dict[int, Unit] = {}
    for hamlet in new:
        assert hamlet.unit is not None
        stand_in = hamlet.unit.pk
        hamlet.unit = unit_create_local(
            actor=actor, parent=unit, name=hamlet.name, kind=hamlet.kind
        )
        made[stand_in] = hamlet.unit
    for household in plan.households:
        household.unit = made.get(household.unit.pk, household.unit)
    for person in plan.people:
        person.row.unit = made.get(person.row.unit.pk, person.row.unit)
