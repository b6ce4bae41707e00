from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "transfer"
    verbose_name = _("Import and export")

    def ready(self):
        # After the admin's autodiscover (django.contrib.admin comes first in INSTALLED_APPS).
        from .admin import add_transfer_pages

        add_transfer_pages()
