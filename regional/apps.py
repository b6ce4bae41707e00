from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "regional"
    verbose_name = _("Regional Party-building")

    def ready(self):
        from communities.models import Organization, Region

        from . import figures_version

        # A region moved or renamed moves its records to another area, or renames a ranked one.
        figures_version.REGIONAL.follow(*self.get_models(), Organization, Region)
