"""Activities: matched on external id, else date, title and region; written by ``activities.bulk``."""

from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property

from activities.bulk import ActivityImport, Planned
from activities.measures import MEASURE_FIELDS, MEASURES, format_qualifiers, parse_qualifiers, qualified
from activities.models import Activity, Indicator
from history.models import Action

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import plain, qualifier_of
from .base import (
    START_AFTER_DATE,
    Kind,
    category_unknown,
    external_id_outside,
    field_of,
)
from .coded import org_resolver, team_resolver
from .regional import PairingLookup

ACTIVITY_CONTENT = (
    "external_id",
    "date",
    "start_date",
    "title",
    "category_id",
    "region_id",
    "organization_id",
    "team_id",
    "pairing_id",
    *(m.field for m in MEASURES),
    "location",
    "notes",
)
MEASURE_HEADERS = {
    "sessions": ("场次", ()),  # 期数 (training classes) is the indicator 培训期数: columns.INDICATOR_HEADER_WORDS
    "participants": ("参与人次", ("参与人数",)),
    "volunteers": ("志愿者人次", ("志愿者人数",)),
    "volunteer_hours": ("志愿服务时长", ("服务时长",)),
    "people_served": ("服务群众人次", ("服务群众", "服务人次")),
    "households": ("户数", ("走访户数", "服务户数")),
    "funds": ("资金", ("金额",)),
}


def natural_matches(keys):
    """Ids of the activities without an external id that have one of ``keys`` (date, title, region id).

    One join against the keys, served by the (date, title, region) index — on PostgreSQL three
    arrays unnested side by side (three parameters), elsewhere a VALUES list. Three IN lists of a
    chunk's dates, titles and regions would match every combination of them and cost more.
    """
    if not keys:
        return []
    table = Activity._meta.db_table
    if connection.vendor == "postgresql":
        dates, titles, regions = (list(column) for column in zip(*keys, strict=True))
        source, params = (
            "unnest(%s::date[], %s::text[], %s::bigint[]) k(column1, column2, column3)",
            [
                dates,
                titles,
                regions,
            ],
        )
    else:
        source = f"(VALUES {', '.join(['(%s, %s, %s)'] * len(keys))}) k"
        params = [connection.ops.adapt_datefield_value(d) if i == 0 else d for key in keys for i, d in enumerate(key)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id FROM {table} a JOIN {source} "
            "ON a.date = k.column1 AND a.title = k.column2 AND a.region_id = k.column3 WHERE a.external_id = ''",
            params,
        )
        return [pk for (pk,) in cursor.fetchall()]


def external_matches(values):
    """Ids of the activities whose external id is one of ``values`` (as written): one indexed lookup."""
    if not values:
        return []
    table = Activity._meta.db_table
    values = list(values)
    if connection.vendor == "postgresql":
        condition, params = "external_id = ANY(%s::text[])", [values]
    else:
        condition, params = f"external_id IN ({', '.join(['%s'] * len(values))})", values
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {condition}", params)
        return [pk for (pk,) in cursor.fetchall()]


def _written(value, qualifier):
    """A figure for the sheet: the number, or "8000余" as text when it was written approximately (it reads back)."""
    if value is None or not qualifier:
        return value
    return qualified(format(value.normalize(), "f") if isinstance(value, Decimal) else str(value), qualifier)


