"""Notifications (included under /notifications/)."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.open_one, name="open"),
    path("read/", views.mark_all_read, name="mark_all_read"),
]
