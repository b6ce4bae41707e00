"""Reads of regional Party-building for the pages: a committee's units, members and pairings in a period."""

import datetime

from django.db.models import Count, Q, Sum

from communities.models import Organization

from .models import (
    COMMITTEE_KINDS,
    STEP_ORDER,
    AssessmentRating,
    AssessmentScore,
    CommitteeMembership,
    Election,
    ListProject,
    MemberUnit,
    Need,
    NeedStatus,
    Pairing,
    Step,
    Survey,
    TalentPool,
    UnitReporting,
)


def committees(scope):
    """The committees in ``scope`` with their member and candidate counts, by name."""
    return (
        scope.filter(Organization.objects.filter(kind__in=COMMITTEE_KINDS))
        .select_related("region")
        .annotate(
            members=Count(
                "committee_memberships", filter=Q(committee_memberships__step__in=[Step.APPOINTED, Step.FILED])
            ),
            candidates=Count(
                "committee_memberships",
                filter=~Q(committee_memberships__step__in=[Step.APPOINTED, Step.FILED, Step.WITHDRAWN]),
            ),
            units=Count("committee_memberships__unit", distinct=True),
        )
        .order_by("region__path", "name")
    )


def committee_members(committee):
    """The committee's members and candidates, in the order of their procedure step (filed first), then by unit."""
    rows = CommitteeMembership.objects.filter(committee=committee).select_related("unit", "person")
    rank = {step: index for index, step in enumerate([*STEP_ORDER[::-1], Step.WITHDRAWN])}
    return sorted(rows.order_by("unit__name", "pk"), key=lambda row: rank[row.step])


def member_units(committee):
    """The units with a member or candidate on ``committee``, by name."""
    return MemberUnit.objects.of_committee(committee).select_related("region", "party_organization").order_by("name")


def pairings(committee, start, end):
    """The pairings of ``committee`` active between ``start`` and ``end``, with every side's record loaded."""
    related = [f"{side}_{name}" for side in "ab" for name in ("organization", "unit", "region", "project", "person")]
    return (
        Pairing.objects.of_committee(committee)
        .active_in(start, end)
        .select_related("region", *related)
        .order_by("kind", "start", "pk")
    )


def list_figures(committee, start, end):
    """Needs raised / matched / resolved and projects listed / claimed / completed between ``start`` and ``end``."""

    def within(field):
        return Q(**{f"{field}__gte": start, f"{field}__lte": end})

    needs = Need.objects.filter(committee=committee).aggregate(
        raised=Count("pk", filter=within("raised_on")),
        matched=Count("pk", filter=within("matched_on")),
        resolved=Count("pk", filter=within("resolved_on") & Q(status=NeedStatus.RESOLVED)),
    )
    projects = ListProject.objects.filter(committee=committee).aggregate(
        listed=Count("pk", filter=within("listed_on")),
        claimed=Count("pk", filter=within("claimed_on")),
        completed=Count("pk", filter=within("completed_on")),
    )
    return {"needs": needs, "projects": projects}


def list_entries(committee, start, end):
    """The needs and projects of ``committee`` with anything happening between ``start`` and ``end``."""

    def touched(*fields):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
        return condition

    needs = (
        Need.objects.filter(committee=committee)
        .filter(touched("raised_on", "matched_on", "resolved_on"))
        .select_related("region", "resource", "project__unit")
        .order_by("raised_on", "pk")
    )
    projects = (
        ListProject.objects.filter(committee=committee)
        .filter(touched("listed_on", "claimed_on", "completed_on"))
        .select_related("region", "unit")
        .order_by("listed_on", "pk")
    )
    return needs, projects


def area_registers(committee, start, end):
    """In the committee's area: units that reported to a community, elections held and surveys conducted in the
    period, and the talent pools (their people on record, or the head count reported)."""
    area = committee.region.path
    reportings = UnitReporting.objects.filter(
        community__path__startswith=area, reported_on__gte=start, reported_on__lte=end
    )
    elections = (
        Election.objects.filter(organization__region__path__startswith=area)
        .held_in(start, end)
        .select_related("organization")
        .order_by("held_on", "pk")
    )
    surveys = (
        Survey.objects.filter(region__path__startswith=area, conducted_on__gte=start, conducted_on__lte=end)
        .select_related("region", "unit")
        .annotate(suggestions_listed=Count("suggestions"))
        .order_by("conducted_on", "pk")
    )
    pools = (
        TalentPool.objects.filter(region__path__startswith=area)
        .select_related("region")
        .annotate(listed=Count("members"))
        .order_by("region__path", "name")
    )
    return {
        "surveys": surveys,
        "pools": pools,
        "reportings": reportings.select_related("unit", "community").order_by("reported_on", "pk"),
        "reported": reportings.aggregate(units=Count("unit", distinct=True), services=Sum("services_done")),
        "elections": elections,
    }


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def ranking(scheme):
    """The subjects of ``scheme`` by total score, highest first, with their rank (ties share one) and stars."""
    totals = (
        AssessmentScore.objects.filter(scheme=scheme)
        .values("organization", "organization__name", "unit", "unit__name")
        .annotate(total=Sum("score"))
        .order_by("-total", "organization__name", "unit__name")
    )
    stars = {(r.organization_id, r.unit_id): r.stars for r in AssessmentRating.objects.filter(scheme=scheme)}
    rows, previous, rank = [], None, 0
    for position, row in enumerate(totals, start=1):
        if row["total"] != previous:
            rank, previous = position, row["total"]
        rows.append(
            {
                "rank": rank,
                "name": row["organization__name"] or row["unit__name"],
                "total": row["total"],
                "stars": stars.get((row["organization"], row["unit"])),
            }
        )
    return rows
