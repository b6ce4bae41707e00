"""Totals for a region subtree and period: every figure the dashboard, print page, exports, API and command show.

All dashboard maths lives here, in portable ORM (``Sum`` with ``filter=``, ``Coalesce``,
``TruncMonth``), through ``accounts.scope.scope_of``. Each function is one query
(or a fixed handful), however many child regions, categories or months there are:

- the current period and the same period a year earlier come from ONE query, as
  two filtered sums over the union of both date ranges;
- a breakdown by child region groups by the activity's region path once and folds
  the paths onto the children in Python, so the query count never grows with the
  number of children.

Speed at province scale comes from the covering index ``activity_totals``
(see ``activities.models.Activity.Meta``): the subtree's regions are found by the
path prefix index, and for each of them the activities of the period are an
index-only range scan that already holds every measure.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from activities.measures import MEASURES
from activities.models import Activity, Category, Indicator, IndicatorValue, Status
from communities.models import Region
from volunteers.models import Participation, Team

from .periods import Period

RECORDS = "records"
MEASURE_KEYS = tuple(m.field for m in MEASURES)
# The JSON keys of the totals, in order: the seven core measures (then indicator codes).
CORE_KEYS = MEASURE_KEYS
SORT_KEYS = (RECORDS, *MEASURE_KEYS)
_ONE_DAY = datetime.timedelta(days=1)
REGION_FIELDS = ("id", "code", "name", "path", "full_name", "level")


class Unscoped:
    """Every region: the scope of ``manage.py totals`` without ``--user`` and of the benchmarks."""

    is_global = True
    regions = ()

    def q(self, path_lookup):
        return Q()

    def allows(self, region):
        return True


UNSCOPED = Unscoped()


@dataclass(frozen=True)
class TotalsQuery:
    """What to add up: a scope, a region subtree (None: all of a global scope), a period and optional filters."""

    scope: object
    region: Region | None
    period: Period
    category: object = None
    team: object = None
    organization: object = None
    include_submitted: bool = False

    @property
    def previous(self):
        return self.period.year_earlier()

    @property
    def statuses(self):
        return [Status.APPROVED, Status.SUBMITTED] if self.include_submitted else [Status.APPROVED]

    def activity_q(self, prefix="", periods=None):
        """The conditions on an activity (reached through ``prefix``) for the given periods (default: current)."""
        q = self.scope.q(f"{prefix}region__path")
        if self.region is not None:
            q &= Q(**{f"{prefix}region__path__startswith": self.region.path})
        q &= Q(**{f"{prefix}status__in": self.statuses})
        for name in ("category", "team", "organization"):
            value = getattr(self, name)
            if value is not None:
                q &= Q(**{f"{prefix}{name}": value})
        return q & _dates_q(periods or [self.period], prefix)

    def activities(self):
        """The records behind the current period's figures (what the records list shows)."""
        return Activity.objects.filter(self.activity_q())

    def with_region(self, region):
        return TotalsQuery(**{**self.__dict__, "region": region})


def _dates_q(periods, prefix=""):
    """``date`` in any of ``periods``; two adjacent or overlapping periods become one range (one index scan)."""
    periods = sorted(periods, key=lambda p: p.start)
    ranges = []
    for period in periods:
        if ranges and period.start <= ranges[-1][1] + _ONE_DAY:
            ranges[-1][1] = max(ranges[-1][1], period.end)
        else:
            ranges.append([period.start, period.end])
    q = Q()
    for start, end in ranges:
        q |= Q(**{f"{prefix}date__gte": start, f"{prefix}date__lte": end})
    return q


def _in(period, prefix=""):
    return Q(**{f"{prefix}date__gte": period.start, f"{prefix}date__lte": period.end})


