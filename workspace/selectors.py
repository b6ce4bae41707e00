"""Reads of the workspace: the records of a user's scope, filtered and counted per status, one record, an export.

Every read starts from ``accounts.scope.scope_of(user)``: a record outside the scope is
never listed, counted or exported, and opening one is a 404.

Sized for a province of 1,000,000 activities: the list is never COUNTed as a whole. The
tabs' counts are one GROUP BY status over the chosen period and filters of the scope
(on PostgreSQL an index-only scan of ``activity_totals`` (region, date) INCLUDE (status, …)
per region of the scope), and the current tab's count is one of them, so the pages need
no COUNT of their own.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from accounts.scope import scope_of
from activities.measures import MEASURES
from activities.models import Activity, Indicator, IndicatorValue, Participation, Status
from activities.selectors import counted_by_status, indicator_labels
from communities.models import Region
from core.privacy import can_see_personal_data
from evidence.services import files_of
from history.display import describe
from history.services import history_of
from regional.models import Pairing

PAGE_SIZE = 25
HISTORY_SHOWN = 50
PARTICIPATION_SHOWN = 20
EXPORT_CHUNK = 2000


def records(*, user, filters):
    """The activities of ``user``'s scope that ``filters`` (``workspace.forms.Filters``) ask for, newest first."""
    queryset = scope_of(user).filter(Activity.objects.all())
    if filters.start is not None:
        queryset = queryset.in_period(filters.start, filters.end)
    if filters.category is not None:
        queryset = queryset.filter(category=filters.category)
    if filters.team is not None:
        queryset = queryset.filter(team=filters.team)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("-date", "-id")


def status_counts(*, user, filters):
    """{status: number of records} under ``filters`` whatever their status, every status present (0 if none).

    A scope of provinces, cities or districts (or everything) over whole months without a team filter — a
    manager's list — reads the submitted and approved counts from the monthly totals, and counts only its
    drafts and returned records (a few percent of them); anywhere else one GROUP BY status over the records.
    """
    counts = dict.fromkeys(Status.values, 0)
    counted = _counted_from_totals(user, filters)
    rows = records(user=user, filters=filters.without_status()).order_by()
    if counted is not None:
        counts.update(counted)
        rows = rows.filter(status__in=[status for status in Status.values if status not in counted])
    # COUNT(*), not COUNT(id): the whole province's count is then an index-only scan of
    # activity_status_date (status, date) (0.15 s for a year of 1,000,000 records, where COUNT(id)
    # reads every row: 0.6 s); a scope of regions reads activity_totals (region, date) INCLUDE (status).
    counts.update(dict(rows.values_list("status").annotate(n=Count("*"))))
    return counts


def _counted_from_totals(user, filters):
    if filters.team is not None or filters.start is None:
        return None
    scope = scope_of(user)
    regions = list(Region.objects.roots()) if scope.is_global else scope.regions
    return counted_by_status(regions=regions, start=filters.start, end=filters.end, category=filters.category)


@dataclass
class Page:
    rows: list
    number: int
    pages: int
    count: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages


@dataclass
class Listing:
    counts: dict  # {status: count}
    total: int
    page: Page


