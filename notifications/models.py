"""What a person is told: a record of theirs was returned, approved or reopened; a record awaits their review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity


class Kind(models.TextChoices):
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    REOPENED = "reopened", _("Reopened for correction")
    AWAITING = "awaiting", _("Waiting for your review")


class NotificationQuerySet(models.QuerySet):
    def of(self, user):
        """Adds: only ``user``'s own notifications."""
        return self.filter(recipient=user)

    def unread(self):
        """Adds: only those not read yet (served by the partial index ``notification_unread``)."""
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The return reason as the reviewer wrote it then; the record's own reason may change later.
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # A person's list, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The header's count of unread notifications: one small index of unread rows only.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # Marking an activity's "waiting for review" notifications read once it is decided.
            models.Index(fields=["activity"], condition=Q(read_at__isnull=True), name="notification_unread_activity"),
        ]

    def __str__(self):
        return str(self.get_kind_display())
