"""Rebuilds and recounts as jobs, run by a worker: ``manage.py monthly_totals --rebuild --queue`` and
``manage.py recount_participation --queue``; the recount itself, for the command and the job alike."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from history.models import Source
from jobs.models import Kind
from jobs.services import job_run, job_start

from . import rollups
from .models import Activity, Participation
from .participation import RECOUNT_CHUNK, activities_recount_participation


def start_totals_rebuild(*, owner=None):
    """Queue the rebuild of every monthly total; the job (no owner: only superusers see it)."""
    return job_start(owner=owner, kind=Kind.REBUILD_TOTALS, task=rebuild_totals_task)


@task()
def rebuild_totals_task(job_id):
    job_run(job_id, _rebuild)


def _rebuild(job, progress):
    # One transaction, one set of statements: there is no batch between which to stop, so a cancel
    # is honoured only before it starts (or, asked during it, once it has finished: nothing is undone).
    progress.check()
    rollups.rebuild()
    return _("The monthly totals were added up again from the records."), {}


def recount_all(*, dry_run=False, report=None):
    """Recount every activity with participation (or that had it), in one transaction; (changed, total).

    ``report(done, total)`` is called after each chunk; an exception it raises (a job's ``Cancelled``)
    rolls the whole recount back.
    """
    ids = set(Participation.objects.order_by().values_list("activity_id", flat=True).distinct())
    ids |= set(Activity.objects.filter(volunteers_from_participation=True).values_list("pk", flat=True))
    ids = sorted(ids)
    changed = 0
    with transaction.atomic():
        for start in range(0, len(ids), RECOUNT_CHUNK):
            changed += activities_recount_participation(
                activity_ids=ids[start : start + RECOUNT_CHUNK], source=Source.COMMAND
            )
            if report is not None:
                report(min(start + RECOUNT_CHUNK, len(ids)), len(ids))
        if dry_run:
            transaction.set_rollback(True)
    return changed, len(ids)


def start_participation_recount(*, owner=None):
    """Queue the recount of every activity's volunteer figures from its participation; the job."""
    return job_start(owner=owner, kind=Kind.RECOUNT_PARTICIPATION, task=recount_participation_task)


@task()
def recount_participation_task(job_id):
    job_run(job_id, _recount)


def _recount(job, progress):
    changed, total = recount_all(report=lambda done, total: progress(read=done, checked=done, total=total))
    progress(read=total, checked=total, written=changed, total=total)
    return (
        _("%(changed)s of %(total)s activities with participation records changed.")
        % {"changed": f"{changed:,}", "total": f"{total:,}"},
        {},
    )
