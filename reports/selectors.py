"""Totals for a region subtree and period: every figure the dashboard, print page, exports, API and command show.

All dashboard maths lives here. Each function is one query (or a fixed handful),
however many child regions, categories or months there are, and reads one of two sources:

- **monthly totals** (``activities.rollups``) where the region is a province, city or
  district and the period is whole months without a team or organization filter
  (``rolled_up_regions``): a few hundred rows per region, read in plain SQL
  (``_monthly_rows``), summed per month and split into the two years in Python;
- **the records** everywhere else, in portable ORM through ``accounts.scope.scope_of``:
  the current period and the same period a year earlier come from ONE query, as two
  filtered sums over the union of both date ranges, and a breakdown by child region
  groups by the activity's region path once and folds the paths onto the children in
  Python. The covering index ``activity_totals`` (see ``activities.models.Activity.Meta``)
  makes each region's period an index-only range scan that already holds every measure.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from django.db import connections, router
from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from activities.measures import MEASURES
from activities.models import (
    ROLLUP_LEVELS,
    Activity,
    Category,
    Indicator,
    IndicatorValue,
    MonthlyIndicatorTotal,
    MonthlyTeamTotal,
    MonthlyTotal,
    MonthlyVolunteer,
    Participation,
    Status,
)
from communities.models import Region
from volunteers.models import Team

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
        return replace(self, region=region)

    @cached_property
    def rollup_regions(self):
        """Worked out once per query: every selector of a page asks (see ``rolled_up_regions``)."""
        return _find_rolled_up_regions(self)


def _dates_q(periods, prefix="", *, rolled_up=False):
    """``date`` in any of ``periods``; two adjacent or overlapping periods become one range (one index scan)."""
    periods = sorted(periods, key=lambda p: p.start)
    ranges = []
    for period in periods:
        if ranges and period.start <= ranges[-1][1] + _ONE_DAY:
            ranges[-1][1] = max(ranges[-1][1], period.end)
        else:
            ranges.append([period.start, period.end])
    date = "month" if rolled_up else f"{prefix}date"
    q = Q()
    for start, end in ranges:
        q |= Q(**{f"{date}__gte": start, f"{date}__lte": end})
    return q


def _in(period, date="date"):
    """``date`` (a field path) within ``period``."""
    return Q(**{f"{date}__gte": period.start, f"{date}__lte": period.end})


def _whole_months(period):
    return period.start.day == 1 and (period.end + _ONE_DAY).day == 1


def rolled_up_regions(query):
    """The regions whose monthly totals add up to the query's subtree; None when the records must be added up."""
    return query.rollup_regions


def _find_rolled_up_regions(query):
    """See ``rolled_up_regions``.

    ``activities.rollups`` keeps monthly totals for provinces, cities and districts, per
    month, status and category. A filter by team or organizing unit, or a period that is
    not made of whole months, needs the records themselves.
    """
    if query.team is not None or query.organization is not None:
        return None
    if not (_whole_months(query.period) and _whole_months(query.previous)):
        return None
    if query.region is not None:
        tops = [query.region]
    elif query.scope.is_global:
        tops = children_of(query)  # the roots: their subtrees never overlap
    else:
        return None
    if tops and all(region.level in ROLLUP_LEVELS for region in tops):
        return tops
    return None


_ROLLUP_SUMS = {
    MonthlyTotal: ((RECORDS, 0), *((m.field, m.zero) for m in MEASURES)),
    MonthlyTeamTotal: ((RECORDS, 0), *((m.field, m.zero) for m in MEASURES)),
    MonthlyIndicatorTotal: (("value", Decimal(0)),),
}


