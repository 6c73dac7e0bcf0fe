"""The Đại lý số network: digital agents and the help they give.

A DigitalAgent is a place or a person where residents get help with a
digital service: a shop, a post office, a telecom point, a bank agent, a
trained person. It belongs to a commune (``commune``) and sits in one of its
hamlets or in the commune itself (``unit``); it has an address, opening
hours, optional coordinates and a contact, and offers some services.

Provinces name and define the network differently, so the kinds of agent
(AgentKind) and the services (AgentService) are data, not code: rows with no
province are the national defaults, and a province adds its own rows or
hides a default with a row of the same code marked inactive.

A HelpLog is the number of people an agent helped with one service on one
day: one row per (agent, service, day), so a form sent twice sets the same
count again instead of adding to it.

A HamletCentre is a hamlet's reference point (its cultural house, say), so
the public page can put the nearest agents first for a visitor who names a
hamlet, without asking the phone for its location.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class CatalogueQuerySet(models.QuerySet):
    def for_province(self, province_id: int | None) -> "CatalogueQuerySet":
        """The national defaults and the province's own rows."""
        return self.filter(Q(province__isnull=True) | Q(province_id=province_id))


class CatalogueEntry(TimeStampedModel):
    province = models.ForeignKey(
        "geography.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a national default.",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class AgentKind(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = _("kind of digital agent")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code"], name="agent_kind_code_per_province"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(province__isnull=True),
                name="agent_kind_default_code",
            ),
        ]


class AgentService(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = _("digital agent service")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code"], name="agent_service_code_per_province"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(province__isnull=True),
                name="agent_service_default_code",
            ),
        ]


class DigitalAgentQuerySet(models.QuerySet):
    def within(self, path: str) -> "DigitalAgentQuerySet":
        return self.filter(unit_path__under=path)

    def active(self) -> "DigitalAgentQuerySet":
        return self.filter(is_active=True)


class DigitalAgent(TimeStampedModel):
    commune = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="digital_agents"
    )
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("name of the agent"), max_length=150)
    kind = models.ForeignKey(
        AgentKind, on_delete=models.PROTECT, verbose_name=_("kind")
    )
    services = models.ManyToManyField(
        AgentService, related_name="agents", verbose_name=_("services")
    )
    address = models.CharField(_("address"), max_length=255)
    opening_hours = models.CharField(_("opening hours"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=15, blank=True)
    # The agent's own sign-in, so the agent can log the help given.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="digital_agents",
    )
    is_active = models.BooleanField(_("open to the public"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = DigitalAgentQuerySet.as_manager()

    class Meta:
        ordering = ["commune_id", "name", "id"]
        verbose_name = _("digital agent")

    def __str__(self) -> str:
        return self.name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class HamletCentre(TimeStampedModel):
    unit = models.OneToOneField(
        "geography.Unit", on_delete=models.PROTECT, related_name="agent_centre"
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("hamlet reference point")

    def __str__(self) -> str:
        return str(self.unit)


class HelpLog(TimeStampedModel):
    agent = models.ForeignKey(
        DigitalAgent, on_delete=models.CASCADE, related_name="help_logs"
    )
    service = models.ForeignKey(AgentService, on_delete=models.PROTECT)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("people helped"))
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-day", "agent_id", "service_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "service", "day"], name="one_help_log_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} · {self.service} · {self.day}: {self.count}"
