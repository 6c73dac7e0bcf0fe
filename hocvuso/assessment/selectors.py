"""Reads for learners' sign-in and their results."""

import datetime
from dataclasses import dataclass

from hocvuso.assessment.models import (
    Certificate,
    CompetenceResult,
    ConfidenceRating,
    LearnerPin,
    LessonProgress,
    SignInCard,
    UniversalEvidence,
    UniversalSource,
)
from hocvuso.assessment.tokens import token_hash
from hocvuso.core.errors import NotFound
from hocvuso.people.models import Person


def card_person(token: str) -> Person | None:
    """The person a card token signs in, or None when unknown or revoked."""
    card = card_for_token(token)
    return card.person if card else None


def card_for_token(token: str) -> SignInCard | None:
    """The active card a token belongs to, or None."""
    if not token or len(token) > 100:
        return None
    return (
        SignInCard.objects.active()
        .select_related("person__unit")
        .filter(token_hash=token_hash(token))
        .first()
    )


# --- status "đạt phổ cập" ---------------------------------------------------------

# people.TargetGroup -> learning.TargetGroup (the two apps name the groups apart).
GROUP_OF_PERSON = {
    "citizen": "citizen",
    "student": "student",
    "civil_servant": "official",
    "enterprise_worker": "worker",
}


@dataclass(frozen=True)
class RequirementRow:
    competence: object
    min_level: int
    level: int  # reached by observed or external evidence
    progress_level: int  # reached by any method, quiz and simulator included
    met_on: datetime.date | None

    @property
    def met(self) -> bool:
        return self.level >= self.min_level


@dataclass(frozen=True)
class UniversalStatus:
    """Whether a person has reached "đạt phổ cập kỹ năng số", and from where."""

    reached: bool
    source: str | None
    on: datetime.date | None
    profile: object | None
    rows: tuple[RequirementRow, ...] = ()
    evidence: tuple[UniversalEvidence, ...] = ()

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.rows if r.met)

    @property
    def source_label(self) -> str:
        return str(UniversalSource(self.source).label) if self.source else ""


def _profile(person: Person):
    from hocvuso.learning.selectors import profile_for

    group = GROUP_OF_PERSON.get(person.target_group, "citizen")
    try:
        return profile_for(group)
    except NotFound:
        return None


def universal_status(person: Person) -> UniversalStatus:
    """Compute the status from the group's profile and the person's results.

    Rules: a requirement (competence, minimum level) is met by an observed or
    external result at that level or above; a task done "with help" shows
    level 1 only; quiz and simulator results (stored ones, and the learner's
    passed runs in the practice app) are shown as progress and never meet a
    requirement. The status is reached locally when every requirement
    of the current profile is met, on the day the last one was met; or by
    evidence of the national platform or VNeID. The earliest source wins.
    """
    profile = _profile(person)
    results = list(CompetenceResult.objects.filter(person=person).order_by("on", "id"))
    rows = []
    if profile is not None:
        practised = simulator_levels(person)
        for requirement in profile.requirements.all():
            mine = [r for r in results if r.competence_id == requirement.competence_id]
            counted = [r for r in mine if r.counts]
            met = [r.on for r in counted if r.effective_level >= requirement.min_level]
            rows.append(
                RequirementRow(
                    competence=requirement.competence,
                    min_level=requirement.min_level,
                    level=max((r.effective_level for r in counted), default=0),
                    progress_level=max(
                        [r.effective_level for r in mine]
                        + [practised.get(requirement.competence_id, 0)]
                    ),
                    met_on=min(met) if met else None,
                )
            )
    evidence = tuple(UniversalEvidence.objects.filter(person=person))
    reached_on: list[tuple[datetime.date, int, str]] = [
        (e.achieved_on, 1, e.source) for e in evidence
    ]
    if rows and all(r.met for r in rows):
        local_on = max(r.met_on for r in rows if r.met_on)
        reached_on.append((local_on, 0, UniversalSource.LOCAL))
    first = min(reached_on) if reached_on else None
    return UniversalStatus(
        reached=first is not None,
        source=first[2] if first else None,
        on=first[0] if first else None,
        profile=profile,
        rows=tuple(rows),
        evidence=evidence,
    )


def person_results(person: Person) -> list[CompetenceResult]:
    return list(
        CompetenceResult.objects.filter(person=person).select_related(
            "competence", "task", "assessor"
        )
    )


def person_confidence(person: Person) -> list[ConfidenceRating]:
    return list(ConfidenceRating.objects.filter(person=person))


def person_cards(person: Person) -> list[SignInCard]:
    return list(SignInCard.objects.filter(person=person).select_related("issued_by"))


