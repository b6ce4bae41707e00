"""``manage.py load_demo`` holds the figures of the five news reports, and the totals add up to them."""

import datetime
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Sum
from django.test import TestCase
from django.utils import translation

from accounts.scope import scope_of
from activities import rollups
from activities.models import Activity, Category, Indicator, IndicatorValue, MonthlyTotal, Participation, Status
from communities.models import Organization, OrganizationKind, Project, Region, ServiceSite, SiteStatus
from demo import data as demo
from evidence.models import EvidenceFile
from evidence.services import storage
from history.models import Action
from history.services import history_of
from regional.models import (
    AssessmentScheme,
    CommitteeMembership,
    Election,
    ElectionKind,
    MemberUnit,
    OfficeHolder,
    Pairing,
    PairingKind,
    PartyKind,
    PoolKind,
    Step,
    SupervisionCheck,
    Survey,
    TalentPool,
    UnitCount,
)
from tests.personas import log_in
from volunteers.models import Person, Team, TeamKind, TeamMembership

PASSWORD = "demo-password-for-tests"
ALL_MODELS = [
    Region,
    Organization,
    ServiceSite,
    Project,
    Team,
    Indicator,
    Activity,
    IndicatorValue,
    Person,
    TeamMembership,
    Participation,
    MemberUnit,
    UnitCount,
    CommitteeMembership,
    Pairing,
    Election,
    OfficeHolder,
    TalentPool,
    Survey,
    AssessmentScheme,
    SupervisionCheck,
    get_user_model(),
]


def load_demo(**options):
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def year(y):
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)


