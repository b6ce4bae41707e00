"""The regional Party-building (区域化党建) figures of the dashboard, the print report and the organization page.

``regional.selectors`` counts regional records (committees, pairings, the three lists, reporting,
elections, checks, assessments); here the two figures that join them to activities are added: the
activities done under pairings, and the services of in-service members at the community they reported to.
A fixed number of aggregate queries whatever the area's size (no loop over rows).
"""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from activities import totals_version
from activities.models import COUNTED_STATUSES, REPORTING_LEVELS, MonthlyVolunteer, Participation
from regional import figures_version, selectors
from volunteers import people_version
from volunteers.models import Person

from . import cache
from .periods import Period
from .selectors.query import whole_months


def _area_q(scope, region, path):
    q = scope.q(path)
    if region is not None:
        q &= Q(**{f"{path}__startswith": region.path})
    return q


def pairing_activities(query):
    """The activities of the query's period done under a pairing: records, pairings they served and a few sums."""
    return (
        query.activities()
        .filter(pairing__isnull=False)
        .order_by()
        .aggregate(
            records=Count("pk"),
            pairings=Count("pairing", distinct=True),
            participants=Coalesce(Sum("participants"), 0),
            households=Coalesce(Sum("households"), 0),
            volunteer_hours=Sum("volunteer_hours"),
        )
    )


def member_reporting(scope, region, start, end, statuses):
    """In-service Party members who reported to a community of the area in the period, and the services (counted
    participation records and hours) members reporting there gave in that community in the period."""
    reported = Person.objects.filter(
        _area_q(scope, region, "reporting_community__path"),
        is_in_service_member=True,
        reported_on__gte=start,
        reported_on__lte=end,
    ).count()
    served = Participation.objects.filter(
        person__is_in_service_member=True,
        activity__region__path__startswith=F("person__reporting_community__path"),
        activity__status__in=statuses,
        activity__date__gte=start,
        activity__date__lte=end,
    )
    if not (whole_months(Period(start, end)) and set(statuses) <= set(COUNTED_STATUSES)):
        served = served.filter(_area_q(scope, region, "person__reporting_community__path"))
        return {"members": reported, **_services(served, Count("pk"), Sum("hours"))}
    # Members of a community or village: a few monthly rows each (index ``monthly_volunteer_person``).
    rolled_up = MonthlyVolunteer.objects.filter(
        _area_q(scope, region, "region__path"),
        region=F("person__reporting_community"),
        person__is_in_service_member=True,
        status__in=statuses,
        month__gte=start,
        month__lte=end,
    )
    parts = [_services(rolled_up, Sum("participations"), Sum("hours"))]
    # Any other member (one reporting to a subdistrict, say) from the records: normally none.
    others = list(
        Person.objects.filter(_area_q(scope, region, "reporting_community__path"), is_in_service_member=True)
        .exclude(reporting_community__level__in=REPORTING_LEVELS)
        .values_list("pk", flat=True)
    )
    if others:
        parts.append(_services(served.filter(person__in=others), Count("pk"), Sum("hours")))
    hours = [part["hours"] for part in parts if part["hours"] is not None]
    return {
        "members": reported,
        "services": sum(part["services"] for part in parts),
        "hours": sum(hours) if hours else None,
    }


def _services(rows, services, hours):
    figures = rows.order_by().aggregate(services=services, hours=hours)
    return {"services": figures["services"] or 0, "hours": figures["hours"]}


def regional_figures(query):
    """Everything the dashboard's and print report's regional section shows, for ``query``'s area and period.

    Kept in the cache in three parts, each until what it counts changes:

    - a dozen aggregates of regional records: until a regional record, an organization or a region (a
      move, a new name) changes (``regional.figures_version``), not with every import of activities;
    - the activities done under pairings: until the records change too (the monthly totals' version);
    - the in-service members' services (their monthly volunteers' rows at the communities they reported
      to): until a person's record (where they reported, since when), a counted participation record or a
      region changes.
    """
    regional = figures_version.current()
    figures = cache.figures("regional", query, lambda: _regional_figures(query), version=figures_version.REGIONAL)
    under_pairings = cache.figures("pairing-activities", query, lambda: pairing_activities(query), regional)
    scope, region, period = query.scope, query.region, query.period
    members = cache.figures(
        "member-reporting",
        query,
        lambda: member_reporting(scope, region, period.start, period.end, query.statuses),
        people_version.current(),
        regional,
        version=totals_version.SERVICES,
    )
    return {**figures, "pairing_activities": under_pairings, "members": members}


def _regional_figures(query):
    scope, region, period = query.scope, query.region, query.period
    years = list(range(period.start.year, period.end.year + 1))
    area = selectors.area_figures(scope, region, period.start, period.end)
    # The aggregates are written by their sides in the summary; read only when the area has any.
    grouped = any(area["pairings"]["grouped_by_kind"].values())
    return {
        "committees": selectors.committee_figures(scope, region),
        **area,
        "rankings": selectors.rankings(scope, region, years),
        "supervision": list(selectors.supervision_checks(scope, region, period.start, period.end)),
        "aggregate_pairings": selectors.aggregate_pairings(scope, region, period.start, period.end) if grouped else [],
    }


def is_empty(figures):
    """True when the area has no regional record at all in the period (the section is then left out)."""
    return not any(
        [
            figures["committees"]["committees"],
            figures["committees"].get("counted"),
            figures["pairings"]["pairings"],
            figures["needs"]["raised"] or figures["needs"]["matched"] or figures["needs"]["resolved"],
            figures["projects"]["listed"] or figures["projects"]["claimed"] or figures["projects"]["completed"],
            figures["reported"]["reportings"],
            figures["members"]["members"] or figures["members"]["services"],
            figures["elections"]["held"],
            figures["rankings"],
            figures["supervision"],
            figures["pairing_activities"]["records"],
        ]
    )
