"""The regional Party-building import kinds: units, committee members, pairings, the three lists, unit reporting.

Every row goes through ``regional``'s services: scope and permission checked, history written with the batch id.
"""

import io

from django.test import TestCase
from django.utils import translation

from activities.models import Activity
from history.models import Change, Source
from history.services import history_of
from regional import services
from regional.models import (
    CommitteeMembership,
    ListProject,
    ListProjectStatus,
    MemberUnit,
    Need,
    NeedStatus,
    Pairing,
    PairingKind,
    PartyKind,
    Resource,
    Step,
    UnitReporting,
)
from tests.factories import category, make_organization
from tests.personas import PersonasMixin
from tests.regional.helpers import D, RegionalMixin
from transfer.exporting import export_table, write_csv
from transfer.importer import run_import


def run(kind, text, user, *, encoding="utf-8", **options):
    data = io.BytesIO(text.encode(encoding))
    return run_import(kind=kind, file=data, file_name=f"{kind}.csv", user=user, **options)


class RegionalImportTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee.code = "TBL-DGW"
        cls.committee.save()

    def test_member_units_come_from_a_gb18030_file_with_chinese_headers_and_kinds(self):
        text = (
            "代码,单位名称,单位类型,所在区域,联系人,联系电话,党员数\n"
            "U-YY,西站医院,医院,西站东社区,王医生,13900001111,40\n"
            "U-PCS,西站派出所,派出所,西站东社区,张警官,,\n"
        )
        result = run("member_units", text, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.updated), (1, 1))
        hospital = MemberUnit.objects.get(code="U-YY")
        self.assertEqual((hospital.kind, hospital.region, hospital.party_members), ("hospital", self.community_a, 40))
        self.assertEqual(MemberUnit.objects.get(code="U-PCS").contact_name, "张警官")
        change = history_of(hospital).get()
        self.assertEqual((change.source, change.batch_id), (Source.IMPORT, result.batch.pk))

    def test_a_unit_outside_the_clerks_regions_fails_its_row_and_nothing_is_written(self):
        text = "代码,单位名称,单位类型,所在区域\nU-NEW,新单位,企业,西站东社区\nU-SCH,西站小学,学校,西站西社区\n"
        result = run("member_units", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("西站西社区", " ".join(str(error) for error in result.errors))
        self.assertFalse(MemberUnit.objects.filter(code="U-NEW").exists())

    def test_committee_members_already_serving_are_recorded_with_their_term(self):
        text = (
            "大工委/大党委,驻区单位,单位职务,委员职务,聘任日期,任期结束\n"
            "TBL-DGW,U-PCS,所长,兼职委员,2015-04-10,2018-04-09\n"
        )
        result = run("committee_members", text, self.manager)
        self.assertTrue(result.ok, result.errors)
        member = CommitteeMembership.objects.get()
        self.assertEqual((member.step, member.procedure_on_record), (Step.APPOINTED, False))
        self.assertEqual((member.term_start, member.term_end), (D(2015, 4, 10), D(2018, 4, 9)))
        again = run("committee_members", text.replace("2018-04-09", "2019-04-09"), self.manager)
        self.assertEqual((again.created, again.updated), (0, 1))
        member.refresh_from_db()
        self.assertEqual(member.term_end, D(2019, 4, 9))

    def test_a_committee_member_on_an_organization_that_is_no_committee_is_refused(self):
        make_organization(self.community_a, "西站东社区党支部")
        text = "大工委/大党委,驻区单位,单位职务\n西站东社区党支部,U-PCS,所长\n"
        result = run("committee_members", text, self.manager)
        self.assertFalse(result.ok)
        self.assertIn("西站东社区党支部", str(result.errors[0]))
        self.assertFalse(CommitteeMembership.objects.exists())

    def test_an_aggregate_pairing_and_a_unit_to_community_pairing(self):
        text = (
            "名称,结对类型,所在区域,甲方类别,甲方,甲方数量,甲方所指,乙方类别,乙方,乙方数量,乙方所指,开始日期,频次\n"
            "机关支部与无主管楼院结对共建,结对共建,中原区,若干（汇总数）,,126,机关支部,若干（汇总数）,,408,无主管楼院,2020-01-01,\n"
            "派出所联系西站东社区,联系点,西站东社区,驻区单位,U-PCS,,,区域,西站东社区,,,2015-01-01,每月不少于两次\n"
        )
        result = run("pairings", text, self.manager)
        self.assertTrue(result.ok, result.errors)
        aggregate = Pairing.objects.get(name="机关支部与无主管楼院结对共建")
        self.assertEqual((aggregate.side_a, aggregate.side_b), ("126个机关支部", "408个无主管楼院"))
        contact = Pairing.objects.get(name="派出所联系西站东社区")
        self.assertEqual(
            (contact.a_kind, contact.a_unit, contact.b_region), (PartyKind.UNIT, self.unit, self.community_a)
        )
        unchanged = run("pairings", text, self.manager)
        self.assertEqual((unchanged.created, unchanged.updated, unchanged.skipped), (0, 0, 2))

    def test_pairings_export_and_import_back_unchanged(self):
        run(
            "pairings",
            "名称,结对类型,所在区域,甲方类别,甲方,乙方类别,乙方,开始日期\n共建,结对共建,西站东社区,驻区单位,U-PCS,区域,西站东社区,2015-01-01\n",
            self.manager,
        )
        out = io.BytesIO()
        write_csv(*export_table("pairings", user=self.manager), out)
        again = run_import(kind="pairings", file=io.BytesIO(out.getvalue()), file_name="导出.csv", user=self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 1))

    def test_the_three_lists_a_need_resolved_and_a_project_claimed_and_completed(self):
        committee = "大工委/大党委,所在区域,"
        resources = run(
            "resources",
            f"{committee}资源名称,提供单位,列入日期\nTBL-DGW,西站东社区,党员活动室,U-PCS,2020-03-01\n",
            self.manager,
        )
        needs = run(
            "needs",
            f"{committee}需求,类别,提出日期,状态,办结日期,办理结果\n"
            "TBL-DGW,西站东社区,楼道照明,治安,2020-03-01,已解决,2020-04-01,已安装\n"
            "TBL-DGW,西站东社区,健身器材,,2020-03-02,,,\n",
            self.manager,
        )
        projects = run(
            "list_projects",
            f"{committee}项目名称,列入日期,认领单位,认领日期,完成日期,项目成效\n"
            "TBL-DGW,西站东社区,老旧小区改造,2020-03-01,U-PCS,2020-03-15,2020-06-30,改造完成\n",
            self.manager,
        )
        for result in (resources, needs, projects):
            self.assertTrue(result.ok, result.errors)
        self.assertEqual(Resource.objects.get().unit, self.unit)
        self.assertEqual(
            dict(Need.objects.values_list("title", "status")),
            {"楼道照明": NeedStatus.RESOLVED, "健身器材": NeedStatus.RAISED},
        )
        project = ListProject.objects.get()
        self.assertEqual(
            (project.status, project.unit, project.outcome), (ListProjectStatus.COMPLETED, self.unit, "改造完成")
        )

    def test_a_need_cannot_be_marked_matched_from_a_file(self):
        text = "大工委/大党委,所在区域,需求,提出日期,状态\nTBL-DGW,西站东社区,楼道照明,2020-03-01,已对接资源\n"
        result = run("needs", text, self.manager)
        self.assertFalse(result.ok)
        self.assertFalse(Need.objects.exists())

    def test_unit_reporting_with_the_service_done(self):
        text = (
            "驻区单位,报到社区,报到日期,承诺服务,服务次数,服务情况\n"
            "西站派出所,西站东社区,2020-03-01,法治宣传,3,宣讲3场\n"
        )
        result = run("unit_reporting", text, self.clerk_a)
        self.assertTrue(result.ok, result.errors)
        reporting = UnitReporting.objects.get()
        self.assertEqual((reporting.services_done, reporting.service_notes), (3, "宣讲3场"))
        self.assertEqual(Change.objects.filter(batch_id=result.batch.pk).count(), 2)

    def test_a_sibling_clerk_cannot_register_a_unit_of_community_a(self):
        text = "驻区单位,报到社区,报到日期\nU-PCS,西站西社区,2020-03-01\n"
        result = run("unit_reporting", text, self.clerk_b)
        self.assertFalse(result.ok)
        self.assertFalse(UnitReporting.objects.exists())

    def test_each_regional_kind_has_a_template_with_its_chinese_headers(self):
        columns, rows = export_table("pairings", template=True)
        self.assertEqual([column.header for column in columns][:4], ["名称", "结对类型", "所在区域", "甲方类别"])
        self.assertEqual(next(rows)[6], "机关支部")

    def test_an_export_masks_contact_phones_for_users_without_personal_data(self):
        run(
            "member_units",
            "代码,单位名称,单位类型,所在区域,联系电话\nU-YY,西站医院,医院,西站东社区,13900001111\n",
            self.manager,
        )
        _columns, rows = export_table("member_units", user=self.clerk_a)
        phones = {row[0]: row[6] for row in rows}
        self.assertEqual(phones["U-YY"], "139****1111")