def _measure_aggregates(query, *, previous=True):
    """Sums of every core measure and the record count, for the current (and previous) period.

    With both periods the sums are filtered by date (one scan for both); for the current
    period alone the rows are already only those of the period, so plain sums do.
    """
    aggregates = {}
    periods = [("cur_", query.period)] + ([("prev_", query.previous)] if previous else [])
    for prefix, period in periods:
        when = _in(period) if previous else None
        # COUNT(date), not COUNT(id): date is never null and lies in the covering index, id does not.
        aggregates[f"{prefix}{RECORDS}"] = Count("date", filter=when)
        for m in MEASURES:
            # No Coalesce here: an empty sum (NULL) is read as zero in Python (``_zeroed``), which
            # spares the ORM a third of its work per query (compiling is most of a small query's time).
            aggregates[f"{prefix}{m.field}"] = Sum(m.field, filter=when)
    return aggregates


def _zeroed(row):
    """A row of ``_measure_aggregates`` with every empty (NULL) sum as the measure's zero."""
    for m in MEASURES:
        for prefix in ("cur_", "prev_"):
            key = f"{prefix}{m.field}"
            if key in row and row[key] is None:
                row[key] = m.zero
    return row


def _indicator_aggregates(query, *, previous=True):
    output = DecimalField(max_digits=20, decimal_places=2)
    current = Sum("value", filter=_in(query.period, "activity__"))
    aggregates = {"cur_value": Coalesce(current, Decimal(0), output_field=output)}
    if previous:
        aggregates["prev_value"] = Coalesce(
            Sum("value", filter=_in(query.previous, "activity__")), Decimal(0), output_field=output
        )
    return aggregates


def _both_periods(query, prefix=""):
    return query.activity_q(prefix, [query.period, query.previous])


@dataclass
class Figure:
    """One total with the same period a year earlier."""

    key: str
    label: str
    unit: str
    current: object
    previous: object
    decimal_places: int = 0
    is_indicator: bool = False

    @property
    def change(self):
        return self.current - self.previous

    @property
    def change_percent(self):
        """The change in per cent of last year's figure; None when last year had nothing to compare with."""
        if not self.previous:
            return None
        return round(Decimal(self.change) * 100 / Decimal(self.previous), 1)


@dataclass
class Totals:
    records: int
    previous_records: int
    figures: list = field(default_factory=list)  # Figure per core measure, then per indicator
    distinct_volunteers: int | None = None

    @property
    def records_change(self):
        return self.records - self.previous_records

    def by_key(self):
        return {f.key: f for f in self.figures}

    def values(self):
        """{key: current value}: core measures, then every indicator by code."""
        return {f.key: f.current for f in self.figures}


def _indicators():
    return list(Indicator.objects.order_by("sort_order", "pk"))


def totals(query, *, indicators=None, child_rows=None):
    """Every measure's total, with the same period a year earlier: 3 queries (measures, indicators, people).

    Given the rows of ``by_child`` for the same query, the measures are their sums and
    query 1 is saved (the dashboard shows both).
    """
    if child_rows is not None:
        row = {f"cur_{key}": value for key, value in _summed(child_rows, "values").items()}
        row.update({f"prev_{key}": value for key, value in _summed(child_rows, "previous").items()})
    else:
        # Query 1: the seven measures and the record count, both periods.
        row = _zeroed(Activity.objects.filter(_both_periods(query)).order_by().aggregate(**_measure_aggregates(query)))
    figures = [
        Figure(m.field, m.label, m.unit, row[f"cur_{m.field}"], row[f"prev_{m.field}"], m.decimal_places)
        for m in MEASURES
    ]
    # Query 2: every indicator, both periods, grouped by indicator.
    indicators = _indicators() if indicators is None else indicators
    values = {
        r["indicator_id"]: r
        for r in IndicatorValue.objects.filter(_both_periods(query, "activity__"))
        .order_by()
        .values("indicator_id")
        .annotate(**_indicator_aggregates(query))
    }
    for indicator in indicators:
        found = values.get(indicator.pk, {})
        if not found and not indicator.is_active:
            continue  # a retired indicator with nothing in either period is not shown
        figures.append(
            Figure(
                indicator.code,
                indicator.name,
                indicator.unit,
                _number(found.get("cur_value", Decimal(0))),
                _number(found.get("prev_value", Decimal(0))),
                2,
                is_indicator=True,
            )
        )
    result = Totals(row[f"cur_{RECORDS}"], row[f"prev_{RECORDS}"], figures)
    # Query 3: distinct people, known only where participation records exist (this period only:
    # a head count is not compared year on year, and the probe per activity is the costly part).
    people = Participation.objects.filter(query.activity_q("activity__")).aggregate(n=Count("person", distinct=True))
    result.distinct_volunteers = people["n"]
    return result


