"""Totals added up from the records: below a district, for a period not made of whole months, or filtered.

Whatever ``rolled_up_regions`` cannot serve from the monthly totals is read here, in portable ORM
through the query's scope (``TotalsQuery.activity_q``): the current period and the same period a
year earlier come from ONE query, as sums grouped by a "current period" flag (or two filtered
sums where the periods overlap) over the union of both date ranges; a breakdown by child region
groups by the activity's region path once and folds the paths onto the children in Python. The
covering index ``activity_totals`` (see ``activities.models.Activity.Meta``) makes each region's
period an index-only range scan that already holds every measure.
"""

import datetime
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from activities.measures import MEASURES, parse_qualifiers
from activities.models import Activity, IndicatorValue, Participation

from .query import in_period
from .values import CURRENT, PERIODS, PREVIOUS, RECORDS, Approximate, Pair, add, fold, indicator_values

# What is added up: (name, zero, aggregate). COUNT(date), not COUNT(id): date is never null
# and lies in the covering index, id does not.
MEASURE_SUMS = (
    (RECORDS, 0, lambda when=None: Count("date", filter=when)),
    *((m.field, m.zero, lambda when=None, name=m.field: Sum(name, filter=when)) for m in MEASURES),
)
VALUE_SUMS = (("value", Decimal(0), lambda when=None: Sum("value", filter=when)),)