def listing(*, user, filters, page=1):
    """The tabs' counts and one page of the records (two queries, the scope's regions aside)."""
    counts = status_counts(user=user, filters=filters)
    total = sum(counts.values())
    count = counts[filters.status] if filters.status else total
    pages = max((count + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    try:
        number = min(max(int(page), 1), pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * PAGE_SIZE
    # The page's ids first, then their rows: the ids come from the (date, id) index alone, so a deep
    # page (the last of a province's year: OFFSET 300,000) skips index entries, not 300,000 table rows
    # (0.12 s instead of 0.75 s at 1,000,000 records).
    ids = list(records(user=user, filters=filters).values_list("pk", flat=True)[start : start + PAGE_SIZE])
    found = Activity.objects.select_related("region", "category", "team").in_bulk(ids)
    rows = [found[pk] for pk in ids if pk in found]
    return Listing(counts=counts, total=total, page=Page(rows=rows, number=number, pages=pages, count=count))


def record(*, user, pk):
    """One activity of ``user``'s scope with what its page shows beside it; outside the scope, Http404."""
    return scope_of(user).get_or_404(
        Activity.objects.select_related(
            "region", "category", "team", "organization", "pairing", "created_by", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )


def evidence_files(activity):
    """The evidence files of ``activity`` (a queryset, oldest first)."""
    return files_of(activity)


def evidence_of(activity):
    """The evidence files of ``activity`` with their kind and uploader, as its page lists them (one query)."""
    return list(files_of(activity).select_related("kind", "uploaded_by"))


@dataclass
class RecordDetails:
    figures: list  # [{"field", "label", "unit", "value", "written"}] of the seven core measures
    indicator_values: list
    participations: list
    participation_totals: dict
    history: list


def record_details(*, user, activity):
    """The indicator values, the first participation records with their totals, and the history of ``activity``."""
    values = list(
        IndicatorValue.objects.filter(activity=activity)
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator_id")
    )
    participations = Participation.objects.filter(activity=activity)
    shown = list(participations.select_related("person").order_by("person__name", "pk")[:PARTICIPATION_SHOWN])
    changes = history_of(activity)[:HISTORY_SHOWN]
    history = describe(changes, Activity, show_personal_data=can_see_personal_data(user), labels=indicator_labels)
    # Each figure as it was written: 8000余, 约397636 (the qualifier beside the number, activities.measures).
    figures = [
        {
            "field": m.field,
            "label": m.label,
            "unit": m.unit,
            "value": getattr(activity, m.field),
            "written": activity.written(m.field),
        }
        for m in MEASURES
    ]
    return RecordDetails(
        figures=figures,
        indicator_values=values,
        participations=shown,
        participation_totals=participations.totals(),
        history=history,
    )


@dataclass(frozen=True)
class Column:
    """An export column as ``core.spreadsheets`` writes it."""

    header: str
    kind: str = "text"


def export(*, user, filters):
    """(columns, iterator of value lists) of every record the list shows under ``filters``, in its order.

    Names, never codes: the region's full path, the category, team and organization by name,
    the status as the page says it, every indicator in its own column.
    """
    indicators = list(Indicator.objects.order_by("sort_order", "pk"))
    label = {f.name: str(f.verbose_name) for f in Activity._meta.fields}
    columns = [
        Column(label["date"], "date"),
        Column(label["start_date"], "date"),
        *(Column(label[name]) for name in ("title", "category", "region", "organization", "team")),
        *(Column(str(m.label), "number") for m in MEASURES),
        *(Column(str(indicator), "number") for indicator in indicators),
        *(Column(label[name]) for name in ("location", "notes", "status", "return_reason", "external_id")),
    ]
    statuses = {value: str(label) for value, label in Status.choices}
    fields = [
        "pk",
        "date",
        "start_date",
        "title",
        "category__name",
        "region__full_name",
        "organization__name",
        "team__name",
        *(m.field for m in MEASURES),
        "location",
        "notes",
        "status",
        "return_reason",
        "external_id",
    ]
    # Plain tuples, not model instances: a district's year (5,000 records) is written in a fraction of the time.
    queryset = records(user=user, filters=filters).values_list(*fields)

    def chunk_rows(chunk):
        values = defaultdict(dict)
        pairs = IndicatorValue.objects.filter(activity_id__in=[row[0] for row in chunk])
        for activity_id, indicator_id, value in pairs.values_list("activity_id", "indicator_id", "value"):
            values[activity_id][indicator_id] = value
        for pk, *head, location, notes, status, reason, external_id in chunk:
            measures = head[7:]
            yield [
                *(value or "" for value in head[:7]),
                *(_number(value) for value in measures),
                *(_number(values[pk].get(indicator.pk)) for indicator in indicators),
                location,
                notes,
                statuses.get(status, status),
                reason,
                external_id,
            ]

    def rows():
        # In chunks, each with one query for its indicator values: constant memory for a province.
        chunk = []
        for row in queryset.iterator(chunk_size=EXPORT_CHUNK):
            chunk.append(row)
            if len(chunk) == EXPORT_CHUNK:
                yield from chunk_rows(chunk)
                chunk = []
        yield from chunk_rows(chunk)

    return columns, rows()


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        # 12.0 hours is written 12, and never "1.2E+1".
        return int(value) if value == value.to_integral() else value
    return value


PAIRING_ACTIVITIES_SHOWN = 100


@dataclass
class PairingActivities:
    rows: list  # the latest activities under the pairing, newest first (at most PAIRING_ACTIVITIES_SHOWN)
    count: int  # every activity under the pairing in the user's scope, any status
    totals: dict  # the approved ones' record count and core measures (``ActivityQuerySet.totals``)
    figures: list  # [{"field", "label", "unit", "value"}] of ``totals``


def pairing(*, user, pk):
    """One pairing of ``user``'s scope with its sides' records; outside the scope, Http404."""
    related = [f"{side}_{name}" for side in "ab" for name in ("organization", "unit", "region", "project", "person")]
    return scope_of(user).get_or_404(Pairing.objects.select_related("region", *related), pk=pk)


def pairing_activities(*, user, pairing):
    """The activities done under ``pairing`` that ``user`` may see, and the approved ones' totals (three queries)."""
    records = scope_of(user).filter(Activity.objects.filter(pairing=pairing))
    totals = records.approved().totals()
    rows = list(records.select_related("region", "category").order_by("-date", "-pk")[:PAIRING_ACTIVITIES_SHOWN])
    figures = [{"field": m.field, "label": m.label, "unit": m.unit, "value": totals[m.field]} for m in MEASURES]
    return PairingActivities(rows=rows, count=records.count(), totals=totals, figures=figures)
