"""Member units counted, not named (吸纳驻区单位和“两新”组织百余家): one count per row, through ``regional.services``.

A report that gives only the number of units a committee took in is one row: the area (所在区域), optionally the
committee (大工委/大党委), what the count counts (单位类别) and the count as the report writes it (100余, 近100,
120): the number is stored with its qualifier, and an export writes it back the same way. Matched on region,
committee, 单位类别 and 截至日期; a row imported again corrects the count and the notes.
"""

from regional import services
from regional.models import UnitCount
from regional.models.committees import qualified_count

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import plain, qualifier_of
from .regional import CREATE, ORGANIZATION, REGION, SOURCE, UPDATE, RegionalKind, code_of


class UnitCounts(RegionalKind):
    name = KindName.UNIT_COUNTS
    model = UnitCount
    import_permissions = ("regional.add_unitcount", "regional.change_unitcount")
    export_permissions = ("regional.view_unitcount",)
    references = {"region": REGION, "committee": ORGANIZATION}
    export_select = ("region", "committee")
    # The qualifier is written in the count's cell (100余): a refused one is that cell's.
    error_columns = {"qualifier": "count"}
    columns = (
        c.ref("region", "所在区域", "region", required=True, example="郑东新区"),
        c.ref("committee", "大工委/大党委", "committee", aliases=("所属委员会",), example=""),
        c.text(
            "label",
            "单位类别",
            "what they are",
            100,
            required=True,
            aliases=("吸纳单位", "单位类型"),
            example="驻区单位和“两新”组织",
        ),
        c.number("count", "单位数量", "how many", required=True, maximum=1_000_000, aliases=("数量",), example="100余"),
        c.date("as_of", "截至日期", "as of", required=True, aliases=("统计日期",), example="2020-12-31"),
        c.text("notes", "备注", "notes", 4000, multiline=True, example=""),
    )

    def key(self, row):
        return (row.refs.get("region"), row.refs.get("committee"), row.values["label"], row.values["as_of"])

    def match(self, rows):
        queryset = UnitCount.objects.filter(
            region_id__in={row.refs["region"] for row in rows},
            label__in={row.values["label"] for row in rows},
            as_of__in={row.values["as_of"] for row in rows},
        ).order_by("-pk")
        existing = {(r.region_id, r.committee_id, r.label, r.as_of): r for r in queryset}
        for row in rows:
            row.obj = existing.get(self.key(row))

    def write_row(self, row):
        v = row.values
        values = {"count": plain(v["count"]), "qualifier": qualifier_of(v["count"]), "notes": v.get("notes", "")}
        if row.obj is None:
            row.obj = services.unit_count_create(
                actor=self.ctx.user,
                region=row.refs["region"],
                committee=row.refs.get("committee"),
                label=v["label"],
                as_of=v["as_of"],
                source=SOURCE,
                **values,
            )
            return CREATE
        present = self.present(row, values)
        if "count" in present:
            present["qualifier"] = values["qualifier"]
        changes = self.changes(row.obj, present)
        if not changes:
            return None
        services.unit_count_update(actor=self.ctx.user, record=row.obj, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        return [
            obj.region.full_name,
            code_of(obj.committee),
            obj.label,
            qualified_count(obj.count, obj.qualifier) if obj.qualifier else obj.count,
            obj.as_of,
            obj.notes,
        ]
