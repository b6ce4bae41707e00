"""Starting, running, following and cancelling jobs: the only code that changes a Job.

    job = job_start(owner=user, kind=Kind.EXPORT, task=export_task, params={...})

``job_start`` creates the job and puts its task on django-tasks' queue; the worker calls the task,
which calls ``job_run(job_id, work)``: ``work(job, progress)`` does the work and returns
(summary, result). While it runs, ``progress(read=…, checked=…, written=…)`` publishes the counters
through the ``jobs`` cache and raises ``Cancelled`` once the owner asked to stop, so the work's own
transaction rolls back — cancelling is cooperative, checked between batches.

A worker that dies (killed, restarted, out of memory) cannot record how its job ended. While the
work runs, a thread of the worker renews the job's heartbeat in the ``jobs`` cache; a running job
whose heartbeat has lapsed is marked failed the next time anyone looks at it (``job_check_worker``).
"""

import datetime
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, State

logger = logging.getLogger(__name__)

COUNTERS = ("rows_read", "rows_checked", "rows_written", "rows_total")
# Live counters are published at most this often, in seconds (the page asks about once a second).
PUBLISH_EVERY = 0.5
# How long live counters and a cancel flag are kept if a worker dies without cleaning up.
CHANNEL_TIMEOUT = 2 * 24 * 3600
# A running job's worker renews its heartbeat this often; a job without one for HEARTBEAT_LAPSE seconds
# (and started at least that long ago) has lost its worker.
HEARTBEAT_EVERY = 10
HEARTBEAT_LAPSE = 60


class Cancelled(Exception):
    """The owner cancelled the job: raised inside its work, so whatever it was writing rolls back."""


def channel():
    return caches["jobs"]


def _key(job_id, what):
    return f"job:{job_id}:{what}"


def job_start(*, owner, kind, task, params=None, total=None):
    """Create a queued job of ``kind`` for ``owner`` and enqueue ``task(job_id)``; the job as it is now.

    With a worker, the job is still queued when this returns. With the immediate backend (tests,
    ``TASKS_BACKEND``) the task has already run and the job is finished.
    """
    job = Job.objects.create(
        owner=owner,
        kind=kind,
        params=params or {},
        rows_total=total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_run(job_id, work):
    """Run ``work(job, progress)`` for job ``job_id`` once, and record how it ended (see the module docstring).

    A job cancelled while queued, or already taken by another worker, is not run. Any error ends the
    job as failed with a message for its owner; the traceback goes to the log, not to the page.
    """
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    summary, error, result = "", "", {}
    with translation.override(job.language), _heartbeat(job_id):
        try:
            summary, result = work(job, progress)
            state = State.DONE
        except Cancelled:
            state = State.CANCELLED
            summary = _("Cancelled before it finished; nothing was written.")
        except Exception:
            logger.exception("Job %s (%s) failed", job_id, job.kind)
            state = State.FAILED
            error = _("The job failed unexpectedly and nothing was written. The details are in the server's log.")
    Job.objects.filter(pk=job_id).update(
        state=state,
        summary=summary,
        error=error,
        result=result or {},
        finished_at=timezone.now(),
        **progress.counters,
    )
    channel().delete_many([_key(job_id, "progress"), _key(job_id, "cancel")])


@contextmanager
def _heartbeat(job_id):
    """Within the block, a thread renews job ``job_id``'s heartbeat every HEARTBEAT_EVERY seconds."""
    stop = threading.Event()

    def beat():
        while True:
            try:
                channel().set(_key(job_id, "alive"), True, HEARTBEAT_LAPSE)
            except Exception:  # a cache hiccup must not end the job; the next beat tries again
                logger.warning("Job %s: heartbeat not written", job_id, exc_info=True)
            if stop.wait(HEARTBEAT_EVERY):
                return

    channel().set(_key(job_id, "alive"), True, HEARTBEAT_LAPSE)
    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        channel().delete(_key(job_id, "alive"))


def _worker_lost(job):
    """True when ``job`` is running but its worker's heartbeat has lapsed: the worker died."""
    if job.state != State.RUNNING:
        return False
    since = job.started_at or job.created_at
    if since is None or timezone.now() - since < datetime.timedelta(seconds=HEARTBEAT_LAPSE):
        return False  # just taken: the first beat may not be written yet
    return not channel().get(_key(job.pk, "alive"))


def job_check_worker(job):
    """Mark ``job`` failed if it is running but its worker stopped before it finished (see ``_worker_lost``)."""
    if not _worker_lost(job):
        return
    error = _(
        "The worker running this job stopped before it finished (it was restarted or ran out of memory); "
        "nothing was written. Start the job again."
    )
    Job.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.FAILED, error=error, finished_at=timezone.now()
    )
    logger.error("Job %s (%s): its worker stopped without finishing it", job.pk, job.kind)
    channel().delete_many([_key(job.pk, "progress"), _key(job.pk, "cancel")])
    job.refresh_from_db()


