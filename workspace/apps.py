from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The clerk's and reviewer's own records on the staff site: list, record page, form, workflow buttons."""

    name = "workspace"
    verbose_name = _("My ledger")
