"""The volunteer ledger's staff pages (included under /volunteers/)."""

from django.urls import path

from . import views

app_name = "volunteering"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:pk>/", views.person_ledger, name="person_ledger"),
    path("people/<int:pk>/record/", views.service_record, name="service_record"),
    path("stars/", views.star_levels, name="star_levels"),
    path("party-members/", views.party_reporting, name="party_reporting"),
    path("communities/<int:pk>/party-members/", views.community_party_members, name="community_party_members"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("participation/<int:pk>/", views.participation_edit, name="participation_edit"),
    path("activities/<int:pk>/participation/", views.activity_participation, name="activity_participation"),
]
