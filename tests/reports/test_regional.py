"""The regional section of the dashboard, the print report and the organization page: figures of the area and period."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from activities.models import Activity
from communities.models import OrganizationKind
from regional import assessment, lists, registers, services
from regional.models import ElectionKind, PairingKind
from tests.factories import make_activity, make_organization
from tests.personas import PersonasMixin
from tests.regional.helpers import D, RegionalMixin

DASHBOARD = reverse("reports:dashboard")


class RegionalFiguresTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.candidate(cls, step="filed")
        cls.candidate(cls, step="nominated", unit=cls.unit_b, title="校长")
        pairing = services.pairing_create(
            actor=cls.manager,
            kind=PairingKind.CO_BUILDING,
            name="机关支部与无主管楼院结对共建",
            region=cls.district,
            a=services.Group(126, "机关支部"),
            b=services.Group(408, "无主管楼院"),
            start=D(2020, 1, 1),
        )
        services.pairing_create(
            actor=cls.manager,
            kind=PairingKind.CONTACT_POINT,
            name="2019年联系点",
            region=cls.community_a,
            a=cls.unit,
            b=cls.community_a,
            start=D(2019, 1, 1),
            end=D(2019, 12, 31),
        )
        visit = make_activity(cls.community_a, title="结对走访", date=D(2020, 5, 1), households=16, participants=30)
        Activity.objects.filter(pk=visit.pk).update(pairing=pairing)
        make_activity(cls.community_a, title="不在结对下", date=D(2020, 5, 2), households=5)
        need = lists.need_raise(
            actor=cls.manager,
            committee=cls.committee,
            region=cls.community_a,
            title="楼道照明",
            raised_on=D(2020, 2, 1),
        )
        lists.need_resolve(actor=cls.manager, need=need, resolved_on=D(2020, 3, 1), outcome="已安装")
        project = lists.list_project_create(
            actor=cls.manager, committee=cls.committee, region=cls.community_a, name="改造项目", listed_on=D(2020, 1, 5)
        )
        lists.list_project_claim(actor=cls.manager, project=project, unit=cls.unit, claimed_on=D(2020, 2, 5))
        reporting = registers.unit_reporting_register(
            actor=cls.manager, unit=cls.unit, community=cls.community_a, reported_on=D(2020, 3, 1)
        )
        registers.unit_reporting_record_service(actor=cls.manager, reporting=reporting, services_done=3)
        branch = make_organization(cls.community_a, "西站东社区党支部", kind=OrganizationKind.BRANCH)
        registers.election_record(actor=cls.manager, organization=branch, held_on=D(2020, 6, 30), on_or_before=True)
        registers.election_record(
            actor=cls.manager, organization=branch, held_on=D(2017, 6, 1), kind=ElectionKind.BY_ELECTION
        )
        assessment.supervision_check_create(
            actor=cls.manager,
            region=cls.district,
            subject="科级干部驻点情况",
            start=D(2020, 6, 1),
            end=D(2020, 6, 30),
            groups=3,
            areas=10,
            areas_label="街道",
            places=267,
            places_label="工地",
        )
        scheme = assessment.assessment_scheme_create(actor=cls.manager, region=cls.district, name="亮赛比", year=2020)
        item = assessment.assessment_item_add(actor=cls.manager, scheme=scheme, name="阵地建设", weight=Decimal(100))
        for subject, score in [(branch, Decimal(90)), (cls.unit, Decimal(95))]:
            assessment.assessment_score_record(actor=cls.manager, item=item, subject=subject, score=score)

    def test_the_dashboard_counts_the_areas_regional_work_in_the_period(self):
        self.client.force_login(self.manager)
        figures = self.client.get(DASHBOARD, {"year": 2020}).context["regional"]
        self.assertEqual(
            (figures["committees"]["committees"], figures["committees"]["units"], figures["committees"]["members"]),
            (1, 2, 1),
        )
        self.assertEqual(figures["committees"]["candidates"], 1)
        self.assertEqual(figures["pairings"]["pairings"], 1)  # the 2019 contact point has ended
        self.assertEqual((figures["pairings"]["a_grouped"], figures["pairings"]["b_grouped"]), (126, 408))
        self.assertEqual(figures["pairing_activities"]["records"], 1)
        self.assertEqual(figures["pairing_activities"]["households"], 16)
        self.assertEqual(figures["needs"], {"raised": 1, "matched": 0, "resolved": 1})
        self.assertEqual(figures["projects"], {"listed": 1, "claimed": 1, "completed": 0})
        self.assertEqual((figures["reported"]["units"], figures["reported"]["services"]), (1, 3))
        self.assertEqual(figures["elections"]["held"], 1)
        self.assertEqual((figures["checks"]["groups"], figures["checks"]["places"]), (3, 267))
        [ranked] = figures["rankings"]
        self.assertEqual([row["name"] for row in ranked["ranking"]], ["西站派出所", "西站东社区党支部"])

    def test_the_print_report_includes_the_regional_section(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:print"), {"year": 2020})
        self.assertContains(response, 'id="regional-figures"')
        self.assertContains(response, "科级干部驻点情况：3个督导组，10个街道，267个工地")

    def test_an_area_without_regional_records_has_no_regional_section(self):
        self.client.force_login(self.clerk_b)
        response = self.client.get(DASHBOARD, {"year": 2010})
        self.assertNotContains(response, 'id="regional-figures"')

    def test_a_sibling_clerk_sees_none_of_community_as_regional_records(self):
        self.client.force_login(self.clerk_b)
        figures = self.client.get(DASHBOARD, {"year": 2020}).context["regional"]
        self.assertEqual(figures["reported"]["units"], 0)
        self.assertEqual(figures["needs"]["raised"], 0)
        self.assertEqual(figures["pairing_activities"]["records"], 0)

    def test_the_organization_page_counts_committees_and_the_elections_held_in_the_year(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:organizations"), {"year": 2020})
        self.assertEqual(response.context["elections_held"]["count"], 1)
        self.assertEqual(response.context["committee_figures"]["units"], 2)
        self.assertContains(response, "桐柏路街道大工委")
