"""Door-to-door work for the demo province: a community digital-technology team in
each demo volunteer's hamlet, three weeks of visits recorded through the same
sync service the phones use (so milestones, referrals and flags are real), and a
few open assignments. A second run adds nothing."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hocvuso.accounts.models import Role, User
from hocvuso.geography.models import Unit
from hocvuso.outreach.models import Affiliation, MemberRole, Team
from hocvuso.outreach.services import (
    ActionIn,
    VisitIn,
    assignment_create,
    team_create,
    team_member_add,
    visits_sync,
)
from hocvuso.people.models import Household

# What a visit does, and how it usually ends, weighted as teams report it.
ACTIONS = [
    ("smartphone", ["alone", "with_help"], 2),
    ("install_vneid", ["with_help", "alone", "partly"], 4),
    ("vneid_level2", ["referred"], 2),
    ("ehealth_book", ["with_help", "alone"], 2),
    ("qr_payment", ["with_help", "alone", "partly"], 3),
    ("scam_awareness", ["alone"], 4),
    ("online_public_service", ["with_help", "partly"], 1),
]
# Other members of each team (no sign-in), as a commune's decision lists them.
OTHER_MEMBERS = [
    ("Trưởng ấp", Affiliation.HAMLET_HEAD, MemberRole.DEPUTY),
    ("Đoàn viên thanh niên", Affiliation.YOUTH_UNION, MemberRole.MEMBER),
    ("Công an viên", Affiliation.POLICE, MemberRole.MEMBER),
]


def outreach_demo_ensure(
    *, sign_ins: list[tuple[str, Unit, User]], seed: int = 2025
) -> int:
    """Create each demo hamlet's team and its visits once; return the visits stored.

    ``sign_ins`` are the demo's (role, unit, user) accounts, handed over by
    the demo orchestrator: each team leader's and volunteer's hamlet gets a
    team, and the commune officer assigns visits where no leader does.
    """
    rng = random.Random(seed)
    stored = 0
    hamlets: dict[int, dict] = {}
    for role, unit, user in sign_ins:
        if role not in (Role.TEAM_LEADER, Role.VOLUNTEER):
            continue
        entry = hamlets.setdefault(unit.pk, {"unit": unit, "members": []})
        entry["members"].append((role, user))
    officers = {
        unit.code: user for role, unit, user in sign_ins if role == Role.COMMUNE_OFFICER
    }
    for entry in hamlets.values():
        unit = entry["unit"]
        leader = next((u for r, u in entry["members"] if r == Role.TEAM_LEADER), None)
        # The team leader hands out the next visits, or the commune officer.
        assigner = leader or officers.get(unit.parent.code)
        stored += _hamlet_ensure(unit, entry["members"], assigner, rng)
    return stored


@transaction.atomic
def _hamlet_ensure(unit, members, assigner, rng: random.Random) -> int:
    if Team.objects.filter(unit=unit).exists():
        return 0
    team = team_create(
        actor=None,
        unit=unit,
        name="",
        decision_number=f"{rng.randint(100, 399)}/QĐ-UBND",
        decision_date=datetime.date(2025, 8, 15),
    )
    for role, user in members:
        team_member_add(
            actor=None,
            team=team,
            full_name=user.full_name,
            role=MemberRole.LEADER if role == Role.TEAM_LEADER else MemberRole.MEMBER,
            affiliation=Affiliation.YOUTH_UNION
            if role == Role.VOLUNTEER
            else Affiliation.WOMENS_UNION,
            phone=user.phone,
            training_status="trained",
            user=user,
        )
    for label, affiliation, role in OTHER_MEMBERS:
        team_member_add(
            actor=None,
            team=team,
            full_name=f"{label} {unit.name}",
            role=role,
            affiliation=affiliation,
        )
    walker = next((u for r, u in members if r == Role.VOLUNTEER), members[0][1])
    households = list(
        Household.objects.filter(unit=unit).prefetch_related("members").order_by("pk")
    )
    visited = rng.sample(households, k=len(households) * 2 // 5)
    now = timezone.now()
    kinds = [a for a in ACTIONS for _ in range(a[2])]
    visits = []
    for number, household in enumerate(visited):
        people = [p for p in household.members.all() if p.birth_year]
        if not people:
            continue
        started = now - datetime.timedelta(
            days=rng.randint(1, 21), hours=rng.randint(0, 6), minutes=rng.randint(0, 59)
        )
        actions, seen = [], set()
        for person in rng.sample(people, k=min(len(people), rng.randint(1, 3))):
            kind, outcomes, _weight = rng.choice(kinds)
            if number == 0 and not actions:  # so the officer has a referral to follow
                kind, outcomes = "vneid_level2", ["referred"]
            if (person.pk, kind) in seen:
                continue
            seen.add((person.pk, kind))
            actions.append(
                ActionIn(person_id=person.pk, kind=kind, outcome=rng.choice(outcomes))
            )
        visits.append(
            VisitIn(
                client_id=f"demo-{unit.code}-{number:04d}",
                household_id=household.pk,
                started_at=started,
                ended_at=started + datetime.timedelta(minutes=rng.randint(12, 45)),
                actions=actions,
            )
        )
    stored = 0
    for start in range(0, len(visits), 100):
        results = visits_sync(actor=walker, visits=visits[start : start + 100])
        stored += sum(1 for r in results if r.status == "stored")
    # The next households to visit, for the volunteer's list.
    visited_ids = {h.pk for h in visited}
    waiting = [h for h in households if h.pk not in visited_ids][:5]
    for household in waiting:
        assignment_create(
            actor=assigner,
            household=household,
            volunteer=walker,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        )
    return stored
