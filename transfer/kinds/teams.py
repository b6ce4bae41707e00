"""Volunteer teams: coded records under an organization."""

from volunteers.models import Team, TeamKind

from .. import columns as c
from ..models import Kind as KindName
from .coded import CodedRecords, org_resolver


class Teams(CodedRecords):
    name = KindName.TEAMS
    model = Team
    import_permissions = ("transfer.import_reference",)
    export_permissions = ("transfer.export_reference",)
    ref_field = "organization"
    resolver_factory = staticmethod(org_resolver)
    columns = (
        c.text("code", "代码", "code", 32, required=True, example="ZY-QN-01"),
        c.text("name", "名称", "name", 200, required=True, example="青年志愿服务队"),
        c.choice("kind", "类型", "kind", TeamKind, required=True, example="青年志愿服务队"),
        c.ref("region", "所属区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.ref("organization", "主管组织", "organization", example=""),
        c.text("leader", "队长", "leader", 50, example="李明"),
        c.number("member_count", "人数", "members", maximum=1_000_000, example="35"),
    )

    def write(self, rows):
        # Teams name organizations, not other teams: nothing created here is referenced by a later row.
        self.refs.learn = lambda *args: None
        super().write(rows)
