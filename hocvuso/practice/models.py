"""Practice attempts: one finished run of a simulator by a signed-in learner.

A simulator (``Simulator``) is a safe mock of a real service; each has named
scenarios. A run ends completed or not, with the codes of the mistakes made
(for example ``paid_wrong_recipient``). Runs by people who are not signed in
stay on their device; a signed-in learner's device sends each run once with a
client id, so a retry never stores it twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class Simulator(models.TextChoices):
    VIETQR_PAY = "vietqr-pay", _("Pay by VietQR")
    PUBLIC_SERVICE = "public-service", _("Online public service")
    SPOT_SCAM = "spot-scam", _("Spot the scam")
    VNEID = "vneid", _("VNeID digital identity")


class PracticeAttemptQuerySet(models.QuerySet):
    def of(self, person):
        return self.filter(person=person)


class PracticeAttempt(TimeStampedModel):
    client_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="practice_attempts",
    )
    simulator = models.CharField(max_length=20, choices=Simulator.choices)
    scenario = models.CharField(max_length=40)
    completed = models.BooleanField()
    mistakes = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField()

    objects = PracticeAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-finished_at", "-id"]
        indexes = [models.Index(fields=["person", "simulator"])]

    def __str__(self) -> str:
        return f"{self.simulator}/{self.scenario} {self.client_id}"

    @property
    def passed(self) -> bool:
        return self.completed and not self.mistakes
