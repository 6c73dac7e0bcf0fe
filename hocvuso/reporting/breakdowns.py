"""The breakdowns of every indicator: which cells a person or household falls in.

A cell is a short key, ``"<dimension>:<value>"`` (``"sex:female"``,
``"age:60+"``), or ``"total"``. Most dimensions split the population into
cells that add up to the total (a *partition*: sex, age band, Kinh or
minority, disability, poverty, target group), so suppressing one small cell
forces a second one (complementary suppression). The area flags of a unit
(remote, coastal or island, ethnic-minority area) and the ethnic groups inside
"minority" are shown for the flagged cells only.

Age bands move with the years: a person counts in "15–35" until the
1 January of the year they turn 36 (birth year, not date of birth, is all
that is stored), so the bands are time spans (``age_spans``).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hocvuso.people.ethnicities import ETHNICITIES
from hocvuso.people.models import PovertyStatus, Sex, TargetGroup

TOTAL = "total"
KINH = "01"


@dataclass(frozen=True)
class Dimension:
    code: str
    label: object
    cells: tuple[tuple[str, object], ...]  # (cell key, label)
    partition: bool = True  # the cells add up to the total
    parent: str = TOTAL  # the cell the cells add up to
    households: bool = False  # also a breakdown of household indicators

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in self.cells)


AGE_BANDS = (("15-35", 15, 36), ("36-59", 36, 60), ("60+", 60, None))
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "sex",
        _("Sex"),
        (
            ("sex:female", Sex.FEMALE.label),
            ("sex:male", Sex.MALE.label),
            ("sex:unknown", _("Not recorded")),
        ),
    ),
    Dimension(
        "age",
        _("Age"),
        (
            ("age:under15", _("Under 15")),
            ("age:15-35", _("15 to 35")),
            ("age:36-59", _("36 to 59")),
            ("age:60+", _("60 and over")),
            ("age:unknown", _("Birth year not recorded")),
        ),
    ),
    Dimension(
        "ethnic",
        _("Ethnicity"),
        (
            ("ethnic:kinh", "Kinh"),
            ("ethnic:minority", _("Ethnic minorities")),
            ("ethnic:unknown", _("Not recorded")),
        ),
    ),
    Dimension(
        "ethgroup",
        _("Ethnic group"),
        tuple((f"ethgroup:{code}", name) for code, name in ETHNICITIES if code != KINH),
        parent="ethnic:minority",
    ),
    Dimension(
        "disability",
        _("Disability"),
        (
            ("disability:yes", _("With a disability")),
            ("disability:no", _("No disability recorded")),
        ),
    ),
    Dimension(
        "poverty",
        _("Household"),
        (
            ("poverty:poor", PovertyStatus.POOR.label),
            ("poverty:near_poor", PovertyStatus.NEAR_POOR.label),
            ("poverty:none", PovertyStatus.NONE.label),
            ("poverty:unknown", _("Not recorded")),
        ),
        households=True,
    ),
    Dimension(
        "area",
        _("Area"),
        (
            ("area:remote", _("Remote or mountain area")),
            ("area:coastal", _("Coastal or island area")),
            ("area:em", _("Ethnic-minority area")),
        ),
        partition=False,
        households=True,
    ),
    Dimension(
        "target",
        _("Target group"),
        tuple((f"target:{value}", label) for value, label in TargetGroup.choices),
    ),
)
DIMENSION_BY_CODE = {d.code: d for d in DIMENSIONS}
CELL_LABELS = {key: label for d in DIMENSIONS for key, label in d.cells}
# The groups the equity view compares with everyone else.
VULNERABLE_CELLS = (
    "sex:female",
    "age:60+",
    "ethnic:minority",
    "disability:yes",
    "poverty:poor",
    "poverty:near_poor",
    "area:remote",
    "area:coastal",
    "area:em",
)


def area_cells(units) -> list[str]:
    """The area flags of any of a subject's units (hamlet, commune, province)."""
    cells = []
    if any(u["is_remote"] for u in units):
        cells.append("area:remote")
    if any(u["is_coastal_island"] for u in units):
        cells.append("area:coastal")
    if any(u["is_ethnic_minority_area"] for u in units):
        cells.append("area:em")
    return cells


def person_cells(person, poverty_status: str, units) -> list[str]:
    """The cells that do not change with time, for one person."""
    if not person.ethnicity:
        ethnic = ["ethnic:unknown"]
    elif person.ethnicity == KINH:
        ethnic = ["ethnic:kinh"]
    else:
        ethnic = ["ethnic:minority", f"ethgroup:{person.ethnicity}"]
    return [
        f"sex:{person.sex or 'unknown'}",
        *ethnic,
        "disability:yes" if person.disabilities else "disability:no",
        f"poverty:{poverty_status or 'unknown'}",
        f"target:{person.target_group}",
        *area_cells(units),
    ]


def household_cells(poverty_status: str, units) -> list[str]:
    return [f"poverty:{poverty_status or 'unknown'}", *area_cells(units)]


def age_spans(
    birth_year: int | None,
) -> list[tuple[datetime.date | None, datetime.date | None, str]]:
    """(from, to, cell) spans of a person's age band; None is open-ended."""
    if birth_year is None:
        return [(None, None, "age:unknown")]
    spans: list[tuple[datetime.date | None, datetime.date | None, str]] = [
        (None, datetime.date(birth_year + 15, 1, 1), "age:under15")
    ]
    for name, low, high in AGE_BANDS:
        spans.append(
            (
                datetime.date(birth_year + low, 1, 1),
                datetime.date(birth_year + high, 1, 1) if high else None,
                f"age:{name}",
            )
        )
    return spans