class Progress:
    """A running job's counters; call it with the ones that changed (see the module docstring)."""

    def __init__(self, job):
        self.job_id = job.pk
        self.counters = {name: getattr(job, name) for name in COUNTERS}
        self._published = None

    def __call__(self, *, read=None, checked=None, written=None, total=None):
        for name, value in zip(COUNTERS, (read, checked, written, total), strict=True):
            if value is not None:
                self.counters[name] = value
        now = time.monotonic()
        if self._published is None or now - self._published >= PUBLISH_EVERY:
            self._published = now
            channel().set(_key(self.job_id, "progress"), dict(self.counters), CHANNEL_TIMEOUT)
        self.check()

    def check(self):
        """Raise ``Cancelled`` if the owner asked to cancel."""
        if channel().get(_key(self.job_id, "cancel")):
            raise Cancelled


def job_cancel(*, job):
    """Cancel ``job``: a queued one at once; a running one stops at its next check and writes nothing."""
    cancelled_while_queued = Job.objects.filter(pk=job.pk, state=State.QUEUED).update(
        state=State.CANCELLED,
        finished_at=timezone.now(),
        summary=_("Cancelled before it started; nothing was written."),
    )
    if not cancelled_while_queued:
        # Not through the database: a running import holds its transaction (and on SQLite the write lock).
        channel().set(_key(job.pk, "cancel"), True, CHANNEL_TIMEOUT)


def job_status(job):
    """What the owner's page shows of ``job`` now: its state and counters, the live ones while it runs.

    A running job whose worker has died is marked failed first, so its page stops waiting.
    """
    job_check_worker(job)
    counters = {name: getattr(job, name) for name in COUNTERS}
    cancelling = False
    if job.state == State.RUNNING:
        counters.update(channel().get(_key(job.pk, "progress")) or {})
        cancelling = bool(channel().get(_key(job.pk, "cancel")))
    total = counters["rows_total"]
    if job.state == State.DONE:
        percent = 100
    elif total:
        percent = min(100, counters["rows_checked"] * 100 // total)
    else:
        percent = None  # an indeterminate bar: how many rows a file holds is known once it is read
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": str(job.get_kind_display()),
        "state": job.state,
        "state_label": str(_("Cancelling…")) if cancelling else str(job.get_state_display()),
        "finished": job.finished,
        "cancelling": cancelling,
        "read": counters["rows_read"],
        "checked": counters["rows_checked"],
        "written": counters["rows_written"],
        "total": total,
        "percent": percent,
        "summary": job.summary,
        "error": job.error,
    }


def job_page(job):
    """The page of the app that started ``job`` which follows it and shows its outcome, or None (the job's own)."""
    page = job.params.get("page")
    return f"{page}?job={job.pk}" if page else None


def job_result_take(*, job, key):
    """Remove ``key`` from ``job``'s result and give its value: what is shown once (set-password links)."""
    value = job.result.pop(key, None)
    if value is not None:
        Job.objects.filter(pk=job.pk).update(result=job.result)
    return value
