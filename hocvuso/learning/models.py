"""The digital-skill framework and the lessons that teach it.

A FrameworkVersion holds one published edition of the framework: Domains
(the six of Thông tư 02/2025/TT-BGDĐT plus a device-basics domain 0) hold
Competences ("5.2"), and each Competence holds concrete "Tôi có thể…" Tasks
at a level (1 with guidance, 2 alone, 3 confidently and can show others).
A Profile per TargetGroup (QĐ 757/QĐ-BKHCN) lists the competences and the
minimum level that make up "đạt phổ cập kỹ năng số" for that group.

Courses hold Lessons; a Lesson holds ordered Blocks (text, image, audio,
video, steps, practice, check). Each Block belongs to one language (vi, en,
km) and one need variant (standard, easy-read, audio-first), so a lesson can
have several parallel versions. Lessons map to the competences and tasks
they teach. Content comes from the content pack in the repository
(``hocvuso load-content``) and content editors can correct it in the app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class TargetGroup(models.TextChoices):
    OFFICIAL = "official", _("Officials and public employees")
    STUDENT = "student", _("Pupils and students")
    WORKER = "worker", _("Enterprise and cooperative workers")
    CITIZEN = "citizen", _("Citizens")


class Level(models.IntegerChoices):
    GUIDED = 1, _("Can do it with guidance")
    ALONE = 2, _("Does simple tasks alone")
    CONFIDENT = 3, _("Does it confidently and can show others")


class FrameworkVersionQuerySet(models.QuerySet):
    def current(self) -> "FrameworkVersion | None":
        return self.filter(is_current=True).first()


class FrameworkVersion(TimeStampedModel):
    code = models.CharField(_("framework version"), max_length=20, unique=True)
    is_current = models.BooleanField(default=False)
    sources = models.JSONField(default=list, blank=True)
    levels = models.JSONField(default=list, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_framework_version",
            )
        ]

    def __str__(self) -> str:
        return self.code


class Domain(models.Model):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="domains"
    )
    code = models.CharField(max_length=4)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    official_name = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="unique_domain_code_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Competence(models.Model):
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="competences"
    )
    code = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    official_name = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "code"], name="unique_competence_code_per_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Task(models.Model):
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="tasks"
    )
    code = models.CharField(max_length=12)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    text = models.CharField(_("I can…"), max_length=400)
    text_en = models.CharField(max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["competence", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "code"], name="unique_task_code_per_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Profile(models.Model):
    """What "đạt phổ cập" means for one target group in one framework version."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="profiles"
    )
    target_group = models.CharField(max_length=10, choices=TargetGroup.choices)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "target_group"],
                name="one_profile_per_group_and_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.get_target_group_display()}"


class ProfileRequirement(models.Model):
    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="requirements"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="requirements"
    )
    min_level = models.PositiveSmallIntegerField(choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competence"], name="one_requirement_per_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} · {self.competence.code} ≥ {self.min_level}"


class Language(models.TextChoices):
    VI = "vi", "Tiếng Việt"
    EN = "en", "English"
    KM = "km", "ខ្មែរ"


class Variant(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EASY = "easy", _("Easy to read")
    AUDIO = "audio", _("Listen first")
    LARGE = "large", _("Large print")


class BlockKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Picture")
    AUDIO = "audio", _("Recording")
    VIDEO = "video", _("Video")
    STEPS = "steps", _("Step by step")
    PRACTICE = "practice", _("Practice")
    CHECK = "check", _("Quick check")


class Course(TimeStampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(blank=True)
    title_km = models.CharField(max_length=200, blank=True)
    summary_km = models.TextField(blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=TargetGroup.choices
    )
    for_older_people = models.BooleanField(default=False)
    national_platform_url = models.URLField(blank=True)
    lesson_plan = models.TextField(_("lesson plan"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    competences = models.ManyToManyField(Competence, blank=True, related_name="+")

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title


class Lesson(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    # Titles of the other versions, keyed "en", "vi.easy", "km" …
    titles = models.JSONField(default=dict, blank=True)
    minutes = models.PositiveSmallIntegerField(default=5)
    competences = models.ManyToManyField(Competence, blank=True, related_name="lessons")
    tasks = models.ManyToManyField(Task, blank=True, related_name="lessons")
    source_path = models.CharField(max_length=300, blank=True)
    # Set when a content editor changes the lesson in the app, so that
    # load-content does not silently overwrite the correction.
    edited_in_app = models.BooleanField(default=False)

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "slug"], name="unique_lesson_slug_per_course"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Block(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=BlockKind.choices)
    language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.VI
    )
    variant = models.CharField(
        max_length=10, choices=Variant.choices, default=Variant.STANDARD
    )
    data = models.JSONField(default=dict)
    source_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["lesson", "language", "variant", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "language", "variant", "position"],
                name="unique_block_position_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson} · {self.kind} {self.position}"
