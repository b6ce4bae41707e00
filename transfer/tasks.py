"""The admin's imports (the check and the confirmed import) and its large exports, run as jobs.

A request only stores the upload and starts the job (``start_import`` / ``start_export``); a worker
runs it (``manage.py db_worker``), and the page follows its progress (``jobs``). The import is the
same ``run_import`` as the command line's, in one transaction: cancelling it, or any error, writes
nothing.
"""

from django.conf import settings
from django_tasks import task

from jobs.exports import export_to_file
from jobs.models import Kind
from jobs.services import job_run, job_start

from .exporting import export_table
from .importer import run_import
from .outcomes import import_outcome, import_summary
from .uploads import delete as delete_upload
from .uploads import open_stored

# Rows shown as read in the preview.
PREVIEW_ROWS = 10
# Data rows a web import reads at most (settings.IMPORT_MAX_WEB_ROWS); the command line has no cap.
DEFAULT_MAX_WEB_ROWS = 100_000


def max_web_rows():
    return getattr(settings, "IMPORT_MAX_WEB_ROWS", DEFAULT_MAX_WEB_ROWS)


def start_import(*, user, kind, options, dry_run, page):
    """Start checking (``dry_run``) or importing the stored upload of ``options`` as ``kind``; the job.

    ``page`` is the import page that shows the job's outcome (given ``?job=<id>``). A confirmed import knows its rows in
    all from the check before it (``options["rows"]``), so its bar is a real one.
    """
    return job_start(
        owner=user,
        kind=Kind.IMPORT_PREVIEW if dry_run else Kind.IMPORT,
        task=import_task,
        params={"kind": kind, "options": options, "dry_run": dry_run, "page": page},
        total=None if dry_run else options.get("rows"),
    )


@task()
def import_task(job_id):
    job_run(job_id, _import)


def _import(job, progress):
    params = job.params
    options, dry_run = params["options"], params["dry_run"]
    with open_stored(options["path"]) as handle:
        result = run_import(
            kind=params["kind"],
            file=handle,
            file_name=options["name"],
            user=job.owner,
            year=options["year"],
            approve=options["approve"],
            header_row=options.get("header_row"),
            mapping=options.get("mapping"),
            dry_run=dry_run,
            sample_rows=PREVIEW_ROWS if dry_run else 0,
            via="admin",
            max_rows=max_web_rows(),
            progress=progress,
        )
    # A file that could not be read is not kept for a re-check; a confirmed import's upload is done with.
    # (A cancelled job never gets here: its upload stays for another try, and goes after a day.)
    if not dry_run or not result.sheets or result.refused:
        delete_upload(options["path"])
    outcome = {"import": import_outcome(result)}
    if result.new_users:
        # Only their ids: the page makes each one's set-password link when it shows them, once.
        outcome["new_users"] = [user.pk for user in result.new_users]
    return import_summary(result), outcome


def start_export(*, user, kind, fmt, total):
    """Start exporting ``kind`` as ``user`` sees it, to a file of format ``fmt``; the job."""
    return job_start(owner=user, kind=Kind.EXPORT, task=export_task, params={"kind": kind, "fmt": fmt}, total=total)


@task()
def export_task(job_id):
    job_run(job_id, _export)


def _export(job, progress):
    kind, fmt = job.params["kind"], job.params["fmt"]
    columns, rows = export_table(kind, user=job.owner)
    return export_to_file(job, progress, fmt=fmt, columns=columns, rows=rows, filename=f"{kind}.{fmt}")
