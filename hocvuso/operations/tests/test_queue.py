"""The task queue's backlog and failures (`hocvuso queue-status`, /readyz)."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

pytestmark = pytest.mark.django_db
with_queue = pytest.mark.skipif(
    not apps.is_installed("django_tasks_db"),
    reason="the task queue (django-tasks-db) is not installed in this checkout",
)


@pytest.mark.skipif(apps.is_installed("django_tasks_db"), reason="queue installed")
def test_without_a_queue_the_command_says_so():
    with pytest.raises(CommandError, match="no task queue is installed"):
        call_command("queue-status", stdout=io.StringIO())


def task_row(status, *, minutes_ago=0, **fields):
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="hocvuso.people.tasks.import_run",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        exception_class_path=fields.pop("exception_class_path", ""),
        traceback="",
        **fields,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return row


@with_queue
def test_the_backlog_and_the_latest_failures_are_shown():
    task_row("READY", minutes_ago=30)
    task_row("READY", minutes_ago=5)
    task_row("RUNNING")
    failed = task_row(
        "FAILED",
        finished_at=timezone.now(),
        exception_class_path="hocvuso.core.errors.ServiceError",
    )
    task_row("SUCCESSFUL", finished_at=timezone.now())
    out = io.StringIO()
    call_command("queue-status", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("waiting 2, running 1, failed 1; oldest waiting: 18")
    assert lines[1].endswith(
        f"hocvuso.people.tasks.import_run hocvuso.core.errors.ServiceError {failed.pk}"
    )
    with pytest.raises(CommandError, match="waited"):
        call_command("queue-status", max_age=600, stdout=io.StringIO())


@with_queue
def test_the_backlog_costs_two_queries(django_assert_num_queries):
    from hocvuso.operations.selectors import queue_state

    for _ in range(3):
        task_row("FAILED", finished_at=timezone.now(), exception_class_path="x.Y")
    with django_assert_num_queries(2):
        state = queue_state()
    assert state.failed == 3 and len(state.recent_failures) == 3


@with_queue
def test_readyz_reads_the_queue(client):
    assert client.get("/readyz").json()["checks"]["tasks"] == {
        "ok": True,
        "detail": "django-tasks-db",
    }
