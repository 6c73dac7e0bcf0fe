"""hocvuso load-framework [FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hocvuso.learning.loaders import ContentInvalid
from hocvuso.learning.services import content_dir, framework_load


class Command(BaseCommand):
    help = (
        "Load the digital-skill framework (domains, competences, tasks, target-group "
        "profiles) from content/framework.yaml. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="framework.yaml (default: content/framework.yaml)"
        )

    def handle(self, *args, file=None, **options):
        path = Path(file) if file else content_dir() / "framework.yaml"
        with translation.override("vi"):
            try:
                summary = framework_load(actor=None, path=path)
            except ContentInvalid as exc:
                raise CommandError(
                    _("The framework has %(n)s problem(s):\n%(list)s")
                    % {"n": len(exc.problems), "list": exc.message}
                ) from exc
            self.stdout.write(
                _(
                    "Framework loaded: %(created)s new, %(changed)s changed, "
                    "%(unchanged)s unchanged."
                )
                % vars(summary)
            )