def _monthly_rows(model, query, regions, keys=(), *, previous=True):
    """Monthly totals of ``regions`` grouped by ``keys``: [{key: …, "cur_<sum>": …, "prev_<sum>": …}]; one query.

    The rows are summed per month in the database and split into the two periods here, in
    plain SQL: for a few hundred rows the ORM's filtered aggregates cost several times more
    to build than the query takes to run. With no ``keys``, one row (of zeros if nothing matched).
    """
    periods = [query.period, query.previous] if previous else [query.period]
    sums = _ROLLUP_SUMS[model]
    group = [*keys, "month"] if previous and "month" not in keys else list(keys)
    regions = [getattr(region, "pk", region) for region in regions]
    params = [*regions, *query.statuses]
    where = [
        f"region_id IN ({', '.join(['%s'] * len(regions))})",
        f"status IN ({', '.join(['%s'] * len(params[len(regions) :]))})",
    ]
    where.append("(" + " OR ".join("month BETWEEN %s AND %s" for _ in periods) + ")")
    params += [day for period in periods for day in (period.start, period.end)]
    if query.category is not None:
        where.append("category_id = %s")
        params.append(query.category.pk)
    columns = ", ".join([*group, *(f"SUM({name})" for name, _ in sums)])
    sql = f"SELECT {columns} FROM {model._meta.db_table} WHERE {' AND '.join(where)}"
    if group:
        sql += f" GROUP BY {', '.join(group)}"
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    names = [*group, *(name for name, _ in sums)]
    fetched = (dict(zip(names, values, strict=True)) for values in fetched)
    if "month" in group:
        fetched = ({**row, "month": _as_date(row["month"])} for row in fetched)

    def periods_of(row):
        # A month can lie in both periods: a range longer than a year overlaps the year before it.
        if "month" not in row:
            return ("cur_",)
        return tuple(
            prefix
            for prefix, period in (("cur_", query.period), ("prev_", query.previous))
            if _within(row["month"], period)
        )

    return _fold(fetched, keys, sums, periods_of, previous)


def _within(day, period):
    return period.start <= day <= period.end


def _fold(fetched, keys, sums, periods_of, previous):
    """Rows of sums as one dict per group of ``keys``: the keys, "cur_<sum>" and "prev_<sum>".

    ``periods_of(row)`` names the periods a fetched row counts in ("cur_", "prev_" or both).

    Every sum starts at its measure's zero, so an empty sum (NULL) reads as zero. With no
    ``keys``, one dict even when nothing matched.
    """
    rows = {}
    prefixes = ("cur_", "prev_") if previous else ("cur_",)
    for found in fetched:
        key = tuple(found[k] for k in keys)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {k: found[k] for k in keys}
            row.update({f"{prefix}{name}": zero for name, zero in sums for prefix in prefixes})
        for prefix in periods_of(found):
            for name, zero in sums:
                row[f"{prefix}{name}"] += _as_number(found[name], zero)
    if not keys and not rows:
        rows[()] = {f"{prefix}{name}": zero for name, zero in sums for prefix in prefixes}
    return list(rows.values())


def _as_number(value, zero):
    """A sum as read from the database, in the type of its measure (SQLite sums decimals as floats)."""
    if value is None:
        return zero
    if not isinstance(zero, Decimal):
        return int(value)  # PostgreSQL sums bigints as numeric
    if not isinstance(value, Decimal):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    return value


# What the records path adds up: (name, zero, aggregate). COUNT(date), not COUNT(id): date is
# never null and lies in the covering index, id does not.
_MEASURE_SUMS = (
    (RECORDS, 0, lambda when=None: Count("date", filter=when)),
    *((m.field, m.zero, lambda when=None, name=m.field: Sum(name, filter=when)) for m in MEASURES),
)
_VALUE_SUMS = (("value", Decimal(0), lambda when=None: Sum("value", filter=when)),)


