"""The resource list (资源清单) of a committee, matched on committee and title, through ``regional.lists``."""

from regional import lists
from regional.models import Resource

from .. import columns as c
from ..models import Kind as KindName
from .regional import CREATE, ORGANIZATION, REGION, SOURCE, UNIT, UPDATE, RegionalKind, code_of

COMMITTEE = c.ref(
    "committee", "大工委/大党委", "committee", required=True, aliases=("所属委员会",), example="ZY-TBL-DGW"
)
REGION_COLUMN = c.ref("region", "所在区域", "region", required=True, example="中原区/桐柏路街道/西站东社区")


class ListKind(RegionalKind):
    """An entry of one of the three lists: on a committee's list, in a region, matched on ``title_field``."""

    references = {"committee": ORGANIZATION, "region": REGION}
    export_select = ("committee", "region")
    title_field = "title"

    def key(self, row):
        return (row.refs.get("committee"), *self.extra_key(row), row.values[self.title_field])

    def extra_key(self, row):
        return ()

    def match(self, rows):
        existing = {}
        queryset = self.model.objects.filter(
            committee_id__in={row.refs["committee"] for row in rows},
            **{f"{self.title_field}__in": {row.values[self.title_field] for row in rows}},
        ).order_by("-pk")
        for entry in queryset:
            existing[self.entry_key(entry)] = entry  # the oldest of a title, when two share it
        for row in rows:
            row.obj = existing.get(self.key(row))

    def entry_key(self, entry):
        return (entry.committee_id, getattr(entry, self.title_field))

    def update(self, row, values):
        """Correct the descriptive fields (``lists.ENTRY_FIELDS``) that changed; the Action, or None."""
        allowed = lists.ENTRY_FIELDS[self.model]
        changes = self.changes(row.obj, {k: v for k, v in self.present(row, values).items() if k in allowed})
        if not changes:
            return None
        lists.list_entry_update(actor=self.ctx.user, entry=row.obj, data=changes, source=SOURCE)
        return UPDATE


class Resources(ListKind):
    name = KindName.RESOURCES
    model = Resource
    import_permissions = ("regional.add_resource", "regional.change_resource")
    export_permissions = ("regional.view_resource",)
    references = {**ListKind.references, "unit": UNIT}
    export_select = ("committee", "region", "unit")
    columns = (
        COMMITTEE,
        REGION_COLUMN,
        c.text("title", "资源名称", "title", 200, required=True, aliases=("资源",), example="党员活动室"),
        c.ref("unit", "提供单位", "offered by", example="ZY-XZPCS"),
        c.text("description", "资源说明", "description", 4000, multiline=True, example="每周六开放"),
        c.date("listed_on", "列入日期", "listed on", required=True, example="2020-03-01"),
        c.date("withdrawn_on", "撤出日期", "withdrawn on", example=""),
    )

    def write_row(self, row):
        v = row.values
        values = {"description": v.get("description", ""), "unit": row.refs.get("unit")}
        values["withdrawn_on"] = v.get("withdrawn_on")
        if row.obj is not None:
            return self.update(row, values)
        resource = lists.resource_list(
            actor=self.ctx.user,
            committee=row.refs["committee"],
            region=row.refs["region"],
            title=v["title"],
            listed_on=v["listed_on"],
            unit=values["unit"],
            description=values["description"],
            source=SOURCE,
        )
        if values["withdrawn_on"]:
            lists.list_entry_update(
                actor=self.ctx.user, entry=resource, data={"withdrawn_on": values["withdrawn_on"]}, source=SOURCE
            )
        row.obj = resource
        return CREATE

    def export_values(self, obj, *, personal):
        return [
            obj.committee.code,
            obj.region.full_name,
            obj.title,
            code_of(obj.unit),
            obj.description,
            obj.listed_on,
            obj.withdrawn_on,
        ]
