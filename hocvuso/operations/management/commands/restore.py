from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hocvuso.operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a `hocvuso backup` archive into an empty database and media"
        " folder, then prove every table's row count. See docs/deploy.md#backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of DATABASE_URL's",
        )
        parser.add_argument("--media-root", type=Path, help="instead of MEDIA_ROOT")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that has tables and media files that differ",
        )

    def handle(self, *args, **options):
        try:
            verified = backup_restore(
                archive=options["archive"],
                database_url=options["database_url"],
                media_root=options["media_root"],
                replace=options["replace"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {options['archive']}: {verified.tables} tables,"
            f" {verified.rows} rows, {verified.media_files} uploaded files;"
            " every table's row count matches the archive"
        )
