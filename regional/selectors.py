"""Reads of regional Party-building for the pages: a committee's units, members and pairings in a period."""

import datetime

from django.db.models import Count, Max, Q, Sum

from communities.models import Organization

from .models import (
    APPROXIMATE_TOTAL,
    COMMITTEE_KINDS,
    STEP_ORDER,
    AssessmentRating,
    AssessmentScheme,
    AssessmentScore,
    CommitteeMembership,
    Election,
    ListProject,
    MemberUnit,
    Need,
    NeedStatus,
    Pairing,
    PairingKind,
    PartyKind,
    Step,
    SupervisionCheck,
    Survey,
    TalentPool,
    UnitCount,
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


# --- the figures of an area (the dashboard, the organization page, the print report) --------------------------

COMMITTEES_SHOWN = 20


def _area(scope, queryset, region):
    """``queryset`` inside ``scope`` and, when given, ``region``'s subtree (by the model's ``scope_path``)."""
    queryset = scope.filter(queryset)
    if region is not None:
        queryset = queryset.filter(**{f"{queryset.model.scope_path}__startswith": region.path})
    return queryset


def _within(field, start, end):
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def committee_figures(scope, region, *, shown=COMMITTEES_SHOWN):
    """Member units and appointed members per 大工委 / 大党委 of the area (the ``shown`` largest) and their totals.

    Three queries whatever the area's size: the committees with their counts (largest first, cut at ``shown``),
    one aggregate of every committee (how many, their units and members), and the units counted without names
    (``counted``, see ``counted_units``), kept apart from the named ``units``.
    """
    rows = committees(scope).order_by("-members", "-units", "region__path", "name")
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    totals = _area(scope, CommitteeMembership.objects.all(), region).aggregate(
        committees=Count("committee", distinct=True),
        units=Count("unit", distinct=True),
        members=Count("pk", filter=Q(step__in=[Step.APPOINTED, Step.FILED])),
        candidates=Count("pk", filter=~Q(step__in=[Step.APPOINTED, Step.FILED, Step.WITHDRAWN])),
    )
    return {
        "rows": list(rows[:shown]),
        **totals,
        "hidden": max(totals["committees"] - shown, 0),
        "counted": counted_units(scope, region),
    }


def counted_units(scope, region):
    """The member units the area's reports count without naming them (``UnitCount``), one entry per label:
    {"label", "count" (their sum), "qualifier", "records"}, by label.

    One record keeps its own qualifier (近 stays 近100); a sum of several is approximate (余) when any part is.
    """
    rows = (
        _area(scope, UnitCount.objects.all(), region)
        .values("label")
        .annotate(
            count=Sum("count"),
            records=Count("pk"),
            approximate=Count("pk", filter=~Q(qualifier="")),
            first_qualifier=Max("qualifier"),
        )
        .order_by("label")
    )
    counted = []
    for row in rows:
        if not row["approximate"]:
            qualifier = ""
        elif row["records"] == 1:
            qualifier = row["first_qualifier"]
        else:
            qualifier = APPROXIMATE_TOTAL
        counted.append(
            {"label": row["label"], "count": row["count"], "qualifier": qualifier, "records": row["records"]}
        )
    return counted


AGGREGATE = Q(a_kind=PartyKind.GROUP) | Q(b_kind=PartyKind.GROUP)


def area_figures(scope, region, start, end):
    """What regional work the area did between ``start`` and ``end``: one aggregate query per register.

    Pairings active in the period (by kind, and the aggregate ones' counts), needs raised / matched / resolved,
    projects listed / claimed / completed, units that reported and their services, elections held, supervision
    checks; every figure a COUNT or SUM, never a loop over rows.
    """
    pairings = _area(scope, Pairing.objects.active_in(start, end), region)
    pairing_totals = pairings.aggregate(
        pairings=Count("pk"),
        a_grouped=Sum("a_count"),
        b_grouped=Sum("b_count"),
        started=Count("pk", filter=Q(start__gte=start)),
        **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in PairingKind.values},
        **{f"grouped_{kind}": Count("pk", filter=Q(kind=kind) & AGGREGATE) for kind in PairingKind.values},
    )
    by_kind = {kind: pairing_totals.pop(f"kind_{kind}") for kind in PairingKind.values}
    # Of them the aggregates (one row for 126 branches with 408 courtyards): a pair each only when neither side is.
    grouped_by_kind = {kind: pairing_totals.pop(f"grouped_{kind}") for kind in PairingKind.values}
    needs = _area(scope, Need.objects.all(), region).aggregate(
        raised=Count("pk", filter=_within("raised_on", start, end)),
        matched=Count("pk", filter=_within("matched_on", start, end)),
        resolved=Count("pk", filter=_within("resolved_on", start, end) & Q(status=NeedStatus.RESOLVED)),
    )
    projects = _area(scope, ListProject.objects.all(), region).aggregate(
        listed=Count("pk", filter=_within("listed_on", start, end)),
        claimed=Count("pk", filter=_within("claimed_on", start, end)),
        completed=Count("pk", filter=_within("completed_on", start, end)),
    )
    reported = (
        _area(scope, UnitReporting.objects.all(), region)
        .filter(_within("reported_on", start, end))
        .aggregate(reportings=Count("pk"), units=Count("unit", distinct=True), services=Sum("services_done"))
    )
    elections = (
        _area(scope, Election.objects.held_in(start, end), region)
        .order_by()
        .aggregate(held=Count("pk"), organizations=Count("organization", distinct=True))
    )
    checks = (
        _area(scope, SupervisionCheck.objects.all(), region)
        .filter(start__lte=end, end__gte=start)
        .aggregate(checks=Count("pk"), groups=Sum("groups"), areas=Sum("areas"), places=Sum("places"))
    )
    return {
        "pairings": {**pairing_totals, "by_kind": by_kind, "grouped_by_kind": grouped_by_kind},
        "needs": needs,
        "projects": projects,
        "reported": reported,
        "elections": elections,
        "checks": checks,
    }


