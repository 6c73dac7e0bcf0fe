"""Read practice attempts."""

from django.db.models import QuerySet

from hocvuso.people.models import Person
from hocvuso.practice.models import PracticeAttempt


def attempts_of(*, person: Person) -> QuerySet[PracticeAttempt]:
    """A learner's own runs, newest first."""
    return PracticeAttempt.objects.of(person).order_by("-finished_at", "-id")
