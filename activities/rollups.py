"""Monthly totals kept in step with the records: ``add``, ``subtract``, ``refreshed``, ``rebuild``, ``verify``.

The dashboard of a province, city or district reads ``MonthlyTotal``, ``MonthlyTeamTotal``,
``MonthlyIndicatorTotal`` and ``MonthlyVolunteer`` (see ``activities.models``) instead of
adding up thousands of records. Every code path that changes an activity, its indicator
values, its participation records or the region tree above it keeps them right, in its
own transaction:

    with rollups.refreshed(Activity.objects.filter(pk=activity.pk)):
        ...change the activity...

``refreshed`` takes the activities' figures out before the change and puts them back
after it, so one pattern covers an edit, a workflow step (only approved and submitted
records are added up), a move to another region and a delete. A new record is
``add``-ed once written. Participation records have the same pair
(``participations_refreshed``, ``add_participations``), which touches only
``MonthlyVolunteer``: the activity's own volunteer figures change through
``activities.participation.activities_recount_participation``, which brackets its UPDATE.

Each call is one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` per table, however many
records the queryset selects: an import of 100,000 rows costs four statements.

Every write also changes ``activities.totals_version``, which caches of figures are keyed by.

Only regions at the ``ROLLUP_LEVELS`` (province, city, district) get rows, and for
``MonthlyVolunteer`` the communities and villages members report to (``REPORTING_LEVELS``);
``reports.selectors`` reads them where it can and adds up the records themselves elsewhere.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, router, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from communities.models import Region

from . import totals_version
from .measures import MEASURES
from .models import (
    COUNTED_STATUSES,
    REPORTING_LEVELS,
    ROLLUP_LEVELS,
    Activity,
    IndicatorValue,
    MonthlyIndicatorTotal,
    MonthlyTeamTotal,
    MonthlyTotal,
    MonthlyVolunteer,
    Participation,
)

_MONTH = "__month__"  # stands for the database's "first day of the month of a.date"


@dataclass(frozen=True)
class _Table:
    """How one monthly table is added up from the records, in SQL (for ``add``) and with the ORM (for ``verify``)."""

    model: type
    source: str  # FROM clause: the activity is "a", an indicator value "v", a participation record "p"
    keys: tuple  # (column, SQL expression, ORM lookup) after the region; the ORM lookup is None for the month
    sums: tuple  # (column, SQL aggregate, ORM aggregate)
    orm_model: type = Activity
    where: str = ""
    orm_filter: tuple = ()
    levels: tuple = ROLLUP_LEVELS  # the levels of the regions that get rows

    @property
    def key_columns(self):
        return ("region_id", *(column for column, _, _ in self.keys))

    @property
    def sum_columns(self):
        return tuple(column for column, _, _ in self.sums)

    @property
    def prefix(self):
        """The ORM path from ``orm_model`` to the activity."""
        return "" if self.orm_model is Activity else "activity__"


_STATUS_MONTH = (("status", "a.status", "status"), ("month", _MONTH, None))
_MEASURE_SUMS = (
    ("records", "COUNT(*)", Count("pk")),
    *((m.field, f"SUM(COALESCE(a.{m.field}, 0))", Coalesce(Sum(m.field), m.zero)) for m in MEASURES),
    (
        "with_evidence",
        "SUM(CASE WHEN a.evidence_count > 0 THEN 1 ELSE 0 END)",
        Count("pk", filter=Q(evidence_count__gt=0)),
    ),
)
_ACTIVITIES = "activities_activity a"
TABLES = (
    _Table(MonthlyTotal, _ACTIVITIES, (*_STATUS_MONTH, ("category_id", "a.category_id", "category_id")), _MEASURE_SUMS),
    _Table(
        MonthlyTeamTotal,
        _ACTIVITIES,
        (*_STATUS_MONTH, ("team_id", "a.team_id", "team_id")),
        _MEASURE_SUMS,
        where="a.team_id IS NOT NULL",
        orm_filter=(("team__isnull", False),),
    ),
    _Table(
        MonthlyIndicatorTotal,
        "activities_indicatorvalue v JOIN activities_activity a ON a.id = v.activity_id",
        (*_STATUS_MONTH, ("category_id", "a.category_id", "category_id"), ("indicator_id", "v.indicator_id", None)),
        (("value", "SUM(v.value)", Sum("value")),),
        orm_model=IndicatorValue,
    ),
    _Table(
        MonthlyVolunteer,
        "volunteers_participation p JOIN activities_activity a ON a.id = p.activity_id",
        (*_STATUS_MONTH, ("person_id", "p.person_id", None)),
        (("participations", "COUNT(*)", Count("pk")), ("hours", "SUM(p.hours)", Sum("hours"))),
        orm_model=Participation,
        levels=(*ROLLUP_LEVELS, *REPORTING_LEVELS),
    ),
)
VOLUNTEERS = TABLES[-1]


def _connection():
    return connections[router.db_for_write(MonthlyTotal)]


def _month_sql(vendor):
    if vendor == "postgresql":
        return "CAST(DATE_TRUNC('month', CAST(a.date AS timestamp)) AS date)"  # no time zone to apply
    return "DATE(a.date, 'start of month')"  # SQLite keeps dates as ISO text


def _ancestors_sql(vendor, levels):
    """Joins from the grouped rows ``g`` to ``anc``: each region of one of ``levels`` that ``g.region_id`` is under."""
    levels = ", ".join(["%s"] * len(levels))
    region = "JOIN communities_region r ON r.id = g.region_id"
    if vendor == "postgresql":
        # The path ("1/5/23/") lists the ids from the root down: a hash join on them against the
        # few regions at the rollup levels, instead of comparing every path with every prefix.
        return (
            f"{region} CROSS JOIN LATERAL unnest(string_to_array(rtrim(r.path, '/'), '/')) AS up(id) "
            f"JOIN communities_region anc ON anc.id = CAST(up.id AS bigint) AND anc.level IN ({levels})"
        )
    return f"{region} JOIN communities_region anc ON anc.level IN ({levels}) AND r.path LIKE anc.path || '%%'"


def _apply(table, sign, *, activities=None, participations=None):
    """Add (sign 1) or take out (sign -1) the figures of the selected records in ``table``: one statement.

    The records are grouped by their activity's own region first, so each group (not
    each record) is joined to the regions above it. Without a selection: every record.
    """
    connection = _connection()
    vendor = connection.vendor
    keys = [(column, _month_sql(vendor) if sql == _MONTH else sql) for column, sql, _ in table.keys]
    inner = ["a.region_id AS region_id"] + [f"{sql} AS {column}" for column, sql in keys]
    inner += [f"{sql} AS {column}" for column, sql, _ in table.sums]
    params = list(COUNTED_STATUSES)
    conditions = [f"a.status IN ({', '.join(['%s'] * len(COUNTED_STATUSES))})"]
    if table.where:
        conditions.append(table.where)
    for alias, selection in (("a", activities), ("p", participations)):
        if selection is not None:
            try:
                selected, selected_params = selection.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:  # filter(pk__in=[]): nothing selected, nothing to add or take out
                return
            conditions.append(f"{alias}.id IN ({selected})")
            params.extend(selected_params)
    params.extend(table.levels)
    name = table.model._meta.db_table
    key_columns, sum_columns = table.key_columns, table.sum_columns
    outer = ["anc.id"] + [f"g.{column}" for column, _ in keys] + [f"{sign} * SUM(g.{c})" for c in sum_columns]
    group = ", ".join(str(i) for i in range(1, len(key_columns) + 1))
    # SQLite needs the WHERE (always there) to read ON CONFLICT as the upsert clause.
    sql = (
        f"INSERT INTO {name} ({', '.join(key_columns + sum_columns)}) "
        f"SELECT {', '.join(outer)} FROM ("
        f"SELECT {', '.join(inner)} FROM {table.source} WHERE {' AND '.join(conditions)} GROUP BY {group}"
        f") g {_ancestors_sql(vendor, table.levels)} WHERE 1 = 1 GROUP BY {group} "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET "
        + ", ".join(f"{c} = {name}.{c} + excluded.{c}" for c in sum_columns)
    )
    emptied = table is VOLUNTEERS and sign < 0
    if emptied:
        sql += " RETURNING id, participations"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if emptied:
            returned = cursor.fetchall()
            touched = len(returned)
            _delete_emptied(cursor, name, [pk for pk, participations in returned if participations == 0])
        else:
            touched = cursor.rowcount
    totals_version.changed(using=connection.alias)  # cached figures (reports.cache) are now out of date
    if table is VOLUNTEERS and touched:
        totals_version.SERVICES.changed(using=connection.alias)


def _delete_emptied(cursor, name, ids):
    """Delete monthly volunteers whose records all went: a person counts where they have a row
    (``reports.selectors.monthly.distinct_people`` counts the key's index alone)."""
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        cursor.execute(f"DELETE FROM {name} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def _require_transaction():
    if not _connection().in_atomic_block:
        raise RuntimeError("Monthly totals change only inside the transaction that changes the records.")


def add(activities, *, tables=TABLES):
    """Count ``activities`` (a queryset; approved and submitted ones) into the monthly totals."""
    _require_transaction()
    for table in tables:
        _apply(table, 1, activities=activities)


def subtract(activities, *, tables=TABLES):
    """Take ``activities`` (a queryset) out of the monthly totals, before they change or go."""
    _require_transaction()
    for table in tables:
        _apply(table, -1, activities=activities)


@contextmanager
def refreshed(activities):
    """Around a change of ``activities`` (a queryset that finds them before and after): old figures out, new in."""
    subtract(activities)
    yield
    add(activities)


def add_participations(participations):
    """Count new participation records (a queryset) into the monthly volunteers."""
    _require_transaction()
    _apply(VOLUNTEERS, 1, participations=participations)


@contextmanager
def participations_refreshed(participations):
    """Around a change of who served where (or a delete) of ``participations`` (a queryset)."""
    _require_transaction()
    _apply(VOLUNTEERS, -1, participations=participations)
    yield
    _apply(VOLUNTEERS, 1, participations=participations)


def rebuild():
    """Empty the monthly totals and add up every record again (after a bulk load that bypassed the services)."""
    with transaction.atomic(using=_connection().alias):
        for table in TABLES:
            table.model.objects.all()._raw_delete(table.model.objects.db)
            _apply(table, 1)


def verify():
    """Every difference between the monthly totals and the records, as (table, key, stored, expected).

    The expected sums are added up again here with the ORM, one month at a time (bounded
    memory at a million records), independently of the SQL that ``add`` and ``subtract`` run.
    """
    differences = []
    months = set(Activity.objects.filter(status__in=COUNTED_STATUSES).dates("date", "month"))
    for table in TABLES:
        months |= set(table.model.objects.dates("month", "month"))
    ancestors = {
        levels: dict(Region.objects.filter(level__in=levels).values_list("path", "pk"))
        for levels in {table.levels for table in TABLES}
    }
    for month in sorted(months):
        for table in TABLES:
            expected = _expected(table, month, ancestors[table.levels])
            stored = _stored(table, month)
            for key in sorted(expected.keys() | stored.keys(), key=str):
                have, want = stored.get(key), expected.get(key)
                if have != want:
                    differences.append((table.model._meta.verbose_name, key, have, want))
    return differences


def _month_end(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def _expected(table, month, ancestors):
    """{key: sums} of ``table`` for ``month``, added up with the ORM and folded onto the regions above."""
    prefix = table.prefix
    rows = table.orm_model.objects.filter(
        **{
            f"{prefix}status__in": COUNTED_STATUSES,
            f"{prefix}date__gte": month,
            f"{prefix}date__lte": _month_end(month),
        },
        **dict(table.orm_filter),
    ).order_by()
    lookups = [lookup or column for column, _, lookup in table.keys if column != "month"]
    lookups = [f"{prefix}{lookup}" if lookup in ("status", "category_id") else lookup for lookup in lookups]
    rows = rows.values(f"{prefix}region__path", *lookups).annotate(
        **{column: aggregate for column, _, aggregate in table.sums}
    )
    columns = table.sum_columns
    totals = {}
    for row in rows:
        path = row[f"{prefix}region__path"]
        values = iter(row[lookup] for lookup in lookups)
        rest = tuple(month if column == "month" else next(values) for column, _, _ in table.keys)
        for region_id in (pk for ancestor, pk in ancestors.items() if path.startswith(ancestor)):
            current = totals.setdefault((region_id, *rest), [0] * len(columns))
            for i, column in enumerate(columns):
                current[i] += row[column]
    return {key: tuple(values) for key, values in totals.items()}


def _stored(table, month):
    keys, columns = table.key_columns, table.sum_columns
    rows = table.model.objects.filter(month=month).values_list(*keys, *columns)
    # A key whose records all went (everything back to zero) is as good as no row.
    return {tuple(row[: len(keys)]): tuple(row[len(keys) :]) for row in rows if any(row[len(keys) :])}
