"""A job: long work (an import, a large export, a rebuild) that a worker runs for its owner.

The queue itself is django-tasks' (``TASKS`` in the settings); a Job is what the owner sees of it:
its state, its counters, and what came of it. Only the owner, or a superuser, sees a job.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (State.DONE, State.FAILED, State.CANCELLED)


class Kind(models.TextChoices):
    IMPORT_PREVIEW = "import_preview", _("Import check")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    REBUILD_TOTALS = "rebuild_totals", _("Monthly totals rebuild")
    RECOUNT_PARTICIPATION = "recount_participation", _("Participation recount")


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the jobs ``user`` owns; every job for a superuser."""
        if user.is_superuser:
            return self
        return self.filter(owner=user)


class Job(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    # What the work needs (the stored upload, the options), and what the owner's page shows of its outcome.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("outcome"), default=dict, blank=True)
    # The language of the request that started it: the worker writes the summary in it.
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} · {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self):
        return self.state in FINISHED
