"""Imports of regions, organizations, teams, people and participation."""

import io
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.utils import translation

from activities import rollups
from activities.models import Activity, MonthlyVolunteer, Participation, Status
from communities.models import Organization, Region
from history.models import Change, Source
from tests.factories import make_activity, make_person, make_team
from tests.personas import PersonasMixin
from transfer.exporting import export_table, write_csv
from transfer.importer import run_import
from volunteers.models import Person, Team, TeamMembership


def run(kind, text, **options):
    return run_import(kind=kind, file=io.BytesIO(text.encode("utf-8")), file_name="t.csv", **options)


class OtherKindsTests(PersonasMixin, TestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def grant(self, user, *codenames):
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        return type(user).objects.get(pk=user.pk)

    def test_regions_import_under_a_parent_named_by_path_and_reimport_unchanged(self):
        text = "代码,名称,级别,上级\nC1,新社区,社区,中原区/桐柏路街道\nG1,一网格,网格,C1\n"
        result = run("regions", text)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Region.objects.get(code="G1").full_name, "中原区/桐柏路街道/新社区/一网格")
        again = run("regions", text)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 0, 2))
        self.assertEqual(Change.objects.filter(source=Source.IMPORT, batch_id=result.batch.pk).count(), 2)

    def test_organizations_and_teams_import_by_code_with_history(self):
        result = run("organizations", "代码,名称,类型,所属区域,党员数\nO-1,西站东社区党委,党委,西站东社区,56\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Organization.objects.get(code="O-1").member_count, 56)
        result = run(
            "teams", "代码,名称,类型,所属区域,主管组织,人数\nT-1,青年队,青年志愿服务队,西站东社区,西站东社区党委,三十\n"
        )
        self.assertTrue(result.ok, result.errors)
        team = Team.objects.get(code="T-1")
        self.assertEqual((team.organization.code, team.member_count, team.import_batch), ("O-1", 30, result.batch))
        self.assertTrue(Change.objects.filter(object_id=team.pk, batch_id=result.batch.pk).exists())

    def test_organizations_and_teams_export_the_columns_they_import_and_reimport_unchanged(self):
        orgs = "代码,名称,类型,所属区域,上级组织,负责人,党员数,本届开始,任期年限\n"
        orgs += "O-1,西站东社区党委,党委,西站东社区,,王芳,56,2021-06-13,5\nO-2,第一支部,党支部,西站东社区,O-1,,12,,\n"
        result = run("organizations", orgs)
        self.assertTrue(result.ok, result.errors)
        teams = "代码,名称,类型,所属区域,主管组织,队长,人数\nT-1,青年队,青年志愿服务队,西站东社区,O-1,李明,30\n"
        self.assertTrue(run("teams", teams).ok)
        for kind, expected in (
            ("organizations", "O-2,第一支部,党支部,中原区/桐柏路街道/西站东社区,O-1,,12,,"),
            ("teams", "T-1,青年队,青年志愿服务队,中原区/桐柏路街道/西站东社区,O-1,李明,30"),
        ):
            out = io.BytesIO()
            write_csv(*export_table(kind), out)
            exported = out.getvalue()
            self.assertIn(expected, exported.decode("utf-8-sig"))
            again = run(kind, exported.decode("utf-8-sig"))
            self.assertTrue(again.ok, again.errors)
            self.assertEqual((again.created, again.updated), (0, 0), kind)

    def test_a_clerk_without_the_permission_may_not_import_regions(self):
        result = run("regions", "代码,名称,级别,上级\nC1,新社区,社区,桐柏路街道\n", user=self.clerk_a)
        self.assertIn("您没有导入区域的权限", result.file_error)
        self.assertFalse(Region.objects.filter(code="C1").exists())

    def test_people_match_on_id_number_else_phone_and_name_and_are_never_duplicated(self):
        team = make_team(self.community_a, "青年队")
        text = (
            "姓名,手机,身份证号,性别,所属区域,所属队伍\n"
            "张三,13812341234,,男,西站东社区,青年队\n"
            "李四,,11010519491231002X,女,西站东社区,\n"
        )
        first = run("people", text)
        self.assertTrue(first.ok, first.errors)
        second = run("people", text)
        self.assertEqual((second.created, second.updated, second.skipped), (0, 0, 2))
        self.assertEqual(Person.objects.count(), 2)
        self.assertEqual(TeamMembership.objects.get().team, team)

    def test_people_exports_mask_phones_unless_the_user_may_see_them(self):
        make_person(self.community_a, "张三", phone="13812341234")
        clerk = self.grant(self.clerk_a, "export_people")
        out = io.BytesIO()
        write_csv(*export_table("people", user=clerk), out)
        self.assertIn("138****1234", out.getvalue().decode("utf-8-sig"))
        manager = self.grant(self.manager, "export_people")
        out = io.BytesIO()
        write_csv(*export_table("people", user=manager), out)
        self.assertIn("13812341234", out.getvalue().decode("utf-8-sig"))

    def test_participation_import_records_hours_and_recounts_the_activity(self):
        person = make_person(self.community_a, "张三", phone="13812341234")
        # Submitted: in the totals with "include submitted", and still open to the operator's import.
        activity = make_activity(self.community_a, external_id="A-1", status=Status.SUBMITTED)
        result = run("participation", "外部编号,手机,时长\nA-1,13812341234,2.5\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Participation.objects.get().hours, 2.5)
        self.assertEqual(Participation.objects.get().person, person)
        activity = Activity.objects.get(pk=activity.pk)
        self.assertEqual((activity.volunteers, float(activity.volunteer_hours)), (1, 2.5))
        # The district's monthly totals now count the volunteer once, and hold the recounted figures.
        self.assertEqual(rollups.verify(), [])
        self.assertTrue(MonthlyVolunteer.objects.filter(person=person, region=self.district, participations=1).exists())

    def test_participation_hours_changed_by_a_second_import_change_the_monthly_volunteers(self):
        person = make_person(self.community_a, "张三", phone="13812341234")
        make_activity(self.community_a, external_id="A-1", status=Status.SUBMITTED)
        self.assertTrue(run("participation", "外部编号,手机,时长\nA-1,13812341234,2.5\n").ok)
        # 2.54 hours: the activity's own figure (tenths of an hour) stays 2.5, so only this write can tell.
        result = run("participation", "外部编号,手机,时长\nA-1,13812341234,2.54\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Participation.objects.get().hours, Decimal("2.54"))
        self.assertEqual(rollups.verify(), [])
        # The community's row (where in-service members' services are read) holds the new hours.
        row = MonthlyVolunteer.objects.get(person=person, region=self.community_a)
        self.assertEqual((row.participations, row.hours), (1, Decimal("2.54")))

    def test_participation_for_an_approved_activity_is_refused_naming_it_and_nothing_is_written(self):
        make_person(self.community_a, "张三", phone="13812341234")
        activity = make_activity(
            self.community_a, title="学雷锋志愿服务", external_id="A-1", volunteers=120, volunteer_hours=240
        )
        result = run("participation", "外部编号,手机,时长\nA-1,13812341234,2\n")
        self.assertFalse(result.ok)
        self.assertEqual(
            [str(error) for error in result.errors],
            [
                "第 2 行，“外部编号”列：活动“学雷锋志愿服务”（2021-06-01）已审核，其数据、指标和参与记录已锁定。"
                "需由所在区域的审核员或管理者填写理由“重新打开”后，才能修改。"
            ],
        )
        self.assertFalse(Participation.objects.exists())
        activity.refresh_from_db()
        self.assertEqual((activity.volunteers, activity.volunteer_hours), (120, 240))

    def test_participation_with_an_unknown_phone_or_too_many_hours_is_refused(self):
        make_activity(self.community_a, external_id="A-1")
        result = run("participation", "外部编号,手机,时长\nA-1,13900000000,2\nA-1,13900000001,25\n")
        self.assertFalse(result.ok)
        shown = [str(error) for error in result.errors]
        self.assertIn("第 2 行，“手机”列：没有手机号为“13900000000”的人员；请先导入人员。", shown)
        self.assertIn("第 3 行，“时长”列：“25”超过上限 24。", shown)
        self.assertEqual(Participation.objects.count(), 0)
