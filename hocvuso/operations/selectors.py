"""Read the state of the running service: the database and the task queue.

The task queue is django-tasks with its database backend (django-tasks-db):
its rows live in the same PostgreSQL, so "reachable" means the queue's table
answers. Until that app is installed the queue reports itself as absent.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import DatabaseError, connection
from django.utils import timezone

QUEUE_APP = "django_tasks_db"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class FailedTask:
    id: str
    task_path: str
    finished_at: datetime | None
    exception_class_path: str


@dataclass(frozen=True)
class QueueState:
    ready: int
    running: int
    failed: int
    oldest_ready_at: datetime | None
    recent_failures: list[FailedTask]

    @property
    def oldest_ready_age_seconds(self) -> int | None:
        if self.oldest_ready_at is None:
            return None
        return int((timezone.now() - self.oldest_ready_at).total_seconds())


def queue_installed() -> bool:
    return apps.is_installed(QUEUE_APP)


def _task_results():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check("database", False, type(error).__name__)
    return Check("database", True, connection.vendor)


def queue_check() -> Check:
    if not queue_installed():
        return Check("tasks", True, "no task queue installed")
    try:
        _task_results().only("pk").first()
    except DatabaseError as error:
        return Check("tasks", False, type(error).__name__)
    return Check("tasks", True, "django-tasks-db")


def readiness_checks() -> list[Check]:
    """Every dependency a request may need; one query each."""
    database = database_check()
    if not database.ok:
        return [database, Check("tasks", False, "database unreachable")]
    return [database, queue_check()]


def queue_state(*, failures: int = 10) -> QueueState | None:
    """The backlog (ready and running tasks) and the latest failures: two
    queries. None when no task queue is installed."""
    if not queue_installed():
        return None
    from django.db.models import Count, Min, Q

    results = _task_results()
    totals = results.aggregate(
        ready=Count("pk", filter=Q(status="READY")),
        running=Count("pk", filter=Q(status="RUNNING")),
        failed=Count("pk", filter=Q(status="FAILED")),
        oldest_ready_at=Min("enqueued_at", filter=Q(status="READY")),
    )
    recent = [
        FailedTask(
            id=str(row.pk),
            task_path=row.task_path,
            finished_at=row.finished_at,
            exception_class_path=row.exception_class_path,
        )
        for row in results.filter(status="FAILED")
        .only("pk", "task_path", "finished_at", "exception_class_path")
        .order_by("-finished_at")[:failures]
    ]
    return QueueState(recent_failures=recent, **totals)
