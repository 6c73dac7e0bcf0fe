"""Keep the figures current: refresh statuses, apply their changes, rebuild, check.

``statuses_refresh(person_ids)`` is the listener ``people.facts`` calls inside
every writer's transaction: it recomputes the status of each person named (and
of their households), and adds the difference between the old and the new
spans to the roll-ups with one ``INSERT … ON CONFLICT DO UPDATE SET num = num
+ excluded.num`` per changed row (SQLite and PostgreSQL alike), so concurrent
writers add up instead of overwriting each other. The people's rows are
locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers are
serialised by ``BEGIN IMMEDIATE``) so two writers never apply the same
person's difference twice.

``rollups_rebuild`` throws the roll-ups away and recomputes them from the facts
in batches, without the incremental path (no difference is applied: the rows
are summed in memory and inserted); ``rollups_check`` recomputes a sample and
reports every difference.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from hocvuso.core.bulk import insert_rows
from hocvuso.geography.models import Unit
from hocvuso.people.models import Household, Milestone, Person
from hocvuso.reporting.catalogue import CATALOGUE_VERSION
from hocvuso.reporting.models import Rollup, Status, SubjectKind
from hocvuso.reporting.rules import Span, household_spans, person_spans, span_deltas

BATCH = 2000
Key = tuple[str, int]  # (subject kind, subject id)


@dataclass
class Computed:
    kind: str
    subject_id: int
    unit_path: str
    units: list[tuple[int, int]]  # (unit id, level)
    spans: list[Span]

    def as_json(self) -> tuple[list, list]:
        return (
            [list(u) for u in self.units],
            [
                [c, r, s.isoformat(), e.isoformat() if e else None, list(cells)]
                for c, r, s, e, cells in self.spans
            ],
        )


def _spans_from_json(rows: list) -> list[Span]:
    return [
        (
            c,
            r,
            datetime.date.fromisoformat(s),
            datetime.date.fromisoformat(e) if e else None,
            tuple(cells),
        )
        for c, r, s, e, cells in rows
    ]


def _units_by_code(paths: Iterable[str]) -> dict[str, dict]:
    codes = {code for path in paths for code in path.split("/") if code}
    return {
        u["code"]: u
        for u in Unit.objects.filter(code__in=codes).values(
            "id",
            "code",
            "level",
            "is_remote",
            "is_coastal_island",
            "is_ethnic_minority_area",
        )
    }


def _path_units(path: str, units: dict[str, dict]) -> list[dict]:
    return [units[c] for c in path.split("/") if c and c in units]


def _register_date(obj) -> datetime.date:
    return (
        timezone.localdate(obj.created_at) if obj.created_at else timezone.localdate()
    )


def _compute(person_ids: Iterable[int], household_ids: Iterable[int]) -> list[Computed]:
    """Fresh statuses of the people and households named (missing ones: none)."""
    person_ids, household_ids = set(person_ids), set(household_ids)
    fields = (
        "id",
        "unit_path",
        "household_id",
        "birth_year",
        "sex",
        "target_group",
        "has_smartphone",
        "ethnicity",
        "disabilities",
        "created_at",
    )
    people: dict[int, Person] = {}
    members: dict[int, list[Person]] = defaultdict(list)
    who = Q(pk__in=person_ids) | Q(household_id__in=household_ids)
    for p in Person.objects.filter(who).only(*fields).iterator():
        people[p.pk] = p
        if p.household_id in household_ids:
            members[p.household_id].append(p)
    wanted = household_ids | {p.household_id for p in people.values()} - {None}
    households = {
        h.pk: h
        for h in Household.objects.filter(pk__in=wanted).only(
            "id", "unit_path", "poverty_status", "created_at"
        )
    }
    facts: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    for person_id, kind, day in Milestone.objects.filter(
        person_id__in=list(people)
    ).values_list("person_id", "kind", "achieved_on"):
        facts[person_id].append((kind, day))
    units = _units_by_code(
        [p.unit_path for p in people.values()]
        + [h.unit_path for h in households.values()]
    )
    out = []
    for pk in person_ids:
        person = people.get(pk)
        if person is None:
            continue
        path_units = _path_units(person.unit_path, units)
        household = households.get(person.household_id)
        spans = person_spans(
            person,
            facts[pk],
            register_date=_register_date(person),
            poverty_status=household.poverty_status if household else "",
            units=path_units,
        )
        out.append(
            Computed(
                SubjectKind.PERSON,
                pk,
                person.unit_path,
                [(u["id"], u["level"]) for u in path_units],
                spans,
            )
        )
    for pk in household_ids:
        household = households.get(pk)
        if household is None:
            continue
        path_units = _path_units(household.unit_path, units)
        spans = household_spans(
            created_on=_register_date(household),
            members=[(m, facts[m.pk], _register_date(m)) for m in members[pk]],
            poverty_status=household.poverty_status,
            units=path_units,
        )
        out.append(
            Computed(
                SubjectKind.HOUSEHOLD,
                pk,
                household.unit_path,
                [(u["id"], u["level"]) for u in path_units],
                spans,
            )
        )
    return out


def _apply(deltas: dict[tuple[int, str, str, datetime.date], list[int]]) -> int:
    """Add the changes to the roll-up rows, creating the rows that are missing."""
    rows = sorted(
        (unit_id, code, cell, day, num, den)
        for (unit_id, code, cell, day), (num, den) in deltas.items()
        if num or den
    )
    if not rows:
        return 0
    table = connection.ops.quote_name(Rollup._meta.db_table)
    # Only the model's own table name goes into the text; values are parameters.
    sql = (
        f"INSERT INTO {table} (unit_id, indicator, cell, day, num, den) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (unit_id, indicator, cell, day) DO UPDATE SET "
        f"num = {table}.num + excluded.num, den = {table}.den + excluded.den"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def _difference(old: list[Status], new: list[Computed]):
    deltas: dict[tuple[int, str, str, datetime.date], list[int]] = defaultdict(
        lambda: [0, 0]
    )
    for status in old:
        units = [tuple(u) for u in status.units]
        for key, (num, den) in span_deltas(
            units, _spans_from_json(status.spans)
        ).items():
            deltas[key][0] -= num
            deltas[key][1] -= den
    for computed in new:
        for key, (num, den) in span_deltas(computed.units, computed.spans).items():
            deltas[key][0] += num
            deltas[key][1] += den
    return deltas


def statuses_refresh(person_ids: Iterable[int]) -> int:
    """Recompute the people named and their households; move the roll-ups by the change.

    Runs inside the caller's transaction (a failure rolls the fact back too).
    Returns the number of roll-up rows changed.
    """
    ids = sorted(set(person_ids))
    changed = 0
    with transaction.atomic(savepoint=False):
        for chunk in _chunks(ids):
            locked = (
                Person.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("household_id", flat=True)
            )
            changed += _refresh(chunk, {h for h in locked if h is not None})
    return changed


def _refresh(person_ids: list[int], household_ids: set[int]) -> int:
    new = _compute(person_ids, household_ids)
    old = list(
        Status.objects.filter(
            Q(kind=SubjectKind.PERSON, subject_id__in=person_ids)
            | Q(kind=SubjectKind.HOUSEHOLD, subject_id__in=household_ids)
        )
    )
    changed = _apply(_difference(old, new))
    if old:
        Status.objects.filter(pk__in=[s.pk for s in old]).delete()
    _insert_statuses(new)
    return changed


def _insert_statuses(computed: list[Computed]) -> None:
    now = timezone.now()
    rows = []
    for c in computed:
        units, spans = c.as_json()
        rows.append(
            {
                "kind": c.kind,
                "subject_id": c.subject_id,
                "unit_path": c.unit_path,
                "units": units,
                "spans": spans,
                "catalogue_version": CATALOGUE_VERSION,
                "computed_at": now,
            }
        )
    insert_rows(Status, rows)


def _chunks(ids: list[int], size: int = BATCH):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass
class RebuildReport:
    people: int = 0
    households: int = 0
    rows: int = 0


def _fresh_rows(
    person_ids: list[int], household_ids: list[int], *, store: bool
) -> dict[tuple[int, str, str, datetime.date], list[int]]:
    totals: dict[tuple[int, str, str, datetime.date], list[int]] = defaultdict(
        lambda: [0, 0]
    )
    for kind, ids in (("p", person_ids), ("h", household_ids)):
        for chunk in _chunks(ids):
            computed = _compute(chunk, []) if kind == "p" else _compute([], chunk)
            for c in computed:
                for key, (num, den) in span_deltas(c.units, c.spans).items():
                    totals[key][0] += num
                    totals[key][1] += den
            if store:
                _insert_statuses(computed)
    return totals


@transaction.atomic
def rollups_rebuild() -> RebuildReport:
    """Recompute every status and every roll-up from the facts."""
    Rollup.objects.all().delete()
    Status.objects.all().delete()
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    household_ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    totals = _fresh_rows(person_ids, household_ids, store=True)
    rows = [
        {"unit": u, "indicator": c, "cell": cell, "day": d, "num": n, "den": m}
        for (u, c, cell, d), (n, m) in sorted(totals.items())
        if n or m
    ]
    for start in range(0, len(rows), 5000):
        insert_rows(Rollup, rows[start : start + 5000])
    return RebuildReport(len(person_ids), len(household_ids), len(rows))


@dataclass
class CheckReport:
    subjects: int = 0
    units: int = 0
    differences: list[str] = field(default_factory=list)


def rollups_check(*, sample: int = 200, seed: int | None = None) -> CheckReport:
    """Recompute a sample of people and whole communes; report every difference.

    For each sampled person, the stored status must equal a fresh one. For the
    commune of each sampled person, the roll-up rows must equal the sum of a
    fresh computation of everyone in it.
    """
    rng = random.Random(seed)  # noqa: S311 (a sample, not a secret)
    all_ids = list(Person.objects.values_list("pk", flat=True))
    picked = rng.sample(all_ids, min(sample, len(all_ids)))
    report = CheckReport(subjects=len(picked))
    stored = {
        s.subject_id: s
        for s in Status.objects.filter(kind=SubjectKind.PERSON, subject_id__in=picked)
    }
    communes: set[int] = set()
    for c in _compute(picked, []):
        communes |= {u for u, level in c.units if level == 2}
        status = stored.get(c.subject_id)
        if status is None or [c.as_json()[0], c.as_json()[1]] != [
            status.units,
            status.spans,
        ]:
            report.differences.append(f"person {c.subject_id}: status differs")
    for commune in Unit.objects.filter(pk__in=communes):
        report.units += 1
        people = list(
            Person.objects.filter(unit_path__under=commune.path).values_list(
                "pk", flat=True
            )
        )
        households = list(
            Household.objects.filter(unit_path__under=commune.path).values_list(
                "pk", flat=True
            )
        )
        fresh = {
            key: tuple(value)
            for key, value in _fresh_rows(people, households, store=False).items()
            if key[0] == commune.pk and (value[0] or value[1])
        }
        kept = {
            (commune.pk, r.indicator, r.cell, r.day): (r.num, r.den)
            for r in Rollup.objects.filter(unit=commune)
            if r.num or r.den
        }
        for key in sorted(set(fresh) | set(kept), key=str):
            if fresh.get(key) != kept.get(key):
                report.differences.append(
                    f"{commune.code} {key[1]} {key[2]} {key[3]}: "
                    f"stored {kept.get(key)}, recomputed {fresh.get(key)}"
                )
    return report


def facts_listener(person_ids: set[int]) -> None:
    """The ``people.facts`` listener: refresh the people named at once."""
    statuses_refresh(person_ids)
