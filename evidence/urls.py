"""Evidence files, read through their record's scope (included under /evidence/)."""

from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("<int:pk>/", views.serve, name="file"),
    path("<int:pk>/thumbnail/", views.serve, {"thumbnail": True}, name="thumbnail"),
]