def _by_period(rows, query, sums, keys=(), *, previous=True, date="date", named=None):
    """The records of ``rows`` summed per group of ``keys`` (and ``named`` expressions), per period; one query.

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
        # One period: the rows are already only its records; the ORM's rows serve as they are
        # (an empty sum stays None, which ``_add`` reads as zero).
        plain = {f"cur_{name}": aggregate() for name, _zero, aggregate in sums}
        return rows.values(*values, **named).annotate(**plain) if keys else [rows.aggregate(**plain)]
    if query.previous.end < query.period.start:
        current = Case(
            When(**{f"{date}__gte": query.period.start}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        plain = {name: aggregate() for name, _zero, aggregate in sums}
        fetched = rows.values(*values, **named, is_current=current).annotate(**plain)
        return _fold(fetched, keys, zeros, lambda row: ("cur_",) if row["is_current"] else ("prev_",), True)
    filtered = {
        f"{prefix}{name}": aggregate(_in(period, date))
        for prefix, period in (("cur_", query.period), ("prev_", query.previous))
        for name, _zero, aggregate in sums
    }
    fetched = rows.values(*values, **named).annotate(**filtered) if keys else [rows.aggregate(**filtered)]
    # Already one row per group: fold each period's sums as if it were a row of its own.
    split = (
        {**{k: row[k] for k in keys}, **{n: row[f"{prefix}{n}"] for n, _z in zeros}, "period": prefix}
        for row in fetched
        for prefix in ("cur_", "prev_")
    )
    return _fold(split, keys, zeros, lambda row: (row["period"],), True)


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
    previous_distinct_volunteers: int | None = None

    @property
    def volunteers_figure(self):
        """The distinct people who served, as a figure with the year before (the template and exports show it)."""
        return Figure(
            "distinct_volunteers",
            _("Distinct volunteers (from participation records)"),
            _("people"),
            self.distinct_volunteers or 0,
            self.previous_distinct_volunteers or 0,
        )

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

    Measures and indicators come from the monthly totals where there are any
    (``rolled_up_regions``). Elsewhere, given the rows of ``by_child`` for the same query,
    the measures are their sums and query 1 is saved (the dashboard shows both).
    """
    tops = rolled_up_regions(query)
    if tops:
        row = _monthly_rows(MonthlyTotal, query, tops)[0]
    elif child_rows is not None:
        row = {f"cur_{key}": value for key, value in _summed(child_rows, "values").items()}
        row.update({f"prev_{key}": value for key, value in _summed(child_rows, "previous").items()})
    else:
        # Query 1: the seven measures and the record count, both periods.
        row = _by_period(Activity.objects.filter(_both_periods(query)).order_by(), query, _MEASURE_SUMS)[0]
    figures = [
        Figure(m.field, m.label, m.unit, row[f"cur_{m.field}"], row[f"prev_{m.field}"], m.decimal_places)
        for m in MEASURES
    ]
    # Query 2: every indicator, both periods, grouped by indicator.
    indicators = _indicators() if indicators is None else indicators
    if tops:
        values = _monthly_rows(MonthlyIndicatorTotal, query, tops, ("indicator_id",))
    else:
        values = _by_period(
            IndicatorValue.objects.filter(_both_periods(query, "activity__")).order_by(),
            query,
            _VALUE_SUMS,
            ("indicator_id",),
            date="activity__date",
        )
    values = {r["indicator_id"]: r for r in values}
    for indicator in indicators:
        found = values.get(indicator.pk, {})
        if not (found.get("cur_value") or found.get("prev_value")) and not indicator.is_active:
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
    # Query 3: distinct people in both periods, known only where participation records exist.
    both = [query.period, query.previous]
    if tops and query.category is None:
        people = MonthlyVolunteer.objects.filter(
            _dates_q(both, rolled_up=True), region__in=tops, status__in=query.statuses, participations__gt=0
        )
        date = "month"
    else:
        people = Participation.objects.filter(query.activity_q("activity__", both))
        date = "activity__date"
    people = people.order_by().aggregate(
        **{
            name: Count("person", distinct=True, filter=_in(p, date))
            for name, p in (("cur", query.period), ("prev", query.previous))
        }
    )
    result.distinct_volunteers, result.previous_distinct_volunteers = people["cur"], people["prev"]
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
    cells: list = field(default_factory=list)  # the figures as a page shows them (reports.views)

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


def _grouped_measures(query, key, *, previous=True, tops=None, model=MonthlyTotal):
    """Rows of ``values(key)`` with current (and previous) sums; one query (on ``model`` for ``tops``, if given)."""
    if tops is not None:
        return _monthly_rows(model, query, tops, (key,), previous=previous)
    periods = [query.period, query.previous] if previous else [query.period]
    rows = Activity.objects.filter(query.activity_q("", periods)).order_by()
    return _by_period(rows, query, _MEASURE_SUMS, (key,), previous=previous)


