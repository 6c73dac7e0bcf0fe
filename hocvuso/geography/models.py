"""The administrative map, province down to hamlet.

Since 1 July 2025 Vietnam has two tiers of local government: 34 provinces
(tỉnh, thành phố trực thuộc trung ương) and 3,321 commune-level units (xã,
phường, đặc khu). Below a commune the self-managed communities (ấp, khóm,
khu phố, tổ dân phố, thôn, bản) are kept here too, created by officers or
imported, because outreach and the left-behind list work hamlet by hamlet.

Every Unit stores a materialised ``path`` ("/91/30742/30742-003/") so a
subtree is one indexed prefix query. Units are never deleted: a merged or
split unit is closed with ``valid_to`` and points at its ``successor``.
Official codes keep the data version they came from.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally-run city")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    HAMLET = "hamlet", _("Hamlet (ấp)")
    VILLAGE = "village", _("Village (thôn)")
    MOUNTAIN_VILLAGE = "mountain_village", _("Village (bản)")
    QUARTER = "quarter", _("Quarter (khu phố)")
    KHOM = "khom", _("Quarter (khóm)")
    RESIDENTIAL_GROUP = "residential_group", _("Residential group (tổ dân phố)")


PROVINCE_KINDS = {UnitKind.PROVINCE, UnitKind.CITY}
COMMUNE_KINDS = {UnitKind.WARD, UnitKind.COMMUNE, UnitKind.SPECIAL_ZONE}
LOCAL_KINDS = {
    UnitKind.HAMLET,
    UnitKind.VILLAGE,
    UnitKind.MOUNTAIN_VILLAGE,
    UnitKind.QUARTER,
    UnitKind.KHOM,
    UnitKind.RESIDENTIAL_GROUP,
}


def level_of(kind: str) -> int:
    if kind in PROVINCE_KINDS:
        return 1
    if kind in COMMUNE_KINDS:
        return 2
    return 3


class UnitQuerySet(models.QuerySet):
    def within(self, path: str) -> "UnitQuerySet":
        """Units in the subtree rooted at ``path``, the root included."""
        return self.filter(path__under=path)

    def active_on(self, day: datetime.date) -> "UnitQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )

    def active(self) -> "UnitQuerySet":
        return self.filter(valid_to__isnull=True)


class Unit(TimeStampedModel):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    data_version = models.CharField(
        max_length=80, blank=True, help_text="Source and version of an official code."
    )
    is_remote = models.BooleanField(_("remote or mountain area"), default=False)
    is_coastal_island = models.BooleanField(_("coastal or island area"), default=False)
    is_ethnic_minority_area = models.BooleanField(
        _("ethnic-minority area"), default=False
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "name_folded"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.valid_to is not None

    @property
    def is_local(self) -> bool:
        return self.kind in LOCAL_KINDS

    @property
    def path_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]
