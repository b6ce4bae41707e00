"""The project list (项目清单): a project listed, claimed by a member unit (认领) and completed, through
``regional.lists``; matched on committee and name. A row takes a stored project forward (listed → claimed →
completed), never back."""

from regional import lists
from regional.models import ListProject, ListProjectStatus

from .. import columns as c
from ..models import Kind as KindName
from .regional import CREATE, SOURCE, UNIT, UPDATE, code_of
from .resources import COMMITTEE, REGION_COLUMN, ListKind


class ListProjects(ListKind):
    name = KindName.LIST_PROJECTS
    model = ListProject
    import_permissions = ("regional.add_listproject", "regional.change_listproject")
    export_permissions = ("regional.view_listproject",)
    references = {**ListKind.references, "unit": UNIT}
    export_select = ("committee", "region", "unit")
    title_field = "name"
    columns = (
        COMMITTEE,
        REGION_COLUMN,
        c.text("name", "项目名称", "name", 200, required=True, aliases=("项目",), example="老旧小区改造"),
        c.date("listed_on", "列入日期", "listed on", required=True, example="2020-03-01"),
        c.ref("unit", "认领单位", "claimed by", example="ZY-XZPCS"),
        c.date("claimed_on", "认领日期", "claimed on", example="2020-03-15"),
        c.date("completed_on", "完成日期", "completed on", example=""),
        c.text("outcome", "项目成效", "outcome", 4000, multiline=True, aliases=("成效",), example=""),
    )

    def write_row(self, row):
        v = row.values
        project, action = row.obj, None
        if project is None:
            project = lists.list_project_create(
                actor=self.ctx.user,
                committee=row.refs["committee"],
                region=row.refs["region"],
                name=v["name"],
                listed_on=v["listed_on"],
                source=SOURCE,
            )
            row.obj, action = project, CREATE
        status = project.status
        if status == ListProjectStatus.LISTED and (row.refs.get("unit") or v.get("claimed_on")):
            lists.list_project_claim(
                actor=self.ctx.user,
                project=project,
                unit=row.refs.get("unit"),
                claimed_on=v.get("claimed_on"),
                source=SOURCE,
            )
            status, action = ListProjectStatus.CLAIMED, action or UPDATE
        if status == ListProjectStatus.CLAIMED and (v.get("completed_on") or v.get("outcome")):
            lists.list_project_complete(
                actor=self.ctx.user,
                project=project,
                completed_on=v.get("completed_on"),
                outcome=v.get("outcome", ""),
                source=SOURCE,
            )
            action = action or UPDATE
        return action

    def export_values(self, obj, *, personal):
        return [
            obj.committee.code,
            obj.region.full_name,
            obj.name,
            obj.listed_on,
            code_of(obj.unit),
            obj.claimed_on,
            obj.completed_on,
            obj.outcome,
        ]
