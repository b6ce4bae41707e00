"""The set-based activity import on PostgreSQL: stream, COPY into staging, check and write in SQL.

``importer.staged_path`` sends activities here on PostgreSQL; every other kind and
database takes the batched path of ``kinds``. The outcome is the same — the same
matches, counts, row errors (word for word: the message functions of ``kinds`` and
``references``), rows, history and rollups — only the work is done in a few
statements instead of a few queries per 2,000 rows:

1. Rows are parsed in Python by the same column readers as the batched path
   (``importer._parsed_rows``) and COPYed, 10,000 at a time, into a TEMP staging
   table: row number, parsed values and the reference cells as written. Cells that
   cannot be read go to a TEMP error table. Memory holds one chunk, never the file.
2. Each distinct reference text is resolved once: regions by the batched path's own
   ``references.RegionIndex`` (in Python, so both paths read a region the same way),
   categories, organizations and teams in SQL, by code or unique name.
3. One statement keeps the rows still standing, finds rows that repeat an earlier
   one, matches existing activities (external id, else date, title and region) and
   works out what would change; approved activities that would change are errors.
4. Unless it is a dry run, and without errors: history of the updates, UPDATE ... FROM, INSERT ... SELECT of the
   new activities with their history, indicator values with theirs — bracketed by
   ``activities.rollups`` (subtract before, add after).

The TEMP tables are dropped at the end and die with the transaction in any case, so
a dry run, a failed import or a killed process leaves nothing behind.
"""

import itertools
import json

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import rollups
from activities.measures import MEASURES
from activities.models import Activity, Category, IndicatorValue, Status
from history.models import Action, Source
from history.services import json_safe, tracked_fields

from .kinds import (
    ACTIVITY_CONTENT,
    APPROVED_UNCHANGEABLE,
    START_AFTER_DATE,
    category_unknown,
    external_id_outside,
    field_of,
    org_resolver,
    row_repeats,
    row_same_record,
    team_resolver,
)
from .parsing import CellError
from .references import ScopeTest, candidates_text
from .rows import RowError

CHUNK_ROWS = 10_000
ERROR_FETCH = 2_000

TEXT_FIELDS = ("external_id", "title", "location", "notes")
REFERENCES = ("region", "category", "organization", "team")
# The order a row's errors are listed in, as the batched path finds them.
STEP = {"parse": 0, "region": 1, "category": 2, "organization": 3, "team": 4, "start_date": 5, "checks": 6}


def _value_row_changes(value_field, *, gone):
    """The history of an indicator value row ``v`` that went (``gone``) or came: each field from or to nothing."""

    def pair(expression):
        return (
            f"jsonb_build_array({expression}, NULL::jsonb)" if gone else f"jsonb_build_array(NULL::jsonb, {expression})"
        )

    return (
        f"jsonb_build_object('activity', {pair('to_jsonb(v.activity_id)')}, "
        f"'indicator', {pair('to_jsonb(v.indicator_id)')}, 'value', {pair(_json(value_field, 'v.value'))})"
    )


def _json(field, column):
    """SQL for ``column``'s value as ``history.services`` stores ``field``'s value in JSON."""
    internal = field.get_internal_type()
    if internal == "DecimalField":
        # format(value.normalize(), "f"): trailing zeros dropped, never an exponent.
        return f"to_jsonb(trim_scale({column})::text)"
    if internal == "DateTimeField":
        # datetime.isoformat() in UTC: microseconds only when there are some.
        return (
            f"to_jsonb(to_char({column} AT TIME ZONE 'UTC', CASE WHEN mod(extract(microseconds FROM {column})::int, "
            "1000000) = 0 THEN 'YYYY-MM-DD\"T\"HH24:MI:SS' ELSE 'YYYY-MM-DD\"T\"HH24:MI:SS.US' END) || '+00:00')"
        )
    return f"to_jsonb({column})"


def _created_changes(model, alias):
    """SQL for the ``changes`` of a created row: {field: [null, value]} for every tracked field with a value."""
    pairs = ", ".join(
        f"'{f.name}', CASE WHEN {alias}.{f.column} IS NOT NULL "
        f"THEN jsonb_build_array(NULL::jsonb, {_json(f, f'{alias}.{f.column}')}) END"
        for f in tracked_fields(model)
    )
    return f"jsonb_strip_nulls(jsonb_build_object({pairs}))"


