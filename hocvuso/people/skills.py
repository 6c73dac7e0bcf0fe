"""What a person can do in digital life, derived from the facts about them.

This is the one rule every page, list and report uses to say whether a person
holds a skill, lacks it, or is too young for it to count: the person's page,
the outreach household page, the left-behind list, the assignments and the
reporting indicators all read it from here, so the same facts never disagree
between two pages.

A skill is proved by any of its milestone kinds (a first QR payment proves
"pays without cash"; a bank account or an e-wallet proves "has a payment
account"). The smartphone is also proved by the resident register's own
answer (``Person.has_smartphone``), because lists imported from the commune
carry it as a column. Each skill has the age from which it applies, reckoned
from the birth year as everywhere else (birth year, not date of birth, is all
that is stored): the smartphone, online public services and the five basic
skills concern adults (18+); a payment account, cashless payment and the bank
app count from 15 (QĐ 411: "people aged 15 and over with a payment account");
VNeID level 2 from 14 (Decree 69/2024: citizens aged 14 and over with a chip
ID card); VNeID level 1 and the e-health book concern everyone (a child's
e-health book lives in a parent's VNeID). A person whose birth year is unknown
is treated as an adult: leaving them out would hide the very people the
register knows least about.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.people.models import Milestone, MilestoneKind

ADULT_AGE = 18


class SkillState(StrEnum):
    HELD = "held"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"  # too young for the skill to count


@dataclass(frozen=True)
class Skill:
    code: str
    label: object  # a lazy translation
    proved_by: frozenset[str]  # any of these milestone kinds proves the skill
    min_age: int = 0

    def applies(self, birth_year: int | None, on: datetime.date) -> bool:
        """Whether the skill counts for someone born in ``birth_year`` on ``on``."""
        if birth_year is None or not self.min_age:
            return True
        return on.year - birth_year >= self.min_age

    def applies_from(self, birth_year: int | None) -> datetime.date | None:
        """The first day the skill counts for someone born in ``birth_year``.

        None when it counts at every age (or the birth year is unknown).
        """
        if birth_year is None or not self.min_age:
            return None
        return datetime.date(birth_year + self.min_age, 1, 1)

    def min_birth_year(self, on: datetime.date) -> int:
        """The latest birth year for whom the skill counts on ``on``."""
        return on.year - self.min_age


M = MilestoneKind
SMARTPHONE = Skill("smartphone", _("Uses a smartphone"), frozenset({M.SMARTPHONE}), 18)
VNEID_L1 = Skill(
    "vneid_l1",
    _("VNeID account, level 1"),
    # Level 2 is level 1 with the identity checked at the police: it proves both.
    frozenset({M.VNEID_L1, M.VNEID_L2}),
)
VNEID_L2 = Skill("vneid_l2", _("VNeID account, level 2"), frozenset({M.VNEID_L2}), 14)
PAYMENT_ACCOUNT = Skill(
    "payment_account",
    _("Bank account or e-wallet"),
    frozenset({M.BANK_ACCOUNT, M.EWALLET}),
    15,
)
CASHLESS_PAYMENT = Skill(
    "cashless_payment", _("Pays without cash (QR)"), frozenset({M.CASHLESS_PAYMENT}), 15
)
ONLINE_PUBLIC_SERVICE = Skill(
    "online_public_service",
    _("Uses online public services"),
    frozenset({M.ONLINE_PUBLIC_SERVICE}),
    ADULT_AGE,
)
EHEALTH_BOOK = Skill(
    "ehealth_book", _("E-health book in VNeID"), frozenset({M.EHEALTH_BOOK})
)
SCAM_AWARENESS = Skill(
    "scam_awareness",
    _("Knows how to spot scams"),
    frozenset({M.SCAM_AWARENESS}),
    ADULT_AGE,
)
ONLINE_SHOPPING = Skill(
    "online_shopping", _("Shops online"), frozenset({M.ONLINE_SHOPPING}), ADULT_AGE
)
LOCAL_PLATFORM = Skill(
    "local_platform",
    _("Uses the province's digital platform"),
    frozenset({M.LOCAL_PLATFORM}),
    ADULT_AGE,
)
UNIVERSAL_SKILLS = Skill(
    "universal_skills",
    _("Reached basic digital skills"),
    frozenset({M.UNIVERSAL_SKILLS}),
)

SKILLS: dict[str, Skill] = {
    s.code: s
    for s in (
        SMARTPHONE,
        VNEID_L1,
        VNEID_L2,
        PAYMENT_ACCOUNT,
        CASHLESS_PAYMENT,
        ONLINE_PUBLIC_SERVICE,
        EHEALTH_BOOK,
        SCAM_AWARENESS,
        ONLINE_SHOPPING,
        LOCAL_PLATFORM,
        UNIVERSAL_SKILLS,
    )
}
# A person missing one of these (where it applies) is on the left-behind list.
KEY_SKILLS: tuple[Skill, ...] = (
    SMARTPHONE,
    VNEID_L2,
    CASHLESS_PAYMENT,
    ONLINE_PUBLIC_SERVICE,
)
# CV 3240/BTTTT-CĐSQG: each household should have a member with these five.
FIVE_BASIC_SKILLS: tuple[Skill, ...] = (
    ONLINE_PUBLIC_SERVICE,
    ONLINE_SHOPPING,
    CASHLESS_PAYMENT,
    SCAM_AWARENESS,
    LOCAL_PLATFORM,
)


@dataclass(frozen=True)
class SkillStatus:
    skill: Skill
    state: SkillState
    since: datetime.date | None = None  # the earliest fact that proves it


def skill_status(
    skill: Skill,
    *,
    birth_year: int | None,
    facts: Iterable[tuple[str, datetime.date]],
    register_says_smartphone: bool | None = None,
    register_date: datetime.date | None = None,
    on: datetime.date,
) -> SkillStatus:
    """Whether ``skill`` is held on ``on``, from (milestone kind, date) facts.

    Only facts dated on or before ``on`` count. The register's smartphone
    answer counts from ``register_date`` (when the person entered the register).
    """
    if not skill.applies(birth_year, on):
        return SkillStatus(skill, SkillState.NOT_APPLICABLE)
    dates = [day for kind, day in facts if kind in skill.proved_by and day <= on]
    if (
        skill is SMARTPHONE
        and register_says_smartphone
        and (register_date is None or register_date <= on)
    ):
        dates.append(register_date or on)
    if dates:
        return SkillStatus(skill, SkillState.HELD, min(dates))
    return SkillStatus(skill, SkillState.MISSING)


def person_skills(
    person,
    facts: Iterable[tuple[str, datetime.date]],
    *,
    on: datetime.date,
    skills: Iterable[Skill] | None = None,
) -> list[SkillStatus]:
    """The status of each skill for ``person`` (a Person) on ``on``."""
    facts = list(facts)
    register_date = timezone.localdate(person.created_at) if person.created_at else None
    return [
        skill_status(
            skill,
            birth_year=person.birth_year,
            facts=facts,
            register_says_smartphone=person.has_smartphone,
            register_date=register_date,
            on=on,
        )
        for skill in (skills if skills is not None else SKILLS.values())
    ]


# The same rule as a database filter on Person rows, for lists that cannot load
# every person's facts (the left-behind list, assignments, counts).


def applies_q(skill: Skill, *, on: datetime.date) -> Q:
    """Person rows for whom ``skill`` counts on ``on`` (``Skill.applies``)."""
    if not skill.min_age:
        return Q()
    return Q(birth_year__isnull=True) | Q(birth_year__lte=skill.min_birth_year(on))


def held_q(skill: Skill, *, on: datetime.date) -> Q:
    """Person rows holding ``skill`` on ``on`` (``skill_status`` says HELD)."""
    proved = Q(
        Exists(
            Milestone.objects.filter(
                person=OuterRef("pk"), kind__in=skill.proved_by, achieved_on__lte=on
            )
        )
    )
    if skill is SMARTPHONE:
        proved |= Q(has_smartphone=True, created_at__date__lte=on)
    return applies_q(skill, on=on) & proved


def missing_q(skill: Skill, *, on: datetime.date) -> Q:
    """Person rows for whom ``skill`` counts on ``on`` and is not held."""
    return applies_q(skill, on=on) & ~held_q(skill, on=on)


def missing_any_q(skills: Iterable[Skill], *, on: datetime.date) -> Q:
    """Person rows missing at least one of ``skills`` (where it applies)."""
    query = Q(pk__in=[])
    for skill in skills:
        query |= missing_q(skill, on=on)
    return query
