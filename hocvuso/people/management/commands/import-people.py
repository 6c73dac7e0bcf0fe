"""hocvuso import-people FILE --unit CODE [--dry-run] [--all-or-nothing]
[--create-hamlets]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.geography.models import Unit
from hocvuso.people.import_jobs import import_size_problem
from hocvuso.people.importing import error_groups, hamlet_lines, import_people_file


class Command(BaseCommand):
    help = (
        "Import a resident list (.xlsx or .csv) into a commune, ward or hamlet. "
        "Prints every rejected row; valid rows are kept unless --all-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument(
            "--unit", required=True, help="Code of the commune or hamlet (e.g. 30898)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would be imported; write nothing.",
        )
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Write nothing if any row has an error.",
        )
        parser.add_argument(
            "--create-hamlets",
            action="store_true",
            help=(
                "Create the hamlets the file names that the commune does not have "
                "yet (the dry run lists them), and import their rows."
            ),
        )

    def handle(
        self, *args, file, unit, dry_run, all_or_nothing, create_hamlets, **options
    ):
        path = Path(file)
        target = Unit.objects.filter(code=unit.strip()).first()
        if target is None:
            raise CommandError(_("No unit has the code %(code)s.") % {"code": unit})
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s.") % {"path": file})
        too_large = import_size_problem(path.stat().st_size)
        if too_large:
            raise CommandError(too_large)
        try:
            result = import_people_file(
                actor=None,
                unit=target,
                path=path,
                file_name=path.name,
                dry_run=dry_run,
                all_or_nothing=all_or_nothing,
                create_hamlets=create_hamlets,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        for group in error_groups(result.errors):
            self.stdout.write(group["text"])
        lines = hamlet_lines(
            unit_name=target.name,
            new_hamlets=result.new_hamlets,
            created=result.hamlets_created,
            loose=result.loose_hamlets,
        )
        for line in lines:
            self.stdout.write(line)
        if result.new_hamlets and not result.hamlets_created:
            self.stdout.write(
                _(
                    "Run again with --create-hamlets to create them and import "
                    "their rows."
                )
            )
        if result.blocked:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
