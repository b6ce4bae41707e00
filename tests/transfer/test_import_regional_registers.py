"""The regional registers' import kinds: elections, office holders, assessment scores, supervision checks, talent
pool members, surveys and suggestions.

Each row is written through ``regional``'s services (scope, permission, history with the batch); one bad row
writes nothing; a record outside the importer's regions is refused as if it were not there.
"""

import datetime
import io
from decimal import Decimal

from django.test import TestCase
from django.utils import translation

from history.models import Source
from history.services import history_of
from regional import assessment
from regional.models import (
    AssessmentScore,
    Election,
    ElectionKind,
    OfficeHolder,
    Position,
    Suggestion,
    SuggestionStatus,
    SupervisionCheck,
    Survey,
    TalentPool,
    TalentPoolMember,
)
from tests.factories import make_organization, make_person
from tests.personas import PersonasMixin
from tests.regional.helpers import RegionalMixin
from transfer.exporting import export_table, write_csv
from transfer.importer import run_import

D = datetime.date
ID_NUMBER = "410102199001011234"


def run(kind, text, user, *, encoding="utf-8"):
    return run_import(kind=kind, file=io.BytesIO(text.encode(encoding)), file_name=f"{kind}.csv", user=user)


def errors(result):
    return " ".join(str(error) for error in result.errors)


class RegisterImportTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.branch = make_organization(cls.community_a, "西站东社区党支部")
        cls.branch_b = make_organization(cls.community_b, "西站西社区党支部")
        cls.wang = make_person(cls.community_a, "王强", phone="13900002222")
        cls.zhao = make_person(cls.community_a, "赵敏", id_number=ID_NUMBER)
        cls.outsider = make_person(cls.community_b, "钱多", phone="13900003333")

    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def round_trip(self, kind, user):
        """Export ``kind`` as ``user`` and import the file back: the result of the second import."""
        out = io.BytesIO()
        write_csv(*export_table(kind, user=user), out)
        return run_import(kind=kind, file=io.BytesIO(out.getvalue()), file_name="导出.csv", user=user)

    # --- elections and office holders ---------------------------------------------------------------------

    def test_elections_come_from_a_gb18030_file_with_the_deadline_flag_and_history(self):
        text = (
            "党组织,选举类型,选举日期,日期为期限,备注\n"
            "西站东社区党支部,换届,2020-06-30,是,于6月底前完成换届\n"
            "西站东社区党支部,成立大会,2016-03-01,,\n"
        )
        result = run("elections", text, self.clerk_a, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 2)
        general = Election.objects.get(kind=ElectionKind.GENERAL)
        self.assertEqual((general.held_on, general.on_or_before), (D(2020, 6, 30), True))
        self.assertEqual(Election.objects.get(kind=ElectionKind.FOUNDING).on_or_before, False)
        change = history_of(general).get()
        self.assertEqual((change.source, change.batch_id), (Source.IMPORT, result.batch.pk))
        again = run("elections", text.replace("于6月底前完成换届", "13个党支部完成换届"), self.clerk_a)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 1))
        general.refresh_from_db()
        self.assertEqual(general.notes, "13个党支部完成换届")

    def test_an_election_with_a_bad_date_names_row_and_column_and_writes_nothing(self):
        text = "党组织,选举日期\n西站东社区党支部,2020-06-30\n西站东社区党支部,2020-13-45\n"
        result = run("elections", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("选举日期", errors(result))
        self.assertFalse(Election.objects.exists())

    def test_an_election_of_an_organization_outside_the_clerks_regions_is_refused(self):
        text = "党组织,选举日期\n西站东社区党支部,2020-06-30\n西站西社区党支部,2020-06-30\n"
        result = run("elections", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("西站西社区党支部", errors(result))
        self.assertFalse(Election.objects.exists())

    def test_office_holders_with_their_term_election_and_person(self):
        run("elections", "党组织,选举日期\n西站东社区党支部,2020-06-30\n", self.clerk_a)
        text = (
            "党组织,姓名,职务,任期开始,任期结束,换届日期,手机\n"
            "西站东社区党支部,王强,书记,2020-06-30,2025-06-29,2020-06-30,13900002222\n"
            "西站东社区党支部,李丽,委员,2020-06-30,,,\n"
        )
        result = run("office_holders", text, self.clerk_a)
        self.assertTrue(result.ok, result.errors)
        secretary = OfficeHolder.objects.get(name="王强")
        self.assertEqual(
            (secretary.position, secretary.person, secretary.term_end, secretary.election.held_on),
            (Position.SECRETARY, self.wang, D(2025, 6, 29), D(2020, 6, 30)),
        )
        self.assertIsNone(OfficeHolder.objects.get(name="李丽").person)
        again = run("office_holders", text.replace(",,,", ",2025-06-29,,"), self.clerk_a)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 1))
        self.assertEqual(OfficeHolder.objects.get(name="李丽").term_end, D(2025, 6, 29))

    def test_an_office_holder_elected_on_a_day_with_no_election_writes_nothing(self):
        text = "党组织,姓名,职务,换届日期\n西站东社区党支部,李丽,委员,\n西站东社区党支部,王强,书记,2020-06-30\n"
        result = run("office_holders", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("换届日期", errors(result))
        self.assertFalse(OfficeHolder.objects.exists())

    def test_a_person_outside_the_clerks_regions_is_not_found(self):
        text = "党组织,姓名,职务,手机\n西站东社区党支部,钱多,委员,13900003333\n"
        result = run("office_holders", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("13900003333", errors(result))
        self.assertNotIn("西站西社区", errors(result))
        self.assertFalse(OfficeHolder.objects.exists())

    def test_office_holders_export_masked_and_import_back_unchanged(self):
        run("elections", "党组织,选举日期\n西站东社区党支部,2020-06-30\n", self.clerk_a)
        text = "党组织,姓名,职务,任期开始,换届日期,手机\n西站东社区党支部,王强,书记,2020-06-30,2020-06-30,13900002222\n"
        self.assertTrue(run("office_holders", text, self.clerk_a).ok)
        _columns, rows = export_table("office_holders", user=self.clerk_a)
        self.assertEqual(next(rows)[6], "139****2222")  # a clerk sees no personal data
        again = self.round_trip("office_holders", self.clerk_a)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 0, 1))
        self.assertEqual(OfficeHolder.objects.get().person, self.wang)
        elections = self.round_trip("elections", self.clerk_a)
        self.assertEqual((elections.created, elections.skipped), (0, 1))

    # --- assessment scores and supervision checks -------------------------------------------------------------

    def scheme(self, region=None):
        scheme = assessment.assessment_scheme_create(
            actor=self.manager, region=region or self.subdistrict, name="党建工作百分制考核", year=2015
        )
        assessment.assessment_item_add(actor=self.manager, scheme=scheme, name="组织建设", weight=Decimal(30))
        assessment.assessment_item_add(actor=self.manager, scheme=scheme, name="服务群众", weight=Decimal(20))
        return scheme

    def test_assessment_scores_for_a_branch_and_a_unit_and_a_corrected_score(self):
        self.scheme()
        text = (
            "考核名称,年度,考核项目,被考核党组织,被考核单位,得分\n"
            "党建工作百分制考核,2015,组织建设,西站东社区党支部,,28.5\n"
            "党建工作百分制考核,2015,服务群众,西站东社区党支部,,18\n"
            "党建工作百分制考核,2015,组织建设,,U-PCS,25\n"
        )
        result = run("assessment_scores", text, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        scores = AssessmentScore.objects.values_list("item__name", "organization__name", "unit__code", "score")
        self.assertEqual(
            set(scores),
            {
                ("服务群众", "西站东社区党支部", None, Decimal("18")),
                ("组织建设", None, "U-PCS", Decimal("25")),
                ("组织建设", "西站东社区党支部", None, Decimal("28.5")),
            },
        )
        again = run("assessment_scores", text.replace("28.5", "29"), self.manager)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 2))
        score = AssessmentScore.objects.get(organization=self.branch, item__name="组织建设")
        self.assertEqual(score.score, Decimal("29"))
        self.assertEqual(history_of(score).count(), 2)

    def test_a_score_over_the_items_points_names_row_and_column_and_writes_nothing(self):
        self.scheme()
        text = (
            "考核名称,年度,考核项目,被考核党组织,得分\n"
            "党建工作百分制考核,2015,服务群众,西站东社区党支部,18\n"
            "党建工作百分制考核,2015,组织建设,西站东社区党支部,35\n"
            "党建工作百分制考核,2015,宣传工作,西站东社区党支部,5\n"
        )
        result = run("assessment_scores", text, self.manager)
        self.assertFalse(result.ok)
        message = errors(result)
        self.assertIn("第 3 行", message)
        self.assertIn("得分", message)
        self.assertIn("组织建设", message)
        self.assertIn("宣传工作", message)  # row 4: no such item, and the items it has
        self.assertIn("服务群众", message)
        self.assertFalse(AssessmentScore.objects.exists())

    def test_a_score_needs_one_subject(self):
        self.scheme()
        text = "考核名称,年度,考核项目,被考核党组织,被考核单位,得分\n"
        text += "党建工作百分制考核,2015,组织建设,西站东社区党支部,U-PCS,20\n"
        result = run("assessment_scores", text, self.manager)
        self.assertFalse(result.ok)
        self.assertIn("被考核党组织", errors(result))
        self.assertFalse(AssessmentScore.objects.exists())

    def test_an_assessment_outside_the_clerks_regions_is_not_found(self):
        self.scheme(region=self.community_b)
        text = "考核名称,年度,考核项目,被考核党组织,得分\n党建工作百分制考核,2015,组织建设,西站东社区党支部,20\n"
        result = run("assessment_scores", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("考核名称", errors(result))
        self.assertNotIn("西站西社区", errors(result))
        self.assertFalse(AssessmentScore.objects.exists())

    def test_assessment_scores_export_and_import_back_unchanged(self):
        self.scheme()
        text = "考核名称,年度,考核项目,被考核单位,得分\n党建工作百分制考核,2015,组织建设,U-PCS,25.5\n"
        self.assertTrue(run("assessment_scores", text, self.manager).ok)
        _columns, rows = export_table("assessment_scores", user=self.manager)
        self.assertEqual(
            next(rows), ["党建工作百分制考核", 2015, "中原区/桐柏路街道", "组织建设", "", "U-PCS", "25.50"]
        )
        again = self.round_trip("assessment_scores", self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 1))

    SUPERVISION = (
        "督导内容,所在区域,开始日期,结束日期,督导组数,区域数,区域所指,点位数,点位所指\n"
        "科级干部驻点情况,中原区,2020-03-01,2020-03-31,3,10,街道,267,工地\n"
    )

    def test_a_supervision_check_with_its_counts_recorded_once(self):
        result = run("supervision_checks", self.SUPERVISION, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        check = SupervisionCheck.objects.get()
        self.assertEqual((check.groups, check.areas, check.places), (3, 10, 267))
        self.assertEqual(check.counts_display, "3个督导组，10个街道，267个工地")
        self.assertEqual(self.round_trip("supervision_checks", self.manager).skipped, 1)
        changed = run("supervision_checks", self.SUPERVISION.replace("267", "268"), self.manager)
        self.assertFalse(changed.ok)
        self.assertIn("第 2 行", errors(changed))
        check.refresh_from_db()
        self.assertEqual(check.places, 267)

    def test_a_supervision_count_without_what_it_counts_writes_nothing(self):
        text = self.SUPERVISION + "工地安全,中原区,2020-04-01,2020-04-30,2,,,15,\n"
        result = run("supervision_checks", text, self.manager)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("工地", errors(result))  # say what the places are (for example 工地)
        self.assertFalse(SupervisionCheck.objects.exists())

    def test_a_supervision_check_of_a_region_outside_the_clerks_is_refused(self):
        text = "督导内容,所在区域,开始日期,结束日期,督导组数\n驻点情况,西站西社区,2020-03-01,2020-03-31,1\n"
        result = run("supervision_checks", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("所在区域", errors(result))
        self.assertFalse(SupervisionCheck.objects.exists())

    # --- talent pools -----------------------------------------------------------------------------------------

    def test_talent_pool_members_by_phone_and_id_number_into_a_pool_the_file_creates(self):
        text = (
            "人才库,所在区域,人才库类型,姓名,手机,身份证号,入库日期,专长\n"
            f"乡土人才库,西站东社区,乡土人才库,王强,13900002222,,2019-05-01,种植\n"
            f"乡土人才库,西站东社区,,赵敏,,{ID_NUMBER},,养殖\n"
        )
        result = run("talent_pool_members", text, self.clerk_a, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        pool = TalentPool.objects.get()
        self.assertEqual((pool.name, pool.kind, pool.region), ("乡土人才库", "rural_talent", self.community_a))
        self.assertEqual(
            dict(TalentPoolMember.objects.values_list("person__name", "speciality")), {"王强": "种植", "赵敏": "养殖"}
        )
        again = run("talent_pool_members", text.replace("养殖", "养殖、加工"), self.clerk_a)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 1))

    def test_a_pool_not_there_without_its_kind_writes_nothing(self):
        text = (
            "人才库,所在区域,姓名,手机\n"
            "乡土人才库,西站东社区,王强,13900002222\n"
            "后备干部库,西站东社区,王强,13900002222\n"
        )
        result = run("talent_pool_members", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 2 行", errors(result))
        self.assertIn("人才库", errors(result))
        self.assertFalse(TalentPool.objects.exists())

    def test_a_pool_member_outside_the_clerks_regions_is_not_found(self):
        text = "人才库,所在区域,人才库类型,姓名,手机\n乡土人才库,西站东社区,乡土人才库,钱多,13900003333\n"
        result = run("talent_pool_members", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("手机", errors(result))
        self.assertNotIn("西站西社区", errors(result))
        self.assertFalse(TalentPool.objects.exists())

    def test_talent_pool_members_export_masked_and_import_back_unchanged(self):
        text = f"人才库,所在区域,人才库类型,姓名,身份证号\n乡土人才库,西站东社区,乡土人才库,赵敏,{ID_NUMBER}\n"
        self.assertTrue(run("talent_pool_members", text, self.clerk_a).ok)
        again = self.round_trip("talent_pool_members", self.clerk_a)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 1))

    # --- surveys and suggestions ------------------------------------------------------------------------------

    SURVEY = (
        "调查名称,所在区域,调查日期,共建单位,调查对象,调查数量,调查结果,建议主题,收集建议数,现场解答数\n"
        "安全感指数调查,西站东社区,2015-06-10,U-PCS,沿街商户,1100多,安全感指数95%,治安、环境,50多,20多\n"
    )

    def test_a_survey_with_approximate_counts_exports_them_as_written(self):
        result = run("surveys", self.SURVEY, self.clerk_a, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        survey = Survey.objects.get()
        self.assertEqual(
            (survey.respondents, survey.respondents_approximate, survey.suggestions_reported, survey.unit),
            (1100, True, 50, self.unit),
        )
        _columns, rows = export_table("surveys", user=self.clerk_a)
        row = next(rows)
        self.assertEqual((row[6], row[9], row[10]), ("1100多", "50多", "20多"))
        again = self.round_trip("surveys", self.clerk_a)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 1))
        exact = run("surveys", self.SURVEY.replace("1100多", "1123"), self.clerk_a)
        self.assertEqual(exact.updated, 1)
        survey.refresh_from_db()
        self.assertEqual((survey.respondents, survey.respondents_approximate), (1123, False))

    def test_a_survey_count_that_is_no_number_names_row_and_column_and_writes_nothing(self):
        text = self.SURVEY + "满意度调查,西站东社区,2015-07-01,,居民,很多,,,,\n"
        result = run("surveys", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("调查数量", errors(result))
        self.assertFalse(Survey.objects.exists())

    def test_a_survey_with_a_unit_outside_the_clerks_regions_is_refused(self):
        result = run("surveys", self.SURVEY.replace("U-PCS", "U-SCH"), self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("共建单位", errors(result))
        self.assertFalse(Survey.objects.exists())

    SUGGESTIONS = (
        "所在区域,所属调查,主题,建议内容,提出日期,办理状态,办理日期,答复情况\n"
        "西站东社区,安全感指数调查,治安,夜间增加巡逻,2015-06-10,当场解答,2015-06-10,已安排民警夜间巡逻\n"
        "西站东社区,,环境,增设垃圾桶,2015-06-10,,,\n"
    )

    def test_suggestions_from_a_survey_with_how_they_were_handled(self):
        run("surveys", self.SURVEY, self.clerk_a)
        result = run("suggestions", self.SUGGESTIONS, self.clerk_a, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        patrol = Suggestion.objects.get(topic="治安")
        self.assertEqual(
            (patrol.status, patrol.handled_on, patrol.survey),
            (SuggestionStatus.ANSWERED, D(2015, 6, 10), Survey.objects.get()),
        )
        self.assertEqual(Suggestion.objects.get(topic="环境").status, SuggestionStatus.RECEIVED)
        handled = self.SUGGESTIONS.replace("增设垃圾桶,2015-06-10,,,", "增设垃圾桶,2015-06-10,已办结,2015-07-01,已增设")
        again = run("suggestions", handled, self.clerk_a)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 1, 1))
        bins = Suggestion.objects.get(topic="环境")
        self.assertEqual((bins.status, bins.response), (SuggestionStatus.HANDLED, "已增设"))
        self.assertEqual(self.round_trip("suggestions", self.clerk_a).skipped, 2)

    def test_a_suggestion_handled_without_a_date_names_row_and_column_and_writes_nothing(self):
        text = self.SUGGESTIONS.replace(",,,\n", ",已办结,,已增设\n").replace("安全感指数调查", "")
        result = run("suggestions", text, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("办理日期", errors(result))
        self.assertFalse(Suggestion.objects.exists())

    def test_a_survey_of_community_a_is_not_found_by_the_clerk_of_b(self):
        run("surveys", self.SURVEY, self.clerk_a)
        text = "所在区域,所属调查,主题,建议内容,提出日期\n西站西社区,安全感指数调查,治安,夜间增加巡逻,2015-06-10\n"
        result = run("suggestions", text, self.clerk_b)
        self.assertFalse(result.ok)
        self.assertIn("所属调查", errors(result))
        self.assertFalse(Suggestion.objects.exists())
        result = run("suggestions", self.SUGGESTIONS.replace("安全感指数调查", ""), self.clerk_b)
        self.assertFalse(result.ok)
        self.assertIn("西站东社区", errors(result))
        self.assertFalse(Suggestion.objects.exists())

    # --- templates and pages ----------------------------------------------------------------------------------

    def test_each_new_kind_has_a_template_and_an_import_page(self):
        first_headers = {
            "elections": ("election", ["党组织", "选举类型", "选举日期", "日期为期限", "备注"]),
            "office_holders": ("officeholder", ["党组织", "姓名", "职务", "任期开始", "任期结束", "换届日期"]),
            "assessment_scores": ("assessmentscore", ["考核名称", "年度", "考核区域", "考核项目"]),
            "supervision_checks": ("supervisioncheck", ["督导内容", "所在区域", "组织单位", "开始日期"]),
            "talent_pool_members": ("talentpoolmember", ["人才库", "所在区域", "人才库类型", "姓名"]),
            "surveys": ("survey", ["调查名称", "所在区域", "调查日期", "组织单位", "共建单位", "调查对象"]),
            "suggestions": ("suggestion", ["所在区域", "所属调查", "调查日期", "主题", "建议内容"]),
        }
        self.client.force_login(self.clerk_a)
        for kind, (model, headers) in first_headers.items():
            with self.subTest(kind=kind):
                columns, _rows = export_table(kind, template=True)
                self.assertEqual([column.header for column in columns][: len(headers)], headers)
                response = self.client.get(f"/admin/regional/{model}/template/csv/")
                self.assertTrue(response.content.decode("utf-8-sig").startswith(",".join(headers)))
                self.assertEqual(self.client.get(f"/admin/regional/{model}/import/").status_code, 200)

    def test_an_export_holds_only_the_records_of_the_users_regions(self):
        run("elections", "党组织,选举日期\n西站东社区党支部,2020-06-30\n西站西社区党支部,2020-06-30\n", self.manager)
        run("surveys", self.SURVEY, self.manager)
        self.assertEqual([row[0] for row in export_table("elections", user=self.clerk_b)[1]], [self.branch_b.code])
        self.assertEqual(list(export_table("surveys", user=self.clerk_b)[1]), [])
        self.client.force_login(self.clerk_b)
        response = self.client.get("/admin/regional/election/export/csv/")
        self.assertNotIn("西站东社区党支部", response.content.decode("utf-8-sig"))
        self.assertNotIn(self.branch.code, response.content.decode("utf-8-sig"))
