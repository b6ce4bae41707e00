"""我的台账 (included under /workspace/)."""

from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("pairings/<int:pk>/", views.pairing, name="pairing"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:file_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/<str:name>/", views.step, name="step"),
]
