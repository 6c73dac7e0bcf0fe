"""Import a commune's resident list (.xlsx or .csv) into households and people.

The list is read the way communes keep it: a title block above the heading
row, merged cells, text typed in NFC and NFD, Excel dates or serial numbers,
phone numbers with spaces or +84, a "Năm sinh" column split into "Nam" and
"Nữ", hamlet section rows, and a signature block at the bottom.

Two phases:

1. Read and check, outside any transaction. Each row becomes a ``_Row`` or a
   list of errors; the job's progress is written here (see ``_Progress``).
2. Plan and write, in one transaction. The keys already registered in the
   unit's subtree are loaded in a few queries, duplicates are set aside and
   the new households, people, consents and audit rows are inserted in bulk,
   so a crash leaves nothing half-written.

Keys come from ``people.identity`` exactly as ``people.services`` makes them,
so a person registered by hand and then imported is recognised.

The work is split one way: this module runs an import and words its report;
``import_writing`` plans and writes, ``import_reading`` reads and checks the
rows, ``import_matching`` knows the words communes write (headings, values,
hamlets).
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hocvuso.accounts.scope import Capability, can
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record
from hocvuso.core.tabular import (
    TabularError,
)
from hocvuso.geography.models import Unit, UnitKind
from hocvuso.people.import_matching import (
    UNKNOWN_HAMLET,
)
from hocvuso.people.import_reading import (
    _Progress,
    _read,
)
from hocvuso.people.import_writing import (
    _create_hamlets,
    _plan,
    _write,
)
from hocvuso.people.models import (
    ImportJob,
)
from hocvuso.people.services import check_residential_unit


@dataclass
class ImportResult:
    total_rows: int = 0
    created_people: int = 0
    created_households: int = 0
    skipped_duplicates: int = 0
    # [{"row": 7, "column": "Năm sinh", "message": "..."}], sorted by row.
    errors: list[dict] = field(default_factory=list)
    written: bool = False
    created_consents: int = 0
    dry_run: bool = False
    blocked: bool = False  # all or nothing, and some row was bad
    # Hamlets the file names that the commune lacks (NewHamlet.as_dict), made
    # when ``hamlets_created``; and names found only loosely ("KP3").
    new_hamlets: list[dict] = field(default_factory=list)
    hamlets_created: bool = False
    loose_hamlets: list[dict] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({e["row"] for e in self.errors})

    def summary(self) -> str:
        """One sentence for the officer, in the active language."""
        numbers = {
            "total": self.total_rows,
            "people": self.created_people,
            "households": self.created_households,
            "duplicates": self.skipped_duplicates,
            "rejected": self.rejected_rows,
        }
        if self.blocked:
            text = _(
                "Nothing was written: %(rejected)s of %(total)s rows have errors and "
                "the import is all or nothing. Correct them and import the file again."
            )
        elif self.dry_run:
            text = _(
                "%(total)s rows read: %(people)s people and %(households)s households "
                "would be added, %(duplicates)s already registered, %(rejected)s rows "
                "with errors."
            )
        else:
            text = _(
                "%(total)s rows read: %(people)s people and %(households)s households "
                "added, %(duplicates)s already registered, %(rejected)s rows with "
                "errors."
            )
        text %= numbers
        if self.dry_run:
            text = _("Check only, nothing was written.") + " " + text
        return text


def import_people_file(
    *,
    actor,
    unit: Unit,
    path: Path,
    file_name: str,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    create_hamlets: bool = False,
    job: ImportJob | None = None,
    progress_every: int = 500,
) -> ImportResult:
    """Import a resident list into ``unit`` (a commune, ward or hamlet).

    Rules: every bad row is reported (row number as Excel shows it, heading as
    written, reason) and every valid row is kept, unless ``all_or_nothing``;
    rows already registered, in the file or before, are counted as
    duplicates; a dry run writes nothing but reports what a real run would
    do; the writing is one transaction. Sensitive values (ethnicity,
    disability, poverty) are stored under a Consent on the basis of the
    commune's official register. With ``job``, the job's ``total_rows`` and
    ``processed_rows`` show the progress of the reading.

    Hamlets the file names that a commune lacks are listed in the result;
    with ``create_hamlets`` (the officer's confirmation, which needs the
    right to manage hamlets) they are created in the same transaction, each
    audited, and their rows imported into them; without it those rows are
    rejected and nothing is created.
    """
    check_residential_unit(unit)
    if (
        create_hamlets
        and getattr(actor, "is_authenticated", False)
        and not can(actor, Capability.MANAGE_LOCAL_UNITS, unit.path)
    ):
        raise ServiceError(_("You cannot add hamlets to this unit."))
    progress = _Progress(job, progress_every)
    try:
        rows, reader = _read(
            unit=unit,
            path=Path(path),
            file_name=file_name,
            progress=progress,
            create_hamlets=create_hamlets,
        )
    except TabularError as exc:
        raise ServiceError(str(exc)) from exc
    new_hamlets = [h for h in reader.hamlets.new.values() if h.rows]
    result = ImportResult(
        total_rows=reader.total,
        dry_run=dry_run,
        new_hamlets=[h.as_dict() for h in new_hamlets],
        loose_hamlets=[
            {"written": name, "name": hamlet.name, "rows": len(numbers)}
            for name, (hamlet, numbers) in reader.hamlets.loose_matches.items()
        ],
    )
    progress.update(
        processed_rows=reader.total,
        total_rows=reader.total,
        message=_("Comparing with the register…")
        if dry_run
        else _("Saving to the register…"),
    )
    try:
        with transaction.atomic():
            if not dry_run:
                # Imports into one commune (or its hamlets) queue up here.
                commune_id = unit.parent_id if unit.is_local else unit.pk
                list(Unit.objects.select_for_update().filter(pk=commune_id))
            plan = _plan(unit, rows, reader.layout)
            errors = sorted(reader.errors + plan.errors, key=lambda e: e["row"])
            result.errors = errors
            result.skipped_duplicates = plan.duplicates
            result.blocked = bool(all_or_nothing and errors)
            if not result.blocked:
                result.created_people = len(plan.people)
                result.created_households = len(plan.households)
                result.created_consents = sum(1 for p in plan.people if p.categories)
            if dry_run or result.blocked:
                return result
            if create_hamlets and new_hamlets:
                _create_hamlets(actor=actor, unit=unit, plan=plan, new=new_hamlets)
                result.new_hamlets = [h.as_dict() for h in new_hamlets]
                result.hamlets_created = True
            _write(actor=actor, plan=plan, file_name=file_name)
            result.written = True
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                object_type="import",
                object_id=job.pk if job is not None else "",
                unit_path=unit.path,
                detail={
                    "file": file_name,
                    "rows": result.total_rows,
                    "people": result.created_people,
                    "households": result.created_households,
                    "duplicates": result.skipped_duplicates,
                    "rejected_rows": result.rejected_rows,
                    "hamlets_created": [h["code"] for h in result.new_hamlets]
                    if result.hamlets_created
                    else [],
                },
            )
    except IntegrityError as exc:
        raise ServiceError(
            _(
                "Someone changed the register of this unit during the import; "
                "nothing was written. Import the file again."
            )
        ) from exc
    return result


# --- the report, for the page and the command -----------------------------------


def _row_span(rows: list[int]) -> str:
    first, last = min(rows), max(rows)
    return str(first) if first == last else f"{first}–{last}"


def error_groups(errors: list[dict]) -> list[dict]:
    """Group the errors a cause repeats, in the order of their first row.

    Rows naming hamlets that do not exist form one group per column, which
    names each hamlet with its count ("Rạch Giồng (13), Vĩnh Thanh (12)");
    rows with the same column and message form one group. Each group has
    ``rows`` (the span, "6–31"), ``count``, ``column``, ``message`` and
    ``text``, one sentence for the command line. The full list of rows stays
    in ``errors`` for the downloadable report.
    """
    groups: dict[tuple, dict] = {}
    for error in errors:
        if error.get("code") == UNKNOWN_HAMLET:
            key: tuple = (UNKNOWN_HAMLET, error["column"])
        else:
            key = (error["column"], error["message"])
        group = groups.setdefault(
            key, {"errors": [], "names": {}, "column": error["column"]}
        )
        group["errors"].append(error)
        if error.get("code") == UNKNOWN_HAMLET:
            names = group["names"]
            names[error["value"]] = names.get(error["value"], 0) + 1
    result = []
    for (first, _second), group in groups.items():
        column = group["column"]
        rows = sorted({e["row"] for e in group["errors"]})
        span, count = _row_span(rows), len(rows)
        if first == UNKNOWN_HAMLET:
            kind = column.lower() if column else _("hamlet")
            names = ", ".join(f"{n} ({c})" for n, c in group["names"].items())
            message = _("no %(kind)s with this name on the map: %(names)s") % {
                "kind": kind,
                "names": names,
            }
            text = ngettext(
                "%(count)s row (%(rows)s) names a %(kind)s that does not exist: "
                "%(names)s",
                "%(count)s rows (%(rows)s) name a %(kind)s that does not exist: "
                "%(names)s",
                count,
            ) % {"count": count, "rows": span, "kind": kind, "names": names}
        else:
            message = group["errors"][0]["message"]
            if count == 1:
                text = _("Row %(row)s, column “%(column)s”: %(message)s") % {
                    "row": span,
                    "column": column,
                    "message": message,
                }
            else:
                text = _(
                    "%(count)s rows (%(rows)s), column “%(column)s”: %(message)s"
                ) % {"count": count, "rows": span, "column": column, "message": message}
        result.append(
            {
                "first": rows[0],
                "rows": span,
                "count": count,
                "column": column,
                "message": message,
                "text": text,
            }
        )
    return sorted(result, key=lambda g: g["first"])


def hamlet_lines(
    *, unit_name: str, new_hamlets: list[dict], created: bool, loose: list[dict]
) -> list[str]:
    """Sentences on the hamlets a file names: found loosely, missing, created."""
    lines = [
        _("“%(written)s” is taken to be %(name)s (%(rows)s rows).") % item
        for item in loose
    ]
    if not new_hamlets:
        return lines
    kinds = dict(UnitKind.choices)
    names = ", ".join(
        _("%(name)s (%(kind)s, %(rows)s rows)")
        % {
            "name": h["name"],
            "kind": kinds.get(h["kind"], h["kind"]),
            "rows": h["rows"],
        }
        for h in new_hamlets
    )
    if created:
        lines.append(
            ngettext(
                "Hamlet created in %(unit)s: %(names)s.",
                "%(count)s hamlets created in %(unit)s: %(names)s.",
                len(new_hamlets),
            )
            % {"count": len(new_hamlets), "unit": unit_name, "names": names}
        )
        return lines
    lines.append(
        ngettext(
            "The file names a hamlet that %(unit)s does not have yet: %(names)s.",
            "The file names %(count)s hamlets that %(unit)s does not have yet: "
            "%(names)s.",
            len(new_hamlets),
        )
        % {"count": len(new_hamlets), "unit": unit_name, "names": names}
    )
    for h in new_hamlets:
        if h["near"]:
            lines.append(
                _(
                    "“%(name)s” looks like %(near)s, already on the map: if it is the "
                    "same hamlet, correct the file."
                )
                % {"name": h["written"][0], "near": ", ".join(h["near"])}
            )
    return lines
