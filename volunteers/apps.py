from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers and teams")

    def ready(self):
        from . import people_version
        from .models import Person

        people_version.PEOPLE.follow(Person)
