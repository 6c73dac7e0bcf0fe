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
from django.utils.translation import gettext_lazy as _

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


class Method(models.TextChoices):
    OBSERVED = "observed", _("Observed task")
    QUIZ = "quiz", _("Quiz")
    SIMULATOR = "simulator", _("Practice simulator")
    EXTERNAL = "external", _("External evidence")


# Only these methods may count towards "đạt phổ cập": a quiz or a simulator
# shows progress, but someone must have seen the person do the real task.
COUNTING_METHODS = frozenset({Method.OBSERVED, Method.EXTERNAL})


class Assisted(models.TextChoices):
    ALONE = "alone", _("Did it alone")
    WITH_HELP = "with_help", _("Did it with help")


class CompetenceResult(models.Model):
    """A person showed a competence at a level, checked by one method. Append-only."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="competence_results"
    )
    competence = models.ForeignKey(
        "learning.Competence", on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        "learning.Task",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    assisted = models.CharField(_("how"), max_length=10, choices=Assisted.choices)
    on = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    request_id = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "competence"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.competence_id} L{self.level} {self.method}"

    @property
    def counts(self) -> bool:
        return self.method in COUNTING_METHODS

    @property
    def effective_level(self) -> int:
        """Level 2 and up mean "alone": a task done with help shows level 1."""
        if self.assisted == Assisted.WITH_HELP:
            return min(self.level, 1)
        return self.level


class Moment(models.TextChoices):
    BEFORE = "before", _("Before learning")
    AFTER = "after", _("After learning")


class Confidence(models.IntegerChoices):
    WORRIED = 1, _("Not sure yet")
    OKAY = 2, _("A little sure")
    SURE = 3, _("Sure")


class ConfidenceRating(models.Model):
    """The learner's own answer, three faces, before or after learning."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="confidence_ratings"
    )
    moment = models.CharField(max_length=10, choices=Moment.choices)
    value = models.PositiveSmallIntegerField(choices=Confidence.choices)
    # What the answer is about: a course slug, a class, "general".
    context = models.CharField(max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.moment} {self.value}"


class UniversalSource(models.TextChoices):
    LOCAL = "local", _("Local assessment")
    NATIONAL_PLATFORM = "national_platform", _("Certificate from the national platform")
    VNEID = "vneid", _("Confirmation in VNeID")


class UniversalEvidence(models.Model):
    """Someone else confirmed "đạt phổ cập": what a staff member saw, and when."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="universal_evidence"
    )
    source = models.CharField(max_length=20, choices=UniversalSource.choices)
    evidence = models.CharField(_("evidence seen"), max_length=255)
    achieved_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["achieved_on", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.source} {self.achieved_on}"


class Certificate(TimeStampedModel):
    """Our record that a person completed a course (not the official confirmation)."""

    code = models.CharField(max_length=12, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField()
    # The learner's commune when issued; kept even if the person moves.
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_certificate_per_person_course",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:8]}-{self.code[8:]}"


class LessonProgress(models.Model):
    """A signed-in learner completed a lesson; its quick checks graded on the server."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "learning.Lesson", on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField()
    # {"<check block id>": chosen option index}
    answers = models.JSONField(default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "lesson"], name="one_progress_per_person_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.lesson_id}"
