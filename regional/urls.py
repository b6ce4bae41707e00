"""The regional Party-building staff pages (included under /regional/)."""

from django.urls import path

from . import views

app_name = "regional"

urlpatterns = [
    path("", views.committee_list, name="committees"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/letter/", views.appointment_letter, name="letter"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("projects/<int:pk>/", views.list_project_detail, name="list_project"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
]
