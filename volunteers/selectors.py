"""Reads of the volunteer ledger: head counts, a person's hours, a team's figures, star levels.

Person-times (人次) add up; distinct volunteers are counted only from
participation records — a sum of person-times is never presented as a head
count. Hours count only from approved activities.
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from activities.models import Status

from .models import Participation, Person, StarLevel, TeamMembership, star_level_for

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
            counted_hours=Coalesce(Sum("hours", filter=approved), ZERO),
            pending_services=Count("pk", filter=~approved),
            pending_hours=Coalesce(Sum("hours", filter=~approved), ZERO),
        )
        .order_by("-year")
    )
    by_year = [{**row, "hours": row.pop("counted_hours")} for row in years]
    by_team = list(
        Participation.objects.filter(person=person)
        .counted()
        .order_by()
        .values("activity__team_id", "activity__team__name")
        .annotate(services=Count("pk"), team_hours=Sum("hours"))
        .order_by("-team_hours", "activity__team__name")
    )
    return {
        "hours": sum((row["hours"] for row in by_year), ZERO),
        "services": sum(row["services"] for row in by_year),
        "pending_hours": sum((row["pending_hours"] for row in by_year), ZERO),
        "pending_services": sum(row["pending_services"] for row in by_year),
        "by_year": by_year,
        "by_team": [
            {
                "team_id": r["activity__team_id"],
                "team": r["activity__team__name"],
                "services": r["services"],
                "hours": r["team_hours"],
            }
            for r in by_team
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


def people_reaching_levels(people_qs, start, end, levels=None):
    """People of ``people_qs`` whose counted hours crossed a star level between ``start`` and ``end``.

    The level a person had before ``start`` comes from their approved service dated
    before it; the level at the end from everything up to ``end``. Returns a list of
    {"person_id", "before", "total", "old", "new"}, highest new level first.
    """
    levels = star_levels() if levels is None else levels
    if not levels:
        return []
    lowest = min(level.min_hours for level in levels)
    served_in_period = (
        Participation.objects.counted()
        .filter(activity__date__gte=start, activity__date__lte=end, person__in=people_qs.order_by().values("pk"))
        .order_by()
        .values("person_id")
    )
    rows = (
        Participation.objects.counted()
        .filter(person_id__in=served_in_period, activity__date__lte=end)
        .order_by()
        .values("person_id")
        .annotate(before=Coalesce(Sum("hours", filter=Q(activity__date__lt=start)), ZERO), total=Sum("hours"))
        .filter(total__gte=lowest)
    )
    reached = []
    for row in rows:
        old, new = star_level_for(row["before"], levels), star_level_for(row["total"], levels)
        if new is not None and (old is None or new.stars > old.stars):
            reached.append({**row, "old": old, "new": new})
    reached.sort(key=lambda r: (-r["new"].stars, -r["total"], r["person_id"]))
    return reached


def service_record(person):
    """The approved services of ``person`` for the printed record, oldest first, and their totals."""
    services = list(person_services(person).filter(activity__status=Status.APPROVED).order_by("activity__date", "pk"))
    return {
        "services": services,
        "hours": sum((p.hours for p in services), ZERO),
        "count": len(services),
        "first": services[0].activity.date if services else None,
        "last": services[-1].activity.date if services else None,
    }


def _community_of(path, communities_by_id):
    """The community among ``communities_by_id`` whose subtree holds the region with ``path``, or None."""
    for part in path.split("/"):
        if part and int(part) in communities_by_id:
            return communities_by_id[int(part)]
    return None


def party_reporting_rates(communities):
    """Per community: in-service Party members living there, how many of them reported (anywhere),
    how many reported to it, and the services and counted hours those reporting to it gave there.

    ``communities`` is a list of Region rows that do not nest in one another. Four grouped queries.
    """
    by_id = {c.pk: c for c in communities}
    rows = {
        c.pk: {
            "community": c,
            "residents": 0,
            "residents_reported": 0,
            "reported_here": 0,
            "services": 0,
            "hours": ZERO,
        }
        for c in communities
    }
    if not communities:
        return []
    near = Q()
    for community in communities:
        near |= Q(region__path__startswith=community.path)
    residents = (
        Person.objects.filter(near, is_in_service_member=True)
        .order_by()
        .values("region__path")
        .annotate(n=Count("pk"), reported=Count("pk", filter=Q(reporting_community__isnull=False)))
    )
    for row in residents:
        community = _community_of(row["region__path"], by_id)
        if community is not None:
            rows[community.pk]["residents"] += row["n"]
            rows[community.pk]["residents_reported"] += row["reported"]
    reported = (
        Person.objects.filter(reporting_community__in=list(by_id))
        .order_by()
        .values("reporting_community_id")
        .annotate(n=Count("pk"))
    )
    for row in reported:
        rows[row["reporting_community_id"]]["reported_here"] = row["n"]
    service = (
        Participation.objects.counted()
        .filter(
            person__reporting_community__in=list(by_id),
            activity__region__path__startswith=F("person__reporting_community__path"),
        )
        .order_by()
        .values("person__reporting_community_id")
        .annotate(n=Count("pk"), h=Sum("hours"))
    )
    for row in service:
        target = rows[row["person__reporting_community_id"]]
        target["services"], target["hours"] = row["n"], row["h"]
    result = []
    for row in rows.values():
        row["rate"] = (100 * row["residents_reported"] / row["residents"]) if row["residents"] else None
        result.append(row)
    result.sort(key=lambda r: r["community"].path)
    return result


def community_party_members(community):
    """The people who reported to ``community``, with their counted services and hours there (two queries)."""
    people = list(
        Person.objects.filter(reporting_community=community)
        .select_related("region")
        .order_by("-reported_on", "name", "pk")
    )
    served = (
        Participation.objects.counted()
        .filter(person__reporting_community=community, activity__region__path__startswith=community.path)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"), h=Sum("hours"))
    )
    figures = {row["person_id"]: row for row in served}
    for person in people:
        row = figures.get(person.pk, {})
        person.services_here, person.hours_here = row.get("n", 0), row.get("h") or ZERO
    return people
