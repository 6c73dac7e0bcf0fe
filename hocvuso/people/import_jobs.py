"""Import jobs: a resident list uploaded on the page, queued, run and followed.

The page stores the file and queues a job (``import_job_create``); the job
runs ``importing.import_people_file`` after the commit, in a thread of the web
process, and writes its progress and outcome on the ``ImportJob``. A job cut
off by a restart is marked failed when next read
(``import_jobs_fail_interrupted``). Dependencies point one way: this module
uses ``importing``, which uses ``services``; neither imports this one.
"""

import datetime
import logging
import secrets
import threading
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.tabular import old_excel_message
from hocvuso.core.text import nfc
from hocvuso.geography.models import Unit
from hocvuso.people.importing import import_people_file
from hocvuso.people.models import ImportJob, ImportStatus
from hocvuso.people.services import check_residential_unit

logger = logging.getLogger(__name__)

# At most this many errors are kept on an ImportJob; the command prints all.
JOB_ERRORS_KEPT = 5000


IMPORT_SUFFIXES = {".xlsx", ".csv"}


def import_size_problem(size: int) -> str | None:
    """Why a file of ``size`` bytes cannot be imported (page and command alike)."""
    if size > settings.IMPORT_MAX_BYTES:
        return _("The file is larger than %(mb)s MB.") % {
            "mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)
        }
    return None


@transaction.atomic
def import_job_create(
    *,
    actor,
    unit: Unit,
    upload,
    dry_run: bool,
    all_or_nothing: bool,
    create_hamlets: bool = False,
) -> ImportJob:
    """Store an uploaded resident list and queue its import.

    Rules: only .xlsx and .csv up to IMPORT_MAX_BYTES; the file is kept under
    var/media/imports with a random name; the job starts after the commit.
    """
    check_residential_unit(unit)
    suffix = Path(upload.name).suffix.lower()
    if suffix == ".xls":
        raise ServiceError(old_excel_message(), fields={"file": ["type"]})
    if suffix not in IMPORT_SUFFIXES:
        raise ServiceError(
            _("Only .xlsx or .csv files can be imported."), fields={"file": ["type"]}
        )
    too_large = import_size_problem(upload.size)
    if too_large:
        raise ServiceError(too_large, fields={"file": ["size"]})
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{secrets.token_hex(16)}{suffix}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = ImportJob.objects.create(
        unit=unit,
        created_by=actor,
        file_name=nfc(Path(upload.name).name)[:255],
        stored_file=str(stored),
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
        create_hamlets=create_hamlets,
    )
    _queue(job)
    return job


@transaction.atomic
def import_job_repeat(*, actor, job: ImportJob, create_hamlets: bool) -> ImportJob:
    """Import a checked file for real, creating its missing hamlets if confirmed.

    Rules: the file stays the one checked (no second upload); the new job
    belongs to the same unit and is the actor's own.
    """
    check_residential_unit(job.unit)
    new = ImportJob.objects.create(
        unit=job.unit,
        created_by=actor,
        file_name=job.file_name,
        stored_file=job.stored_file,
        dry_run=False,
        all_or_nothing=job.all_or_nothing,
        create_hamlets=create_hamlets,
    )
    _queue(new)
    return new


def _queue(job: ImportJob) -> None:
    if settings.IMPORT_RUN_INLINE:
        transaction.on_commit(lambda: import_job_run(job_id=job.pk))
    else:
        transaction.on_commit(
            lambda: threading.Thread(
                target=_run_in_thread, args=(job.pk,), daemon=True
            ).start()
        )


def _run_in_thread(job_id: int) -> None:
    try:
        import_job_run(job_id=job_id)
    finally:
        connection.close()


def _stored_path(job: ImportJob) -> Path:
    path = Path(job.stored_file)
    return path if path.is_absolute() else Path(settings.MEDIA_ROOT) / path


# A queued or running job whose row has not moved for this long was cut off
# (the server restarted under it): progress is written every few hundred
# rows, and the final write of 100,000 rows takes about a minute.
JOB_STALE_AFTER = datetime.timedelta(minutes=10)


def import_jobs_fail_interrupted(*, job_ids: Sequence[int] | None = None) -> int:
    """Mark failed the jobs a restart cut off, so no page waits on them for ever.

    Rules: only queued or running jobs untouched for ``JOB_STALE_AFTER``;
    their import wrote nothing (the write is one transaction), and the
    message says to import the file again. Returns how many were marked.
    """
    now = timezone.now()
    jobs = ImportJob.objects.filter(
        status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING],
        updated_at__lt=now - JOB_STALE_AFTER,
    )
    if job_ids is not None:
        jobs = jobs.filter(pk__in=job_ids)
    return jobs.update(
        status=ImportStatus.FAILED,
        message=_(
            "The import was interrupted (the server restarted); nothing was "
            "written. Import the file again."
        ),
        finished_at=now,
        updated_at=now,
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import job and record its outcome on the job.

    Rules: a job runs once (it is claimed by moving it from queued to
    running); an unexpected error marks it failed, and nothing is written.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, updated_at=timezone.now()
    )
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        result = import_people_file(
            actor=job.created_by,
            unit=job.unit,
            path=_stored_path(job),
            file_name=job.file_name,
            dry_run=job.dry_run,
            all_or_nothing=job.all_or_nothing,
            create_hamlets=job.create_hamlets,
            job=job,
        )
    except ServiceError as exc:
        job.status = ImportStatus.FAILED
        job.message = exc.message
    except Exception:
        logger.exception("Import job %s failed", job_id)
        job.status = ImportStatus.FAILED
        job.message = _(
            "The import stopped on an unexpected error; nothing was written."
        )
    else:
        job.status = ImportStatus.DONE
        job.total_rows = job.processed_rows = result.total_rows
        job.created_people = result.created_people
        job.created_households = result.created_households
        job.skipped_duplicates = result.skipped_duplicates
        job.rejected_rows = result.rejected_rows
        job.errors = result.errors[:JOB_ERRORS_KEPT]
        job.hamlets = {
            "new": result.new_hamlets,
            "created": result.hamlets_created,
            "loose": result.loose_hamlets,
        }
        job.message = result.summary()
        if len(result.errors) > JOB_ERRORS_KEPT:
            job.message += " " + _(
                "Only the first %(count)s problems are listed; "
                "run the command for the full list."
            ) % {"count": JOB_ERRORS_KEPT}
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "processed_rows",
            "created_people",
            "created_households",
            "skipped_duplicates",
            "rejected_rows",
            "errors",
            "hamlets",
            "message",
            "finished_at",
            "updated_at",
        ]
    )
    return job
