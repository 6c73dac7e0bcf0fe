"""Time the offline-visit sync: visits stored per second, SQLite or PostgreSQL.

    .venv/bin/python bench/outreach_sync.py [--visits N] [--batch N] [--runs N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sync \
        .venv/bin/python bench/outreach_sync.py

Builds one commune (Xã Bình An, An Giang) with 10 hamlets of 300 households
of three people, a team per hamlet with one volunteer, then sends visits the
way phones do: batches of --batch visits through the same service the API
calls (``visits_sync``), each visit with one to three actions, some done
(milestones), some referred (referrals), a few flagged. Every run then sends
all its batches a second time (a phone retrying), which must store nothing.
SQLite goes into a new temporary file; with DATABASE_URL the database must
exist and its tables are emptied first. On PostgreSQL the planner statistics
are refreshed (ANALYZE) before each run, as autovacuum does on a live server.
Prints the machine and
the median rate, ready for docs/performance.md.
"""

import argparse
import datetime
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAMLETS, HOUSEHOLDS, MEMBERS = 10, 300, 3
KINDS = [
    ("install_vneid", "with_help"),
    ("qr_payment", "alone"),
    ("scam_awareness", "alone"),
    ("vneid_level2", "referred"),
    ("ehealth_book", "with_help"),
    ("online_public_service", "partly"),
]


def machine() -> str:
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, nproc {os.cpu_count()}, Python {platform.python_version()}"


def setup(work: Path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["HOCVUSO_VAR_DIR"] = str(work)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    from hocvuso.accounts.models import Role
    from hocvuso.accounts.services import role_grant, user_create
    from hocvuso.geography.models import Unit
    from hocvuso.geography.services import unit_create_local, units_load_official
    from hocvuso.outreach.services import team_create, team_member_add
    from hocvuso.people.models import Household, Person

    units_load_official(province_code="91")
    commune = Unit.objects.get(code="30898")
    teams = []
    for h in range(HAMLETS):
        hamlet = unit_create_local(
            actor=None, parent=commune, name=f"Ấp Thử {h + 1}", kind="hamlet"
        )
        user = user_create(
            actor=None,
            phone=f"09{h:08d}",
            full_name=f"Tình nguyện viên {h + 1}",
            password="x" * 12,
        )
        role_grant(actor=None, user=user, role=Role.VOLUNTEER, unit=hamlet)
        team = team_create(
            actor=None,
            unit=hamlet,
            name="",
            decision_number=f"{h + 1}/QĐ-UBND",
            decision_date=datetime.date(2025, 8, 1),
        )
        team_member_add(
            actor=None,
            team=team,
            full_name=user.full_name,
            role="member",
            affiliation="volunteer",
            user=user,
        )
        households = Household.objects.bulk_create(
            Household(
                unit=hamlet,
                unit_path=hamlet.path,
                address=f"Số {n + 1}, Ấp Thử {h + 1}",
                dedupe_key=f"bench-{h}-{n}",
            )
            for n in range(HOUSEHOLDS)
        )
        Person.objects.bulk_create(
            Person(
                unit=hamlet,
                unit_path=hamlet.path,
                household=home,
                full_name=f"Người {h}-{n}-{m}",
                name_folded=f"nguoi {h}-{n}-{m}",
                birth_year=1940 + (n + m) % 60,
                dedupe_key=f"bench-{h}-{n}-{m}",
            )
            for n, home in enumerate(households)
            for m in range(MEMBERS)
        )
        members = {}
        for pk, household_id in Person.objects.filter(unit=hamlet).values_list(
            "pk", "household_id"
        ):
            members.setdefault(household_id, []).append(pk)
        teams.append((user, [(home.pk, members[home.pk]) for home in households]))
    return teams


def make_visits(teams, count: int, run: int, rng: random.Random):
    from hocvuso.outreach.services import ActionIn, VisitIn

    now = datetime.datetime.now(datetime.UTC)
    per_team = {}
    for n in range(count):
        user, homes = teams[n % len(teams)]
        household_id, members = rng.choice(homes)
        start = now - datetime.timedelta(
            days=rng.randint(0, 20), minutes=rng.randint(30, 600)
        )
        actions = [
            ActionIn(person_id=rng.choice(members), kind=kind, outcome=outcome)
            for kind, outcome in rng.sample(KINDS, rng.randint(1, 3))
        ]
        visit = VisitIn(
            client_id=f"bench-{run}-{n:07d}",
            household_id=household_id,
            started_at=start,
            ended_at=start + datetime.timedelta(minutes=rng.randint(1, 25)),
            actions=actions,
        )
        per_team.setdefault(user.pk, (user, []))[1].append(visit)
    return list(per_team.values())


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum does on a live server."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def send(per_team, batch: int, phones: int = 1):
    """Send every team's visits in batches; ``phones`` teams sync at the same time,
    each on its own database connection, as phones do against a live server."""
    from django.db import connection

    from hocvuso.outreach.services import visits_sync

    def phone(user, visits):
        counts = {}
        try:
            for i in range(0, len(visits), batch):
                for result in visits_sync(actor=user, visits=visits[i : i + batch]):
                    counts[result.status] = counts.get(result.status, 0) + 1
        finally:
            if phones > 1:
                connection.close()
        return counts

    statuses = {}
    started = time.perf_counter()
    if phones == 1:
        done = [phone(user, visits) for user, visits in per_team]
    else:
        with ThreadPoolExecutor(max_workers=phones) as pool:
            done = list(pool.map(lambda team: phone(*team), per_team))
    for counts in done:
        for status, n in counts.items():
            statuses[status] = statuses.get(status, 0) + n
    return time.perf_counter() - started, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--phones", type=int, default=1, help="teams syncing at the same time"
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hocvuso-sync-bench-"))
    try:
        teams = setup(work)
        from django.db import connection

        from hocvuso.outreach.models import Visit, VisitAction

        print(f"date: {datetime.date.today().isoformat()}")  # noqa: DTZ011 - local day
        print(f"machine: {machine()}")
        arguments = " ".join(sys.argv[1:])
        print(f"command: .venv/bin/python bench/{Path(__file__).name} {arguments}")
        print(f"database: {connection.vendor} {connection.Database.__name__}")
        rng = random.Random(2025)
        rates, retry_rates = [], []
        for run in range(1, options.runs + 1):
            per_team = make_visits(teams, options.visits, run, rng)
            analyze()
            took, statuses = send(per_team, options.batch, options.phones)
            again, repeat = send(per_team, options.batch, options.phones)
            assert statuses.get("stored") == options.visits, statuses
            assert repeat == {"duplicate": options.visits}, repeat
            rates.append(options.visits / took)
            retry_rates.append(options.visits / again)
            print(
                f"  run {run}: {options.visits:,} visits in batches of {options.batch} "
                f"from {options.phones} phone(s) at a time "
                f"stored in {took:.2f} s ({options.visits / took:,.0f} visits/s); "
                f"sent again in {again:.2f} s, all duplicates"
            )
        print(
            f"stored: {Visit.objects.count():,} visits, "
            f"{VisitAction.objects.count():,} actions"
        )
        print(
            f"median: {statistics.median(rates):,.0f} visits/s stored, "
            f"{statistics.median(retry_rates):,.0f} visits/s acknowledged as duplicates"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
