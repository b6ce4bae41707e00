"""The regional section of the dashboard, the print report and the organization page: figures of the area and period."""

import io
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from activities.models import Activity
from communities.models import OrganizationKind
from communities.services import region_move
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

    def summary(self, user, **params):
        self.client.force_login(user)
        return "".join(self.client.get(reverse("reports:print"), params).context["summary_paragraphs"])

    def test_the_summary_writes_the_regional_work_as_the_reports_do(self):
        summary = self.summary(self.manager, year=2020)
        self.assertIn("区域化党建方面，", summary)
        self.assertIn("吸纳驻区单位2家、兼职委员1名", summary)  # the nominated candidate is not a member yet
        self.assertIn("126个机关支部与408个无主管楼院结对共建", summary)  # an aggregate, never "结对共建1对"
        self.assertNotIn("结对共建1对", summary)
        self.assertIn("收集需求1条、已解决1条", summary)  # nothing matched: no "对接资源0条"
        self.assertNotIn("0条", summary)
        self.assertIn("列入项目清单1个，驻区单位认领项目1个", summary)
        self.assertIn("1个单位到社区报到，单位开展服务3次", summary)
        self.assertIn("成立3个督导组，对10个街道267个工地科级干部驻点情况进行督导", summary)

    def test_units_counted_without_names_are_written_beside_the_named_ones(self):
        self.assertIn("吸纳驻区单位2家、兼职委员1名", self.summary(self.manager, year=2020))
        services.unit_count_create(
            actor=self.manager,
            region=self.district,
            label="驻区单位和“两新”组织",
            count=100,
            qualifier="余",
            as_of=D(2020, 12, 31),
        )
        # Shown on the next visit (the figures are cached) and never added into the 2 named units.
        summary = self.summary(self.manager, year=2020)
        self.assertIn("吸纳驻区单位2家、驻区单位和“两新”组织100余家、兼职委员1名", summary)
        self.assertNotIn("102", summary)
        response = self.client.get(reverse("reports:print"), {"year": 2020})
        self.assertContains(response, '<tr data-key="units_counted">')
        self.assertContains(response, '<td class="num">100余</td><td>驻区单位和“两新”组织 100余</td>', html=False)
        document = Document(io.BytesIO(self.client.get(reverse("reports:print_docx"), {"year": 2020}).content))
        figures = next(t for t in document.tables if t.rows[0].cells[0].text == "项目")
        rows = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in figures.rows[1:]}
        self.assertEqual(rows["统计数（未列名称）的驻区单位"], ("100余", "驻区单位和“两新”组织 100余"))
        # A clerk of community B sees no count recorded for the whole district.
        self.assertNotIn("100余", self.summary(self.clerk_b, year=2020))

    def test_a_regional_record_shows_in_the_next_summary_though_the_figures_are_cached(self):
        self.assertNotIn("收集需求2条", self.summary(self.manager, year=2020))
        lists.need_raise(
            actor=self.manager, committee=self.committee, region=self.community_a, title="路灯", raised_on=D(2020, 4, 1)
        )
        self.assertIn("收集需求2条", self.summary(self.manager, year=2020))

    def test_a_renamed_committee_shows_on_the_next_visit_though_the_figures_are_cached(self):
        self.client.force_login(self.manager)

        def committee_names():
            context = self.client.get(reverse("reports:print"), {"year": 2020}).context
            return [row.name for row in context["regional"]["committees"]["rows"]]

        self.assertIn(self.committee.name, committee_names())
        self.committee.name = "中原区区域化党建大工委"
        self.committee.save()
        self.assertIn("中原区区域化党建大工委", committee_names())

    def regional_visit(self):
        """The print page's regional figures for 2020, and whether this visit counted the regional records."""
        self.client.force_login(self.manager)
        with CaptureQueriesContext(connection) as queries:
            regional = self.client.get(reverse("reports:print"), {"year": 2020}).context["regional"]
        return regional, any('FROM "regional_need"' in q["sql"] for q in queries)

    def test_a_record_done_under_a_pairing_shows_on_the_next_visit_and_the_registers_stay_cached(self):
        regional, counted = self.regional_visit()
        self.assertEqual((regional["pairing_activities"]["records"], counted), (1, True))
        pairing = Activity.objects.get(title="结对走访").pairing
        again = make_activity(self.community_a, title="结对义诊", date=D(2020, 6, 1), participants=12)
        Activity.objects.filter(pk=again.pk).update(pairing=pairing)
        regional, counted = self.regional_visit()
        # The new record counts; the registers (needs, projects, pairings …) were not counted again.
        self.assertEqual((regional["pairing_activities"]["records"], counted), (2, False))
        self.assertEqual(regional["needs"]["raised"], 1)

    def test_a_community_moved_into_another_district_takes_its_regional_records_along(self):
        regional, _counted = self.regional_visit()
        self.assertEqual(regional["needs"]["raised"], 1)
        region_move(region=self.subdistrict, new_parent=self.other_district)
        regional, counted = self.regional_visit()
        self.assertEqual((regional["needs"]["raised"], counted), (0, True))

    def test_an_area_without_regional_work_has_no_regional_sentence(self):
        self.assertNotIn("区域化党建方面", self.summary(self.clerk_b, year=2010))

    def test_the_word_report_has_the_regional_tables_and_the_chart(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:print_docx"), {"year": 2020})
        self.assertEqual(response.status_code, 200)
        document = Document(io.BytesIO(response.content))
        texts = [p.text for p in document.paragraphs]
        self.assertIn("区域化党建", texts)
        self.assertIn("各大工委、大党委的驻区单位和兼职委员", texts)
        self.assertIn("考核排名", texts)
        self.assertTrue(any("区域化党建方面，" in text for text in texts))  # the summary's regional paragraph
        # The regional figures, the same as the print page's: what, count, details.
        figures = next(t for t in document.tables if t.rows[0].cells[0].text == "项目")
        rows = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in figures.rows[1:]}
        self.assertEqual(rows["本期进行中的结对"][0], "1")
        self.assertIn("汇总结对：甲方126个，乙方408个", rows["本期进行中的结对"][1])
        self.assertEqual(rows["提出需求"], ("1", "对接资源0项，已解决1项"))
        self.assertEqual(rows["督导检查"][1], "科级干部驻点情况：3个督导组，10个街道，267个工地")
        committees = next(t for t in document.tables if t.rows[0].cells[0].text == "大工委/大党委")
        self.assertEqual([c.text for c in committees.rows[1].cells][0::2], ["桐柏路街道大工委", "2", "1"])
        rankings = document.tables[-1]
        self.assertEqual(rankings.rows[1].cells[2].text, "1. 西站派出所 95；2. 西站东社区党支部 90")
        # The dashboard's monthly chart, as a picture.
        self.assertEqual(len(document.inline_shapes), 1)