def _grouped_indicators(query, key, indicators, *, tops=None):
    """{group key: {indicator code: value}} for the current period; one query (on monthly totals for ``tops``)."""
    codes = {i.pk: i.code for i in indicators}
    if tops is None:
        column = f"activity__{key}"
        rows = IndicatorValue.objects.filter(query.activity_q("activity__")).order_by()
        rows = _by_period(rows, query, _VALUE_SUMS, (column, "indicator_id"), previous=False)
    else:
        column = key
        rows = _monthly_rows(MonthlyIndicatorTotal, query, tops, (key, "indicator_id"), previous=False)
    result = defaultdict(dict)
    for r in rows:
        if r["indicator_id"] in codes and r["cur_value"]:  # no value and a value of 0 read alike
            result[r[column]][codes[r["indicator_id"]]] = _number(r["cur_value"])
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

    Two queries (three with indicators), however many children. Where the children have
    monthly totals (a province's cities, a city's districts) those are read; elsewhere the
    activities are grouped by their region's path, and each path is folded onto the child
    it lies under.
    """
    children = children_of(query) if children is None else children
    rows = {child.pk: Row(child.pk, child.name, _empty_values(), _empty_values(), obj=child) for child in children}
    own = Row(None, _("(recorded at this level)"), _empty_values(), _empty_values(), is_own=True)
    tops = rolled_up_regions(query)
    if children and tops and all(child.level in ROLLUP_LEVELS for child in children):
        _children_from_monthly_totals(query, rows, own, indicators)
    else:
        # Last year's figures per child are only there for ``totals`` to add up; with monthly
        # totals for the region itself it reads those, and the records of one year are enough.
        _children_from_records(query, children, rows, own, indicators, previous=not tops)
    result = list(rows.values())
    if own.records:  # a row of zeros for last year's records at this level would only be noise
        result.append(own)
    return result


def _children_from_records(query, children, rows, own, indicators, *, previous):
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

    for r in _grouped_measures(query, "region__path", previous=previous):
        row = row_for(r["region__path"])
        _add(row.values, r)
        if previous:
            _add(row.previous, r, "prev_")
    if indicators is not None:
        for path, values in _grouped_indicators(query, "region__path", indicators).items():
            target = row_for(path).indicators
            for code, value in values.items():
                target[code] = target.get(code, 0) + value


def _children_from_monthly_totals(query, rows, own, indicators):
    """The children's rows from their monthly totals; the region's own row is its total less theirs."""
    regions = list(rows) + ([query.region.pk] if query.region is not None else [])
    for r in _grouped_measures(query, "region_id", tops=regions):
        if r["region_id"] in rows:
            _add(rows[r["region_id"]].values, r)
            _add(rows[r["region_id"]].previous, r, "prev_")
        else:  # the region itself: everything under it, the children's share taken off below
            _add(own.values, r)
            _add(own.previous, r, "prev_")
    if indicators is not None:
        for region_id, values in _grouped_indicators(query, "region_id", indicators, tops=regions).items():
            rows.get(region_id, own).indicators.update(values)
    if query.region is None:
        return
    for row in rows.values():
        for own_values, child_values in ((own.values, row.values), (own.previous, row.previous)):
            for key, value in child_values.items():
                own_values[key] -= value
        for code, value in row.indicators.items():
            own.indicators[code] = own.indicators.get(code, 0) - value
    own.indicators = {code: value for code, value in own.indicators.items() if value}


def by_category(query, *, indicators=None):
    """One row per category with records in the period (two queries: sums, then category names)."""
    tops = rolled_up_regions(query)
    grouped = list(_grouped_measures(query, "category_id", previous=False, tops=tops))
    names = {c.pk: c for c in Category.objects.filter(pk__in=[r["category_id"] for r in grouped])}
    extra = _grouped_indicators(query, "category_id", indicators, tops=tops) if indicators is not None else {}
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
    With monthly totals (no category filter), three: the teams' totals, the whole total (the
    records without a team are the difference), the names.
    """
    return _team_rows(query, indicators=indicators)[0]


def top_teams(query, n):
    """(the ``n`` teams with the most records and the row without a team, how many teams have records).

    The same queries as ``by_team``, but names and rows only for the ``n``: a province has
    thousands of teams, and naming them all was most of its dashboard's time.
    """
    return _team_rows(query, top=n)


def _team_rows(query, *, indicators=None, top=None):
    tops = rolled_up_regions(query) if query.category is None else None
    count = None
    if tops:
        without = _monthly_rows(MonthlyTotal, query, tops, previous=False)[0]
        if top is not None:
            grouped, count, all_teams = _top_monthly_teams(query, tops, top)
        else:
            teams = _grouped_measures(query, "team_id", previous=False, tops=tops, model=MonthlyTeamTotal)
            grouped = [r for r in teams if r[f"cur_{RECORDS}"]]  # a team whose records all went keeps a row of zeros
            all_teams = {key: sum(r[key] or 0 for r in grouped) for key in without}
        for key in without:
            without[key] -= all_teams[key]
        if without[f"cur_{RECORDS}"]:
            grouped.append({"team_id": None, **without})
    else:
        grouped = list(_grouped_measures(query, "team_id", previous=False))
    if count is None:
        count = sum(1 for r in grouped if r["team_id"])
    if top is not None:
        named = sorted((r for r in grouped if r["team_id"]), key=lambda r: (-r[f"cur_{RECORDS}"], r["team_id"]))
        grouped = named[:top] + [r for r in grouped if not r["team_id"]]
    names = dict(Team.objects.filter(pk__in=[r["team_id"] for r in grouped if r["team_id"]]).values_list("pk", "name"))
    extra = _grouped_indicators(query, "team_id", indicators) if indicators is not None else {}
    rows = []
    for r in grouped:
        values = _empty_values()
        _add(values, r)
        label = names.get(r["team_id"]) or _("(no team)")
        rows.append(Row(r["team_id"], label, values, indicators=extra.get(r["team_id"], {}), is_own=not r["team_id"]))
    return sorted(rows, key=lambda row: (row.is_own, -row.records, str(row.label))), count


