"""Committee members (大工委/大党委 兼职委员) already serving, matched on committee, unit and post.

A file records members as they are: appointed on 聘任日期 with their term, through
``regional.services.committee_member_record_serving`` (the procedure's dates not on record); a row naming a
member already registered corrects its role, duties and term (``committee_member_update``). A candidate's
procedure (摸底调查 … 备案) is taken step by step on the member's page, where each step has its date.
"""

from regional import services
from regional.models import CommitteeMembership, CommitteeRole, Step

from .. import columns as c
from ..models import Kind as KindName
from .regional import CREATE, ORGANIZATION, SOURCE, UNIT, UPDATE, RegionalKind


class CommitteeMembers(RegionalKind):
    name = KindName.COMMITTEE_MEMBERS
    model = CommitteeMembership
    import_permissions = ("regional.add_committeemembership", "regional.change_committeemembership")
    export_permissions = ("regional.view_committeemembership",)
    references = {"committee": ORGANIZATION, "unit": UNIT}
    export_select = ("committee", "unit")
    columns = (
        c.ref("committee", "大工委/大党委", "committee", required=True, aliases=("所属委员会",), example="WD-DAL-DGW"),
        c.ref("unit", "驻区单位", "member unit", required=True, aliases=("单位",), example="WD-DALPCS-U"),
        c.text("title", "单位职务", "post at the unit", 100, required=True, aliases=("职务",), example="所长"),
        c.choice("role", "委员职务", "role", CommitteeRole, example="兼职委员"),
        c.text("duties", "权责与合作内容", "duties", 4000, multiline=True, aliases=("合作内容",), example=""),
        c.date("appointed_on", "聘任日期", "appointed on", example="2015-04-10"),
        c.date("term_start", "任期开始", "term start", example="2015-04-10"),
        c.date("term_end", "任期结束", "term end", example="2018-04-09"),
    )

    def key(self, row):
        return (row.refs.get("committee"), row.refs.get("unit"), row.values["title"])

    def match(self, rows):
        existing = {}
        queryset = CommitteeMembership.objects.filter(
            committee_id__in={row.refs["committee"] for row in rows},
            unit_id__in={row.refs["unit"] for row in rows},
            title__in={row.values["title"] for row in rows},
        ).exclude(step=Step.WITHDRAWN)
        for member in queryset:
            existing[(member.committee_id, member.unit_id, member.title)] = member
        for row in rows:
            row.obj = existing.get(self.key(row))

    def write_row(self, row):
        v = row.values
        member = row.obj
        if member is None:
            row.obj = services.committee_member_record_serving(
                actor=self.ctx.user,
                committee=row.refs["committee"],
                unit=row.refs["unit"],
                title=v["title"],
                role=v.get("role") or None,
                duties=v.get("duties", ""),
                appointed_on=v.get("appointed_on"),
                term_start=v.get("term_start"),
                term_end=v.get("term_end"),
                source=SOURCE,
            )
            return CREATE
        values = {"duties": v.get("duties", ""), "term_start": v.get("term_start"), "term_end": v.get("term_end")}
        if v.get("role"):
            values["role"] = v["role"]
        changes = self.changes(member, self.present(row, values))
        if not changes:
            return None
        services.committee_member_update(actor=self.ctx.user, member=member, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        return [
            obj.committee.code,
            obj.unit.code,
            obj.title,
            obj.role,
            obj.duties,
            obj.appointed_on,
            obj.term_start,
            obj.term_end,
        ]