def by_period(rows, query, sums, keys=(), *, previous=True, date="date", named=None):
    """The records of ``rows`` summed per group of ``keys`` (and ``named`` expressions), as ``Pair``; one query.

    For the current period alone, plain sums. For both, the rows are grouped by a flag
    "on or after the current period's start" and split here: the ORM builds eight plain
    sums in a third of the time it needs for sixteen filtered ones, which is most of a small
    query's cost. A custom range longer than a year overlaps its year-earlier twin; a record
    in both must count twice, so that case keeps filtered sums.
    """
    named = named or {}
    keys = (*keys, *named)
    values = [k for k in keys if k not in named]
    zeros = [(name, zero) for name, zero, _aggregate in sums]
    if not previous:
        # One period: the rows are already only its records, one per group; the ORM's rows serve
        # as they are, each sum made a ``Pair`` (an empty sum stays None, which reads as zero).
        plain = {name: aggregate() for name, _zero, aggregate in sums}
        fetched = list(rows.values(*values, **named).annotate(**plain)) if keys else [rows.aggregate(**plain)]
        for row in fetched:
            for name in plain:
                row[name] = Pair(row[name])
        return fetched
    if query.previous.end < query.period.start:
        current = Case(
            When(**{f"{date}__gte": query.period.start}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        plain = {name: aggregate() for name, _zero, aggregate in sums}
        fetched = rows.values(*values, **named, is_current=current).annotate(**plain)
        return fold(fetched, keys, zeros, lambda row: (CURRENT,) if row["is_current"] else (PREVIOUS,))
    filtered = {
        f"{period}_{name}": aggregate(in_period(dates, date))
        for period, dates in ((CURRENT, query.period), (PREVIOUS, query.previous))
        for name, _zero, aggregate in sums
    }
    fetched = rows.values(*values, **named).annotate(**filtered) if keys else [rows.aggregate(**filtered)]
    # Already one row per group: fold each period's sums as if it were a row of its own.
    split = (
        {**{k: row[k] for k in keys}, **{n: row[f"{period}_{n}"] for n, _z in zeros}, "period": period}
        for row in fetched
        for period in PERIODS
    )
    return fold(split, keys, zeros, lambda row: (row["period"],))


def evidence_share(query):
    """(records with evidence, records) of the current period; one query, served by ``activity_totals``."""
    counted = Activity.objects.filter(query.activity_q()).aggregate(
        records=Count("date"), with_evidence=Count("date", filter=Q(evidence_count__gt=0))
    )
    return counted["with_evidence"], counted["records"]


def measure_totals(query):
    """The record count and each measure, both periods: one row of ``Pair``; one query."""
    return by_period(Activity.objects.filter(query.both_periods_q()).order_by(), query, MEASURE_SUMS)[0]


def indicator_totals(query):
    """{indicator id: Pair of its sums}, both periods; one query."""
    rows = by_period(
        IndicatorValue.objects.filter(query.both_periods_q("activity__")).order_by(),
        query,
        VALUE_SUMS,
        ("indicator_id",),
        date="activity__date",
    )
    return {r["indicator_id"]: r["value"] for r in rows}


def distinct_people(query):
    """(people who served in the current period, a year earlier), from the participation records; one query."""
    people = Participation.objects.filter(query.both_periods_q("activity__"))
    counted = people.order_by().aggregate(
        **{
            name: Count("person", distinct=True, filter=in_period(p, "activity__date"))
            for name, p in ((CURRENT, query.period), (PREVIOUS, query.previous))
        }
    )
    return counted[CURRENT], counted[PREVIOUS]


def measures_by(query, key, *, previous=True):
    """Rows of ``values(key)`` with the record count and each measure as ``Pair``; one query."""
    periods = [query.period, query.previous] if previous else [query.period]
    rows = Activity.objects.filter(query.activity_q("", periods)).order_by()
    return by_period(rows, query, MEASURE_SUMS, (key,), previous=previous)


def indicators_by(query, key, indicators):
    """{activity's ``key``: {indicator code: value}} for the current period; one query."""
    column = f"activity__{key}"
    rows = IndicatorValue.objects.filter(query.activity_q("activity__")).order_by()
    rows = by_period(rows, query, VALUE_SUMS, (column, "indicator_id"), previous=False)
    return indicator_values(rows, column, indicators)


def months(query):
    """[(first day of a month, its row of ``Pair`` sums)] over both periods; one query."""
    rows = Activity.objects.filter(query.both_periods_q()).order_by()
    return [(_month_of(r), r) for r in by_period(rows, query, MEASURE_SUMS, named=_year_month("date"))]


def indicator_months(query, indicators):
    """{first day of a month: {indicator code: value}} in the current period; one query."""
    rows = IndicatorValue.objects.filter(query.activity_q("activity__")).order_by()
    rows = by_period(rows, query, VALUE_SUMS, ("indicator_id",), previous=False, named=_year_month("activity__date"))
    return indicator_values(({**r, "month": _month_of(r)} for r in rows), "month", indicators)


def _year_month(date):
    """Group keys for the month of ``date``: year and month numbers are read off a date directly,
    where truncating it to a month on PostgreSQL first converts every date to a timestamp in the
    current time zone (a third of a subdistrict's month query)."""
    return {"y": ExtractYear(date), "m": ExtractMonth(date)}


def _month_of(row):
    """The first day of the month of a row grouped by ``_year_month``."""
    return datetime.date(row["y"], row["m"], 1)


def children(query, children, rows, own, indicators, *, previous):
    """The children's rows (and ``own``, for records held by the region itself) from the records.

    One query (two with ``indicators``): the activities grouped by their region's path, each
    path folded onto the child it lies under. Last year's figures only with ``previous``.
    """
    by_path = {child.path: child for child in children}

    def row_for(path):
        if query.region is not None:
            head = path[len(query.region.path) :].split("/", 1)[0]
            child = by_path.get(f"{query.region.path}{head}/") if head else None
        else:
            child = by_path.get(path.split("/", 1)[0] + "/")
            if child is None:  # a scope of nested top regions: find the one the path lies under
                child = next((c for c in children if path.startswith(c.path)), None)
        return rows[child.pk] if child is not None else own

    for r in measures_by(query, "region__path", previous=previous):
        row = row_for(r["region__path"])
        add(row.values, r)
        if previous:
            add(row.previous, r, PREVIOUS)
    if indicators is not None:
        for path, values in indicators_by(query, "region__path", indicators).items():
            target = row_for(path).indicators
            for code, value in values.items():
                target[code] = target.get(code, 0) + value


def approximate(query):
    """The current period's approximate figures, one ``Approximate`` per record and figure; two queries.

    A figure is a core measure or an indicator (its code). Few records carry a qualifier (8000余,
    约397636), and the partial indexes ``activity_approximate`` and ``indicator_value_approximate`` hold
    just those, so this costs about the same for a community and for a province.
    """
    found = []
    fields = ("category_id", "team_id", "region__path", "date")
    rows = Activity.objects.filter(query.activity_q()).exclude(qualifiers="").order_by()
    for row in rows.values(*fields, *(m.field for m in MEASURES), "qualifiers"):
        where = [row[f] for f in fields]
        for key, qualifier in parse_qualifiers(row["qualifiers"]).items():
            if row[key]:
                found.append(Approximate(key, qualifier, row[key], *where))
    values = IndicatorValue.objects.filter(query.activity_q("activity__")).exclude(qualifier="").order_by()
    for row in values.values_list("indicator__code", "qualifier", "value", *(f"activity__{f}" for f in fields)):
        found.append(Approximate(*row))
    return found