def _top_monthly_teams(query, tops, n):
    """The ``n`` teams of ``tops`` with the most records, how many teams have records, and the sums of all.

    One query on the monthly team totals: window sums over the grouped teams give the count and the
    whole before LIMIT cuts the list, so a province's thousands of teams never leave the database.
    """
    sums = _ROLLUP_SUMS[MonthlyTeamTotal]
    regions = [region.pk for region in tops]
    params = [*regions, *query.statuses, query.period.start, query.period.end, n]
    per_team = ", ".join(f"SUM({name}) AS {name}" for name, _zero in sums)
    inner = (
        f"SELECT team_id, {per_team} FROM {MonthlyTeamTotal._meta.db_table} "
        f"WHERE region_id IN ({', '.join(['%s'] * len(regions))}) "
        f"AND status IN ({', '.join(['%s'] * len(query.statuses))}) AND month BETWEEN %s AND %s "
        f"GROUP BY team_id HAVING SUM({RECORDS}) <> 0"
    )
    names = [name for name, _zero in sums]
    columns = ", ".join([*names, "COUNT(*) OVER ()", *(f"SUM({name}) OVER ()" for name in names)])
    sql = f"SELECT team_id, {columns} FROM ({inner}) AS teams ORDER BY {RECORDS} DESC, team_id LIMIT %s"
    with connections[router.db_for_read(MonthlyTeamTotal)].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    width = len(sums)
    rows = [
        {"team_id": values[0]}
        | {
            f"cur_{name}": _as_number(value, zero)
            for (name, zero), value in zip(sums, values[1 : 1 + width], strict=True)
        }
        for values in fetched
    ]
    count = fetched[0][1 + width] if fetched else 0
    whole = fetched[0][2 + width :] if fetched else [None] * width
    return (
        rows,
        count,
        {f"cur_{name}": _as_number(value, zero) for (name, zero), value in zip(sums, whole, strict=True)},
    )


def by_month(query, *, indicators=None):
    """One row per month of the period, with the same month a year earlier (one query; two with indicators)."""
    months = {m: Row(m, f"{m.year}-{m.month:02d}", _empty_values(), _empty_values()) for m in query.period.months()}
    tops = rolled_up_regions(query)
    if tops:
        grouped = _grouped_measures(query, "month", tops=tops)
    else:
        rows = Activity.objects.filter(_both_periods(query)).order_by()
        grouped = _by_period(rows, query, _MEASURE_SUMS, named=_year_month("date"))
    for r in grouped:
        month = _month_of(r)
        if month in months:
            _add(months[month].values, r)
        shifted = month.replace(year=month.year + 1)
        if shifted in months:
            _add(months[shifted].previous, r, "prev_")
    if indicators is not None:
        if tops:
            values = _monthly_rows(MonthlyIndicatorTotal, query, tops, ("month", "indicator_id"), previous=False)
        else:
            values = IndicatorValue.objects.filter(query.activity_q("activity__")).order_by()
            values = _by_period(
                values, query, _VALUE_SUMS, ("indicator_id",), previous=False, named=_year_month("activity__date")
            )
        codes = {i.pk: i.code for i in indicators}
        for r in values:
            month = _month_of(r)
            if month in months and r["indicator_id"] in codes and r["cur_value"]:
                months[month].indicators[codes[r["indicator_id"]]] = _number(r["cur_value"])
    return list(months.values())


def _year_month(date):
    """Group keys for the month of ``date``: year and month numbers are read off a date directly,
    where truncating it to a month on PostgreSQL first converts every date to a timestamp in the
    current time zone (a third of a subdistrict's month query)."""
    return {"y": ExtractYear(date), "m": ExtractMonth(date)}


def _month_of(row):
    """The first day of the month of a row grouped by ``_year_month`` (or read from monthly totals)."""
    if "month" in row:
        return _as_date(row["month"])
    return datetime.date(row["y"], row["m"], 1)


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
