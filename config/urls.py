"""Root URLs: the staff site, the admin (reference data and records) and language switching.

Each part of the staff site lives in its app's ``urls.py`` and is included here.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = admin.site.site_title = _("Community Ledger")
admin.site.index_title = _("Records and reference data")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The one-time link a new user gets to set their own password (accounts.services.set_password_link).
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            post_reset_login=False, success_url=reverse_lazy("password_set_done")
        ),
        name="password_set",
    ),
    path("password/set/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_set_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("activities/", include("activities.urls")),
    path("volunteers/", include("volunteering.urls")),
    path("workspace/", include("workspace.urls")),
    path("regional/", include("regional.urls")),
    path("notifications/", include("notifications.urls")),
    path("signin/", include("signin.urls")),
    path("jobs/", include("jobs.urls")),
]