class StagedActivities:
    """One activity import through the staging tables; ``run`` does it all inside the importer's transaction."""

    def __init__(self, ctx, headers, report):
        self.ctx, self.headers, self.report = ctx, headers, report
        self.present = ctx.present_fields
        self.indicators = sorted(int(name.split(":")[1]) for name in self.present if name.startswith("indicator:"))
        self.scope_test = ScopeTest(ctx.scope)
        self.content = [
            name
            for name in ACTIVITY_CONTENT
            if name in self.present or (name.endswith("_id") and name[:-3] in self.present)
        ]
        self.errors = 0

    # ------------------------------------------------------------ SQL helpers

    def inside(self, path):
        """SQL: ``path`` lies in the importer's scope (``ScopeTest.inside``)."""
        if self.scope_test.is_global:
            return "TRUE"
        return f"EXISTS (SELECT 1 FROM import_scope t WHERE starts_with({path}, t.top))"

    def visible(self, path):
        """SQL: ``path`` lies in the scope or above it (``ScopeTest.visible``)."""
        if self.scope_test.is_global:
            return "TRUE"
        return f"EXISTS (SELECT 1 FROM import_scope t WHERE starts_with({path}, t.top) OR starts_with(t.top, {path}))"

    def new_value(self, name):
        """SQL for content field ``name``'s value from the file (in ``import_live l``)."""
        return f"l.{name}"

    # ------------------------------------------------------------ the run

    def run(self, parsed, *, progress=None):
        with connection.cursor() as cursor:
            self.cursor = cursor
            self.create_tables()
            self.stage(parsed, progress)
            if not self.ctx.result.rows:
                self.drop_tables()
                return
            self.resolve_references()
            self.check_rows()
            self.count()
            self.execute("SELECT count(*) FROM import_errors")
            (self.errors,) = self.cursor.fetchone()
            # A dry run (the admin's preview) stops here: the counts and errors above are the ones the
            # confirmed import gets, as the writes below only carry out what the checks decided.
            if not self.errors and not self.ctx.result.dry_run:
                try:
                    with transaction.atomic():
                        self.write()
                except DatabaseError as error:
                    self.ctx.result.file_error = _("The database refused the import: %(error)s") % {
                        "error": str(error).splitlines()[0]
                    }
            self.report_errors()
            self.drop_tables()

    def execute(self, sql, params=()):
        self.cursor.execute(sql, params)

    def create_tables(self):
        self.drop_tables()
        # Sorting and hashing a million staged rows in memory rather than in temporary files.
        self.execute("SET LOCAL work_mem = '64MB'")
        measures = ", ".join(f"{m.field} {'numeric' if m.is_decimal else 'bigint'}" for m in MEASURES)
        indicators = "".join(f", ind_{pk} numeric" for pk in self.indicators)
        self.execute(
            "CREATE TEMP TABLE import_stage (row_no integer NOT NULL, failed boolean NOT NULL, "
            "external_id text, ext_upper text, date date, start_date date, title text, "
            "category text, region text, organization text, team text, "
            f"{measures}, location text, notes text{indicators}) ON COMMIT DROP"
        )
        self.execute(
            "CREATE TEMP TABLE import_errors (row_no integer NOT NULL, step smallint NOT NULL, field text, "
            "code text NOT NULL, value text, extra text[]) ON COMMIT DROP"
        )
        self.execute("CREATE TEMP TABLE import_scope (top text NOT NULL) ON COMMIT DROP")
        with self.cursor.copy("COPY import_scope (top) FROM STDIN") as copy:
            for top in self.scope_test.tops:
                copy.write_row((top,))

    def drop_tables(self):
        # Two imports in one transaction (tests, a script) must not meet each other's tables.
        self.execute(
            "DROP TABLE IF EXISTS import_stage, import_errors, import_scope, import_live, "
            "import_region_res, import_category_res, import_organization_res, import_team_res"
        )

    def stage(self, parsed, progress):
        """COPY the parsed rows into ``import_stage`` and unreadable cells into ``import_errors``, chunk by chunk."""
        fields = [
            "external_id",
            "date",
            "start_date",
            "title",
            *REFERENCES,
            *(m.field for m in MEASURES),
            "location",
            "notes",
            *(f"indicator:{pk}" for pk in self.indicators),
        ]
        columns = ["row_no", "failed", "ext_upper", *(name.replace("indicator:", "ind_") for name in fields)]
        copy_rows = f"COPY import_stage ({', '.join(columns)}) FROM STDIN"
        start_after_date = str(START_AFTER_DATE)
        step = STEP["parse"]
        has_start = "start_date" in self.present
        while chunk := list(itertools.islice(parsed, CHUNK_ROWS)):
            errors = []
            with self.cursor.copy(copy_rows) as copy:
                write_row = copy.write_row
                for number, values, failures in chunk:
                    failed = False
                    if failures:
                        failed = True
                        for name, message in failures:
                            errors.append((number, step, name, "message", message))
                    if has_start:
                        start, end = values.get("start_date"), values.get("date")
                        if start and end and start > end:
                            failed = True
                            errors.append((number, STEP["start_date"], "start_date", "message", start_after_date))
                    external_id = values.get("external_id")
                    row = [number, failed, external_id.upper() if external_id else None]
                    row += map(values.get, fields)
                    write_row(row)
            if errors:
                with self.cursor.copy("COPY import_errors (row_no, step, field, code, value) FROM STDIN") as copy:
                    for error in errors:
                        copy.write_row(error)
            if progress is not None:
                progress(self.ctx.result.rows)
        # Temporary tables are never analyzed by autovacuum; the checks below need the row counts.
        self.execute("ANALYZE import_stage")

    # ------------------------------------------------------------ references

    def resolve_references(self):
        self.resolve_regions()
        self.resolve_categories()
        for name, table in (("organization", "communities_organization"), ("team", "volunteers_team")):
            self.resolve_coded(name, table)

    def resolve_regions(self):
        """``import_region_res``: per distinct region text, the region id inside the scope or why not.

        Resolved in Python by the batched path's own ``RegionIndex`` (one query loads every region's
        keys; a province has ~10,000): codes, paths, names and paths written without separators
        ("开封市鼓楼区") are read one way on both paths. A file names a few hundred distinct regions.
        """
        self.execute("SELECT DISTINCT region FROM import_stage WHERE region <> ''")
        texts = [text for (text,) in self.cursor.fetchall()]
        self.execute(
            "CREATE TEMP TABLE import_region_res (raw text PRIMARY KEY, region_id bigint, error text) ON COMMIT DROP"
        )
        index = self.ctx.regions
        with self.cursor.copy("COPY import_region_res (raw, region_id, error) FROM STDIN") as copy:
            for text in texts:
                try:
                    copy.write_row((text, index.resolve(text).id, None))
                except CellError as error:
                    copy.write_row((text, None, error.message))
        self.execute("ANALYZE import_region_res")
        self.execute(
            f"""
            INSERT INTO import_errors (row_no, step, field, code, value)
            SELECT s.row_no, {STEP["region"]}, 'region', 'message', res.error
            FROM import_stage s JOIN import_region_res res ON res.raw = s.region
            WHERE res.error IS NOT NULL
            """
        )

    def resolve_categories(self):
        """``import_category_res``: per distinct text, the category named by code or name, as written or lower-cased.

        Mirrors ``Context.categories``: a dict of names and codes in (sort order, id) order, so the last one wins.
        """
        self.execute("SELECT DISTINCT category FROM import_stage WHERE category <> ''")
        texts = [text for (text,) in self.cursor.fetchall()]
        self.execute("CREATE TEMP TABLE import_category_res (raw text PRIMARY KEY, lowered text) ON COMMIT DROP")
        with self.cursor.copy("COPY import_category_res (raw, lowered) FROM STDIN") as copy:
            for text in texts:
                copy.write_row((text, text.lower()))
        pick = (
            "(SELECT c.id FROM activities_category c WHERE c.name = {key} OR c.code = {key} "
            "ORDER BY c.sort_order DESC, c.id DESC LIMIT 1)"
        )
        self.execute(
            "ALTER TABLE import_category_res ADD COLUMN category_id integer; "
            f"UPDATE import_category_res f SET category_id = coalesce({pick.format(key='f.raw')}, "
            f"{pick.format(key='f.lowered')})"
        )
        self.execute(
            f"""
            INSERT INTO import_errors (row_no, step, field, code, value)
            SELECT s.row_no, {STEP["category"]}, 'category', 'category_unknown', s.category
            FROM import_stage s JOIN import_category_res res ON res.raw = s.category
            WHERE res.category_id IS NULL
            """
        )
        self.execute("ANALYZE import_category_res")

    def resolve_coded(self, name, table):
        """``import_<name>_res``: per distinct text, the record by code or unique visible name (CodeNameResolver)."""
        if name not in self.present:
            self.execute(f"CREATE TEMP TABLE import_{name}_res (raw text, ref_id bigint, error text) ON COMMIT DROP")
            return
        self.execute(
            f"""
            CREATE TEMP TABLE import_{name}_res ON COMMIT DROP AS
            WITH refs AS (SELECT DISTINCT {name} AS raw FROM import_stage WHERE {name} <> ''),
            records AS MATERIALIZED (
                SELECT o.id, o.code, o.name, {self.visible("r.path")} AS visible
                FROM {table} o JOIN communities_region r ON r.id = o.region_id
                WHERE o.code IN (SELECT raw FROM refs) OR o.name IN (SELECT raw FROM refs)
            ), named AS (
                SELECT f.raw, count(*) AS matches, count(*) FILTER (WHERE o.visible) AS visible_count,
                       min(o.id) FILTER (WHERE o.visible) AS visible_id,
                       array_agg(o.name || '（' || o.code || '）') FILTER (WHERE o.visible) AS candidates
                FROM refs f JOIN records o ON o.name = f.raw GROUP BY f.raw
            )
            SELECT f.raw,
                CASE WHEN c.id IS NOT NULL THEN CASE WHEN c.visible THEN c.id END
                     WHEN n.visible_count = 1 THEN n.visible_id END AS ref_id,
                CASE WHEN c.id IS NOT NULL THEN CASE WHEN NOT c.visible THEN 'outside' END
                     WHEN n.visible_count = 1 THEN NULL
                     WHEN n.visible_count > 1 THEN 'ambiguous'
                     WHEN n.matches > 0 THEN 'outside'
                     ELSE 'unknown' END AS error,
                n.candidates
            FROM refs f LEFT JOIN records c ON c.code = f.raw LEFT JOIN named n ON n.raw = f.raw
            """
        )
        self.execute(f"ANALYZE import_{name}_res")
        self.execute(
            f"""
            INSERT INTO import_errors (row_no, step, field, code, value, extra)
            SELECT s.row_no, {STEP[name]}, '{name}', '{name}_' || res.error, s.{name}, res.candidates
            FROM import_stage s JOIN import_{name}_res res ON res.raw = s.{name}
            WHERE res.error IS NOT NULL
            """
        )

    # ------------------------------------------------------------ repeats, matches, changes

    def check_rows(self):
        """``import_live``: the rows still standing, each with its match, what would change and any problem."""
        new_id = (
            "NULL::bigint"
            if self.ctx.result.dry_run
            else "nextval(pg_get_serial_sequence('activities_activity', 'id'))"
        )
        # A real import draws the new ids in (date, region) order — nextval() runs after the sort — and
        # inserts in id order: the primary key and the date- and region-led indexes then grow at a few
        # places instead of all over. A dry run draws no ids and needs no order.
        order = "" if self.ctx.result.dry_run else "ORDER BY l.date, l.region_id, l.row_no"
        first_changed = " ".join(
            f"WHEN a.{name} IS DISTINCT FROM {self.new_value(name)} THEN '{field_of(name)}'" for name in self.content
        )
        first_changed = f"CASE {first_changed} END" if first_changed else "NULL::text"
        indicator_joins = "".join(
            f" LEFT JOIN activities_indicatorvalue iv_{pk}"
            f" ON iv_{pk}.activity_id = a.id AND iv_{pk}.indicator_id = {pk}"
            for pk in self.indicators
        )
        indicator_changed = (
            " OR ".join(f"iv_{pk}.value IS DISTINCT FROM l.ind_{pk}" for pk in self.indicators) or "FALSE"
        )
        coded = [name for name in ("organization", "team") if name in self.present]
        coded_joins = " ".join(f"LEFT JOIN import_{n}_res {n} ON {n}.raw = s.{n}" for n in coded)
        coded_ok = "".join(f" AND {n}.error IS NULL" for n in coded)
        coded_ids = ", ".join(
            f"{n}.ref_id AS {n}_id" if n in coded else f"NULL::bigint AS {n}_id" for n in ("organization", "team")
        )
        self.execute(
            f"""
            CREATE TEMP TABLE import_live ON COMMIT DROP AS
            WITH standing AS (
                SELECT s.*, rg.region_id, ct.category_id, {coded_ids}
                FROM import_stage s
                JOIN import_region_res rg ON rg.raw = s.region
                JOIN import_category_res ct ON ct.raw = s.category
                {coded_joins}
                WHERE NOT s.failed AND rg.error IS NULL AND ct.category_id IS NOT NULL{coded_ok}
            ), keyed AS (
                -- Activities.key: the external id, else (date, title, region).
                -- Byte order ("C") for the partitions: equality is all they need, and it sorts fastest.
                SELECT st.*, min(st.row_no) OVER (PARTITION BY st.ext_upper COLLATE "C",
                    CASE WHEN st.ext_upper IS NULL THEN st.date END,
                    CASE WHEN st.ext_upper IS NULL THEN st.title END COLLATE "C",
                    CASE WHEN st.ext_upper IS NULL THEN st.region_id END) AS first_row
                FROM standing st
            ), by_external AS (
                SELECT DISTINCT ON (k.row_no) k.row_no, a.id
                FROM keyed k JOIN activities_activity a ON upper(a.external_id) = k.ext_upper
                WHERE k.row_no = k.first_row AND k.ext_upper IS NOT NULL AND a.external_id <> ''
                ORDER BY k.row_no, (a.external_id = k.external_id) DESC, a.id
            ), by_natural AS (
                SELECT DISTINCT ON (k.row_no) k.row_no, a.id
                FROM keyed k JOIN activities_activity a
                  ON a.date = k.date AND a.title = k.title AND a.region_id = k.region_id AND a.external_id = ''
                LEFT JOIN by_external e ON e.row_no = k.row_no
                WHERE k.row_no = k.first_row AND e.row_no IS NULL
                ORDER BY k.row_no, a.id
            ), matched AS (
                SELECT k.*, coalesce(e.id, n.id) AS match_id
                FROM keyed k
                LEFT JOIN by_external e ON e.row_no = k.row_no
                LEFT JOIN by_natural n ON n.row_no = k.row_no
            )
            SELECT l.*,
                l.match_id IS NULL AND l.row_no = l.first_row AS is_new,
                -- Ids for the new activities, drawn only when they will be written.
                CASE WHEN l.match_id IS NULL AND l.row_no = l.first_row THEN {new_id} END AS new_id,
                a.status AS match_status, {self.inside("ar.path")} AS match_inside,
                CASE WHEN a.id IS NOT NULL THEN {first_changed} END AS first_changed,
                a.id IS NOT NULL AND ({indicator_changed}) AS indicators_changed
            FROM matched l
            LEFT JOIN activities_activity a ON a.id = l.match_id
            LEFT JOIN communities_region ar ON ar.id = a.region_id{indicator_joins}
            {order}
            """
        )
        self.execute(
            f"""
            ALTER TABLE import_live ADD COLUMN problem text;
            UPDATE import_live SET problem = CASE
                WHEN row_no <> first_row THEN 'duplicate'
                WHEN match_id IS NOT NULL AND NOT match_inside THEN 'external_outside'
                WHEN match_status = '{Status.APPROVED}' AND (first_changed IS NOT NULL OR indicators_changed)
                    THEN 'approved' END
            WHERE row_no <> first_row OR match_id IS NOT NULL
            """
        )
        # Two rows with different keys can still name one stored record (a new external id, then
        # date, title and region): writing both would keep only the last. Only matched rows are
        # grouped, so an import of new records pays nothing for the check.
        self.execute(
            """
            ALTER TABLE import_live ADD COLUMN first_match_row integer;
            UPDATE import_live l SET problem = 'same_record', first_match_row = d.first_row_no
            FROM (
                SELECT match_id, min(row_no) AS first_row_no FROM import_live
                WHERE match_id IS NOT NULL GROUP BY match_id HAVING count(*) > 1
            ) d
            WHERE l.match_id = d.match_id AND l.row_no <> d.first_row_no
            """
        )
        self.execute(
            f"""
            INSERT INTO import_errors (row_no, step, field, code, value)
            SELECT row_no, {STEP["checks"]},
                   CASE problem WHEN 'duplicate' THEN '' WHEN 'same_record' THEN ''
                                WHEN 'external_outside' THEN 'external_id'
                                ELSE coalesce(first_changed, 'title') END,
                   problem,
                   CASE problem WHEN 'duplicate' THEN first_row::text WHEN 'same_record' THEN first_match_row::text
                                ELSE external_id END
            FROM import_live WHERE problem IS NOT NULL
            """
        )

    def count(self):
        self.execute(
            """
            SELECT count(*) FILTER (WHERE is_new),
                   count(*) FILTER (WHERE match_id IS NOT NULL AND (first_changed IS NOT NULL OR indicators_changed)),
                   count(*) FILTER (WHERE match_id IS NOT NULL AND first_changed IS NULL AND NOT indicators_changed)
            FROM import_live WHERE problem IS NULL
            """
        )
        result = self.ctx.result
        result.created, result.updated, result.skipped = self.cursor.fetchone()

    # ------------------------------------------------------------ writing

    def write(self):
        ctx = self.ctx
        now = ctx.now
        status = Status.APPROVED if ctx.approve else Status.SUBMITTED
        user_id = ctx.user.pk if ctx.user is not None else None
        stamps = {
            "status": status,
            "submitted_by_id": user_id,
            "submitted_at": now,
            "import_batch_id": ctx.batch.pk,
        }
        if ctx.approve:
            stamps.update(reviewed_by_id=user_id, reviewed_at=now)
        changed = "match_id IS NOT NULL AND (first_changed IS NOT NULL OR indicators_changed)"
        rollups.subtract(
            Activity.objects.filter(pk__in=RawSQL(f"SELECT match_id FROM import_live WHERE {changed}", ()))
        )
        self.update_activities(stamps)
        self.create_activities(stamps)
        for pk in self.indicators:
            self.write_indicator(pk)
        rollups.add(
            Activity.objects.filter(
                pk__in=RawSQL(
                    f"SELECT coalesce(match_id, new_id) FROM import_live WHERE new_id IS NOT NULL OR ({changed})", ()
                )
            )
        )

    def update_activities(self, stamps):
        """History (old → new of every tracked field that changes), then one UPDATE ... FROM."""
        fields = {f.attname: f for f in tracked_fields(Activity)}
        pairs, params = [], {}
        for name in self.content:
            field = fields[name]
            old, new = _json(field, f"a.{name}"), _json(field, self.new_value(name))
            pairs.append(
                f"'{field.name}', CASE WHEN {old} IS DISTINCT FROM {new} THEN jsonb_build_array({old}, {new}) END"
            )
        for name, value in stamps.items():
            field = fields[name]
            old = _json(field, f"a.{name}")
            # The stamp's new value in JSON exactly as history.services writes it.
            new = f"%({name})s::jsonb"
            pairs.append(
                f"'{field.name}', CASE WHEN {old} IS DISTINCT FROM {new} THEN jsonb_build_array({old}, {new}) END"
            )
            params[name] = json.dumps(json_safe({name: value})[name])
        select = (
            "SELECT a.id AS object_id, left(to_char(coalesce(l.date, a.date), 'YYYY-MM-DD') || ' ' || "
            f"coalesce(l.title, a.title), 200) AS object_repr, '{Action.UPDATE}' AS action, "
            f"jsonb_strip_nulls(jsonb_build_object({', '.join(pairs)})) AS changes "
            "FROM import_live l JOIN activities_activity a ON a.id = l.match_id "
            "WHERE l.first_changed IS NOT NULL ORDER BY l.row_no"
        )
        self._history_with_params(Activity, select, params)
        assignments = [f"{name} = {self.new_value(name)}" for name in self.content]
        assignments += [f"{name} = %(value_{name})s" for name in stamps]
        self.execute(
            f"UPDATE activities_activity a SET {', '.join(assignments)}, version = a.version + 1, "
            "updated_at = %(now)s FROM import_live l WHERE a.id = l.match_id AND l.first_changed IS NOT NULL",
            {**{f"value_{name}": value for name, value in stamps.items()}, "now": timezone.now()},
        )

    def _history_with_params(self, model, select, params):
        """INSERT the history rows ``select`` yields (object_id, object_repr, action, changes)."""
        ctx = self.ctx
        self.execute(
            "INSERT INTO history_change (content_type_id, object_id, object_repr, action, source, actor_id, at, "
            "changes, reason, batch_id) SELECT %(h_ct)s, h.object_id, h.object_repr, h.action, %(h_source)s, "
            f"%(h_actor)s, %(h_at)s, h.changes, '', %(h_batch)s FROM ({select}) h",
            {
                **params,
                "h_ct": ContentType.objects.get_for_model(model).pk,
                "h_source": Source.IMPORT,
                "h_actor": ctx.user.pk if ctx.user is not None else None,
                "h_at": ctx.now,
                "h_batch": ctx.batch.pk,
            },
        )

    def create_activities(self, stamps):
        """INSERT ... SELECT the new activities (ids drawn in ``check_rows``) and their history in one statement."""
        ctx = self.ctx
        values = {name: f"l.{name}" for name in ACTIVITY_CONTENT}
        for name in TEXT_FIELDS:
            values[name] = f"coalesce(l.{name}, '')"
        columns = {
            "id": "l.new_id",
            **values,
            "volunteers_from_participation": "FALSE",
            "version": "1",
            "return_reason": "''",
            "created_by_id": "%s",
            "created_at": "%s",
            "updated_at": "%s",
            "reviewed_by_id": "NULL",
            "reviewed_at": "NULL",
            **dict.fromkeys(stamps, "%s"),
        }
        now = timezone.now()
        params = {"created_by_id": ctx.user.pk if ctx.user is not None else None, "created_at": now, "updated_at": now}
        params.update(stamps)
        ordered = [params[name] for name, sql in columns.items() if sql == "%s"]
        self.execute(
            f"""
            WITH created AS (
                INSERT INTO activities_activity ({", ".join(columns)})
                SELECT {", ".join(columns.values())} FROM import_live l WHERE l.new_id IS NOT NULL ORDER BY l.new_id
                RETURNING *
            )
            INSERT INTO history_change (content_type_id, object_id, object_repr, action, source, actor_id, at,
                                        changes, reason, batch_id)
            SELECT %s, a.id, left(to_char(a.date, 'YYYY-MM-DD') || ' ' || a.title, 200), '{Action.CREATE}', %s, %s, %s,
                   {_created_changes(Activity, "a")}, '', %s
            FROM created a ORDER BY a.id
            """,
            [
                *ordered,
                ContentType.objects.get_for_model(Activity).pk,
                Source.IMPORT,
                params["created_by_id"],
                ctx.now,
                ctx.batch.pk,
            ],
        )

    def write_indicator(self, pk):
        """Delete, create and update indicator ``pk``'s values as the file says, each with its history rows."""
        ctx = self.ctx
        history = (
            "INSERT INTO history_change (content_type_id, object_id, object_repr, action, source, actor_id, at, "
            "changes, reason, batch_id) SELECT %(ct)s, v.id, left(i.name || ': ' || {repr_value}::text, 200), "
            "%(action)s, %(source)s, %(actor)s, %(at)s, {changes}, '', %(batch)s "
            "FROM {source} v JOIN activities_indicator i ON i.id = v.indicator_id ORDER BY v.activity_id"
        )
        params = {
            "ct": ContentType.objects.get_for_model(IndicatorValue).pk,
            "source": Source.IMPORT,
            "actor": ctx.user.pk if ctx.user is not None else None,
            "at": ctx.now,
            "batch": ctx.batch.pk,
            "pk": pk,
        }
        value_field = IndicatorValue._meta.get_field("value")
        self.execute(
            "WITH gone AS (DELETE FROM activities_indicatorvalue iv USING import_live l "
            f"WHERE iv.activity_id = l.match_id AND iv.indicator_id = %(pk)s AND l.ind_{pk} IS NULL RETURNING iv.*) "
            + history.format(
                repr_value="v.value",
                changes=_value_row_changes(value_field, gone=True),
                source="gone",
            ),
            {**params, "action": Action.DELETE},
        )
        self.execute(
            "WITH added AS (INSERT INTO activities_indicatorvalue (activity_id, indicator_id, value) "
            f"SELECT coalesce(l.match_id, l.new_id), %(pk)s, l.ind_{pk} FROM import_live l "
            f"WHERE l.ind_{pk} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM activities_indicatorvalue iv "
            "WHERE iv.activity_id = l.match_id AND iv.indicator_id = %(pk)s) ORDER BY l.row_no RETURNING *) "
            + history.format(
                repr_value="v.value",
                changes=_value_row_changes(value_field, gone=False),
                source="added",
            ),
            {**params, "action": Action.CREATE},
        )
        self.execute(
            "WITH changed AS (UPDATE activities_indicatorvalue iv SET value = x.value "
            f"FROM (SELECT iv2.id, iv2.value AS old_value, l.ind_{pk} AS value FROM activities_indicatorvalue iv2 "
            f"JOIN import_live l ON iv2.activity_id = l.match_id AND iv2.indicator_id = %(pk)s "
            f"WHERE l.ind_{pk} IS NOT NULL AND iv2.value IS DISTINCT FROM l.ind_{pk}) x "
            "WHERE iv.id = x.id RETURNING iv.*, x.old_value) "
            + history.format(
                repr_value="v.value",
                changes=f"jsonb_build_object('value', jsonb_build_array({_json(value_field, 'v.old_value')}, "
                f"{_json(value_field, 'v.value')}))",
                source="changed",
            ),
            {**params, "action": Action.UPDATE},
        )

    # ------------------------------------------------------------ errors

    def report_errors(self):
        """Every error, ordered by row, as the ``RowError`` the batched path would give."""
        if not self.errors:
            return
        messages = Messages(self.ctx)
        with connection.chunked_cursor() as cursor:
            cursor.execute("SELECT row_no, field, code, value, extra FROM import_errors ORDER BY row_no, step, field")
            while batch := cursor.fetchmany(ERROR_FETCH):
                for row_no, field, code, value, extra in batch:
                    column = self.headers.get(field, field) if field else ""
                    self.report(RowError(row_no, column, messages.text(code, value, extra)))


class Messages:
    """The reasons the batched path gives, built from the same message functions."""

    def __init__(self, ctx):
        self.ctx = ctx
        self._resolvers = {}
        self._category_names = None

    def resolver(self, name):
        if name not in self._resolvers:
            self._resolvers[name] = (org_resolver if name == "organization" else team_resolver)(self.ctx)
        return self._resolvers[name]

    def text(self, code, value, extra):
        if code == "message":
            return value
        if code == "category_unknown":
            if self._category_names is None:
                self._category_names = list(Category.objects.values_list("name", flat=True))
            return category_unknown(value, self._category_names)
        if code == "duplicate":
            return row_repeats(int(value))
        if code == "same_record":
            return row_same_record(int(value))
        if code == "external_outside":
            return external_id_outside(value)
        if code == "approved":
            return str(APPROVED_UNCHANGEABLE)
        name, _sep, problem = code.partition("_")
        resolver = self.resolver(name)
        if problem == "ambiguous":
            return resolver.ambiguous % {"value": value, "candidates": candidates_text(extra)}
        return (resolver.outside if problem == "outside" else resolver.unknown) % {"value": value}
