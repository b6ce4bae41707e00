import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and scopes")


class LoginLockoutConfig(axes.apps.AppConfig):
    """django-axes (the login lockout) under a Chinese name in the admin; its strings are in our catalogue
    (``config/vendor_strings.py``), its pages shown to superusers only (``accounts.admin``)."""

    verbose_name = _("Login lockouts")
