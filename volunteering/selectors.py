"""Reads of the volunteer ledger: head counts, a person's hours, a team's figures, star levels.

Person-times (人次) add up; distinct volunteers are counted only from
participation records — a sum of person-times is never presented as a head
count. Hours count only from approved activities.
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from activities.models import Participation, Status
from volunteers.models import Person, StarLevel, Team, TeamMembership, star_level_for

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
    """A person's counted and pending hours, by year and by team, and the order of their services.

    One pass over the person's records (newest first) with their activities' date,
    status and team, summed here rather than in three grouped queries: a person
    with thousands of records costs one index walk, not three. Team names come in
    a second small query. Returns {"hours", "services", "pending_hours",
    "pending_services", "by_year": [...], "by_team": [...], "order": [activity ids]},
    where only approved activities count; by_year rows carry both counted and pending figures.
    """
    # Keyed by activity (unique per person): every column read here is in the covering indexes
    # participation_person_cover and activity_ledger_cover, so neither table's rows are read.
    records = (
        Participation.objects.filter(person=person)
        .order_by("-activity__date", "-activity_id")
        .values_list("activity_id", "hours", "activity__date", "activity__status", "activity__team_id")
    )
    years, teams, order = {}, {}, []
    for activity_id, hours, date, status, team_id in records:
        order.append(activity_id)
        year = years.setdefault(
            date.year,
            {"year": date.year, "services": 0, "hours": ZERO, "pending_services": 0, "pending_hours": ZERO},
        )
        if status == Status.APPROVED:
            year["services"] += 1
            year["hours"] += hours
            team = teams.setdefault(team_id, {"team_id": team_id, "team": None, "services": 0, "hours": ZERO})
            team["services"] += 1
            team["hours"] += hours
        else:
            year["pending_services"] += 1
            year["pending_hours"] += hours
    named = [pk for pk in teams if pk is not None]
    if named:
        for pk, name in Team.objects.filter(pk__in=named).values_list("pk", "name"):
            teams[pk]["team"] = name
    by_year = sorted(years.values(), key=lambda row: -row["year"])
    by_team = sorted(teams.values(), key=lambda row: (-row["hours"], row["team"] or ""))
    return {
        "hours": sum((row["hours"] for row in by_year), ZERO),
        "services": sum(row["services"] for row in by_year),
        "pending_hours": sum((row["pending_hours"] for row in by_year), ZERO),
        "pending_services": sum(row["pending_services"] for row in by_year),
        "by_year": by_year,
        "by_team": by_team,
        "order": order,
    }


def services_at(person, activity_ids):
    """``person``'s participation records at ``activity_ids`` with their activities, in that order."""
    rows = {p.activity_id: p for p in person_services_queryset().filter(person=person, activity_id__in=activity_ids)}
    return [rows[pk] for pk in activity_ids if pk in rows]


def person_services_queryset():
    return Participation.objects.select_related("activity", "activity__region", "activity__team").only(
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


def person_services(person):
    """A person's participation records with their activities, newest first."""
    return person_services_queryset().filter(person=person).order_by("-activity__date", "-pk")


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
    # One pass over the people's approved records up to ``end`` (index-only on PostgreSQL through
    # the covering indexes), keeping those who served in the period and reach the lowest level.
    rows = (
        Participation.objects.counted()
        .filter(person__in=people_qs.order_by().values("pk"), activity__date__lte=end)
        .order_by()
        .values("person_id")
        .annotate(
            before=Coalesce(Sum("hours", filter=Q(activity__date__lt=start)), ZERO),
            total=Sum("hours"),
            in_period=Count("activity_id", filter=Q(activity__date__gte=start)),
        )
        .filter(in_period__gt=0, total__gte=lowest)
    )
    reached = []
    for row in rows:
        old, new = star_level_for(row["before"], levels), star_level_for(row["total"], levels)
        if new is not None and (old is None or new.stars > old.stars):
            reached.append({**row, "old": old, "new": new})
    reached.sort(key=lambda r: (-r["new"].stars, -r["total"], r["person_id"]))
    return reached


SERVICE_RECORD_ROWS = 500  # rows one printed record lists; the totals always cover everything


def service_record(person, *, year=None, limit=SERVICE_RECORD_ROWS):
    """The approved services of ``person`` for the printed record, and their totals.

    Totals ("count", "hours") cover all approved service; the rows are those of ``year``
    when given, else all of them — at most ``limit``, the latest ones, oldest first, with
    "listed_all" false when some were left out (the page says so). "years" lists the
    years with approved service, for choosing one.
    """
    counted = Participation.objects.filter(person=person).counted().order_by()
    totals = counted.aggregate(count=Count("activity_id"), hours=Coalesce(Sum("hours"), ZERO))
    years = sorted(
        {row.year for row in counted.dates("activity__date", "year")},
        reverse=True,
    )
    rows = person_services(person).filter(activity__status=Status.APPROVED)
    if year is not None:
        rows = rows.filter(activity__date__year=year)
    services = list(rows.order_by("-activity__date", "-activity_id")[: limit + 1])
    listed_all = len(services) <= limit
    services = services[:limit][::-1]
    return {
        "services": services,
        "listed_all": listed_all,
        "listed_hours": sum((p.hours for p in services), ZERO),
        "count": totals["count"],
        "hours": totals["hours"],
        "year": year,
        "years": years,
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
