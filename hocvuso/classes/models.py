"""Weekly community classes: series, sessions, registration and attendance.

A ClassSeries is one recurring class of a commune or ward (or one of its
hamlets): where it meets (venue), when (a weekday, a start time, a length),
for whom (older people, people with one disability, a target group, speakers
of a minority language), what it teaches (topics mapped to framework
competences and lessons), who organises it and who teaches. ``commune`` is the
commune-level unit the series belongs to even when it meets in a hamlet: the
public calendar and the "a class every week" rule are per commune.

Sessions are generated from the series week by week, one per scheduled date
(``scheduled_on`` is unique per series, so generating again adds nothing). A
session can be moved or cancelled; the reason is kept and shown to the people
registered.

A Registration holds a person's place in a series; when the series is full
new registrations wait, priority flags first, and the first waiting person
moves up when someone cancels.

An Attendance is one person present at one session, however it was taken
(roster tick, sign-in card scan, the session's QR opened by the learner, or a
walk-in added on the spot). ``client_id`` is made on the device so a sync sent
twice stores it once; (session, person) is unique so two ways of ticking the
same person never count twice. It carries the three-faces confidence before
and after, a follow-up note, and the observed task checks (TaskCheck).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class VenueKind(models.TextChoices):
    CULTURAL_HOUSE = "cultural_house", _("Cultural house")
    COMMUNE_HALL = "commune_hall", _("Commune hall")
    SCHOOL = "school", _("School")
    SERVICE_CENTRE = "service_centre", _("Public administration service centre")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other place")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    OLDER_PEOPLE = "older_people", _("Older people")
    DISABILITY = "disability", _("People with a disability")
    TARGET_GROUP = "target_group", _("A target group")
    LANGUAGE = "language", _("Speakers of an ethnic-minority language")


class MinorityLanguage(models.TextChoices):
    KHMER = "km", _("Khmer")
    CHAM = "cjm", _("Cham")
    HOA = "zh", _("Chinese (Hoa)")
    OTHER = "other", _("Another language")


def audience_details() -> dict[str, list[tuple[str, str]]]:
    """The groups that refine each audience (a disability, a target group, a
    language); other audiences take none."""
    from hocvuso.people.models import Disability, TargetGroup

    return {
        Audience.DISABILITY: Disability.choices,
        Audience.TARGET_GROUP: TargetGroup.choices,
        Audience.LANGUAGE: MinorityLanguage.choices,
    }


class Adaptation(models.TextChoices):
    SIGN_LANGUAGE = "sign_language", _("Sign-language interpreter")
    LARGE_PRINT = "large_print", _("Large print")
    SCREEN_READER = "screen_reader", _("Screen reader")
    KHMER_INTERPRETER = "khmer_interpreter", _("Khmer interpreter")
    STEP_FREE = "step_free", _("Step-free access")
    SLOW_PACE = "slow_pace", _("Slow pace, one step at a time")


class Organiser(models.TextChoices):
    RESIDENTIAL_GROUP = "residential_group", _("Residential group")
    DIGITAL_TEAM = "digital_team", _("Community digital-technology team")
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    COMPANY = "company", _("Digital-technology company")
    ASSOCIATION = "association", _("Association")
    COMMUNE = "commune", _("Commune People's Committee")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ClassSeries(TimeStampedModel):
    commune = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="class_series"
    )
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    title = models.CharField(_("name of the class"), max_length=150)
    venue_kind = models.CharField(
        _("kind of venue"), max_length=20, choices=VenueKind.choices
    )
    venue_name = models.CharField(_("venue"), max_length=150)
    venue_address = models.CharField(_("address"), max_length=255, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length in minutes"), default=90
    )
    starts_on = models.DateField(_("first week from"))
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    audience = models.CharField(
        _("who the class is for"),
        max_length=20,
        choices=Audience.choices,
        default="everyone",
    )
    # Refines the audience: a people.Disability, a people.TargetGroup, a
    # people.Language code.
    audience_detail = models.CharField(max_length=30, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    competence_codes = models.JSONField(default=list, blank=True)
    lesson_refs = models.JSONField(default=list, blank=True)  # "course/lesson"
    organisers = models.JSONField(default=list, blank=True)  # Organiser values
    partner_names = models.CharField(
        _("names of the organisations"), max_length=255, blank=True
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="classes_taught"
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=30)
    accessibility_notes = models.TextField(_("access to the venue"), blank=True)
    adaptations = models.JSONField(default=list, blank=True)  # Adaptation values
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["commune_id", "weekday", "start_time", "id"]
        verbose_name_plural = "class series"

    def __str__(self) -> str:
        return self.title

    @property
    def audience_label(self) -> str:
        """The audience with its group: "People with a disability (Hearing…)"."""
        label = str(self.get_audience_display())
        detail = dict(audience_details().get(self.audience, [])).get(
            self.audience_detail
        )
        return f"{label} ({detail})" if detail else label

    @property
    def organiser_labels(self) -> list[str]:
        labels = dict(Organiser.choices)
        return [str(labels.get(o, o)) for o in self.organisers]

    @property
    def adaptation_labels(self) -> list[str]:
        labels = dict(Adaptation.choices)
        return [str(labels.get(a, a)) for a in self.adaptations]


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")


class SessionQuerySet(models.QuerySet):
    def upcoming(self, since) -> "SessionQuerySet":
        """Sessions starting at or after ``since``."""
        return self.filter(starts_at__gte=since)

    def within(self, path: str) -> "SessionQuerySet":
        return self.filter(unit_path__under=path)


class Session(TimeStampedModel):
    series = models.ForeignKey(
        ClassSeries, on_delete=models.CASCADE, related_name="sessions"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    # The date the weekly schedule gave; it stays when the session is moved.
    scheduled_on = models.DateField()
    starts_at = models.DateTimeField(db_index=True)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    change_reason = models.CharField(_("reason"), max_length=255, blank=True)
    lessons_covered = models.JSONField(default=list, blank=True)  # "course/lesson"
    notes = models.CharField(_("what was covered"), max_length=500, blank=True)
    # Printed as the session's QR: attendees open it to mark themselves present.
    checkin_token = models.CharField(max_length=32, unique=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "scheduled_on"], name="one_session_per_series_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.scheduled_on}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_before_its_day(self) -> bool:
        """Attendance opens on the session's day (local time), not before."""
        return timezone.localtime(self.starts_at).date() > timezone.localdate()

    def shown_status(self, present: int | None = None) -> str:
        """The status a person reads: a session whose day has passed is no
        longer "planned" but held (someone attended) or not recorded."""
        if self.is_cancelled or timezone.localtime(self.starts_at).date() >= (
            timezone.localdate()
        ):
            return self.get_status_display()
        if present is None:
            present = getattr(self, "present", None)
        if present:
            return str(_("Held"))
        return str(_("Attendance not recorded"))

    @property
    def status_label(self) -> str:
        """``shown_status`` for templates (uses a ``present`` annotation)."""
        return self.shown_status()


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.TextChoices):
    OLDER = "older", _("Older person (60 or more)")
    DISABILITY = "disability", _("Person with a disability")
    POOR = "poor", _("Poor or near-poor household")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minority")
    REMOTE = "remote", _("Remote area")


