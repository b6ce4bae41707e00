"""我的台账's export of a long list, as a job: the same filters, the same columns, written by a worker."""

from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from accounts.scope import scope_of
from jobs.exports import export_to_file
from jobs.models import Kind
from jobs.services import job_run, job_start

from . import forms, selectors


def start_export(*, user, query, fmt, total=None):
    """Start exporting the list as ``user`` sees it under the filters of ``query`` (a query string); the job."""
    return job_start(owner=user, kind=Kind.EXPORT, task=export_task, params={"query": query, "fmt": fmt}, total=total)


@task()
def export_task(job_id):
    job_run(job_id, _export)


def _export(job, progress):
    user, fmt = job.owner, job.params["fmt"]
    # The query names its year (the view pinned it): the worker reads the filters the page showed.
    form = forms.FilterForm(QueryDict(job.params["query"]), scope=scope_of(user))
    if not form.is_valid():
        raise ValueError(f"the export's filters no longer hold: {form.errors.as_json()}")
    columns, rows = selectors.export(user=user, filters=form.filters())
    name = f"ledger-{timezone.localdate():%Y%m%d}.{fmt}"
    return export_to_file(job, progress, fmt=fmt, columns=columns, rows=rows, filename=name)
