from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "regional"
    verbose_name = _("Regional Party-building")

    def ready(self):
        from communities.models import Organization

        from . import figures_version

        for model in (*self.get_models(), Organization):
            for signal in (post_save, post_delete):
                signal.connect(
                    figures_version.record_changed,
                    sender=model,
                    dispatch_uid=f"regional-figures-version-{model._meta.label}-{signal}",
                )
