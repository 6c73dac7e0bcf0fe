"""The indicator catalogue: what each figure counts, over which people, and why.

The catalogue is data, not code paths: each ``Indicator`` names the skill of
``people/skills.py`` that proves its numerator (the one rule for a person's
skills, with its milestone kinds and its age rule), the population of its
denominator, and the reference target with its source. ``CATALOGUE_VERSION``
grows whenever a definition changes, so a figure can say which definitions it
was computed with; ``hocvuso rollups rebuild`` recomputes every figure after a
change. ``docs/indicators.md`` lists the same entries for readers.

Figures are counted per person (or per household for I8) from the facts'
own dates, so a figure can be read "as of" any day; see ``rules.py``.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from hocvuso.people import skills
from hocvuso.people.models import TargetGroup
from hocvuso.people.skills import Skill

CATALOGUE_VERSION = 1


class Population(StrEnum):
    PEOPLE = "people"
    HOUSEHOLDS = "households"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: object  # lazy translation (vi, km in the app's catalogue; English source)
    numerator: object
    denominator: object
    population: Population
    # The skills whose holding puts a subject in the numerator (all of them for
    # a household: one member holding every skill).
    skills: tuple[Skill, ...]
    # Age from which a person counts: the skill's own rule unless the
    # indicator's definition is narrower (e.g. "adults" for I9).
    min_age: int | None = None
    # The numerator holds for this many days from each fact (a payment in the
    # last 30 days); None: from the first fact on.
    window_days: int | None = None
    # Only people of these target groups count (I10); empty: everyone.
    target_groups: frozenset[str] = field(default_factory=frozenset)
    target: float | None = None  # reference target, a share (0.8 = 80 %)
    target_source: str = ""
    version: int = 1

    @property
    def age(self) -> int:
        own = max((s.min_age for s in self.skills), default=0)
        return max(own, self.min_age or 0)


ADULTS = skills.ADULT_AGE
CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "I1",
        _("Adults with a smartphone"),
        _("adults who use a smartphone (milestone or the resident register)"),
        _("adults (18 and over)"),
        Population.PEOPLE,
        (skills.SMARTPHONE,),
        target=0.8,
        target_source="QĐ 411/QĐ-TTg (2022): 80 % by 2025",
    ),
    Indicator(
        "I2a",
        _("VNeID account, level 1"),
        _("people with a VNeID account of level 1 or 2"),
        _("everyone"),
        Population.PEOPLE,
        (skills.VNEID_L1,),
        target_source="Đề án 06; Mỗi công dân – một danh tính số",
    ),
    Indicator(
        "I2b",
        _("VNeID account, level 2"),
        _("people with a VNeID account of level 2"),
        _("people aged 14 and over (Decree 69/2024)"),
        Population.PEOPLE,
        (skills.VNEID_L2,),
        target_source="Đề án 06; Mỗi công dân – một danh tính số",
    ),
    Indicator(
        "I3a",
        _("Bank account or e-wallet"),
        _("people with a bank account or an e-wallet"),
        _("people aged 15 and over"),
        Population.PEOPLE,
        (skills.PAYMENT_ACCOUNT,),
        target=0.8,
        target_source="QĐ 411/QĐ-TTg (2022): 80 % by 2025",
    ),
    Indicator(
        "I3b",
        _("Paid without cash in the last 30 days"),
        _("people who paid without cash (QR) in the 30 days up to the date"),
        _("people aged 15 and over"),
        Population.PEOPLE,
        (skills.CASHLESS_PAYMENT,),
        window_days=30,
    ),
    Indicator(
        "I4",
        _("Used an online public service"),
        _("adults who have used an online public service"),
        _("adults (18 and over)"),
        Population.PEOPLE,
        (skills.ONLINE_PUBLIC_SERVICE,),
        target=0.8,
        target_source="QĐ 411/QĐ-TTg: 80 % of dossiers online",
    ),
    Indicator(
        "I5",
        _("E-health book in VNeID"),
        _("people with the e-health book in VNeID"),
        _("everyone"),
        Population.PEOPLE,
        (skills.EHEALTH_BOOK,),
        target=1.0,
        target_source="Đề án 06: 100 % by 2030",
    ),
    Indicator(
        "I8",
        _("Households with a member holding the five basic skills"),
        _("households where one adult member holds all five basic skills"),
        _("households"),
        Population.HOUSEHOLDS,
        skills.FIVE_BASIC_SKILLS,
        target_source="CV 3240/BTTTT-CĐSQG (2024)",
    ),
    Indicator(
        "I9",
        _("Adults who reached basic digital skills"),
        _("adults “đạt phổ cập kỹ năng số” (assessed or confirmed)"),
        _("adults (18 and over)"),
        Population.PEOPLE,
        (skills.UNIVERSAL_SKILLS,),
        min_age=ADULTS,
        target=0.8,
        target_source="Kế hoạch 01: 80 % (2025), 100 % (2026)",
    ),
    Indicator(
        "I10",
        _("Target groups who reached basic digital skills"),
        _("officials, pupils and workers “đạt phổ cập kỹ năng số”"),
        _("officials, pupils or students, enterprise or cooperative workers"),
        Population.PEOPLE,
        (skills.UNIVERSAL_SKILLS,),
        target_groups=frozenset(
            {
                TargetGroup.CIVIL_SERVANT,
                TargetGroup.STUDENT,
                TargetGroup.ENTERPRISE_WORKER,
            }
        ),
        target=1.0,
        target_source="Kế hoạch 01: 100 % of officials and pupils",
    ),
)
INDICATORS: dict[str, Indicator] = {i.code: i for i in CATALOGUE}
PERSON_INDICATORS = tuple(i for i in CATALOGUE if i.population == Population.PEOPLE)
HOUSEHOLD_INDICATORS = tuple(
    i for i in CATALOGUE if i.population == Population.HOUSEHOLDS
)