def _summed(rows, attribute):
    total = _empty_values()
    for row in rows:
        for key, value in getattr(row, attribute).items():
            total[key] += value
    return total


def _number(value):
    """Indicator values are stored with two decimals; whole numbers read better as integers."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


@dataclass
class Row:
    """One line of a breakdown: a key (child region, category, team, month), its label and sums."""

    key: object
    label: str
    values: dict  # records and each core measure (current period)
    previous: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)  # indicator code -> value (only when asked)
    obj: object = None
    is_own: bool = False  # records held directly by the region itself, not by a child

    @property
    def records(self):
        return self.values.get(RECORDS, 0)


def _empty_values():
    values = {RECORDS: 0}
    values.update({m.field: m.zero for m in MEASURES})
    return values


def _add(target, source, prefix="cur_"):
    for key in target:
        target[key] += source.get(f"{prefix}{key}") or 0


def _grouped_measures(query, key, *, previous=True):
    """Rows of ``values(key)`` with current (and previous) sums; one query."""
    periods = [query.period, query.previous] if previous else [query.period]
    return (
        Activity.objects.filter(query.activity_q("", periods))
        .order_by()
        .values(key)
        .annotate(**_measure_aggregates(query, previous=previous))
    )


def _grouped_indicators(query, key, indicators):
    """{group key: {indicator code: value}} for the current period; one query."""
    codes = {i.pk: i.code for i in indicators}
    result = defaultdict(dict)
    for r in (
        IndicatorValue.objects.filter(query.activity_q("activity__"))
        .order_by()
        .values(f"activity__{key}", "indicator_id")
        .annotate(**_indicator_aggregates(query, previous=False))
    ):
        if r["indicator_id"] in codes:
            result[r[f"activity__{key}"]][codes[r["indicator_id"]]] = _number(r["cur_value"])
    return result


def children_of(query):
    """The child regions the breakdown ranks: the region's children, or the scope's top regions (or the roots)."""
    if query.region is not None:
        return list(Region.objects.children_of(query.region).only(*REGION_FIELDS))
    if query.scope.is_global:
        return list(Region.objects.roots().order_by("name", "pk").only(*REGION_FIELDS))
    return list(Region.objects.filter(pk__in=[r.pk for r in query.scope.regions]).order_by("name", "pk"))


def by_child(query, *, children=None, indicators=None):
    """One row per child region (records anywhere under it), plus a row for records held by the region itself.

    Two queries (three with indicators), however many children: the activities are
    grouped by their region's path, and each path is folded onto the child it lies under.
    """
    children = children_of(query) if children is None else children
    by_path = {child.path: child for child in children}
    rows = {child.pk: Row(child.pk, child.name, _empty_values(), _empty_values(), obj=child) for child in children}
    own = Row(None, _("(recorded at this level)"), _empty_values(), _empty_values(), is_own=True)

    def row_for(path):
        if query.region is not None:
            head = path[len(query.region.path) :].split("/", 1)[0]
            child = by_path.get(f"{query.region.path}{head}/") if head else None
        else:
            child = by_path.get(path.split("/", 1)[0] + "/")
            if child is None:  # a scope of nested top regions: find the one the path lies under
                child = next((c for c in children if path.startswith(c.path)), None)
        return rows[child.pk] if child is not None else own

    for r in _grouped_measures(query, "region__path"):
        row = row_for(r["region__path"])
        _add(row.values, r)
        _add(row.previous, r, "prev_")
    if indicators is not None:
        for path, values in _grouped_indicators(query, "region__path", indicators).items():
            target = row_for(path).indicators
            for code, value in values.items():
                target[code] = target.get(code, 0) + value
    result = list(rows.values())
    if own.records or own.previous[RECORDS]:
        result.append(own)
    return result


def by_category(query, *, indicators=None):
    """One row per category with records in the period (two queries: sums, then category names)."""
    grouped = list(_grouped_measures(query, "category_id", previous=False))
    names = {c.pk: c for c in Category.objects.filter(pk__in=[r["category_id"] for r in grouped])}
    extra = _grouped_indicators(query, "category_id", indicators) if indicators is not None else {}
    rows = []
    for r in grouped:
        if not r[f"cur_{RECORDS}"]:
            continue
        category = names[r["category_id"]]
        values = _empty_values()
        _add(values, r)
        rows.append(Row(category.pk, category.name, values, indicators=extra.get(category.pk, {}), obj=category))
    return sorted(rows, key=lambda row: (row.obj.sort_order, row.obj.pk))


def by_team(query, *, indicators=None):
    """One row per volunteer team with records in the period, and one for records without a team.

    Two queries: the sums by team id (from the covering index alone), then the teams' names.
    """
    grouped = list(_grouped_measures(query, "team_id", previous=False))
    names = dict(Team.objects.filter(pk__in=[r["team_id"] for r in grouped if r["team_id"]]).values_list("pk", "name"))
    extra = _grouped_indicators(query, "team_id", indicators) if indicators is not None else {}
    rows = []
    for r in grouped:
        values = _empty_values()
        _add(values, r)
        label = names.get(r["team_id"]) or _("(no team)")
        rows.append(Row(r["team_id"], label, values, indicators=extra.get(r["team_id"], {}), is_own=not r["team_id"]))
    return sorted(rows, key=lambda row: (row.is_own, -row.records, str(row.label)))


def by_month(query, *, indicators=None):
    """One row per month of the period, with the same month a year earlier (one query; two with indicators)."""
    months = {m: Row(m, f"{m.year}-{m.month:02d}", _empty_values(), _empty_values()) for m in query.period.months()}
    for r in (
        Activity.objects.filter(_both_periods(query))
        .order_by()
        .annotate(month=TruncMonth("date", output_field=Activity._meta.get_field("date")))
        .values("month")
        .annotate(**_measure_aggregates(query))
    ):
        month = _as_date(r["month"])
        if month in months:
            _add(months[month].values, r)
        shifted = month.replace(year=month.year + 1)
        if shifted in months:
            _add(months[shifted].previous, r, "prev_")
    if indicators is not None:
        for r in (
            IndicatorValue.objects.filter(query.activity_q("activity__"))
            .order_by()
            .annotate(month=TruncMonth("activity__date", output_field=Activity._meta.get_field("date")))
            .values("month", "indicator_id")
            .annotate(**_indicator_aggregates(query, previous=False))
        ):
            codes = {i.pk: i.code for i in indicators}
            month = _as_date(r["month"])
            if month in months and r["indicator_id"] in codes:
                months[month].indicators[codes[r["indicator_id"]]] = _number(r["cur_value"])
    return list(months.values())


def _as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def silent_children(child_rows):
    """Reporting completeness: the child regions with no records in the period."""
    return [row.obj for row in child_rows if not row.is_own and not row.records]


def sort_rows(rows, key, *, descending=True):
    """Rows ordered by one sum (ties by label); the region's own row stays last."""
    if key not in SORT_KEYS:
        key = RECORDS
    ordered = sorted((r for r in rows if not r.is_own), key=lambda r: (r.values[key], str(r.label)), reverse=descending)
    return ordered + [r for r in rows if r.is_own]


BREAKDOWNS = {"child": by_child, "category": by_category, "team": by_team, "month": by_month}


def rows_for(query, by, indicators):
    """The rows of breakdown ``by`` with indicators; what exports, the API and the command print."""
    return BREAKDOWNS[by](query, indicators=indicators)


def row_key(by, row):
    """A row's key as the API and exports name it: region code, category code, team id or YYYY-MM."""
    if by == "child":
        return row.obj.code if row.obj is not None else None
    if by == "category":
        return row.obj.code
    if by == "month":
        return f"{row.key.year}-{row.key.month:02d}"
    return row.key
