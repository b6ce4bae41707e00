"""Every change to every record: who, when, which fields from what to what.

Rows are written by the service functions themselves (``history.services``),
in the same transaction and the same bulk path as the change they describe:
an import of 100,000 rows writes its history with ``bulk_create`` too, which
signals (never sent by bulk writes) could not do.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    SUBMIT = "submit", _("Submitted for review")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Reopened")
    WITHDRAW = "withdraw", _("Withdrawn")
    MERGE = "merge", _("Merged")


class Source(models.TextChoices):
    FORM = "form", _("Form")
    # A form of the admin site: what ``FORM`` becomes during an admin request (``history.middleware``).
    ADMIN = "admin", _("Admin site")
    BULK = "bulk", _("Bulk action")
    IMPORT = "import", _("Import")
    COMMAND = "command", _("Command")


class Change(models.Model):
    # No index of its own: history_record_idx (content type, record, time) begins with it.
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, db_index=False
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=200)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.FORM)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), db_index=True)
    # {"field": [old, new]} in JSON-safe values (ids for foreign keys, ISO dates).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The import batch that wrote this row, if any (an id, not a foreign key: history
    # outlives batches and must not depend on the import app).
    batch_id = models.PositiveBigIntegerField(_("import batch"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            # One record's history, newest first.
            models.Index(fields=["content_type", "object_id", "-at"], name="history_record_idx"),
        ]

    def __str__(self):
        return f"{self.object_repr} · {self.get_action_display()}"