class Activities(Kind):
    name = KindName.ACTIVITIES
    model = Activity
    import_permissions = ("activities.import_activity",)
    export_permissions = ("activities.export_activity",)
    columns = (
        c.text("external_id", "外部编号", "external_id", 64, example="TBL-2020-0613-01"),
        c.date("date", "日期", "date", required=True, aliases=("活动日期", "结束日期"), example="2020-06-13"),
        c.date("start_date", "开始日期", "start_date", example=""),
        c.text(
            "title", "标题", "title", 200, required=True, aliases=("活动名称", "活动标题"), example="平安建设宣传走访"
        ),
        c.ref("category", "类别", "category", required=True, aliases=("活动类别",), example="平安建设"),
        c.ref("region", "所属区域", "region", required=True, aliases=("区域",), example="中原区/桐柏路街道/西站东社区"),
        c.ref("organization", "组织单位", "organization", example=""),
        c.ref("team", "志愿服务队", "team", example=""),
        c.ref("pairing", "结对", "pairing", aliases=("所属结对", "结对名称"), example=""),
        *(
            c.number(
                m.field,
                MEASURE_HEADERS[m.field][0],
                m.field,
                decimal_places=m.decimal_places,
                maximum=m.maximum,
                aliases=MEASURE_HEADERS[m.field][1],
                example={"sessions": "1", "participants": "1,100", "volunteers": "8", "volunteer_hours": "16"}.get(
                    m.field, ""
                ),
            )
            for m in MEASURES
        ),
        c.text("location", "地点", "location", 200, example="西站路82号院"),
        c.text("notes", "备注", "notes", 5000, multiline=True, example=""),
    )

    @classmethod
    def all_columns(cls):
        indicators = Indicator.objects.filter(is_active=True).order_by("sort_order", "id")
        return [*cls.columns, *(c.indicator_column(indicator) for indicator in indicators)]

    @classmethod
    def extra_columns(cls):
        """Columns a header may name beyond the fixed ones: every indicator, active or not."""
        return [c.indicator_column(indicator) for indicator in Indicator.objects.order_by("sort_order", "id")]

    writer = None

    def key(self, row):
        v = row.values
        if v.get("external_id"):
            return ("external_id", v["external_id"].upper())
        return ("natural", v["date"], v["title"], row.region.id if row.region else v.get("region"))

    def resolve(self, rows):
        ctx = self.ctx
        self.orgs = ctx.resolver("organization", org_resolver)
        self.teams = ctx.resolver("team", team_resolver)
        self.orgs.prefetch(row.values.get("organization") for row in rows)
        self.teams.prefetch(row.values.get("team") for row in rows)
        pairings = ctx.resolver("pairing", PairingLookup)
        pairings.prefetch(row.values.get("pairing") for row in rows)
        categories = ctx.categories
        for row in rows:
            v = row.values
            row.region = self.region(row)
            name = v.get("category") or ""
            category = categories.get(name) or categories.get(name.lower())
            if category is None and name:
                row.fail("category", category_unknown(name, [c.name for c in categories.values()]))
            row.category_id = category.pk if category else None
            row.organization_id = self.resolve_ref(row, "organization", self.orgs)
            row.team_id = self.resolve_ref(row, "team", self.teams)
            row.pairing_id = pairings.resolve_row(row)
            if v.get("start_date") and v.get("date") and v["start_date"] > v["date"]:
                row.fail("start_date", str(START_AFTER_DATE))

    def match(self, rows):
        external = {row.values["external_id"].upper() for row in rows if row.values.get("external_id")}
        by_external = {}
        if external:
            ids = external_matches(external)
            for activity in Activity.objects.filter(pk__in=ids).select_related("region") if ids else ():
                by_external[activity.external_id.upper()] = activity
            # Case variants ("tbl-1" for "TBL-1") the exact lookup missed.
            missing = external - set(by_external)
            if missing and len(missing) < 500:
                q = Q()
                for value in missing:
                    q |= Q(external_id__iexact=value)
                for activity in Activity.objects.filter(q).select_related("region"):
                    by_external[activity.external_id.upper()] = activity
        keys = [row for row in rows if row.region and row.values.get("external_id", "").upper() not in by_external]
        by_natural = {}
        if keys:
            wanted = {(row.values["date"], row.values["title"], row.region.id) for row in keys}
            for activity in Activity.objects.filter(pk__in=natural_matches(wanted)).order_by("pk"):
                by_natural.setdefault((activity.date, activity.title, activity.region_id), activity)
        for row in rows:
            v = row.values
            activity = by_external.get(v.get("external_id", "").upper()) if v.get("external_id") else None
            if activity is None and row.region:
                activity = by_natural.get((v["date"], v["title"], row.region.id))
            if activity is not None and not self.ctx.regions.scope_test.inside(activity.region.path):
                row.fail("external_id", external_id_outside(v.get("external_id")))
            row.obj = activity

    def content(self, row):
        """The activity's fields the file has (a sheet without 地点 leaves every location as it was)."""
        v = row.values
        references = {
            "category_id": row.category_id,
            "region_id": row.region.id,
            "organization_id": row.organization_id,
            "team_id": row.team_id,
            "pairing_id": row.pairing_id,
        }
        values = {}
        for name, default in self.present_content:
            values[name] = references[name] if name in references else plain(v.get(name, default))
        if self.present_measures:
            # 8000余 keeps its 余; a measure column the file does not have keeps the qualifier it had.
            qualifiers = parse_qualifiers(row.obj.qualifiers) if row.obj is not None else {}
            for name in self.present_measures:
                qualifiers[name] = qualifier_of(v.get(name))
            values["qualifiers"] = format_qualifiers(qualifiers)
        return values

    @cached_property
    def present_measures(self):
        return [name for name in MEASURE_FIELDS if name in self.ctx.present_fields]

    @cached_property
    def present_content(self):
        """(field, value when the cell is empty) of each content field the file has, in ACTIVITY_CONTENT order."""
        present = self.ctx.present_fields
        empty_text = {"external_id", "location", "notes"}
        return [
            (name, "" if name in empty_text else None)
            for name in ACTIVITY_CONTENT
            if name in present or (name.endswith("_id") and name[:-3] in present)
        ]

    def write(self, rows):
        """Hand the chunk to ``activities.bulk``, which checks, writes and keeps history and totals."""
        ctx = self.ctx
        if self.writer is None:
            self.writer = ActivityImport(
                actor=ctx.user, batch=ctx.batch, at=ctx.now, approve=ctx.approve, dry_run=ctx.result.dry_run
            )
        indicators = [(name, int(name.split(":")[1])) for name in ctx.present_fields if name.startswith("indicator:")]
        planned = [
            Planned(
                activity=row.obj,
                values=self.content(row),
                indicators={pk: row.values.get(name) for name, pk in indicators},
            )
            for row in rows
        ]
        self.writer.write(planned)
        for row, p in zip(rows, planned, strict=True):
            if p.error:
                row.fail(field_of(p.error[0]), p.error[1])
            elif p.action is None and not p.indicator_changes:
                ctx.count_skipped()
            else:
                ctx.count(p.action or Action.UPDATE)

    def finish(self):
        if self.writer is not None:
            self.writer.finish()

    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = (
            super()
            .export_queryset(scope, region=region)
            .select_related("region", "category", "organization", "team", "pairing")
        )
        if date_from:
            queryset = queryset.filter(date__gte=date_from)
        if date_to:
            queryset = queryset.filter(date__lte=date_to)
        return queryset.prefetch_related("indicator_values")

    def export_values(self, obj, *, personal):
        values = [
            obj.external_id,
            obj.date,
            obj.start_date,
            obj.title,
            obj.category.name,
            obj.region.full_name,
            obj.organization.code if obj.organization else "",
            obj.team.code if obj.team else "",
            obj.pairing.name if obj.pairing else "",
            *(_written(getattr(obj, m.field), obj.qualifier_map.get(m.field)) for m in MEASURES),
            obj.location,
            obj.notes,
        ]
        by_indicator = {
            value.indicator_id: _written(value.value, value.qualifier) for value in obj.indicator_values.all()
        }
        values.extend(by_indicator.get(int(col.field.split(":")[1])) for col in self.ctx.export_extra)
        return values