def indicator_total(activities, code):
    """The sum of one indicator over ``activities``."""
    values = IndicatorValue.objects.filter(activity__in=activities, indicator__code=code)
    return values.aggregate(total=Sum("value"))["total"]


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo(user="demo", password=PASSWORD)
        cls.dapeng = Region.objects.get(code="440399")
        cls.weidong = Region.objects.get(code="410403")
        cls.zhongyuan = Region.objects.get(code="410102")
        cls.zhengdong = Region.objects.get(code="410190")

    def totals(self, region, y):
        return Activity.objects.in_subtree(region).approved().in_period(*year(y)).totals()

    def test_dapeng_in_2021_totals_2112_volunteers_3168_hours_and_397636_people_served(self):
        totals = self.totals(self.dapeng, 2021)
        self.assertEqual(totals["volunteers"], 2112)
        self.assertEqual(totals["volunteer_hours"], Decimal("3168"))
        self.assertEqual(totals["people_served"], 397_636)

    def test_dapeng_traffic_angels_are_the_team_behind_those_figures(self):
        activity = Activity.objects.get(external_id="DEMO-0030")
        self.assertEqual(activity.team.name, "“马路天使”文明交通志愿服务队")
        self.assertEqual((activity.start_date, activity.date), (datetime.date(2021, 1, 1), datetime.date(2021, 9, 30)))

    def test_dapeng_womens_and_family_work_adds_up_for_2021(self):
        totals = self.totals(self.dapeng, 2021)
        self.assertEqual(totals["households"], 203 + 500)  # 困境妇女儿童 + 益家大讲堂
        self.assertEqual(totals["sessions"], 3 + 2 + 25 + 17)  # 互助会, 成长营, 宅集颂, 益家大讲堂
        self.assertEqual(totals["participants"], 89_000)

    def test_weidong_public_safety_visit_visits_no_households_its_1100_shops_are_the_surveys(self):
        safety = Activity.objects.in_subtree(self.weidong).filter(category__code="public_safety")
        self.assertEqual(safety.totals()["households"], 0)
        self.assertEqual(indicator_total(safety, "suggestions"), 50)
        self.assertEqual(indicator_total(safety, "questions_answered"), 20)
        visit = Activity.objects.get(external_id="DEMO-0050")
        self.assertEqual((visit.date, visit.participants), (datetime.date(2015, 12, 8), 8))
        self.assertEqual(visit.organization.name, "东安路派出所")
        self.assertEqual(visit.organization.kind, OrganizationKind.RESIDENT_UNIT)

    def test_weidong_in_2015_totals_its_loans_trainings_and_mediated_disputes(self):
        totals = self.totals(self.weidong, 2015)
        self.assertEqual(totals["funds"], Decimal("150000"))  # 文化广场: invested; the loans are not funds
        self.assertEqual(totals["households"], 16)  # 16户困难群众; the 1100 shops are not households
        self.assertEqual(totals["sessions"], 20 + 13 + 12 + 30 + 80)  # 场次 and 次 of events; no 期 among them
        weidong = Activity.objects.in_subtree(self.weidong)
        self.assertEqual(indicator_total(weidong, "loans_granted"), Decimal("36200000"))
        self.assertEqual(indicator_total(weidong, "loan_recipients"), 362)
        self.assertEqual(indicator_total(weidong, "training_classes"), 90 + 7)
        self.assertEqual(indicator_total(weidong, "disputes_mediated"), 2170)
        self.assertEqual(indicator_total(weidong, "students_aided"), 23)

    def test_each_report_figure_is_held_on_its_activity(self):
        expected = {
            "DEMO-0001": {"participants": 8000},  # 网上答题竞赛
            "DEMO-0007": {"households": 86},  # 妇联 “六一” 走访
            "DEMO-0010": {"volunteers": None, "volunteer_hours": Decimal("20000")},  # 青年志愿者 (400: heads)
            "DEMO-0011": {"sessions": 250},  # 青年志愿者培训
            "DEMO-0015": {"sessions": 25, "participants": 200},  # 统战
            "DEMO-0020": {"sessions": None, "participants": 7476},  # 干部教育培训 (83期: training classes)
            "DEMO-0035": {"sessions": 17, "households": 500, "participants": 89000},  # 益家大讲堂
            "DEMO-0040": {"volunteers": None, "participants": None},  # 中原区 党员 / 群众: heads, indicators
            "DEMO-0042": {"participants": 14},  # 中原区 6-24 观摩
            "DEMO-0051": {"sessions": None, "participants": None},  # 卫东区 妇女培训: 90余期, 近万名 (indicators)
            "DEMO-0052": {"people_served": None, "funds": None},  # 小额担保贷款: loans, not funds invested
            "DEMO-0054": {"sessions": 20, "participants": 1000},  # 安培社区 讲座
            "DEMO-0056": {"households": 16},  # 安培社区 帮扶
            "DEMO-0057": {"sessions": 13, "participants": 500},  # 人民调解员培训
            "DEMO-0059": {"sessions": 12},  # 蒲城街道 协调会议
            "DEMO-0060": {"funds": Decimal("150000")},  # 蒲城村 文化广场
            "DEMO-0061": {"sessions": 30},  # 蒲城街道 集中学习
            "DEMO-0062": {"sessions": None, "participants": 1000},  # 蒲城街道 专题培训 (7期: training classes)
            "DEMO-0063": {"sessions": 80},  # 蒲城街道 党员志愿服务
        }
        activities = {a.external_id: a for a in Activity.objects.filter(external_id__in=expected)}
        for external_id, measures in expected.items():
            for field, value in measures.items():
                with self.subTest(activity=external_id, measure=field):
                    self.assertEqual(getattr(activities[external_id], field), value)

    def test_each_report_indicator_is_held_on_its_activity(self):
        expected = [
            ("DEMO-0008", "new_unions", 16),
            ("DEMO-0008", "new_union_members", 400),
            ("DEMO-0013", "new_league_members", 800),
            ("DEMO-0058", "disputes_mediated", 2170),
            ("DEMO-0010", "volunteers_recruited", 400),
            ("DEMO-0020", "training_classes", 83),
            ("DEMO-0040", "members_mobilized", 3760),
            ("DEMO-0040", "masses_mobilized", 15000),
            ("DEMO-0051", "training_classes", 90),
            ("DEMO-0051", "trainees", 10000),
            ("DEMO-0052", "loans_granted", 36200000),
            ("DEMO-0052", "loan_recipients", 362),
            ("DEMO-0054", "tutoring_answers", 1000),
            ("DEMO-0062", "training_classes", 7),
        ]
        for external_id, code, value in expected:
            with self.subTest(activity=external_id, indicator=code):
                row = IndicatorValue.objects.get(activity__external_id=external_id, indicator__code=code)
                self.assertEqual(row.value, value)

    def test_the_reports_approximate_figures_keep_their_qualifiers(self):
        expected = [
            ("DEMO-0001", "participants", "8000余"),
            ("DEMO-0030", "people_served", "约397636"),
            ("DEMO-0035", "households", "近500"),
            ("DEMO-0054", "participants", "1000多"),
            ("DEMO-0020", "participants", "7476"),
        ]
        for external_id, field, text in expected:
            with self.subTest(activity=external_id, measure=field):
                self.assertEqual(Activity.objects.get(external_id=external_id).written(field), text)
        values = [
            ("DEMO-0050", "shops_surveyed", "多"),
            ("DEMO-0050", "suggestions", "多"),
            ("DEMO-0051", "trainees", "近"),
            ("DEMO-0054", "tutoring_answers", "上"),
            ("DEMO-0052", "loans_granted", ""),
        ]
        for external_id, code, qualifier in values:
            with self.subTest(activity=external_id, indicator=code):
                row = IndicatorValue.objects.get(activity__external_id=external_id, indicator__code=code)
                self.assertEqual(row.qualifier, qualifier)

    def test_every_indicator_says_what_it_counts_in_its_unit(self):
        for indicator in Indicator.objects.all():
            with self.subTest(indicator=indicator.code):
                self.assertTrue(indicator.unit)
                self.assertTrue(indicator.counts)

    def test_the_monthly_totals_hold_the_demo_records(self):
        self.assertEqual(rollups.verify(), [])
        self.assertTrue(MonthlyTotal.objects.exists())

    def test_activities_are_approved_and_dated_in_their_reports_years(self):
        # Only the clerk's three records in review (not from the reports) are not approved.
        in_review = Activity.objects.exclude(status=Status.APPROVED)
        self.assertEqual(set(in_review.values_list("external_id", flat=True)), {"DEMO-W01", "DEMO-W02", "DEMO-W03"})
        for region, report_year in [(self.zhengdong, 2020), (self.zhongyuan, 2020), (self.dapeng, 2021)]:
            with self.subTest(region=region.name):
                dates = Activity.objects.in_subtree(region).values_list("date__year", flat=True).distinct()
                self.assertEqual(set(dates), {report_year})
        self.assertEqual(set(Activity.objects.in_subtree(self.weidong).values_list("date__year", flat=True)), {2015})

    def test_zhongyuan_renovation_has_487_planned_301_started_and_177_completed(self):
        project = Project.objects.get(name="中原区老旧小区改造")
        self.assertEqual((project.year, project.planned, project.started, project.completed), (2020, 487, 301, 177))

    def test_the_other_projects_hold_their_reported_counts(self):
        planned = dict(Project.objects.values_list("name", "planned"))
        self.assertEqual(planned["郑东新区区域共驻共建项目"], 49)
        self.assertEqual(planned["村(社区)党组织活动场所改造"], 94)
        self.assertEqual(planned["城乡接合部改造工程性项目"], 29)
        self.assertEqual(planned["城乡接合部改造管理性项目"], 392)
        self.assertEqual(planned["新建“绿城妈妈”项目"] + planned["新建“儿童之家”项目"], 2)
        self.assertEqual((planned["提升“绿城妈妈”项目"], planned["提升“儿童之家”项目"]), (5, 2))

    def test_zhengdong_has_235_shock_and_vanguard_teams_with_13000_members(self):
        teams = Team.objects.filter(kind__in=[TeamKind.PARTY_SHOCK, TeamKind.PARTY_VANGUARD])
        self.assertEqual(teams.aggregate(n=Count("pk"), members=Sum("member_count")), {"n": 235, "members": 13000})
        self.assertFalse(teams.exclude(region=self.zhengdong).exists())

    def test_zhengdong_has_12_youth_teams_with_400_members(self):
        teams = Team.objects.filter(kind=TeamKind.YOUTH, region=self.zhengdong)
        self.assertEqual(teams.aggregate(n=Count("pk"), members=Sum("member_count")), {"n": 12, "members": 400})

    def test_the_other_reported_teams_exist(self):
        self.assertEqual(Team.objects.get(kind=TeamKind.TRAFFIC).region, self.dapeng)
        self.assertTrue(Team.objects.filter(kind=TeamKind.WOMEN, region=self.zhengdong).exists())
        pucheng = Region.objects.get(name="蒲城街道")
        self.assertEqual(Team.objects.filter(kind=TeamKind.PARTY_VOLUNTEER, region=pucheng).count(), 10)

    def test_13_agency_branches_completed_their_election_by_the_end_of_june_2020(self):
        branches = Organization.objects.filter(
            kind=OrganizationKind.BRANCH, term_start__gte=datetime.date(2020, 1, 1), term_start__lte=year(2020)[1]
        )
        self.assertEqual(branches.count(), 13)
        self.assertFalse(branches.filter(term_start__gt=datetime.date(2020, 6, 30)).exists())
        self.assertEqual(set(branches.values_list("parent__name", flat=True)), {"郑东新区机关党委"})
        self.assertTrue({"信访办党支部", "发改办党支部"} <= set(branches.values_list("name", flat=True)))

    def test_zhongyuan_has_61_functional_organizations_23_tent_branches_and_no_invented_agency_branches(self):
        counts = dict(
            Organization.objects.filter(region=self.zhongyuan).values_list("kind").annotate(n=Count("pk")).order_by()
        )
        self.assertEqual(counts[OrganizationKind.FUNCTIONAL], 61)
        self.assertEqual(counts[OrganizationKind.TEMPORARY_BRANCH], 23)
        # The 126 机关支部 are named nowhere: they are counts of an aggregate pairing, not organizations.
        self.assertNotIn(OrganizationKind.BRANCH, counts)
        self.assertFalse(Indicator.objects.filter(code__in=["paired_compounds", "worksites_supervised"]).exists())

    def test_some_organizations_are_demonstration_sites_and_none_is_invented_as_weak(self):
        self.assertFalse(Organization.objects.filter(is_weak=True).exists())
        demonstration = set(Organization.objects.filter(is_demonstration=True).values_list("name", flat=True))
        self.assertEqual(demonstration, {"花庄村党支部", "普惠社区党委"})

    def test_8_regional_centres_are_built_and_2_of_them_are_in_use(self):
        centres = ServiceSite.objects.filter(code__startswith="ZD-QY")
        self.assertEqual(centres.count(), 8)
        self.assertEqual(centres.filter(status=SiteStatus.IN_USE).count(), 2)
        self.assertEqual(centres.filter(status=SiteStatus.BUILT).count(), 6)
        self.assertFalse(centres.exclude(area_m2=Decimal("3300")).exists())

    def test_the_sports_park_centre_offers_60_services_on_3300_square_metres(self):
        centre = ServiceSite.objects.get(name="体育公园党群服务中心")
        self.assertEqual((centre.area_m2, centre.service_count), (Decimal("3300"), 60))
        self.assertEqual(centre.status, SiteStatus.IN_USE)
        self.assertTrue(centre.is_demonstration)

    def test_4_building_centres_are_built_and_3_under_construction(self):
        buildings = ServiceSite.objects.filter(code__startswith="ZD-LY")
        self.assertEqual(buildings.filter(status=SiteStatus.BUILT).count(), 4)
        self.assertEqual(
            set(buildings.filter(status=SiteStatus.BUILDING).values_list("name", flat=True)),
            {"千玺广场党建服务中心", "智慧岛党建服务中心", "商都路绿地双子塔党建服务中心"},
        )

    def test_dapeng_has_3_warm_bee_windows_and_a_peace_of_mind_station(self):
        names = list(ServiceSite.objects.filter(region=self.dapeng).values_list("name", flat=True))
        self.assertEqual(sum("暖蜂窗口" in name for name in names), 3)
        self.assertIn("大鹏新区安心驿站", names)

    def test_zhongyuan_pairs_126_agency_branches_with_408_courtyards_as_one_aggregate_record(self):
        pairing = Pairing.objects.get(name="机关支部与无主管楼院常态化结对共建")
        self.assertEqual((pairing.kind, pairing.region), (PairingKind.CO_BUILDING, self.zhongyuan))
        self.assertEqual((pairing.a_kind, pairing.a_count, pairing.a_label), (PartyKind.GROUP, 126, "机关支部"))
        self.assertEqual((pairing.b_kind, pairing.b_count, pairing.b_label), (PartyKind.GROUP, 408, "无主管楼院"))

    def test_zhongyuan_discipline_commission_contracts_14_subdistricts_46_villages_and_106_communities(self):
        contracted = Pairing.objects.filter(kind=PairingKind.CONTRACTING, a_organization__name="中原区纪委监委")
        self.assertEqual(
            sorted(contracted.values_list("b_count", "b_label")), [(14, "街道"), (46, "行政村"), (106, "社区")]
        )

    def test_the_district_committee_sent_3_groups_to_check_267_sites_in_10_subdistricts(self):
        check = SupervisionCheck.objects.get()
        self.assertEqual((check.groups, check.areas, check.areas_label), (3, 10, "街道"))
        self.assertEqual((check.places, check.places_label, check.region), (267, "工地", self.zhongyuan))
        self.assertFalse(IndicatorValue.objects.filter(activity__external_id="DEMO-0040", value=267).exists())

    def test_the_village_visit_is_an_activity_of_the_villages_contracting(self):
        visit = Activity.objects.get(external_id="DEMO-0044")
        self.assertEqual(visit.pairing.name, "区纪委监委中层领导干部分包行政村")

    def test_zhongyuan_stations_56_cadres_on_the_renovation_project(self):
        pairing = Pairing.objects.get(name="党员科级干部驻点包楼院、包路段")
        self.assertEqual((pairing.a_count, pairing.b_project.planned), (56, 487))

    def test_pucheng_leaders_visit_their_contact_points_at_least_twice_a_month(self):
        pairing = Pairing.objects.get(kind=PairingKind.CONTACT_POINT)
        self.assertEqual((pairing.a_organization.name, pairing.frequency), ("蒲城街道党工委", "每月不少于两次"))

    def test_the_police_station_is_a_member_unit_and_its_leader_sits_on_the_subdistrict_committee(self):
        unit = MemberUnit.objects.get(name="东安路派出所")
        member = CommitteeMembership.objects.get(unit=unit)
        self.assertEqual(
            (member.committee.name, member.step, member.title), ("东安路街道大工委", Step.APPOINTED, "所领导")
        )
        # The report gives the procedure but no dates and no name: none are invented.
        self.assertFalse(member.procedure_on_record)
        self.assertEqual((member.person, member.surveyed_on, member.appointed_on), (None, None, None))

    def test_13_agency_branch_elections_are_events_held_by_the_end_of_june_2020(self):
        elections = Election.objects.held_in(*year(2020)).filter(kind=ElectionKind.GENERAL)
        self.assertEqual(elections.count(), 13)
        self.assertEqual(set(elections.values_list("held_on", "on_or_before")), {(datetime.date(2020, 6, 30), True)})
        self.assertEqual(set(elections.values_list("organization__parent__name", flat=True)), {"郑东新区机关党委"})

    def test_the_new_social_stratum_association_was_founded_on_13_june_2020(self):
        election = Election.objects.get(kind=ElectionKind.FOUNDING)
        self.assertEqual(
            (election.organization.name, election.held_on),
            ("郑东新区新的社会阶层人士联谊会", datetime.date(2020, 6, 13)),
        )

    def test_liu_kaiping_is_the_secretary_of_the_donghu_branch(self):
        holder = OfficeHolder.objects.get(name="刘凯平")
        self.assertEqual((holder.organization.name, holder.get_position_display()), ("东湖社区党支部", "书记"))

    def test_zhengdong_units_taken_in_are_one_count_of_100_approximate_without_names(self):
        """[ZD-DJ] "吸纳驻区单位和“两新”组织百余家": one count, written with its history; no unit invented."""
        record = UnitCount.objects.get()
        self.assertEqual(
            (record.region, record.label, record.count, record.qualifier, record.as_of),
            (self.zhengdong, "驻区单位和“两新”组织", 100, "余", datetime.date(2020, 12, 31)),
        )
        self.assertTrue(history_of(record).filter(action=Action.CREATE).exists())
        self.assertFalse(MemberUnit.objects.filter(region__path__startswith=self.zhengdong.path).exists())

    def test_zhengdong_talent_pools_hold_the_reported_460_and_265_as_counts_without_names(self):
        pools = {pool.kind: pool for pool in TalentPool.objects.filter(region=self.zhengdong)}
        self.assertEqual(pools[PoolKind.RURAL_TALENT].reported_count, 460)
        self.assertEqual(pools[PoolKind.RESERVE_CADRES].reported_count, 265)
        self.assertFalse(TalentPool.objects.filter(members__isnull=False).exists())

    def test_the_safety_survey_holds_1100_shops_surveyed_50_suggestions_and_20_answers_all_approximate(self):
        survey = Survey.objects.get()
        self.assertEqual(
            (survey.respondents_label, survey.respondents, survey.respondents_approximate), ("沿街商户", 1100, True)
        )
        self.assertEqual((survey.suggestions_reported, survey.answered_reported), (50, 20))
        self.assertTrue(survey.suggestions_approximate and survey.answered_approximate)
        self.assertEqual(survey.unit.name, "东安路派出所")

    def test_the_two_assessments_are_recorded_without_invented_items_or_scores(self):
        schemes = dict(AssessmentScheme.objects.values_list("name", "year"))
        self.assertEqual(schemes, {"蒲城街道党建工作百分制考核": 2015, "村(社区)党组织书记“亮赛比”": 2020})
        self.assertFalse(AssessmentScheme.objects.filter(items__isnull=False).exists())
        self.assertFalse(AssessmentScheme.objects.filter(scores__isnull=False).exists())

    def test_regions_are_written_with_their_paths(self):
        compound = Region.objects.get(name="西站路82号院")
        self.assertEqual(compound.full_name, "河南省/郑州市/中原区/桐柏路街道/西站东社区/西站路82号院")
        self.assertTrue(compound.is_within(self.zhongyuan))
        self.assertEqual(Region.objects.subtree(self.weidong).filter(name__in=["安培社区", "程庄村"]).count(), 2)

    def test_the_volunteer_ledger_hours_match_the_activity_they_belong_to(self):
        activity = Activity.objects.get(external_id="DEMO-0053")
        ledger = activity.participations.aggregate(people=Count("person", distinct=True), hours=Sum("hours"))
        self.assertEqual(ledger, {"people": activity.volunteers, "hours": activity.volunteer_hours})

    def test_the_demo_people_have_valid_id_numbers_and_teams(self):
        for person in Person.objects.all():
            with self.subTest(person=person.name):
                person.full_clean()  # the GB 11643 check digit among the rest
                self.assertTrue(person.memberships.exists())

    def test_the_demo_user_can_log_in_as_a_superuser(self):
        self.assertTrue(log_in(self.client, "demo", PASSWORD))
        self.assertTrue(get_user_model().objects.get(username="demo").is_superuser)

    def test_a_clerk_a_reviewer_and_a_manager_log_in_with_the_demo_password_in_their_regions(self):
        for username, role, region in [
            ("clerk", "录入员", "安培社区"),
            ("reviewer", "审核员", "东安路街道"),
            ("manager", "管理者", "卫东区"),
        ]:
            with self.subTest(username):
                self.assertTrue(log_in(self.client, username, PASSWORD))
                account = get_user_model().objects.get(username=username)
                self.assertEqual(list(account.groups.values_list("name", flat=True)), [role])
                self.assertEqual([r.name for r in scope_of(account).regions], [region])
                self.assertIn(f"Demo login {username}", self.output)

    def test_evidence_files_are_drawn_at_load_time_and_counted(self):
        files = EvidenceFile.objects.select_related("kind").order_by("pk")
        self.assertEqual(files.count(), len(demo.EVIDENCE))
        self.assertEqual({f.media_type for f in files}, {"image/png", "application/pdf"})
        for evidence in files:
            with storage().open(evidence.stored_name, "rb") as handle:
                head = handle.read(8)
            self.assertIn(head[:5], {b"%PDF-", b"\x89PNG\r"})
        self.assertEqual(Activity.objects.get(external_id="DEMO-0050").evidence_count, 2)
        self.assertEqual(Activity.objects.get(external_id="DEMO-W01").evidence_count, 1)
        self.assertEqual(
            list(Category.objects.get(code="theme_day").required_evidence.values_list("name", flat=True)), ["签到表"]
        )
        # The manager's dashboard: 4 of 卫东区's approved records of 2015 have files.
        self.client.force_login(get_user_model().objects.get(username="manager"))
        share = self.client.get("/reports/", {"year": 2015}).context["evidence_share"]
        self.assertEqual(share.with_evidence, 4)

    def test_the_clerk_finds_a_returned_record_with_its_reason_a_submitted_one_and_a_draft(self):
        clerk = get_user_model().objects.get(username="clerk")
        returned = Activity.objects.get(external_id="DEMO-W01")
        self.assertEqual(returned.status, Status.RETURNED)
        self.assertEqual(returned.return_reason, "志愿者人数与签到表不符，请核对后补充签到表照片。")
        self.assertEqual(returned.reviewed_by.username, "reviewer")
        self.assertEqual(
            [c.action for c in history_of(returned)][::-1],
            [Action.CREATE, Action.UPDATE, Action.SUBMIT, Action.RETURN],  # the update: its photo
        )
        self.assertEqual(Activity.objects.get(external_id="DEMO-W02").status, Status.SUBMITTED)
        self.assertEqual(Activity.objects.get(external_id="DEMO-W03").created_by, clerk)
        # The clerk's 我的台账 opens on 2015, the year of their records, with the returned one in its tab.
        self.client.force_login(clerk)
        response = self.client.get("/workspace/", {"status": "returned"})
        self.assertEqual(response.context["form"].cleaned_data["year"], 2015)
        self.assertContains(response, "志愿者人数与签到表不符")

    def test_the_first_run_reports_what_it_created(self):
        self.assertIn("Loaded the demo data", self.output)
        self.assertIn(f"Activities: {Activity.objects.count()}", self.output)

    def test_a_second_run_changes_no_counts_and_says_so(self):
        before = {model: model.objects.count() for model in ALL_MODELS}
        output = load_demo(user="demo", password=PASSWORD)
        self.assertEqual({model: model.objects.count() for model in ALL_MODELS}, before)
        self.assertIn("already loaded", output)

    def test_a_second_run_sets_the_demo_password_again(self):
        load_demo(user="demo", password="a-new-password")
        self.assertFalse(log_in(self.client, "demo", PASSWORD))
        self.assertTrue(log_in(self.client, "demo", "a-new-password"))


class LoadDemoDryRunTests(TestCase):
    def test_a_dry_run_reports_the_counts_and_writes_nothing(self):
        output = load_demo(user="demo", password=PASSWORD, dry_run=True)
        self.assertIn("Regions: 33", output)
        self.assertFalse(Region.objects.exists())
        self.assertFalse(get_user_model().objects.exists())

    def test_without_a_password_no_login_is_created(self):
        output = load_demo(dry_run=True)
        self.assertIn("demo login was not created", output)
