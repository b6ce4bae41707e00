"""Root URLs: the staff site, the admin (reference data and records) and language switching.

Each part of the staff site lives in its app's ``urls.py`` and is included here.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = admin.site.site_title = _("Community Ledger")
admin.site.index_title = _("Records and reference data")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("activities/", include("activities.urls")),
    path("volunteers/", include("volunteering.urls")),
    path("regional/", include("regional.urls")),
]