class ActivitiesUnderPairingsImportTests(RegionalMixin, PersonasMixin, TestCase):
    """The activities import's 结对 column: an activity done under a pairing is imported with it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        sides = {"a": cls.unit, "b": cls.community_a}
        fields = {"kind": PairingKind.CONTACT_POINT, "start": D(2015, 1, 1)}
        cls.pairing_a = services.pairing_create(
            actor=cls.manager, name="结对共建", region=cls.community_a, **sides, **fields
        )
        cls.pairing_b = services.pairing_create(
            actor=cls.manager, name="结对共建", region=cls.community_b, a=cls.unit_b, b=cls.community_b, **fields
        )
        cls.category_name = category().name

    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def text(self, region="西站东社区", pairing="结对共建"):
        header = "外部编号,日期,标题,类别,所属区域,结对,参与人次\n"
        return f"{header}P-1,2020-06-13,法治宣传,{self.category_name},{region},{pairing},30\n"

    def test_an_activity_is_imported_with_the_pairing_of_its_region(self):
        result = run("activities", self.text(), self.manager)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Activity.objects.get(external_id="P-1").pairing, self.pairing_a)
        row = next(export_table("activities", user=self.manager)[1])
        self.assertIn("结对共建", row)
        out = io.BytesIO()
        write_csv(*export_table("activities", user=self.manager), out)
        again = run_import(kind="activities", file=io.BytesIO(out.getvalue()), file_name="导出.csv", user=self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 0, 1))

    def test_a_pairing_outside_the_clerks_regions_is_not_found_and_nothing_is_written(self):
        services.pairing_update(actor=self.manager, pairing=self.pairing_b, data={"name": "西社区结对"})
        result = run("activities", self.text(pairing="西社区结对"), self.clerk_a)
        self.assertFalse(result.ok)
        message = " ".join(str(error) for error in result.errors)
        self.assertIn("第 2 行，“结对”列", message)
        self.assertIn("西社区结对", message)
        self.assertNotIn("西站西社区", message)
        self.assertFalse(Activity.objects.exists())

    def test_two_pairings_of_one_name_are_told_apart_by_the_activitys_region(self):
        services.pairing_update(actor=self.manager, pairing=self.pairing_b, data={"region": self.subdistrict})
        # Both lie above 西站东社区: the nearest (the community's own) is the one.
        result = run("activities", self.text(), self.manager)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Activity.objects.get().pairing, self.pairing_a)
        # Only the subdistrict's lies above 西站西社区.
        other = run("activities", self.text(region="西站西社区").replace("P-1", "P-2"), self.manager)
        self.assertTrue(other.ok, other.errors)
        self.assertEqual(Activity.objects.get(external_id="P-2").pairing, self.pairing_b)

    def test_two_pairings_of_one_name_in_the_activitys_region_are_refused(self):
        services.pairing_update(actor=self.manager, pairing=self.pairing_b, data={"region": self.community_a})
        result = run("activities", self.text(), self.manager)
        self.assertFalse(result.ok)
        self.assertIn("“结对”列", str(result.errors[0]))
        self.assertFalse(Activity.objects.exists())
