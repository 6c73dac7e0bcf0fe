"""hocvuso load-content [FOLDER] [--force]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.learning.loaders import ContentInvalid
from hocvuso.learning.services import content_load


class Command(BaseCommand):
    help = (
        "Load the courses and lessons of the content pack (content/courses/*). "
        "Running it again changes nothing; every problem is reported with its "
        "file and line and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="the pack (default: content/)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also overwrite lessons a content editor changed in the app.",
        )

    def handle(self, *args, folder=None, force=False, **options):
        root = Path(folder) if folder else None
        with translation.override("vi"):
            try:
                summary = content_load(actor=None, root=root, force=force)
            except ContentInvalid as exc:
                raise CommandError(
                    _("The content has %(n)s problem(s); nothing was loaded:\n%(list)s")
                    % {"n": len(exc.problems), "list": exc.message}
                ) from exc
            except ServiceError as exc:
                raise CommandError(exc.message) from exc
            for warning in summary.warnings:
                self.stdout.write(_("Warning: %(w)s") % {"w": warning})
            for slug in summary.skipped:
                self.stdout.write(
                    _("Kept %(lesson)s: it was edited in the app (use --force).")
                    % {"lesson": slug}
                )
            for slug in summary.removed:
                self.stdout.write(
                    _("Removed %(lesson)s: no longer in the pack.") % {"lesson": slug}
                )
            self.stdout.write(
                _(
                    "Content loaded: %(created)s new, %(changed)s changed, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "created": summary.created,
                    "changed": summary.changed,
                    "unchanged": summary.unchanged,
                }
            )
