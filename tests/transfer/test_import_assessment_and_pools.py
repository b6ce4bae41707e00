"""The import kinds of assessments and their items, star ratings and talent pools (with a reported head count).

Each row is written through ``regional``'s services (scope, permission, history with the batch); one bad row
writes nothing; a record outside the importer's regions is refused as if it were not there.
"""

import io
from decimal import Decimal

from django.test import TestCase
from django.utils import translation

from history.models import Source
from history.services import history_of
from regional import assessment, registers
from regional.models import AssessmentItem, AssessmentRating, AssessmentScheme, PoolKind, TalentPool
from tests.factories import make_organization
from tests.personas import PersonasMixin
from tests.regional.helpers import D, RegionalMixin
from tests.transfer.test_import_regional_registers import errors, run
from transfer.exporting import export_table, write_csv
from transfer.importer import run_import

ITEMS = (
    "考核名称,年度,考核区域,组织党组织,满分,考核项目,分值,排序\n"
    "党建工作百分制考核,2015,中原区/桐柏路街道,,100,组织建设,30,1\n"
    "党建工作百分制考核,2015,中原区/桐柏路街道,,100,服务群众,20,2\n"
    "党建工作百分制考核,2015,中原区/桐柏路街道,,100,作风建设,50,3\n"
)
POOLS = (
    "人才库,所在区域,人才库类型,建立日期,报告人数\n"
    "乡土人才库,中原区/桐柏路街道/西站东社区,乡土人才库,2019-05-01,460\n"
    "村级后备干部库,中原区/桐柏路街道/西站西社区,村级后备干部库,,265余\n"
)


class AssessmentAndPoolImportTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.branch = make_organization(cls.community_a, "西站东社区党支部")
        cls.branch_b = make_organization(cls.community_b, "西站西社区党支部")

    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def round_trip(self, kind, user):
        """Export ``kind`` as ``user`` and import the file back: the result of the second import."""
        out = io.BytesIO()
        write_csv(*export_table(kind, user=user), out)
        return run_import(kind=kind, file=io.BytesIO(out.getvalue()), file_name="导出.csv", user=user)

    def scheme(self, region=None):
        scheme = assessment.assessment_scheme_create(
            actor=self.manager, region=region or self.subdistrict, name="党建工作百分制考核", year=2015
        )
        assessment.assessment_item_add(actor=self.manager, scheme=scheme, name="组织建设", weight=Decimal(30))
        return scheme

    # --- assessments and their items --------------------------------------------------------------------------

    def test_an_assessment_and_its_items_come_from_one_gb18030_sheet_with_history(self):
        result = run("assessment_items", ITEMS, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 3)
        scheme = AssessmentScheme.objects.get()
        self.assertEqual(
            (scheme.name, scheme.year, scheme.region, scheme.full_marks),
            ("党建工作百分制考核", 2015, self.subdistrict, Decimal("100")),
        )
        items = list(scheme.items.order_by("sort_order").values_list("name", "weight", "sort_order"))
        self.assertEqual(
            items, [("组织建设", Decimal("30"), 1), ("服务群众", Decimal("20"), 2), ("作风建设", Decimal("50"), 3)]
        )
        for record in (scheme, scheme.items.get(name="服务群众")):
            created = history_of(record).get()
            self.assertEqual((created.source, created.batch_id), (Source.IMPORT, result.batch.pk))

    def test_items_added_to_an_assessment_already_there(self):
        scheme = self.scheme()
        text = "考核名称,年度,考核区域,考核项目,分值\n党建工作百分制考核,2015,中原区/桐柏路街道,服务群众,20\n"
        text += "党建工作百分制考核,2015,中原区/桐柏路街道,组织建设,30\n"
        result = run("assessment_items", text, self.manager)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.skipped), (1, 1))
        self.assertEqual(AssessmentScheme.objects.get(), scheme)
        self.assertEqual(sorted(scheme.items.values_list("name", flat=True)), ["服务群众", "组织建设"])

    def test_a_changed_weight_is_refused_with_the_row_and_column_and_writes_nothing(self):
        self.scheme()
        text = "考核名称,年度,考核区域,考核项目,分值\n党建工作百分制考核,2015,中原区/桐柏路街道,服务群众,20\n"
        text += "党建工作百分制考核,2015,中原区/桐柏路街道,组织建设,35\n"
        result = run("assessment_items", text, self.manager)
        self.assertFalse(result.ok)
        message = errors(result)
        self.assertIn("第 3 行", message)
        self.assertIn("分值", message)
        self.assertIn("组织建设", message)
        self.assertEqual(list(AssessmentItem.objects.values_list("name", "weight")), [("组织建设", Decimal("30"))])

    def test_items_over_the_full_marks_name_the_row_and_column_and_write_nothing(self):
        result = run("assessment_items", ITEMS.replace("作风建设,50", "作风建设,60"), self.manager)
        self.assertFalse(result.ok)
        message = errors(result)
        self.assertIn("第 4 行", message)
        self.assertIn("分值", message)
        self.assertIn("110", message)  # the points the items would carry
        self.assertFalse(AssessmentScheme.objects.exists())
        self.assertFalse(AssessmentItem.objects.exists())

    def test_an_assessment_of_a_region_outside_the_clerks_is_refused(self):
        text = ITEMS.replace("中原区/桐柏路街道", "中原区/桐柏路街道/西站西社区")
        result = run("assessment_items", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("考核区域", errors(result))
        self.assertFalse(AssessmentScheme.objects.exists())

    def test_assessment_items_export_and_import_back_unchanged(self):
        self.assertTrue(run("assessment_items", ITEMS, self.manager).ok)
        _columns, rows = export_table("assessment_items", user=self.manager)
        self.assertEqual(next(rows), ["党建工作百分制考核", 2015, "中原区/桐柏路街道", "", "100", "组织建设", "30", 1])
        again = self.round_trip("assessment_items", self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 3))
        # The clerk of community A does not see the subdistrict's assessment.
        self.assertEqual(list(export_table("assessment_items", user=self.clerk_a)[1]), [])

    # --- star ratings -----------------------------------------------------------------------------------------

    def test_star_ratings_as_people_write_them_and_a_rating_changed_again(self):
        self.scheme()
        text = (
            "考核名称,年度,被考核党组织,被考核单位,星级,评语\n"
            "党建工作百分制考核,2015,西站东社区党支部,,三星,组织健全\n"
            "党建工作百分制考核,2015,,U-PCS,★★★★★,\n"
            "党建工作百分制考核,2015,西站西社区党支部,,2,\n"
        )
        result = run("assessment_ratings", text, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        ratings = AssessmentRating.objects.values_list("organization__name", "unit__code", "stars", "remarks")
        self.assertEqual(
            set(ratings),
            {("西站东社区党支部", None, 3, "组织健全"), (None, "U-PCS", 5, ""), ("西站西社区党支部", None, 2, "")},
        )
        rating = AssessmentRating.objects.get(organization=self.branch)
        self.assertEqual(history_of(rating).get().batch_id, result.batch.pk)
        again = run("assessment_ratings", text.replace("三星", "4星"), self.manager)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 2))
        rating.refresh_from_db()
        self.assertEqual((rating.stars, rating.remarks), (4, "组织健全"))
        self.assertEqual(history_of(rating).count(), 2)

    def test_a_rating_that_is_no_star_rating_names_row_and_column_and_writes_nothing(self):
        self.scheme()
        for cell in ("六星", "★★★★★★", "优秀", "0"):
            with self.subTest(cell=cell):
                text = "考核名称,年度,被考核党组织,星级\n党建工作百分制考核,2015,西站东社区党支部,4\n"
                text += f"党建工作百分制考核,2015,西站西社区党支部,{cell}\n"
                result = run("assessment_ratings", text, self.manager)
                self.assertFalse(result.ok)
                self.assertIn("第 3 行", errors(result))
                self.assertIn("星级", errors(result))
                self.assertFalse(AssessmentRating.objects.exists())

    def test_a_rating_needs_one_subject(self):
        self.scheme()
        text = "考核名称,年度,被考核党组织,被考核单位,星级\n党建工作百分制考核,2015,西站东社区党支部,U-PCS,3\n"
        result = run("assessment_ratings", text, self.manager)
        self.assertFalse(result.ok)
        self.assertIn("被考核党组织", errors(result))
        self.assertFalse(AssessmentRating.objects.exists())

    def test_a_rating_in_an_assessment_outside_the_clerks_regions_is_not_found(self):
        self.scheme(region=self.community_b)
        text = "考核名称,年度,被考核党组织,星级\n党建工作百分制考核,2015,西站东社区党支部,3\n"
        result = run("assessment_ratings", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("考核名称", errors(result))
        self.assertNotIn("西站西社区", errors(result))
        self.assertFalse(AssessmentRating.objects.exists())

    def test_star_ratings_export_and_import_back_unchanged(self):
        self.scheme()
        text = "考核名称,年度,被考核单位,星级,评语\n党建工作百分制考核,2015,U-PCS,★★★★,服务好\n"
        self.assertTrue(run("assessment_ratings", text, self.manager).ok)
        _columns, rows = export_table("assessment_ratings", user=self.manager)
        self.assertEqual(next(rows), ["党建工作百分制考核", 2015, "中原区/桐柏路街道", "", "U-PCS", 4, "服务好"])
        again = self.round_trip("assessment_ratings", self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 1))

    # --- talent pools ------------------------------------------------------------------------------------------

    def test_talent_pools_with_their_reported_head_count_and_history(self):
        result = run("talent_pools", POOLS, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        pools = {
            pool.name: (pool.region, pool.kind, pool.established_on, pool.reported_count, pool.count_approximate)
            for pool in TalentPool.objects.all()
        }
        self.assertEqual(
            pools,
            {
                "乡土人才库": (self.community_a, PoolKind.RURAL_TALENT, D(2019, 5, 1), 460, False),
                "村级后备干部库": (self.community_b, PoolKind.RESERVE_CADRES, None, 265, True),
            },
        )
        created = history_of(TalentPool.objects.get(name="乡土人才库")).get()
        self.assertEqual((created.source, created.batch_id), (Source.IMPORT, result.batch.pk))
        again = run("talent_pools", POOLS.replace(",460", ",470"), self.manager)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 1))
        self.assertEqual(TalentPool.objects.get(name="乡土人才库").reported_count, 470)

    def test_a_pool_with_a_bad_count_names_row_and_column_and_writes_nothing(self):
        result = run("talent_pools", POOLS.replace("265余", "很多"), self.manager)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("报告人数", errors(result))
        self.assertFalse(TalentPool.objects.exists())

    def test_a_pool_outside_the_clerks_regions_is_refused(self):
        result = run("talent_pools", POOLS, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("所在区域", errors(result))
        self.assertFalse(TalentPool.objects.exists())

    def test_talent_pools_export_as_written_and_import_back_unchanged(self):
        self.assertTrue(run("talent_pools", POOLS, self.manager).ok)
        _columns, rows = export_table("talent_pools", user=self.manager)
        self.assertEqual(sorted(str(row[4]) for row in rows), ["265多", "460"])
        again = self.round_trip("talent_pools", self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 2))
        self.assertEqual([row[0] for row in export_table("talent_pools", user=self.clerk_b)[1]], ["村级后备干部库"])
        self.client.force_login(self.clerk_b)
        response = self.client.get("/admin/regional/talentpool/export/csv/")
        self.assertNotIn("乡土人才库", response.content.decode("utf-8-sig"))

    def test_a_pool_the_members_kind_created_is_matched(self):
        pool = registers.talent_pool_create(
            actor=self.manager, region=self.community_a, name="乡土人才库", kind=PoolKind.RURAL_TALENT
        )
        result = run("talent_pools", POOLS, self.manager)
        self.assertEqual((result.created, result.updated), (1, 1))
        pool.refresh_from_db()
        self.assertEqual((pool.reported_count, pool.established_on), (460, D(2019, 5, 1)))

    # --- templates and pages ----------------------------------------------------------------------------------

    def test_each_new_kind_has_a_template_and_an_import_page(self):
        first_headers = {
            "assessment_items": (
                "assessmentitem",
                ["考核名称", "年度", "考核区域", "组织党组织", "满分", "考核项目", "分值", "排序"],
            ),
            "assessment_ratings": (
                "assessmentrating",
                ["考核名称", "年度", "考核区域", "被考核党组织", "被考核单位", "星级", "评语"],
            ),
            "talent_pools": ("talentpool", ["人才库", "所在区域", "人才库类型", "建立日期", "报告人数"]),
        }
        self.client.force_login(self.clerk_a)
        for kind, (model, headers) in first_headers.items():
            with self.subTest(kind=kind):
                columns, _rows = export_table(kind, template=True)
                self.assertEqual([column.header for column in columns], headers)
                response = self.client.get(f"/admin/regional/{model}/template/csv/")
                self.assertTrue(response.content.decode("utf-8-sig").startswith(",".join(headers)))
                self.assertEqual(self.client.get(f"/admin/regional/{model}/import/").status_code, 200)
