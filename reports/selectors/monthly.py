"""Totals read from the monthly totals, for a province, city or district over whole months.

``activities.rollups`` keeps, per region at the ``ROLLUP_LEVELS``, month, status and category,
the sums of every measure (``MonthlyTotal``), per team (``MonthlyTeamTotal``), per indicator
(``MonthlyIndicatorTotal``) and the people who served (``MonthlyVolunteer``). The package serves a
query from them when ``rolled_up_regions`` finds regions whose totals add up to its subtree
(``tops``): no team or organization filter, whole months. A few hundred rows per region, read in
plain SQL, summed per month in the database and split into the two periods here.
"""

from decimal import Decimal

from django.db import connections, router

from activities.measures import MEASURES
from activities.models import MonthlyIndicatorTotal, MonthlyTeamTotal, MonthlyTotal, MonthlyVolunteer

from .query import within
from .values import CURRENT, PREVIOUS, RECORDS, Pair, add, as_date, as_number, fold, indicator_values

SUMS = {
    MonthlyTotal: ((RECORDS, 0), *((m.field, m.zero) for m in MEASURES)),
    MonthlyTeamTotal: ((RECORDS, 0), *((m.field, m.zero) for m in MEASURES)),
    MonthlyIndicatorTotal: (("value", Decimal(0)),),
}


def _in_period(query, regions, period):
    """The condition (and its parameters) of the monthly rows of ``regions`` (ids), ``query``'s statuses and
    the whole months of ``period``, in plain SQL."""
    sql = (
        f"region_id IN ({', '.join(['%s'] * len(regions))}) "
        f"AND status IN ({', '.join(['%s'] * len(query.statuses))}) AND month BETWEEN %s AND %s"
    )
    return sql, [*regions, *query.statuses, period.start, period.end]


def monthly_rows(model, query, regions, keys=(), *, previous=True, sums=None):
    """Monthly totals of ``regions`` grouped by ``keys``: [{key: …, sum: Pair(current, previous)}]; one query.

    The rows are summed per month in the database and split into the two periods here, in
    plain SQL: for a few hundred rows the ORM's filtered aggregates cost several times more
    to build than the query takes to run. With no ``keys``, one row (of zeros if nothing matched).
    """
    periods = [query.period, query.previous] if previous else [query.period]
    sums = sums or SUMS[model]
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
    if not previous:
        return _one_period(fetched, keys, sums)
    names = [*group, *(name for name, _ in sums)]
    fetched = (dict(zip(names, values, strict=True)) for values in fetched)
    if "month" in group:
        fetched = ({**row, "month": as_date(row["month"])} for row in fetched)

    def periods_of(row):
        # A month can lie in both periods: a range longer than a year overlaps the year before it.
        return tuple(name for name, period in both if within(row["month"], period))

    both = ((CURRENT, query.period), (PREVIOUS, query.previous))
    return fold(fetched, keys, sums, periods_of)


def _one_period(fetched, keys, sums):
    """Rows grouped by ``keys`` alone, so one per group and all in the current period, as ``fold`` gives them."""
    rows = []
    width = len(keys)
    for values in fetched:
        row = dict(zip(keys, values[:width], strict=True))
        if "month" in row:
            row["month"] = as_date(row["month"])
        for (name, zero), value in zip(sums, values[width:], strict=True):
            row[name] = Pair(as_number(value, zero))
        rows.append(row)
    return rows


def measure_totals(query, tops):
    """The record count and each measure of ``tops``, both periods: one row of ``Pair``; one query."""
    return monthly_rows(MonthlyTotal, query, tops)[0]


def evidence_share(query, tops):
    """(records with evidence, records) of ``tops`` in the current period; one query."""
    row = monthly_rows(MonthlyTotal, query, tops, previous=False, sums=(("with_evidence", 0), (RECORDS, 0)))[0]
    return row["with_evidence"].current, row[RECORDS].current


def indicator_totals(query, tops):
    """{indicator id: Pair of its sums} of ``tops``, both periods; one query."""
    return {r["indicator_id"]: r["value"] for r in monthly_rows(MonthlyIndicatorTotal, query, tops, ("indicator_id",))}


