from django.urls import path

from . import api, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.records, name="records"),
    path("print/", views.print_report, name="print"),
    path("print.docx", views.print_docx, name="print_docx"),
    path("print.pdf", views.print_pdf, name="print_pdf"),
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
    path("organizations/", views.organizations, name="organizations"),
    path("teams/", views.teams, name="teams"),
    path("api/totals/", api.totals, name="api_totals"),
    path("api/choices/<str:kind>/", api.choices, name="api_choices"),
    path("api/openapi.json", api.description, name="api_openapi"),
]
