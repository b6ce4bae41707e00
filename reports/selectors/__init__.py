"""Totals for a region subtree and period: every figure the dashboard, print page, exports, API and command show.

All dashboard maths lives in this package. Each function is one query (or a fixed handful),
however many child regions, categories or months there are, and reads one of two sources,
chosen here by ``rolled_up_regions``:

- ``monthly``: the **monthly totals** (``activities.rollups``) where the region is a province,
  city or district and the period is whole months without a team or organization filter: a few
  hundred rows per region, read in plain SQL, summed per month and split into the two years in
  Python;
- ``records``: **the records** everywhere else (a subdistrict or community, a custom range, a
  team or organization filter), in portable ORM through ``accounts.scope.scope_of``: both
  periods from one query over the union of their date ranges, served by the covering index
  ``activity_totals``.

Both hand back their sums as ``values.Pair`` (current period, same period a year earlier);
``query`` holds what to add up (``TotalsQuery``) and ``values`` what is shown (``Figure``,
``Totals``, ``Row``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities import totals_version
from activities.measures import MEASURES
from activities.models import ROLLUP_LEVELS, Category, Indicator
from volunteers.models import Team

from .. import cache
from . import monthly, records
from .query import REGION_FIELDS, UNSCOPED, TotalsQuery, children_of
from .values import (
    CORE_KEYS,
    MEASURE_KEYS,
    PREVIOUS,
    RECORDS,
    SORT_KEYS,
    Approximate,
    Figure,
    Pair,
    Row,
    Totals,
    add,
    empty_values,
    number,
    qualifiers_of,
    total_qualifier,
)

__all__ = [
    "BREAKDOWNS",
    "CORE_KEYS",
    "MEASURE_KEYS",
    "RECORDS",
    "REGION_FIELDS",
    "SORT_KEYS",
    "UNSCOPED",
    "Figure",
    "Pair",
    "Row",
    "Approximate",
    "Totals",
    "TotalsQuery",
    "approximate",
    "by_category",
    "by_child",
    "by_month",
    "by_team",
    "children_of",
    "evidence_share",
    "rolled_up_regions",
    "row_key",
    "rows_for",
    "silent_children",
    "sort_rows",
    "top_teams",
    "qualifiers_of",
    "totals",
    "total_qualifier",
]


def rolled_up_regions(query):
    """The regions whose monthly totals add up to the query's subtree; None when the records must be added up."""
    return query.rollup_regions


def _indicators():
    """Every indicator in the order pages show them (one query; a page reads them once for all its tables)."""
    return list(Indicator.objects.order_by("sort_order", "pk"))


def totals(query, *, indicators=None, child_rows=None, approximate=None):
    """Every measure's total, with the same period a year earlier: 5 queries (measures, indicators, people,
    and the two of ``approximate`` unless given: which figures have an approximate part).

    Measures and indicators come from the monthly totals where there are any
    (``rolled_up_regions``). Elsewhere, given the rows of ``by_child`` for the same query,
    the measures are their sums and query 1 is saved (the dashboard shows both).
    """
    tops = rolled_up_regions(query)
    if tops:
        sums = monthly.measure_totals(query, tops)
    elif child_rows is not None:
        current, previous = _summed(child_rows, "values"), _summed(child_rows, "previous")
        sums = {key: Pair(current[key], previous[key]) for key in current}
    else:
        # Query 1: the seven measures and the record count, both periods.
        sums = records.measure_totals(query)
    figures = [
        Figure(m.field, m.label, m.unit, sums[m.field].current, sums[m.field].previous, m.decimal_places)
        for m in MEASURES
    ]
    # Query 2: every indicator, both periods, grouped by indicator.
    indicators = _indicators() if indicators is None else indicators
    values = monthly.indicator_totals(query, tops) if tops else records.indicator_totals(query)
    nothing = Pair(0, 0)
    for indicator in indicators:
        found = values.get(indicator.pk, nothing)
        if not (found.current or found.previous) and not indicator.is_active:
            continue  # a retired indicator with nothing in either period is not shown
        figures.append(
            Figure(
                indicator.code,
                indicator.name,
                indicator.unit,
                number(found.current),
                number(found.previous),
                2,
                is_indicator=True,
            )
        )
    result = Totals(sums[RECORDS].current, sums[RECORDS].previous, figures)
    # Query 3: distinct people in both periods, known only where participation records exist.
    # The monthly people are kept per region and month, not per category.
    # Kept in the cache until a participation record counts or stops counting (not with every record).
    rolled_up = tops and query.category is None
    if rolled_up:
        people = cache.figures(
            "people", query, lambda: monthly.distinct_people(query, tops), version=totals_version.SERVICES
        )
    else:
        people = records.distinct_people(query)
    result.distinct_volunteers, result.previous_distinct_volunteers = people
    # Queries 4 and 5: the figures written approximately (8000余) make their totals approximate.
    approximate = records.approximate(query) if approximate is None else approximate
    for figure in figures:
        figure.qualifier = total_qualifier(qualifiers_of(approximate, figure.key), figure.current)
    return result


