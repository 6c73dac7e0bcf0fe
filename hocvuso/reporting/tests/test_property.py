"""Any sequence of facts leaves the incremental roll-ups equal to a full rebuild."""

import datetime
import uuid

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.people.models import MilestoneKind
from hocvuso.people.services import (
    consent_withdraw,
    household_register,
    milestone_record,
    person_register,
)
from hocvuso.reporting.models import Rollup
from hocvuso.reporting.services import rollups_rebuild

people = st.tuples(
    st.just("person"),
    st.integers(min_value=0, max_value=90),  # age
    st.sampled_from(["", "female", "male"]),
    st.integers(min_value=0, max_value=1),  # hamlet
    st.sampled_from(["", "poor", "near_poor"]),  # "" = no household
    st.sampled_from([None, True, False]),  # register: smartphone
    st.sampled_from(["", "01", "05"]),  # ethnicity
)
facts = st.tuples(
    st.just("milestone"),
    st.integers(min_value=0, max_value=30),  # which person (modulo)
    st.sampled_from(MilestoneKind.values),
    st.integers(min_value=0, max_value=500),  # days ago
)
withdrawals = st.tuples(
    st.just("withdraw"), st.integers(min_value=0, max_value=30), st.just("ethnicity")
)


@pytest.fixture
def hamlets(binh_an, make_hamlet):
    return [
        make_hamlet(binh_an, "Ấp Một", is_remote=True),
        make_hamlet(binh_an, "Ấp Hai", is_coastal_island=True),
    ]


def rows():
    return {
        (r.unit_id, r.indicator, r.cell, r.day): (r.num, r.den)
        for r in Rollup.objects.all()
        if r.num or r.den
    }


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.one_of(people, facts, withdrawals), min_size=1, max_size=25))
def test_incremental_roll_ups_equal_a_rebuild(hamlets, steps):
    run = uuid.uuid4().hex[:8]  # examples share the database: keep them apart
    today = timezone.localdate()
    made = []
    for n, step in enumerate(steps):
        if step[0] == "person":
            _, age, sex, hamlet, poverty, phone, ethnicity = step
            unit = hamlets[hamlet]
            household = None
            if poverty or n % 2:
                household = household_register(
                    actor=None,
                    unit=unit,
                    address=f"{run}-{n}",
                    head_name=f"Hộ {run} {n}",
                    poverty_status=poverty,
                    poverty_basis="official_register" if poverty else "",
                )
            made.append(
                person_register(
                    actor=None,
                    unit=unit,
                    household=household,
                    full_name=f"Người {run} {n}",
                    birth_year=today.year - age,
                    sex=sex,
                    has_smartphone=phone,
                    ethnicity=ethnicity,
                    consent_basis="official_register" if ethnicity else "",
                )
            )
        elif made and step[0] == "milestone":
            _, who, kind, ago = step
            person = made[who % len(made)]
            on = max(
                today - datetime.timedelta(days=ago),
                datetime.date(person.birth_year, 1, 1),
            )
            milestone_record(
                actor=None, person=person, kind=kind, achieved_on=on, source="visit"
            )
        elif made and step[0] == "withdraw":
            consent_withdraw(
                actor=None, person=made[step[1] % len(made)], category=step[2]
            )
    incremental = rows()
    rollups_rebuild()
    assert rows() == incremental
