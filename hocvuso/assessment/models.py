"""Learners' sign-in, what they can do, and the records that say so.

A learner is a ``people.Person``; there is no staff account behind them.
They sign in with their phone number and a 6-digit PIN (``LearnerPin``, kept
only as a password hash), or with a printed ``SignInCard`` whose QR code
holds a random token (kept only as a SHA-256 hash). A volunteer sets the PIN
or prints the card; a card is revoked, never deleted.

A ``CompetenceResult`` says that a person showed one competence of the
framework at one level, how it was checked (observed by a volunteer or
instructor, a quiz, a simulator, or external evidence) and whether alone or
with help. Results are appended, never edited. ``ConfidenceRating`` is the
learner's own "three faces" answer before and after learning.

``UniversalEvidence`` records that a person reached "đạt phổ cập kỹ năng số"
according to someone else (a certificate of the national platform, a
confirmation in VNeID), with the evidence a staff member saw. The status
itself is computed (``selectors.universal_status``), never stored.

A ``Certificate`` is this platform's local record of completing a course,
with a public code that ``/verify/<code>`` checks; it is not the official
confirmation. ``LessonProgress`` keeps the lessons a signed-in learner
completed, graded again on the server.
"""

from django.conf import settings
from django.db import models

from hocvuso.core.models import TimeStampedModel


class LearnerPin(TimeStampedModel):
    """The hash of a learner's 6-digit PIN; one per person."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="learner_pin"
    )
    pin_hash = models.CharField(max_length=256)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"PIN of {self.person_id}"


class SignInCardQuerySet(models.QuerySet):
    def active(self) -> "SignInCardQuerySet":
        return self.filter(revoked_at__isnull=True)


class SignInCard(TimeStampedModel):
    """A printed QR card that signs one person in; the token is kept as a hash."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="sign_in_cards"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = SignInCardQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"card {self.pk} of {self.person_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
