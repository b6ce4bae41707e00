"""Activities, batched path: matched on external id, else date, title and region; indicator values too."""

from decimal import Decimal

from django.db.models import Q

from activities import rollups
from activities.measures import MEASURES, format_qualifiers, parse_qualifiers, qualified
from activities.models import Activity, Indicator, IndicatorValue, Status
from history.models import Action
from history.services import changes_record, snapshot

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import plain, qualifier_of
from .base import (
    APPROVED_UNCHANGEABLE,
    START_AFTER_DATE,
    Kind,
    category_unknown,
    external_id_outside,
    field_of,
    present_values,
)
from .coded import org_resolver, team_resolver

ACTIVITY_CONTENT = (
    "external_id",
    "date",
    "start_date",
    "title",
    "category_id",
    "region_id",
    "organization_id",
    "team_id",
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
            if v.get("start_date") and v.get("date") and v["start_date"] > v["date"]:
                row.fail("start_date", str(START_AFTER_DATE))

    def match(self, rows):
        external = {row.values["external_id"].upper() for row in rows if row.values.get("external_id")}
        by_external = {}
        if external:
            for activity in Activity.objects.filter(external_id__in=external).select_related("region"):
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
            for activity in Activity.objects.filter(
                date__in={row.values["date"] for row in keys},
                title__in={row.values["title"] for row in keys},
                region_id__in={row.region.id for row in keys},
                external_id="",
            ).order_by("pk"):
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
        v = row.values
        values = {
            "external_id": v.get("external_id", ""),
            "date": v["date"],
            "start_date": v.get("start_date"),
            "title": v["title"],
            "category_id": row.category_id,
            "region_id": row.region.id,
            "organization_id": row.organization_id,
            "team_id": row.team_id,
            "location": v.get("location", ""),
            "notes": v.get("notes", ""),
        }
        for m in MEASURES:
            values[m.field] = plain(v.get(m.field))
        values = present_values(row, values)
        if any(m.field in values for m in MEASURES):
            # 8000余 keeps its 余; a measure column the file does not have keeps the qualifier it had.
            qualifiers = parse_qualifiers(row.obj.qualifiers) if row.obj is not None else {}
            for m in MEASURES:
                if m.field in values:
                    qualifiers[m.field] = qualifier_of(v.get(m.field))
            values["qualifiers"] = format_qualifiers(qualifiers)
        return values

    def write(self, rows):
        ctx = self.ctx
        status = Status.APPROVED if ctx.approve else Status.SUBMITTED
        stamps = {"status": status, "submitted_by": ctx.user, "submitted_at": ctx.now, "import_batch": ctx.batch}
        if ctx.approve:
            stamps.update(reviewed_by=ctx.user, reviewed_at=ctx.now)
        creates, updates, history = [], [], []
        update_fields = set()
        for row in rows:
            values = self.content(row)
            activity = row.obj
            if activity is None:
                row.obj = Activity(created_by=ctx.user, **values, **stamps)
                creates.append(row)
                continue
            changed = self.changed(activity, values)
            row.indicator_changes = None
            if not changed:
                row.action = None
                continue
            if activity.status == Status.APPROVED:
                row.fail(
                    field_of(changed[0]),
                    str(APPROVED_UNCHANGEABLE),
                )
                continue
            row.before = snapshot(activity)
            for name in changed:
                setattr(activity, name, values[name])
            for name, value in stamps.items():
                setattr(activity, name, value)
            activity.version += 1
            activity.updated_at = ctx.now
            update_fields.update(changed)
            updates.append(row)
            row.action = Action.UPDATE
        Activity.objects.bulk_create([row.obj for row in creates], batch_size=1000)
        # Pre-aggregated totals: take out what changes, put back what was written (activities.rollups).
        subtracted = {row.obj.pk for row in updates}
        if updates:
            rollups.subtract(Activity.objects.filter(pk__in=subtracted))
            fields = [*update_fields, *stamps, "version", "updated_at"]
            if ctx.approve:
                fields += ["reviewed_by", "reviewed_at"]
            Activity.objects.bulk_update([row.obj for row in updates], sorted(set(fields)), batch_size=1000)
        for row in creates:
            row.action = Action.CREATE
            history.append(self.history(row.obj, Action.CREATE))
        for row in updates:
            history.append(self.history(row.obj, Action.UPDATE, row.before))
        indicator_rows = self.write_indicators(rows, history, subtracted)
        if creates or subtracted:
            rollups.add(Activity.objects.filter(pk__in=subtracted | {row.obj.pk for row in creates}))
        for row in rows:
            if row.failed:
                continue
            if row.action is None and row.obj.pk not in indicator_rows:
                ctx.count_skipped()
            else:
                ctx.count(row.action or Action.UPDATE)
        changes_record(history)

    def write_indicators(self, rows, history, subtracted):
        """Write the indicator columns' values; returns the pks of activities whose values changed.

        Existing activities whose values change are taken out of the totals first and added to ``subtracted``.
        """
        fields = [f for f in self.ctx.present_fields if f.startswith("indicator:")]
        if not fields:
            return set()
        written = [row for row in rows if not row.failed and row.obj.pk]
        for row in written:
            row.pk = row.obj.pk
        existing = {
            (value.activity_id, value.indicator_id): value
            for value in IndicatorValue.objects.filter(activity_id__in=[row.pk for row in written]).select_related(
                "activity", "indicator"
            )
        }
        creates, updates, deletes, changed = [], [], [], set()
        for row in written:
            for field in fields:
                indicator_id = int(field.split(":")[1])
                value = row.values.get(field)
                qualifier, value = qualifier_of(value), plain(value)
                current = existing.get((row.pk, indicator_id))
                if current is None and value is not None:
                    creates.append(
                        IndicatorValue(activity=row.obj, indicator_id=indicator_id, value=value, qualifier=qualifier)
                    )
                elif current is not None and value is None:
                    deletes.append(current)
                elif current is not None and (current.value != value or current.qualifier != qualifier):
                    before = snapshot(current)
                    current.value, current.qualifier = value, qualifier
                    updates.append((current, before))
                else:
                    continue
                changed.add(row.pk)
        changed_approved = {
            row.pk for row in written if row.pk in changed and row.obj.status == Status.APPROVED and row.action is None
        }
        if changed_approved:
            for row in written:
                if row.pk in changed_approved:
                    row.fail("title", str(APPROVED_UNCHANGEABLE))
            return changed
        created = {row.pk for row in written if row.action == Action.CREATE}
        existing_changed = changed - created - subtracted
        if existing_changed:
            rollups.subtract(Activity.objects.filter(pk__in=existing_changed))
            subtracted |= existing_changed
        IndicatorValue.objects.bulk_create(creates)
        IndicatorValue.objects.bulk_update([value for value, _before in updates], ["value", "qualifier"])
        for value in deletes:
            history.append(self.history(value, Action.DELETE, snapshot(value)))
        IndicatorValue.objects.filter(pk__in=[value.pk for value in deletes]).delete()
        history.extend(self.history(value, Action.CREATE) for value in creates)
        history.extend(self.history(value, Action.UPDATE, before) for value, before in updates)
        return changed

    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = (
            super().export_queryset(scope, region=region).select_related("region", "category", "organization", "team")
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
            *(_written(getattr(obj, m.field), obj.qualifier_map.get(m.field)) for m in MEASURES),
            obj.location,
            obj.notes,
        ]
        by_indicator = {
            value.indicator_id: _written(value.value, value.qualifier) for value in obj.indicator_values.all()
        }
        values.extend(by_indicator.get(int(col.field.split(":")[1])) for col in self.ctx.export_extra)
        return values
