"""Figures kept current as facts arrive.

``Status`` is one row per person (and per household, for household
indicators): the spans of time during which the subject is in each
indicator's numerator and denominator, in which breakdown cells, and the
units it counts in (its hamlet, commune and province). It is recomputed from
the facts whenever they change (``services.statuses_refresh``).

``Rollup`` holds the sum of every subject's changes per unit, indicator,
breakdown cell and day: +1 on the day a subject enters a numerator or a
denominator, -1 on the day it leaves. A figure as of a day is the sum of the
rows up to that day, so a week, a month, a quarter or a year is read the same
way, and a dashboard costs a fixed number of queries whatever the number of
people. Hamlets keep the totals only; communes and provinces every cell.
"""

from django.db import models


class SubjectKind(models.TextChoices):
    PERSON = "person", "person"
    HOUSEHOLD = "household", "household"


class Status(models.Model):
    kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    subject_id = models.BigIntegerField()
    unit_path = models.CharField(max_length=255, db_index=True)
    # [[unit id, level], ...]: the hamlet (if any), the commune, the province.
    units = models.JSONField(default=list)
    # [[indicator, "num"|"den", "YYYY-MM-DD", "YYYY-MM-DD"|null, [cells]], ...]
    spans = models.JSONField(default=list)
    catalogue_version = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"], name="status_one_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"


class Rollup(models.Model):
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(max_length=10)
    cell = models.CharField(max_length=40)
    day = models.DateField()
    num = models.IntegerField(default=0)
    den = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "cell", "day"], name="rollup_one_per_key"
            )
        ]
        indexes = [models.Index(fields=["indicator", "cell", "unit", "day"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator} {self.cell} {self.day}"
