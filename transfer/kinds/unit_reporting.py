"""The unit reporting register (单位报到): a member unit reports to a community on a day, with the service it
promises and the service done; matched on unit, community and day, through ``regional.registers``.

In-service Party members' reporting (在职党员进社区报到) is part of the people list (``people``: 在职党员,
报到社区, 报到日期), and their services are their participation records.
"""

from regional import registers
from regional.models import UnitReporting

from .. import columns as c
from ..models import Kind as KindName
from .regional import CREATE, REGION, SOURCE, UNIT, UPDATE, RegionalKind


class UnitReportings(RegionalKind):
    name = KindName.UNIT_REPORTING
    model = UnitReporting
    import_permissions = ("regional.add_unitreporting", "regional.change_unitreporting")
    export_permissions = ("regional.view_unitreporting",)
    references = {"unit": UNIT, "community": REGION}
    export_select = ("unit", "community")
    columns = (
        c.ref("unit", "驻区单位", "member unit", required=True, aliases=("报到单位", "单位"), example="ZY-XZPCS"),
        c.ref("community", "报到社区", "community", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.date("reported_on", "报到日期", "reported on", required=True, example="2020-03-01"),
        c.text("commitment", "承诺服务", "service promised", 4000, multiline=True, example="法治宣传"),
        c.number("services_done", "服务次数", "services done", maximum=1_000_000, example="3"),
        c.text("service_notes", "服务情况", "service done", 4000, multiline=True, example="宣讲3场"),
    )

    def key(self, row):
        return (row.refs.get("unit"), row.refs.get("community"), row.values["reported_on"])

    def match(self, rows):
        queryset = UnitReporting.objects.filter(
            unit_id__in={row.refs["unit"] for row in rows},
            community_id__in={row.refs["community"] for row in rows},
            reported_on__in={row.values["reported_on"] for row in rows},
        )
        self.match_from(rows, queryset, lambda r: (r.unit_id, r.community_id, r.reported_on))

    def write_row(self, row):
        v = row.values
        reporting, action = row.obj, None
        if reporting is None:
            reporting = registers.unit_reporting_register(
                actor=self.ctx.user,
                unit=row.refs["unit"],
                community=row.refs["community"],
                reported_on=v["reported_on"],
                commitment=v.get("commitment", ""),
                source=SOURCE,
            )
            row.obj, action = reporting, CREATE
        else:
            changes = self.changes(reporting, self.present(row, {"commitment": v.get("commitment", "")}))
            if changes:
                registers.register_update(actor=self.ctx.user, record=reporting, data=changes, source=SOURCE)
                action = UPDATE
        service = self.present(
            row, {"services_done": v.get("services_done"), "service_notes": v.get("service_notes", "")}
        )
        if self.changes(reporting, service):
            registers.unit_reporting_record_service(
                actor=self.ctx.user,
                reporting=reporting,
                services_done=service.get("services_done", reporting.services_done),
                service_notes=service.get("service_notes", reporting.service_notes),
                source=SOURCE,
            )
            action = action or UPDATE
        return action

    def export_values(self, obj, *, personal):
        return [
            obj.unit.code,
            obj.community.full_name,
            obj.reported_on,
            obj.commitment,
            obj.services_done,
            obj.service_notes,
        ]
