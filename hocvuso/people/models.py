"""Households, people and the facts about their digital life.

A Household lives in a hamlet (or directly in a commune when the hamlet is not
known); a Person usually belongs to one. Both keep ``unit_path``, the path of
their unit, so scoping by a subtree is one indexed prefix query.

Minimum data: a birth year, not a date; the national ID number (CCCD) only as
a keyed hash for de-duplication; never any VNeID, bank or OTP credential.
Sensitive attributes (ethnicity, disability, poverty) are optional and stored
only under a Consent that names their category; only roles with the
``view_sensitive`` capability see them.

A Milestone is an append-only fact ("has VNeID level 2 since 3/9/2025, done
with help, recorded by X at a door-to-door visit"). Facts are added, never
edited; a mistake is corrected by a new fact.

An ImportJob is one upload of a resident list, with its progress and the
report of every rejected row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel
from hocvuso.people.ethnicities import ETHNICITIES


class SensitiveCategory(models.TextChoices):
    ETHNICITY = "ethnicity", _("Ethnicity")
    DISABILITY = "disability", _("Disability")
    POVERTY = "poverty", _("Poor or near-poor household")
    HEALTH = "health", _("Health")


class ConsentBasis(models.TextChoices):
    CONSENT = "consent", _("The person's own consent")
    OFFICIAL_REGISTER = "official_register", _("Commune's official register")


class Consent(TimeStampedModel):
    """The legal basis that lets sensitive categories of one person be stored."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="consents"
    )
    categories = models.JSONField(default=list)
    basis = models.CharField(max_length=20, choices=ConsentBasis.choices)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person_id}: {', '.join(self.categories)} ({self.basis})"


class PovertyStatus(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    NONE = "none", _("Not poor")
    NEAR_POOR = "near_poor", _("Near-poor household")
    POOR = "poor", _("Poor household")


class Household(TimeStampedModel):
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="households"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    code = models.CharField(_("household code"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    head = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    head_name_folded = models.CharField(max_length=150, blank=True, db_index=True)
    poverty_status = models.CharField(
        _("poverty status"), max_length=10, choices=PovertyStatus.choices, blank=True
    )
    # Same unit + same key = same household: makes re-imports idempotent.
    dedupe_key = models.CharField(max_length=64, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "dedupe_key"], name="household_unique_key_per_unit"
            )
        ]

    def __str__(self) -> str:
        return self.address or self.code or f"#{self.pk}"


class Sex(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class TargetGroup(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STUDENT = "student", _("Pupil or student")
    CIVIL_SERVANT = "civil_servant", _("Official or public employee")
    ENTERPRISE_WORKER = "enterprise_worker", _("Enterprise or cooperative worker")


class Disability(models.TextChoices):
    VISION = "vision", _("Seeing")
    HEARING = "hearing", _("Hearing or speaking")
    MOBILITY = "mobility", _("Moving")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    VI = "vi", "Tiếng Việt"
    KM = "km", "ភាសាខ្មែរ"
    EN = "en", "English"
    OTHER = "other", _("Other")


class Person(TimeStampedModel):
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="people"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone number"), max_length=15, blank=True)
    relation_to_head = models.CharField(
        _("relation to head"), max_length=40, blank=True
    )
    target_group = models.CharField(
        _("target group"),
        max_length=20,
        choices=TargetGroup.choices,
        default=TargetGroup.CITIZEN,
    )
    has_smartphone = models.BooleanField(_("has a smartphone"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default="vi"
    )
    # Sensitive: stored only under a Consent naming the category.
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=ETHNICITIES, blank=True
    )
    disabilities = models.JSONField(_("disabilities"), default=list, blank=True)
    # HMAC-SHA256 of the 12-digit CCCD number; the number itself is never kept.
    national_id_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    dedupe_key = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "dedupe_key"], name="person_unique_key_per_unit"
            )
        ]
        indexes = [models.Index(fields=["unit_path", "name_folded"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def age(self) -> int | None:
        """Age reached this year; None without a birth year."""
        if self.birth_year is None:
            return None
        from django.utils import timezone

        return timezone.localdate().year - self.birth_year

    @property
    def ethnicity_name(self) -> str:
        return dict(ETHNICITIES).get(self.ethnicity, "")

    @property
    def disability_labels(self) -> list[str]:
        labels = dict(Disability.choices)
        return [str(labels.get(d, d)) for d in self.disabilities]


class MilestoneKind(models.TextChoices):
    SMARTPHONE = "smartphone", _("Uses a smartphone")
    VNEID_L1 = "vneid_l1", _("VNeID account, level 1")
    VNEID_L2 = "vneid_l2", _("VNeID account, level 2")
    BANK_ACCOUNT = "bank_account", _("Bank account on the phone")
    EWALLET = "ewallet", _("E-wallet")
    CASHLESS_PAYMENT = "cashless_payment", _("Paid without cash (QR)")
    ONLINE_PUBLIC_SERVICE = "online_public_service", _("Used an online public service")
    EHEALTH_BOOK = "ehealth_book", _("E-health book in VNeID")
    SCAM_AWARENESS = "scam_awareness", _("Knows how to spot scams")
    ONLINE_SHOPPING = "online_shopping", _("Shopped online")
    LOCAL_PLATFORM = "local_platform", _("Uses the province's digital platform")
    COURSE_CERTIFICATE = "course_certificate", _("Completed a course")
    UNIVERSAL_SKILLS = "universal_skills", _("Reached basic digital skills")


class MilestoneSource(models.TextChoices):
    IMPORT = "import", _("Resident list")
    OFFICER = "officer", _("Recorded by an officer")
    VISIT = "visit", _("Door-to-door visit")
    CLASS = "class", _("Community class")
    ASSESSMENT = "assessment", _("Assessment")
    SELF_REPORT = "self_report", _("Told by the person")


class Assistance(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    ALONE = "alone", _("Did it alone")
    WITH_HELP = "with_help", _("Did it with help")


class Milestone(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(
        _("milestone"), max_length=30, choices=MilestoneKind.choices
    )
    achieved_on = models.DateField(_("date"))
    source = models.CharField(
        _("source"), max_length=20, choices=MilestoneSource.choices
    )
    assistance = models.CharField(
        _("how"), max_length=10, choices=Assistance.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Made by the client (a phone offline); a retried request finds it and stops.
    request_id = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["achieved_on", "id"]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.achieved_on}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class ImportJob(TimeStampedModel):
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    file_name = models.CharField(max_length=255)
    stored_file = models.CharField(max_length=500, blank=True)
    dry_run = models.BooleanField(default=False)
    all_or_nothing = models.BooleanField(default=False)
    # The officer confirmed creating the hamlets the file names that the
    # commune lacks.
    create_hamlets = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_people = models.PositiveIntegerField(default=0)
    created_households = models.PositiveIntegerField(default=0)
    skipped_duplicates = models.PositiveIntegerField(default=0)
    # Rows with at least one error (a row can have several), as the summary says.
    rejected_rows = models.PositiveIntegerField(default=0)
    # [{"row": 7, "column": "Năm sinh", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)
    # {"new": [NewHamlet.as_dict()], "created": bool, "loose": [...]}
    hamlets = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
