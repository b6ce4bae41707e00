from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.records, name="records"),
    path("print/", views.print_report, name="print"),
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
    path("organizations/", views.organizations, name="organizations"),
    path("api/totals/", views.api_totals, name="api_totals"),
]
