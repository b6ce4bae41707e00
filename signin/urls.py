"""QR sign-in (included under /signin/): the volunteer's page and the clerk's sheet."""

from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("activity/<int:pk>/", views.sheet, name="sheet"),
    path("activity/<int:pk>/decide/", views.decide, name="decide"),
    path("<str:token>/", views.scan, name="scan"),
]
