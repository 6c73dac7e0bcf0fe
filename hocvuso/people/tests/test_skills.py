import datetime

import pytest

from hocvuso.people.models import MilestoneKind
from hocvuso.people.skills import (
    CASHLESS_PAYMENT,
    SMARTPHONE,
    VNEID_L1,
    VNEID_L2,
    SkillState,
    skill_status,
)

DAY = datetime.date(2026, 12, 3)


def status(skill, birth_year=1960, facts=(), **kw):
    return skill_status(skill, birth_year=birth_year, facts=facts, on=DAY, **kw)


def test_a_fact_proves_the_skill_from_its_own_date():
    fact = (MilestoneKind.VNEID_L2, datetime.date(2026, 5, 1))
    held = status(VNEID_L2, facts=[fact])
    assert held.state == SkillState.HELD
    assert held.since == datetime.date(2026, 5, 1)
    before = skill_status(
        VNEID_L2, birth_year=1960, facts=[fact], on=datetime.date(2026, 4, 30)
    )
    assert before.state == SkillState.MISSING


def test_level_two_proves_level_one_too():
    fact = (MilestoneKind.VNEID_L2, datetime.date(2026, 5, 1))
    assert status(VNEID_L1, facts=[fact]).state == SkillState.HELD


@pytest.mark.parametrize(
    ("skill", "birth_year", "state"),
    [
        (VNEID_L2, DAY.year - 13, SkillState.NOT_APPLICABLE),
        (VNEID_L2, DAY.year - 14, SkillState.MISSING),
        (SMARTPHONE, DAY.year - 17, SkillState.NOT_APPLICABLE),
        (SMARTPHONE, DAY.year - 18, SkillState.MISSING),
        (CASHLESS_PAYMENT, DAY.year - 15, SkillState.MISSING),
        (VNEID_L1, DAY.year - 2, SkillState.MISSING),
        (SMARTPHONE, None, SkillState.MISSING),
    ],
)
def test_each_skill_follows_its_age_rule(skill, birth_year, state):
    assert status(skill, birth_year=birth_year).state == state


def test_the_register_answer_proves_a_smartphone_from_the_register_date():
    registered = datetime.date(2026, 1, 10)
    held = status(SMARTPHONE, register_says_smartphone=True, register_date=registered)
    assert (held.state, held.since) == (SkillState.HELD, registered)
    assert (
        status(SMARTPHONE, register_says_smartphone=False).state == SkillState.MISSING
    )
