from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers and teams")

    def ready(self):
        from . import people_version
        from .models import Person

        for signal in (post_save, post_delete):
            signal.connect(people_version.person_changed, sender=Person, dispatch_uid=f"people-version-{signal}")
