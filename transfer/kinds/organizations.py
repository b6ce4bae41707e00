"""Organizations: coded records under a parent organization, with a term."""

from django.utils.translation import gettext as _

from communities.models import Organization, OrganizationKind

from .. import columns as c
from ..models import Kind as KindName
from .base import quoting
from .coded import CodedRecords, org_resolver


class Organizations(CodedRecords):
    name = KindName.ORGANIZATIONS
    model = Organization
    import_permissions = ("transfer.import_reference",)
    export_permissions = ("transfer.export_reference",)
    ref_field = "parent"
    refers_to_itself = True
    resolver_factory = staticmethod(org_resolver)
    columns = (
        c.text("code", "代码", "code", 32, required=True, example="ZY-TBL-001"),
        c.text("name", "名称", "name", 200, required=True, example="西站东社区党委"),
        c.choice("kind", "类型", "kind", OrganizationKind, required=True, example="党委"),
        c.ref("region", "所属区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.ref("parent", "上级组织", "parent", example=""),
        c.text("leader", "负责人", "leader", 50, example="王芳"),
        c.number("member_count", "党员数", "members", maximum=10_000_000, example="56"),
        c.date("term_start", "本届开始", "term_start", example="2021-06-13"),
        c.number("term_years", "任期年限", "term_years", maximum=10, example="5"),
    )

    def extra_values(self, row):
        v = row.values
        if v.get("term_years") == 0:
            row.fail("term_years", quoting(v["term_years"], _("A term lasts 1 to 10 years.")))
        return {"term_start": v.get("term_start"), "term_years": v.get("term_years")}

    def extra_export_values(self, obj):
        return [obj.term_start, obj.term_years]
