from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Totals, breakdowns and printable reports; no models of its own."""

    name = "reports"
    verbose_name = _("Totals and reports")
