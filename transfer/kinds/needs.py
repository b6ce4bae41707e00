"""The needs list (需求清单): a need raised and how it ended (解决 or 关闭) with the outcome, via ``regional.lists``.

Matched on committee, raised date and title. A need matched to a resource or claimed as a project is taken
further on its page (the resource list or the project list names what answers it); a file may say a raised
need was resolved or closed, on 办结日期 with 办理结果.
"""

from django.utils.translation import gettext as _

from regional import lists
from regional.models import Need, NeedStatus

from .. import columns as c
from ..models import Kind as KindName
from .base import quoting
from .regional import CREATE, SOURCE, UPDATE
from .resources import COMMITTEE, REGION_COLUMN, ListKind


class Needs(ListKind):
    name = KindName.NEEDS
    model = Need
    import_permissions = ("regional.add_need", "regional.change_need")
    export_permissions = ("regional.view_need",)
    error_columns = {"closed_on": "resolved_on"}
    columns = (
        COMMITTEE,
        REGION_COLUMN,
        c.text("title", "需求", "need", 200, required=True, aliases=("需求名称", "需求内容"), example="楼道照明改造"),
        c.text("topic", "类别", "topic", 50, aliases=("需求类别",), example="治安"),
        c.text("raised_by", "提出人", "raised by", 100, aliases=("提出方",), example="3号楼居民"),
        c.date("raised_on", "提出日期", "raised on", required=True, example="2020-03-01"),
        c.choice("status", "状态", "status", NeedStatus, example="已提出"),
        c.date("resolved_on", "办结日期", "resolved on", example=""),
        c.text("outcome", "办理结果", "outcome", 4000, multiline=True, aliases=("结果",), example=""),
    )

    def extra_key(self, row):
        return (row.values["raised_on"],)

    def entry_key(self, entry):
        return (entry.committee_id, entry.raised_on, entry.title)

    def resolve_row(self, row):
        status = row.values.get("status")
        if status in (NeedStatus.MATCHED, NeedStatus.CLAIMED):
            row.fail(
                "status",
                quoting(
                    NeedStatus(status).label,
                    _("a need is matched to a resource, or claimed as a project, on its page."),
                ),
            )

    def write_row(self, row):
        v = row.values
        need, action = row.obj, None
        if need is None:
            need = lists.need_raise(
                actor=self.ctx.user,
                committee=row.refs["committee"],
                region=row.refs["region"],
                title=v["title"],
                raised_on=v["raised_on"],
                topic=v.get("topic", ""),
                raised_by=v.get("raised_by", ""),
                source=SOURCE,
            )
            row.obj, action = need, CREATE
        else:
            action = self.update(row, {"topic": v.get("topic", ""), "raised_by": v.get("raised_by", "")})
        status, day, outcome = v.get("status"), v.get("resolved_on"), v.get("outcome", "")
        if status in (NeedStatus.RESOLVED, NeedStatus.CLOSED) and need.status != status:
            if status == NeedStatus.RESOLVED:
                lists.need_resolve(actor=self.ctx.user, need=need, resolved_on=day, outcome=outcome, source=SOURCE)
            else:
                lists.need_close(actor=self.ctx.user, need=need, closed_on=day, outcome=outcome, source=SOURCE)
            action = action or UPDATE
        return action

    def export_values(self, obj, *, personal):
        return [
            obj.committee.code,
            obj.region.full_name,
            obj.title,
            obj.topic,
            obj.raised_by,
            obj.raised_on,
            obj.status,
            obj.resolved_on,
            obj.outcome,
        ]
