"""Reads of the volunteer ledger: head counts, a person's hours, a team's figures, star levels.

Person-times (人次) add up; distinct volunteers are counted only from
participation records — a sum of person-times is never presented as a head
count. Hours count only from approved activities.
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from activities.models import Status

from .models import Participation, StarLevel, TeamMembership, star_level_for

ZERO = Decimal(0)


def distinct_volunteers(activity_qs):
    """The number of different people with participation records at the activities of ``activity_qs``."""
    return (
        Participation.objects.filter(activity__in=activity_qs.order_by().values("pk"))
        .order_by()
        .aggregate(n=Count("person_id", distinct=True))["n"]
    )


def participation_totals(activity_qs):
    """{"volunteers" (distinct people), "person_times" (人次), "hours"} of the records at ``activity_qs``."""
    return Participation.objects.filter(activity__in=activity_qs.order_by().values("pk")).totals()


def star_levels():
    """The star level table, fewest stars first (a handful of rows)."""
    return list(StarLevel.objects.order_by("stars"))


def person_ledger(person):
    """A person's counted and pending hours, by year and by team (two grouped queries).

    Returns {"hours", "services", "pending_hours", "pending_services", "by_year": [...], "by_team": [...]},
    where only approved activities count; by_year rows carry both counted and pending figures.
    """
    approved = Q(activity__status=Status.APPROVED)
    years = (
        Participation.objects.filter(person=person)
        .order_by()
        .values(year=ExtractYear("activity__date"))
        .annotate(
            services=Count("pk", filter=approved),
            hours=Coalesce(Sum("hours", filter=approved), ZERO),
            pending_services=Count("pk", filter=~approved),
            pending_hours=Coalesce(Sum("hours", filter=~approved), ZERO),
        )
        .order_by("-year")
    )
    by_year = list(years)
    by_team = list(
        Participation.objects.filter(person=person)
        .counted()
        .order_by()
        .values("activity__team_id", "activity__team__name")
        .annotate(services=Count("pk"), hours=Sum("hours"))
        .order_by("-hours", "activity__team__name")
    )
    return {
        "hours": sum((row["hours"] for row in by_year), ZERO),
        "services": sum(row["services"] for row in by_year),
        "pending_hours": sum((row["pending_hours"] for row in by_year), ZERO),
        "pending_services": sum(row["pending_services"] for row in by_year),
        "by_year": by_year,
        "by_team": [
            {"team_id": r["activity__team_id"], "team": r["activity__team__name"], **r} for r in by_team
        ],
    }


def person_services(person):
    """A person's participation records with their activities, newest first (for a page of them)."""
    return (
        Participation.objects.filter(person=person)
        .select_related("activity", "activity__region", "activity__team")
        .only(
            "hours",
            "person_id",
            "activity__id",
            "activity__title",
            "activity__date",
            "activity__start_date",
            "activity__status",
            "activity__region__full_name",
            "activity__team__name",
        )
        .order_by("-activity__date", "-pk")
    )


def team_figures(team):
    """Members now and past, and the service at the team's approved activities: distinct people, 人次, hours."""
    members = TeamMembership.objects.filter(team=team).aggregate(
        current=Count("pk", filter=Q(left_on__isnull=True)), former=Count("pk", filter=Q(left_on__isnull=False))
    )
    service = Participation.objects.filter(activity__team=team).counted().totals()
    activities = team.activities.filter(status=Status.APPROVED).order_by().aggregate(n=Count("pk"))["n"]
    return {**members, **service, "activities": activities}


def team_roster(team):
    """The team's memberships with their people, current members first, then by joining date."""
    return (
        team.memberships.select_related("person")
        .only("role", "joined_on", "left_on", "team_id", "person__id", "person__name", "person__political_status")
        .order_by(F("left_on").desc(nulls_first=True), F("joined_on").desc(nulls_last=True), "pk")
    )


def hours_at_team(team, person_ids):
    """{person id: counted hours at ``team``'s activities} for ``person_ids`` (one grouped query)."""
    rows = (
        Participation.objects.filter(activity__team=team, person_id__in=person_ids)
        .counted()
        .order_by()
        .values("person_id")
        .annotate(h=Sum("hours"))
    )
    return {row["person_id"]: row["h"] for row in rows}


def level_of(hours, levels=None):
    """The star level ``hours`` reach (``levels`` as from ``star_levels()``, read when not given)."""
    return star_level_for(hours, star_levels() if levels is None else levels)