@dataclass(frozen=True)
class EvidenceShare:
    """How many of the counted records of the period have at least one evidence file."""

    with_evidence: int
    records: int

    @property
    def percent(self):
        """The share in per cent, one decimal; None without records."""
        return round(100 * self.with_evidence / self.records, 1) if self.records else None


def evidence_share(query):
    """有佐证材料的记录占比: records of the current period with evidence, of all counted ones; one query.

    From the monthly totals' ``with_evidence`` where they serve the query, else a filtered count
    of the records (``evidence_count`` is carried by the covering index ``activity_totals``).
    """
    tops = rolled_up_regions(query)
    with_evidence, records_ = monthly.evidence_share(query, tops) if tops else records.evidence_share(query)
    return EvidenceShare(int(with_evidence or 0), int(records_ or 0))


def approximate(query):
    """The current period's approximate figures, one ``Approximate`` per record and figure (two queries)."""
    return records.approximate(query)


def _summed(rows, attribute):
    total = empty_values()
    for row in rows:
        for key, value in getattr(row, attribute).items():
            total[key] += value
    return total


def by_child(query, *, children=None, indicators=None):
    """One row per child region (records anywhere under it), plus a row for records held by the region itself.

    Two queries (three with indicators), however many children. Where the children have
    monthly totals (a province's cities, a city's districts) those are read; elsewhere the
    activities are grouped by their region's path, and each path is folded onto the child
    it lies under.
    """
    children = children_of(query) if children is None else children
    rows = {child.pk: Row(child.pk, child.name, empty_values(), empty_values(), obj=child) for child in children}
    own = Row(None, _("(recorded at this level)"), empty_values(), empty_values(), is_own=True)
    tops = rolled_up_regions(query)
    if children and tops and all(child.level in ROLLUP_LEVELS for child in children):
        monthly.children(query, rows, own, indicators)
    else:
        # Last year's figures per child are only there for ``totals`` to add up; with monthly
        # totals for the region itself it reads those, and the records of one year are enough.
        records.children(query, children, rows, own, indicators, previous=not tops)
    result = list(rows.values())
    if own.records:  # a row of zeros for last year's records at this level would only be noise
        result.append(own)
    return result


def by_category(query, *, indicators=None):
    """One row per category with records in the period (two queries: sums, then category names)."""
    tops = rolled_up_regions(query)
    if tops:
        grouped = monthly.measures_by(query, tops, "category_id", previous=False)
    else:
        grouped = records.measures_by(query, "category_id", previous=False)
    names = {c.pk: c for c in Category.objects.filter(pk__in=[r["category_id"] for r in grouped])}
    extra = {}
    if indicators is not None:
        if tops:
            extra = monthly.indicators_by(query, tops, "category_id", indicators)
        else:
            extra = records.indicators_by(query, "category_id", indicators)
    rows = []
    for r in grouped:
        if not r[RECORDS].current:
            continue
        category = names[r["category_id"]]
        values = empty_values()
        add(values, r)
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
        grouped, count = monthly.teams(query, tops, top)
    else:
        grouped = records.measures_by(query, "team_id", previous=False)
    if count is None:
        count = sum(1 for r in grouped if r["team_id"])
    if top is not None:
        named = sorted((r for r in grouped if r["team_id"]), key=lambda r: (-r[RECORDS].current, r["team_id"]))
        grouped = named[:top] + [r for r in grouped if not r["team_id"]]
    names = dict(Team.objects.filter(pk__in=[r["team_id"] for r in grouped if r["team_id"]]).values_list("pk", "name"))
    extra = records.indicators_by(query, "team_id", indicators) if indicators is not None else {}
    rows = []
    for r in grouped:
        values = empty_values()
        add(values, r)
        label = names.get(r["team_id"]) or _("(no team)")
        rows.append(Row(r["team_id"], label, values, indicators=extra.get(r["team_id"], {}), is_own=not r["team_id"]))
    return sorted(rows, key=lambda row: (row.is_own, -row.records, str(row.label))), count


def by_month(query, *, indicators=None):
    """One row per month of the period, with the same month a year earlier (one query; two with indicators)."""
    months = {m: Row(m, f"{m.year}-{m.month:02d}", empty_values(), empty_values()) for m in query.period.months()}
    tops = rolled_up_regions(query)
    grouped = monthly.months(query, tops) if tops else records.months(query)
    for month, r in grouped:
        if month in months:
            add(months[month].values, r)
        shifted = month.replace(year=month.year + 1)
        if shifted in months:
            add(months[shifted].previous, r, PREVIOUS)
    if indicators is not None:
        if tops:
            values = monthly.indicator_months(query, tops, indicators)
        else:
            values = records.indicator_months(query, indicators)
        for month, found in values.items():
            if month in months:
                months[month].indicators.update(found)
    return list(months.values())


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
