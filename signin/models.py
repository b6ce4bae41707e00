"""A volunteer's own sign-in and sign-out at an activity, waiting for a clerk to confirm it as participation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Participation
from volunteers.models import Person


class State(models.TextChoices):
    SIGNED_IN = "in", _("Signed in")
    SIGNED_OUT = "out", _("Signed out, waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class SignIn(models.Model):
    """One person's scan-in and scan-out at one activity. Counts nowhere until a clerk confirms it:
    then ``activities.participation`` records the hours, and ``participation`` points to that record."""

    scope_path = "activity__region__path"  # see accounts.scope

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SIGNED_IN)
    signed_in_at = models.DateTimeField(_("signed in at"))
    signed_out_at = models.DateTimeField(_("signed out at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        constraints = [
            # One scan-in per person and activity: a second scan is the sign-out.
            models.UniqueConstraint(fields=["activity", "person"], name="signin_unique_activity_person"),
            models.CheckConstraint(condition=Q(hours__gte=0, hours__lte=24), name="signin_hours_range"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_state_display()}"