class Registration(TimeStampedModel):
    series = models.ForeignKey(
        ClassSeries, on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="class_registrations"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    priority = models.JSONField(default=list, blank=True)  # Priority values
    by_learner = models.BooleanField(default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "person"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.series_id} ({self.status})"

    @property
    def priority_labels(self) -> list[str]:
        labels = dict(Priority.choices)
        return [str(labels.get(p, p)) for p in self.priority]


class AttendanceMethod(models.TextChoices):
    ROSTER = "roster", _("Roster tick")
    CARD = "card", _("Sign-in card scan")
    SESSION_QR = "session_qr", _("Session QR opened by the learner")
    WALK_IN = "walk_in", _("Walk-in")


class Confidence(models.IntegerChoices):
    LOW = 1, _("Not confident")
    SOME = 2, _("A little confident")
    HIGH = 3, _("Confident")


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="class_attendances"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    method = models.CharField(max_length=12, choices=AttendanceMethod.choices)
    # Made by the device; a retried sync finds it and stores nothing new.
    client_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    confidence_before = models.PositiveSmallIntegerField(
        choices=Confidence.choices, null=True, blank=True
    )
    confidence_after = models.PositiveSmallIntegerField(
        choices=Confidence.choices, null=True, blank=True
    )
    needs_follow_up = models.BooleanField(default=False)
    follow_up_note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_attendance_per_session_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.session_id}"


class TaskResult(models.TextChoices):
    ALONE = "alone", _("Did it alone")
    WITH_HELP = "with_help", _("Did it with help")
    NOT_YET = "not_yet", _("Not yet")


class TaskCheck(models.Model):
    """One framework task the instructor watched an attendee do."""

    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, related_name="task_checks"
    )
    task_code = models.CharField(max_length=20)
    result = models.CharField(max_length=10, choices=TaskResult.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendance", "task_code"], name="one_check_per_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_code}: {self.result}"
