from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/approve/", views.approve_many, name="approve_many"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_, name="return"),
]
