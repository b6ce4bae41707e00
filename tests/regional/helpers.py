"""The regional world on top of the personas: a subdistrict committee, a unit, a candidate at any step."""

import datetime

from communities.models import OrganizationKind
from regional import services
from regional.models import UnitKind
from tests.factories import make_organization

D = datetime.date


class RegionalMixin:
    """桐柏路街道大工委 (subdistrict), 东站派出所 in community A, and a unit in sibling community B."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee = make_organization(cls.subdistrict, "桐柏路街道大工委", kind=OrganizationKind.AREA_COMMITTEE)
        cls.unit = services.member_unit_create(
            actor=cls.manager,
            code="U-PCS",
            name="西站派出所",
            kind=UnitKind.POLICE_STATION,
            region=cls.community_a,
            contact_name="李警官",
            contact_phone="13812341234",
        )
        cls.unit_b = services.member_unit_create(
            actor=cls.manager, code="U-SCH", name="西站小学", kind=UnitKind.SCHOOL, region=cls.community_b
        )

    def candidate(self, *, actor=None, step="surveyed", unit=None, title="所长"):
        """A candidate from ``unit`` taken through the procedure up to ``step``, with dates in 2015."""
        actor = actor or self.manager
        member = services.committee_member_survey(
            actor=actor, committee=self.committee, unit=unit or self.unit, title=title, surveyed_on=D(2015, 3, 2)
        )
        steps = [
            ("nominated", services.committee_member_nominate, {"nominated_on": D(2015, 3, 10)}),
            ("consulted", services.committee_member_consult, {"consulted_on": D(2015, 3, 20), "opinions": "同意"}),
            (
                "publicized",
                services.committee_member_publicize,
                {"publicity_start": D(2015, 4, 1), "publicity_end": D(2015, 4, 7)},
            ),
            (
                "appointed",
                services.committee_member_appoint,
                {"appointed_on": D(2015, 4, 10), "certificate_number": "DGW-2015-01", "term_end": D(2018, 4, 9)},
            ),
            ("filed", services.committee_member_file, {"filed_on": D(2015, 4, 20), "filed_with": "中共卫东区委组织部"}),
        ]
        for name, service, values in steps:
            if member.step == step:
                break
            service(actor=actor, member=member, **values)
            assert member.step == name, (member.step, name)
        return member
