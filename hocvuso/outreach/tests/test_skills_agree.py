"""One person, the same skills on every page that shows them (people/skills.py)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.people.models import MilestoneKind, MilestoneSource
from hocvuso.people.services import (
    household_register,
    milestone_record,
    person_register,
)

pytestmark = pytest.mark.django_db


class _SkillsBlock(HTMLParser):
    """Collects the skill codes inside the element marked ``data-skills=<id>``."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self, person_id: int):
        super().__init__()
        self.person_id = str(person_id)
        self.depth = 0  # > 0 while inside the block
        self.found = False
        self.held: set[str] = set()
        self.missing: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if not self.depth and values.get("data-skills") == self.person_id:
            self.found = True
            self.depth = 1
            return
        if self.depth:
            if tag not in self.VOID:
                self.depth += 1
            if "data-skill-held" in values:
                self.held.add(values["data-skill-held"])
            if "data-skill-missing" in values:
                self.missing.add(values["data-skill-missing"])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def skills_shown(html: str, person_id: int) -> tuple[set[str], set[str]]:
    """(held, missing) skill codes shown in the person's ``data-skills`` block."""
    parser = _SkillsBlock(person_id)
    parser.feed(html)
    assert parser.found, f"no skills block for person {person_id}"
    return parser.held, parser.missing


def test_the_same_person_shows_the_same_skills_on_every_page(
    client, binh_an, make_hamlet, make_staff
):
    hamlet = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    home = household_register(
        actor=None, unit=hamlet, address="Số 7", head_name="Nguyễn Thị Hoa"
    )
    # The register says she has a smartphone; no milestone says so.
    hoa = person_register(
        actor=None,
        unit=hamlet,
        household=home,
        full_name="Nguyễn Thị Hoa",
        birth_year=timezone.localdate().year - 45,
        has_smartphone=True,
    )
    milestone_record(
        actor=None,
        person=hoa,
        kind=MilestoneKind.VNEID_L1,
        achieved_on=timezone.localdate(),
        source=MilestoneSource.OFFICER,
    )
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ xã")
    client.force_login(officer)
    expected_missing = {"vneid_l2", "cashless_payment", "online_public_service"}

    person_page = client.get(reverse("people:person-detail", args=[hoa.pk]))
    held, missing = skills_shown(person_page.content.decode(), hoa.pk)
    assert held == {"smartphone", "vneid_l1"}
    assert missing == expected_missing

    household_page = client.get(reverse("people:household-detail", args=[home.pk]))
    assert skills_shown(household_page.content.decode(), hoa.pk) == (held, missing)

    outreach_page = client.get(reverse("outreach:household-status", args=[home.pk]))
    assert skills_shown(outreach_page.content.decode(), hoa.pk) == (held, missing)

    listed = client.get(reverse("outreach:left-behind") + f"?unit={binh_an.code}")
    assert skills_shown(listed.content.decode(), hoa.pk)[1] == missing
    # Her smartphone counts everywhere: the list does not call her "no smartphone".
    assert "smartphone" not in skills_shown(listed.content.decode(), hoa.pk)[1]
