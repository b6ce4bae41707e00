"""The monthly totals' rebuild as a job (``manage.py monthly_totals --rebuild --queue``), run by a worker."""

from django.utils.translation import gettext as _
from django_tasks import task

from jobs.models import Kind
from jobs.services import job_run, job_start

from . import rollups


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
