"""Evidence files, read through their record's scope (included under /evidence/)."""

from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("<int:pk>/", views.serve, name="file"),
    path("<int:pk>/thumbnail/", views.serve, {"thumbnail": True}, name="thumbnail"),
    path("of/<str:label>/<int:pk>/", views.record_files, name="record"),
    path("of/<str:label>/<int:pk>/<int:file_pk>/remove/", views.record_file_remove, name="record_remove"),
]
