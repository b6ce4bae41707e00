"""Pairings (结对共建, 分包, 联系点, 第一书记, 党建指导员), matched on region and name.

Each side is a record (甲方类别 组织 / 驻区单位 / 区域 / 项目 and its code, name or region path in 甲方) or an
aggregate (类别 "若干（汇总数）", 甲方数量 and 甲方所指: 126 机关支部). A side that is a person is chosen on the
pairing's admin page (people are not named by a file). Written by ``regional.services.pairing_create`` /
``pairing_update``.
"""

from django.utils.translation import gettext as _

from regional import services
from regional.models import SIDE_LINKS, Pairing, PairingKind, PartyKind

from .. import columns as c
from ..models import Kind as KindName
from .base import quoting
from .regional import CREATE, ORGANIZATION, PROJECT, REGION, SOURCE, UNIT, UPDATE, RegionalKind, code_of

SIDE_REFERENCES = {
    PartyKind.ORGANIZATION: ORGANIZATION,
    PartyKind.UNIT: UNIT,
    PartyKind.PROJECT: PROJECT,
    PartyKind.REGION: REGION,
}
SIDES = {"a": "甲方", "b": "乙方"}


def _side_columns(side, label, examples):
    kind, party, count, what = examples
    return (
        c.choice(f"{side}_kind", f"{label}类别", f"side {side}: kind", PartyKind, required=True, example=kind),
        c.ref(f"{side}_party", label, f"side {side}", example=party),
        c.number(f"{side}_count", f"{label}数量", f"side {side}: how many", maximum=1_000_000, example=count),
        c.text(f"{side}_label", f"{label}所指", f"side {side}: what they are", 100, example=what),
    )


class Pairings(RegionalKind):
    name = KindName.PAIRINGS
    model = Pairing
    import_permissions = ("regional.add_pairing", "regional.change_pairing")
    export_permissions = ("regional.view_pairing",)
    references = {"region": REGION}
    export_select = ("region", *(f"{side}_{link}" for side in SIDES for link in SIDE_LINKS.values()))
    error_columns = {"a_kind": "a_party", "b_kind": "b_party"}
    columns = (
        c.text(
            "name", "名称", "name", 200, required=True, aliases=("结对名称",), example="机关支部与无主管楼院结对共建"
        ),
        c.choice("kind", "结对类型", "kind", PairingKind, required=True, aliases=("类型",), example="结对共建"),
        c.ref("region", "所在区域", "region", required=True, example="中原区"),
        *_side_columns("a", "甲方", ("若干（汇总数）", "", "126", "机关支部")),
        *_side_columns("b", "乙方", ("若干（汇总数）", "", "408", "无主管楼院")),
        c.date("start", "开始日期", "start", required=True, example="2020-01-01"),
        c.date("end", "结束日期", "end", example=""),
        c.text("content", "共建内容", "content agreed", 4000, multiline=True, example="常态化结对共建"),
        c.text("frequency", "频次", "frequency agreed", 100, example="每月不少于两次"),
        c.text("notes", "备注", "notes", 2000, multiline=True, example=""),
    )

    def resolve(self, rows):
        # The side columns name a record of the model their 类别 says: each resolver prefetches its own values.
        for kind, (_model, name, factory) in SIDE_REFERENCES.items():
            if factory is None:
                continue
            resolver = self.ctx.resolver(name, factory)
            resolver.prefetch(
                row.values.get(f"{side}_party")
                for row in rows
                for side in SIDES
                if row.values.get(f"{side}_kind") == kind
            )
        super().resolve(rows)

    def resolve_row(self, row):
        for side, label in SIDES.items():
            kind, party = row.values.get(f"{side}_kind"), row.values.get(f"{side}_party")
            if kind == PartyKind.PERSON:
                row.fail(f"{side}_kind", _("A person on a side of a pairing is chosen on the pairing's page."))
            elif kind == PartyKind.GROUP:
                if party:
                    row.fail(f"{side}_party", quoting(party, _("An aggregate side names no record: leave it empty.")))
            elif kind:
                if not party:
                    row.fail(f"{side}_party", _("Name the %(side)s: its code, name or region.") % {"side": label})
                    continue
                model, name, factory = SIDE_REFERENCES[kind]
                if factory is None:
                    record = self.region(row, f"{side}_party")
                    row.refs[f"{side}_party"] = record.id if record else None
                else:
                    row.refs[f"{side}_party"] = self.resolve_ref(row, f"{side}_party", self.ctx.resolver(name, factory))

    def model_of(self, row, column):
        if column in ("a_party", "b_party"):
            return SIDE_REFERENCES[row.values[f"{column[0]}_kind"]][0]
        return super().model_of(row, column)

    def key(self, row):
        return (row.refs.get("region"), row.values["name"])

    def match(self, rows):
        existing = {}
        queryset = (
            Pairing.objects.filter(
                region_id__in={row.refs["region"] for row in rows}, name__in={row.values["name"] for row in rows}
            )
            .select_related(*self.export_select)
            .order_by("-pk")
        )
        for pairing in queryset:
            existing[(pairing.region_id, pairing.name)] = pairing  # the oldest of a name, when two share it
        for row in rows:
            row.obj = existing.get(self.key(row))

    def party(self, row, side):
        """The side as ``pairing_create`` takes it: the record, or a ``Group`` of a count and what it counts."""
        if row.values[f"{side}_kind"] == PartyKind.GROUP:
            return services.Group(row.values.get(f"{side}_count"), row.values.get(f"{side}_label") or "")
        return row.refs[f"{side}_party"]

    def write_row(self, row):
        v = row.values
        fields = {"kind": v["kind"], "region": row.refs["region"], "start": v["start"], "end": v.get("end")}
        fields |= {name: v.get(name, "") for name in ("content", "frequency", "notes")}
        a, b = self.party(row, "a"), self.party(row, "b")
        pairing = row.obj
        if pairing is None:
            row.obj = services.pairing_create(actor=self.ctx.user, a=a, b=b, name=v["name"], source=SOURCE, **fields)
            return CREATE
        changes = self.changes(pairing, self.present(row, fields))
        sides = {side: party for side, party in (("a", a), ("b", b)) if self.side_changed(pairing, side, party)}
        if not changes and not sides:
            return None
        services.pairing_update(actor=self.ctx.user, pairing=pairing, data=changes, source=SOURCE, **sides)
        return UPDATE

    def side_changed(self, pairing, side, party):
        kind, record, count, label = pairing.side(side)
        if isinstance(party, services.Group):
            return (kind, count, label) != (PartyKind.GROUP, party.count, party.label.strip())
        return record != party

    def export_values(self, obj, *, personal):
        cells = [obj.name, obj.kind, obj.region.full_name]
        for side in SIDES:
            kind, record, count, label = obj.side(side)
            party = "" if kind == PartyKind.PERSON or record is None else code_of(record)
            cells += [kind, party, count, label]
        return [*cells, obj.start, obj.end, obj.content, obj.frequency, obj.notes]
