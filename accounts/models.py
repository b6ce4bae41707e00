"""Which regions each user works in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models import Region


class ScopeAssignment(models.Model):
    """One region a user works in; the user sees and changes records in its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="scope_assignments"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="scope_assignments_of"
    )

    class Meta:
        verbose_name = _("scope region")
        verbose_name_plural = _("scope regions")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="scope_unique_user_region")]

    def __str__(self):
        return f"{self.user} · {self.region}"