AGGREGATES_SHOWN = 10


def aggregate_pairings(scope, region, start, end, *, shown=AGGREGATES_SHOWN):
    """The area's aggregate pairings active in the period (a count on one side or both), by kind and start, with
    every side's record loaded: a summary writes them by their sides ("126个机关支部与408个无主管楼院")."""
    related = [f"{side}_{name}" for side in "ab" for name in ("organization", "unit", "region", "project", "person")]
    return list(
        _area(scope, Pairing.objects.active_in(start, end).filter(AGGREGATE), region)
        .select_related(*related)
        .order_by("kind", "start", "pk")[:shown]
    )


def supervision_checks(scope, region, start, end):
    """The supervision checks of the area overlapping the period, by start."""
    return (
        _area(scope, SupervisionCheck.objects.all(), region)
        .filter(start__lte=end, end__gte=start)
        .select_related("region", "organization")
        .order_by("start", "pk")
    )


RANKED_SHOWN = 3
SCHEMES_SHOWN = 10


def rankings(scope, region, years, *, shown=RANKED_SHOWN, schemes_shown=SCHEMES_SHOWN):
    """The assessments of ``years`` in the area (at most ``schemes_shown``), each with its ``shown`` best subjects.

    Two queries: the schemes, then every subject's total of those schemes in one GROUP BY; ranks as in
    ``ranking`` (ties share one).
    """
    schemes = list(
        _area(scope, AssessmentScheme.objects.filter(year__in=years), region)
        .select_related("region")
        .order_by("-year", "region__path", "name")[:schemes_shown]
    )
    totals = (
        AssessmentScore.objects.filter(scheme__in=schemes)
        .values("scheme", "organization__name", "unit__name")
        .annotate(total=Sum("score"))
        .order_by("scheme", "-total", "organization__name", "unit__name")
    )
    ranked = {scheme.pk: [] for scheme in schemes}
    seen = {}  # scheme -> (subjects so far, the last total, its rank)
    for row in totals:
        count, last_total, last_rank = seen.get(row["scheme"], (0, None, 0))
        rank = last_rank if row["total"] == last_total else count + 1
        seen[row["scheme"]] = (count + 1, row["total"], rank)
        if rank <= shown:
            name = row["organization__name"] or row["unit__name"]
            ranked[row["scheme"]].append({"rank": rank, "name": name, "total": row["total"]})
    return [{"scheme": scheme, "ranking": ranked[scheme.pk]} for scheme in schemes]


ELECTIONS_SHOWN = 100


def elections_held(scope, region, start, end, *, shown=ELECTIONS_SHOWN):
    """The elections held in the area between ``start`` and ``end``: how many, by kind, and the first ``shown``."""
    held = _area(scope, Election.objects.held_in(start, end), region)
    by_kind = dict(held.order_by().values_list("kind").annotate(n=Count("pk")).order_by("kind"))
    rows = list(held.select_related("organization__region").order_by("held_on", "pk")[:shown])
    return {"count": sum(by_kind.values()), "by_kind": by_kind, "rows": rows}
