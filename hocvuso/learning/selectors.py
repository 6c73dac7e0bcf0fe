"""Read access to the framework and the lessons.

Lessons are public: anyone may read a published course without signing in,
so these selectors take no viewer. Each list costs a fixed number of queries.
"""

from django.db.models import Prefetch, QuerySet

from hocvuso.core.errors import NotFound
from hocvuso.learning.models import (
    Block,
    BlockKind,
    Competence,
    Course,
    FrameworkVersion,
    Language,
    Lesson,
    Profile,
    ProfileRequirement,
    Task,
    Variant,
)


def framework_current() -> FrameworkVersion | None:
    return FrameworkVersion.objects.current()


def competence_get(code: str) -> Competence:
    """The competence with this code in the current framework version."""
    competence = (
        Competence.objects.filter(domain__version__is_current=True, code=code)
        .select_related("domain")
        .first()
    )
    if competence is None:
        raise NotFound(code)
    return competence


def task_get(code: str) -> Task:
    task = (
        Task.objects.filter(competence__domain__version__is_current=True, code=code)
        .select_related("competence")
        .first()
    )
    if task is None:
        raise NotFound(code)
    return task


def framework_domains(version: FrameworkVersion | None = None) -> QuerySet:
    """Domains of a version with their competences and tasks prefetched."""
    version = version or framework_current()
    return (
        version.domains.prefetch_related(
            Prefetch(
                "competences",
                queryset=Competence.objects.prefetch_related("tasks"),
            )
        )
        if version
        else FrameworkVersion.objects.none()
    )


def profile_for(target_group: str) -> Profile:
    """The current profile of a target group, requirements prefetched."""
    profile = (
        Profile.objects.filter(version__is_current=True, target_group=target_group)
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=ProfileRequirement.objects.select_related(
                    "competence"
                ).order_by("competence__domain__position", "competence__position"),
            )
        )
        .first()
    )
    if profile is None:
        raise NotFound(target_group)
    return profile


def course_list() -> QuerySet:
    return Course.objects.order_by("position", "slug")


def course_get(slug: str) -> Course:
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        raise NotFound(slug)
    return course


def course_lessons(course: Course) -> QuerySet:
    return course.lessons.order_by("position")


def lesson_get(course: Course, slug: str) -> Lesson:
    lesson = (
        course.lessons.filter(slug=slug)
        .prefetch_related("competences", "tasks")
        .first()
    )
    if lesson is None:
        raise NotFound(slug)
    return lesson


def lesson_versions(lesson: Lesson) -> list[tuple[str, str]]:
    """The (language, variant) pairs this lesson has blocks for."""
    pairs = (
        lesson.blocks.values_list("language", "variant")
        .distinct()
        .order_by("language", "variant")
    )
    return list(pairs)


def lesson_blocks(
    lesson: Lesson,
    language: str = Language.VI,
    variant: str = Variant.STANDARD,
    versions: list[tuple[str, str]] | None = None,
) -> list[Block]:
    """Blocks of one version, falling back to standard, then to Vietnamese.

    ``versions``: the lesson's versions when the caller already has them."""
    available = set(lesson_versions(lesson) if versions is None else versions)
    for pair in (
        (language, variant),
        (language, Variant.STANDARD),
        (Language.VI, variant),
        (Language.VI, Variant.STANDARD),
    ):
        if pair in available:
            return list(
                lesson.blocks.filter(language=pair[0], variant=pair[1]).order_by(
                    "position"
                )
            )
    return []


def lesson_checks(lesson: Lesson) -> list[Block]:
    """The quick-check blocks of the standard Vietnamese version.

    Each block's ``data`` holds question, options, answer (0-based) and explain.
    """
    return list(
        lesson.blocks.filter(
            kind=BlockKind.CHECK, language=Language.VI, variant=Variant.STANDARD
        ).order_by("position")
    )


def profile_exists(target_group: str) -> bool:
    return Profile.objects.filter(
        version__is_current=True, target_group=target_group
    ).exists()


def profile_rows(profile: Profile) -> list[dict]:
    """Every competence of the profile's version with the level it requires."""
    levels = {r.competence_id: r.min_level for r in profile.requirements.all()}
    competences = Competence.objects.filter(
        domain__version_id=profile.version_id
    ).select_related("domain")
    return [{"competence": c, "level": levels.get(c.pk)} for c in competences]
