import time

from django.core.management.base import BaseCommand, CommandError

from hocvuso.reporting.services import rollups_check, rollups_rebuild


class Command(BaseCommand):
    help = (
        "rebuild: recompute every figure from the facts. check: recompute a sample"
        " of people and their communes and report every difference (exit 1 if any)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--sample", type=int, default=200, metavar="N")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["action"] == "rebuild":
            report = rollups_rebuild()
            self.stdout.write(
                f"rebuilt: {report.people} people, {report.households} households,"
                f" {report.rows} roll-up rows in {time.monotonic() - started:.1f} s"
            )
            return
        report = rollups_check(sample=options["sample"], seed=options["seed"])
        for line in report.differences:
            self.stdout.write(line)
        summary = (
            f"checked {report.subjects} people and {report.units} communes:"
            f" {len(report.differences)} differences"
        )
        if report.differences:
            raise CommandError(summary, returncode=1)
        self.stdout.write(summary)
