from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hocvuso.operations.backups import (
    BackupError,
    backup_create,
    backup_prune,
    backup_verify,
)


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one verified archive,"
        " or (--verify) read an archive back. See docs/deploy.md#backups."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="folder for the archives (default: BACKUP_DIR, HOCVUSO_BACKUP_DIR)",
        )
        parser.add_argument(
            "--verify",
            type=Path,
            metavar="ARCHIVE",
            help="only read this archive back: checksums, the database copy, counts",
        )
        parser.add_argument("--keep-daily", type=int, metavar="N")
        parser.add_argument("--keep-weekly", type=int, default=0, metavar="N")
        parser.add_argument("--keep-monthly", type=int, default=0, metavar="N")

    def handle(self, *args, **options):
        try:
            if options["verify"]:
                verified = backup_verify(archive=options["verify"])
                self._report("verified", options["verify"], verified)
                return
            output = options["output"] or Path(settings.BACKUP_DIR)
            archive = backup_create(output=output)
            self._report("wrote", archive, backup_verify(archive=archive))
            if options["keep_daily"] is not None:
                pruned = backup_prune(
                    folder=output,
                    daily=options["keep_daily"],
                    weekly=options["keep_weekly"],
                    monthly=options["keep_monthly"],
                )
                for name in pruned:
                    self.stdout.write(f"pruned {output / name}")
        except BackupError as error:
            raise CommandError(str(error)) from error

    def _report(self, verb, archive, verified):
        self.stdout.write(
            f"{verb} {archive}: {verified.manifest['engine']} database,"
            f" {verified.tables} tables, {verified.rows} rows,"
            f" {verified.media_files} uploaded files"
        )
