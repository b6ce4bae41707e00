"""Member units (驻区单位): matched on their code, written by ``regional.services.member_unit_create`` / ``_update``."""

from core.privacy import mask_phone
from regional import services
from regional.models import MemberUnit, UnitKind

from .. import columns as c
from ..models import Kind as KindName
from .regional import CREATE, ORGANIZATION, REGION, SOURCE, UPDATE, RegionalKind, code_of


class MemberUnits(RegionalKind):
    name = KindName.MEMBER_UNITS
    model = MemberUnit
    import_permissions = ("regional.add_memberunit", "regional.change_memberunit")
    export_permissions = ("regional.view_memberunit",)
    references = {"region": REGION, "party_organization": ORGANIZATION}
    export_select = ("region", "party_organization")
    columns = (
        c.text("code", "代码", "code", 32, required=True, aliases=("单位代码",), example="WD-DALPCS-U"),
        c.text("name", "单位名称", "name", 200, required=True, aliases=("名称",), example="东安路派出所"),
        c.choice("kind", "单位类型", "kind", UnitKind, required=True, aliases=("类型",), example="派出所"),
        c.ref("region", "所在区域", "region", required=True, example="卫东区/东安路街道"),
        c.ref("party_organization", "本单位党组织", "party organization", example=""),
        c.text("contact_name", "联系人", "contact person", 50, example="李警官"),
        c.text("contact_phone", "联系电话", "contact phone", 20, example="13800000000"),
        c.number("party_members", "党员数", "party members", maximum=1_000_000, example="12"),
        c.text("notes", "备注", "notes", 2000, multiline=True, example=""),
    )

    def key(self, row):
        return row.values["code"]

    def match(self, rows):
        existing = MemberUnit.objects.select_related("region").in_bulk(
            [row.values["code"] for row in rows], field_name="code"
        )
        for row in rows:
            row.obj = existing.get(row.values["code"])

    def write_row(self, row):
        v, refs = row.values, row.refs
        values = self.present(
            row,
            {
                "name": v["name"],
                "kind": v["kind"],
                "region": refs["region"],
                "party_organization": refs.get("party_organization"),
                "contact_name": v.get("contact_name", ""),
                "contact_phone": v.get("contact_phone", ""),
                "party_members": v.get("party_members"),
                "notes": v.get("notes", ""),
            },
        )
        unit = row.obj
        if unit is None:
            row.obj = services.member_unit_create(actor=self.ctx.user, source=SOURCE, code=v["code"], **values)
            return CREATE
        if values.get("contact_phone") and values["contact_phone"] == mask_phone(unit.contact_phone):
            del values["contact_phone"]  # an export's masked phone, imported back: the stored one stays
        changes = self.changes(unit, values)
        if not changes:
            return None
        services.member_unit_update(actor=self.ctx.user, unit=unit, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        return [
            obj.code,
            obj.name,
            obj.kind,
            obj.region.full_name,
            code_of(obj.party_organization),
            obj.contact_name,
            obj.contact_phone if personal else mask_phone(obj.contact_phone),
            obj.party_members,
            obj.notes,
        ]
