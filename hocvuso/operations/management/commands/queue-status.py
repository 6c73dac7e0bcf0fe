from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hocvuso.operations.selectors import queue_state


class Command(BaseCommand):
    help = (
        "Show the task queue: tasks waiting and running, the age of the oldest"
        " waiting one, failed tasks and the latest failures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failures", type=int, default=10, metavar="N")
        parser.add_argument(
            "--max-age",
            type=int,
            metavar="SECONDS",
            help="exit 1 when a task has waited longer than this (for monitoring)",
        )

    def handle(self, *args, **options):
        state = queue_state(failures=options["failures"])
        if state is None:
            raise CommandError(
                "no task queue is installed (django-tasks-db is not in INSTALLED_APPS)"
            )
        age = state.oldest_ready_age_seconds
        self.stdout.write(
            f"waiting {state.ready}, running {state.running}, failed {state.failed};"
            f" oldest waiting: {'-' if age is None else f'{age} s'}"
        )
        for task in state.recent_failures:
            when = (
                timezone.localtime(task.finished_at).isoformat(timespec="seconds")
                if task.finished_at
                else "-"
            )
            self.stdout.write(
                f"failed {when} {task.task_path} {task.exception_class_path} {task.id}"
            )
        limit = options["max_age"]
        if limit is not None and age is not None and age > limit:
            raise CommandError(
                f"the oldest waiting task has waited {age} s (more than {limit} s)",
                returncode=1,
            )
