"""Elections (换届, 补选, 成立大会) and office holders (班子成员 with their terms), through ``regional.registers``.

An election is matched on organization, kind and day ("13个党支部于6月底前完成换届": 日期为期限 是, the day
being only the deadline). An office holder is matched on organization, name, position and term start (a new
term is a new row); 换届日期 links them to the organization's election of that day, 手机 or 身份证号 to the
person on record.
"""

from django.utils.translation import gettext as _

from regional import registers
from regional.models import Election, ElectionKind, OfficeHolder, Position

from .. import columns as c
from ..models import Kind as KindName
from .regional import (
    CREATE,
    ID_NUMBER,
    ORGANIZATION,
    PHONE,
    SOURCE,
    UPDATE,
    RegionalKind,
    find_people,
    person_cells,
)

ORGANIZATION_COLUMN = c.ref(
    "organization", "党组织", "organization", required=True, aliases=("组织", "组织名称"), example="ZY-TBL-XZD-DZB"
)


class Elections(RegionalKind):
    name = KindName.ELECTIONS
    model = Election
    import_permissions = ("regional.add_election", "regional.change_election")
    export_permissions = ("regional.view_election",)
    references = {"organization": ORGANIZATION}
    export_select = ("organization",)
    columns = (
        ORGANIZATION_COLUMN,
        c.choice("kind", "选举类型", "kind", ElectionKind, aliases=("类型",), example="换届选举"),
        c.date("held_on", "选举日期", "held on", required=True, aliases=("换届日期", "日期"), example="2020-06-30"),
        c.flag("on_or_before", "日期为期限", "by this date", aliases=("此日前完成",), example="是"),
        c.text("notes", "备注", "notes", 2000, multiline=True, example="于6月底前完成换届"),
    )

    def election_kind(self, row):
        return row.values.get("kind") or ElectionKind.GENERAL

    def key(self, row):
        return (row.refs.get("organization"), self.election_kind(row), row.values["held_on"])

    def match(self, rows):
        queryset = Election.objects.filter(
            organization_id__in={row.refs["organization"] for row in rows},
            held_on__in={row.values["held_on"] for row in rows},
        )
        self.match_from(rows, queryset, lambda e: (e.organization_id, e.kind, e.held_on))

    def write_row(self, row):
        v = row.values
        values = {"on_or_before": v.get("on_or_before") == c.YesNo.YES, "notes": v.get("notes", "")}
        if row.obj is None:
            row.obj = registers.election_record(
                actor=self.ctx.user,
                organization=row.refs["organization"],
                held_on=v["held_on"],
                kind=self.election_kind(row),
                source=SOURCE,
                **values,
            )
            return CREATE
        changes = self.changes(row.obj, self.present(row, values))
        if not changes:
            return None
        registers.register_update(actor=self.ctx.user, record=row.obj, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        flag = c.YesNo.YES if obj.on_or_before else c.YesNo.NO
        return [obj.organization.code, obj.kind, obj.held_on, flag, obj.notes]


class OfficeHolders(RegionalKind):
    name = KindName.OFFICE_HOLDERS
    model = OfficeHolder
    import_permissions = ("regional.add_officeholder", "regional.change_officeholder")
    export_permissions = ("regional.view_officeholder",)
    references = {"organization": ORGANIZATION}
    export_select = ("organization", "person", "election")
    columns = (
        ORGANIZATION_COLUMN,
        c.text("name", "姓名", "name", 50, required=True, example="刘凯平"),
        c.choice("position", "职务", "position", Position, required=True, aliases=("班子职务",), example="书记"),
        c.date("term_start", "任期开始", "term start", aliases=("任职日期",), example="2020-06-30"),
        c.date("term_end", "任期结束", "term end", example="2025-06-29"),
        c.date("election", "换届日期", "elected at", aliases=("选举日期", "当选日期"), example="2020-06-30"),
        PHONE,
        ID_NUMBER,
    )

    def resolve(self, rows):
        super().resolve(rows)
        find_people(self.ctx, rows, required=False)
        # 换届日期: the election of the row's organization held that day (imported with the elections kind).
        wanted = [row for row in rows if row.values.get("election") and row.refs.get("organization")]
        elections = {}
        if wanted:
            queryset = Election.objects.filter(
                organization_id__in={row.refs["organization"] for row in wanted},
                held_on__in={row.values["election"] for row in wanted},
            ).order_by("pk")
            for election in queryset:
                elections.setdefault((election.organization_id, election.held_on), []).append(election)
        for row in rows:
            row.election = None
            if row.values.get("election") and row.refs.get("organization"):
                found = elections.get((row.refs["organization"], row.values["election"]), [])
                # Two elections on one day (a founding election and a by-election): the general one, else the first.
                general = [e for e in found if e.kind == ElectionKind.GENERAL]
                row.election = (general or found or [None])[0]
                if row.election is None:
                    row.fail(
                        "election",
                        _("%(organization)s held no election on %(date)s: import the elections first.")
                        % {"organization": row.values["organization"], "date": row.values["election"].isoformat()},
                    )

    def key(self, row):
        v = row.values
        return (row.refs.get("organization"), v["name"], v["position"], v.get("term_start"))

    def match(self, rows):
        queryset = OfficeHolder.objects.filter(
            organization_id__in={row.refs["organization"] for row in rows},
            name__in={row.values["name"] for row in rows},
        ).order_by("-pk")
        existing = {}
        for holder in queryset:
            existing[(holder.organization_id, holder.name, holder.position, holder.term_start)] = holder
        for row in rows:
            row.obj = existing.get(self.key(row))

    def write_row(self, row):
        v = row.values
        if row.obj is None:
            row.obj = registers.office_holder_add(
                actor=self.ctx.user,
                organization=row.refs["organization"],
                name=v["name"],
                position=v["position"],
                term_start=v.get("term_start"),
                term_end=v.get("term_end"),
                election=row.election,
                person=row.person,
                source=SOURCE,
            )
            return CREATE
        values = self.present(row, {"term_end": v.get("term_end"), "election": row.election})
        if row.person is not None:
            values["person"] = row.person  # a row without 手机 or 身份证号 leaves the person linked as it was
        changes = self.changes(row.obj, values)
        if not changes:
            return None
        registers.register_update(actor=self.ctx.user, record=row.obj, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        return [
            obj.organization.code,
            obj.name,
            obj.position,
            obj.term_start,
            obj.term_end,
            obj.election.held_on if obj.election else None,
            *person_cells(obj.person, personal=personal),
        ]