def distinct_people(query, tops):
    """(people who served in the current period, a year earlier) under ``tops``; one query (no category filter).

    Two counts in one statement, each an index-only scan of the key (region, status, month, person):
    a row whose records all went is deleted by ``activities.rollups``, so every row counts.
    """
    regions = [getattr(region, "pk", region) for region in tops]
    counts, params = [], []
    for i, period in enumerate((query.period, query.previous)):
        where, where_params = _in_period(query, regions, period)
        counts.append(f"SELECT {i}, COUNT(DISTINCT person_id) FROM {MonthlyVolunteer._meta.db_table} WHERE {where}")
        params += where_params
    sql = " UNION ALL ".join(counts)
    with connections[router.db_for_read(MonthlyVolunteer)].cursor() as cursor:
        cursor.execute(sql, params)
        counted = dict(cursor.fetchall())
    return counted[0], counted[1]


def measures_by(query, tops, key, *, previous=True, model=MonthlyTotal):
    """Rows of ``key`` with the record count and each measure of ``tops`` as ``Pair``; one query."""
    return monthly_rows(model, query, tops, (key,), previous=previous)


def indicators_by(query, tops, key, indicators):
    """{``key``: {indicator code: value}} of ``tops`` for the current period; one query."""
    rows = monthly_rows(MonthlyIndicatorTotal, query, tops, (key, "indicator_id"), previous=False)
    return indicator_values(rows, key, indicators)


def months(query, tops):
    """[(first day of a month, its row of ``Pair`` sums)] of ``tops`` over both periods; one query."""
    return [(r["month"], r) for r in measures_by(query, tops, "month")]


def indicator_months(query, tops, indicators):
    """{first day of a month: {indicator code: value}} of ``tops`` in the current period; one query."""
    return indicators_by(query, tops, "month", indicators)


def children(query, rows, own, indicators):
    """The children's rows from their monthly totals; the region's own row is its total less theirs.

    ``rows`` are the children's ``Row`` by region id, ``own`` the row for records held by the
    region itself; with ``indicators``, their values too. Two queries (one without indicators).
    """
    regions = list(rows) + ([query.region.pk] if query.region is not None else [])
    for r in measures_by(query, regions, "region_id"):
        # The region itself: everything under it, the children's share taken off below.
        row = rows.get(r["region_id"], own)
        add(row.values, r)
        add(row.previous, r, PREVIOUS)
    if indicators is not None:
        for region_id, values in indicators_by(query, regions, "region_id", indicators).items():
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


def teams(query, tops, top=None):
    """(rows of team id and ``Pair`` sums of the current period, how many teams; None unless ``top``).

    All teams with records, or the ``top`` with the most; then a row without a team (``team_id``
    None) for the records no team ran: the whole total less the teams'. Two queries.
    """
    without = monthly_rows(MonthlyTotal, query, tops, previous=False)[0]
    count = None
    if top is not None:
        grouped, count, all_teams = _top_teams(query, tops, top)
    else:
        found = measures_by(query, tops, "team_id", previous=False, model=MonthlyTeamTotal)
        grouped = [r for r in found if r[RECORDS].current]  # a team whose records all went keeps a row of zeros
        all_teams = {key: sum(r[key].current for r in grouped) for key in without}
    without = {key: Pair(sums.current - all_teams[key]) for key, sums in without.items()}
    if without[RECORDS].current:
        grouped.append({"team_id": None, **without})
    return grouped, count


def _top_teams(query, tops, n):
    """The ``n`` teams of ``tops`` with the most records, how many teams have records, and the sums of all.

    One query on the monthly team totals: window sums over the grouped teams give the count and the
    whole before LIMIT cuts the list, so a province's thousands of teams never leave the database.
    """
    sums = SUMS[MonthlyTeamTotal]
    where, params = _in_period(query, [region.pk for region in tops], query.period)
    params.append(n)
    per_team = ", ".join(f"SUM({name}) AS {name}" for name, _zero in sums)
    inner = (
        f"SELECT team_id, {per_team} FROM {MonthlyTeamTotal._meta.db_table} "
        f"WHERE {where} GROUP BY team_id HAVING SUM({RECORDS}) <> 0"
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
        | {name: Pair(as_number(value, zero)) for (name, zero), value in zip(sums, values[1 : 1 + width], strict=True)}
        for values in fetched
    ]
    count = fetched[0][1 + width] if fetched else 0
    whole = fetched[0][2 + width :] if fetched else [None] * width
    return rows, count, {name: as_number(value, zero) for (name, zero), value in zip(sums, whole, strict=True)}
