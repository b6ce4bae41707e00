"""django-axes, the login lockout, as it appears in the admin."""

import axes.apps
from django.utils.translation import gettext_lazy as _


class LoginLockoutConfig(axes.apps.AppConfig):
    """django-axes (the login lockout) under a Chinese name in the admin; its strings are in our catalogue
    (``config/vendor_strings.py``), its pages shown to superusers only (``accounts.admin``)."""

    verbose_name = _("Login lockouts")