def person_certificates(person: Person) -> list[Certificate]:
    return list(Certificate.objects.filter(person=person).select_related("course"))


def person_has_pin(person: Person) -> bool:
    return LearnerPin.objects.filter(person=person).exists()


# --- certificates -------------------------------------------------------------


def certificate_code_normal(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())[:12]


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this public code, revoked or not, or None."""
    normal = certificate_code_normal(code)
    if len(normal) != 12:
        return None
    return (
        Certificate.objects.select_related("course", "unit", "person")
        .filter(code=normal)
        .first()
    )


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" -> "N. V. A." (what /verify/ shows instead of the name)."""
    return " ".join(f"{part[0].upper()}." for part in full_name.split() if part)


def course_progress(person: Person, course) -> dict[int, LessonProgress]:
    """The person's completed lessons of a course, by lesson id."""
    return {
        p.lesson_id: p
        for p in LessonProgress.objects.filter(person=person, lesson__course=course)
    }


def framework_tasks() -> list:
    """Every task of the current framework, with its competence, in order."""
    from hocvuso.learning.models import Task

    return list(
        Task.objects.filter(competence__domain__version__is_current=True)
        .select_related("competence__domain")
        .order_by(
            "competence__domain__position", "competence__position", "position", "code"
        )
    )


@dataclass(frozen=True)
class RecordLesson:
    lesson: object
    checks: list
    done: LessonProgress | None


def course_record(person: Person | None, course) -> list[RecordLesson]:
    """The course's lessons with their quick checks and what the person completed."""
    from hocvuso.learning.selectors import course_lessons, lesson_checks

    stored = course_progress(person, course) if person else {}
    return [
        RecordLesson(
            lesson=lesson, checks=lesson_checks(lesson), done=stored.get(lesson.pk)
        )
        for lesson in course_lessons(course)
    ]


def certificate_valid_for(person: Person, course) -> Certificate | None:
    return Certificate.objects.filter(
        person=person, course=course, revoked_at__isnull=True
    ).first()


def _attempt_model():
    from django.apps import apps

    try:
        return apps.get_model("practice", "PracticeAttempt")
    except LookupError:
        return None


def practice_attempts(person: Person) -> list:
    """The person's latest simulator runs (hocvuso.practice), if that app is there."""
    model = _attempt_model()
    if model is None:
        return []
    return list(model.objects.filter(person=person).order_by("-finished_at")[:20])


def simulator_levels(person: Person) -> dict[int, int]:
    """Competence id -> level shown by the person's passed simulator runs.

    A run passes when completed without mistakes. It shows the competences of
    the lessons whose practice block uses that simulator and scenario, at the
    lowest level of those lessons' tasks for the competence (1 without tasks).
    """
    from hocvuso.learning.models import Block, BlockKind

    model = _attempt_model()
    if model is None:
        return {}
    passed = {
        (a.simulator, a.scenario)
        for a in model.objects.filter(person=person, completed=True)
        if not a.mistakes
    }
    if not passed:
        return {}
    blocks = Block.objects.filter(
        kind=BlockKind.PRACTICE, data__simulator__in=sorted({s for s, _ in passed})
    ).prefetch_related("lesson__competences", "lesson__tasks")
    levels: dict[int, int] = {}
    for block in blocks:
        if (block.data.get("simulator"), block.data.get("scenario")) not in passed:
            continue
        tasks = list(block.lesson.tasks.all())
        for competence in block.lesson.competences.all():
            mine = [t.level for t in tasks if t.competence_id == competence.pk]
            level = min(mine) if mine else 1
            levels[competence.pk] = max(levels.get(competence.pk, 0), level)
    return levels


@dataclass
class CourseProgressRow:
    course: object
    done: int
    total: int
    last_lesson: object | None


def learner_progress(person: Person) -> list[CourseProgressRow]:
    """The courses the learner has started: lessons done of all, and the
    lesson finished last (a fixed number of queries)."""
    from hocvuso.learning.selectors import course_list

    done = list(
        LessonProgress.objects.filter(person=person)
        .select_related("lesson")
        .order_by("-completed_at", "-pk")
    )
    if not done:
        return []
    by_course: dict[int, list] = {}
    for entry in done:
        by_course.setdefault(entry.lesson.course_id, []).append(entry.lesson)
    rows = []
    for course in course_list().filter(pk__in=by_course).prefetch_related("lessons"):
        rows.append(
            CourseProgressRow(
                course=course,
                done=len(by_course[course.pk]),
                total=len(course.lessons.all()),
                last_lesson=by_course[course.pk][0],
            )
        )
    rows.sort(key=lambda r: (r.done == r.total, r.course.pk))
    return rows
