"""The ledger's staff pages: a person's ledger, a team, recording participation, the service record."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from activities.models import Activity, Participation, Status
from activities.services import activity_reopen
from tests.factories import make_activity, make_organization, make_person, make_team
from tests.personas import PersonasMixin
from volunteering.selectors import distinct_volunteers, participation_totals, person_ledger, service_record
from volunteers.models import StarLevel, TeamMembership


class LedgerWorld(PersonasMixin):
    """Community A's 青年志愿服务队 with 王芳 (120 counted hours over two years) and 李强."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.organization = make_organization(cls.community_a, "西站东社区党支部")
        cls.team = make_team(cls.community_a, "青年志愿服务队", organization=cls.organization, leader="王芳")
        cls.wang = make_person(cls.community_a, "王芳", phone="13812341234", id_number="11010519491231002X")
        cls.li = make_person(cls.community_a, "李强")
        TeamMembership.objects.create(
            team=cls.team, person=cls.wang, role=TeamMembership.Role.LEADER, joined_on=datetime.date(2019, 3, 1)
        )
        TeamMembership.objects.create(
            team=cls.team, person=cls.li, joined_on=datetime.date(2019, 3, 1), left_on=datetime.date(2021, 12, 31)
        )
        cls.a2020 = make_activity(cls.community_a, title="防疫值守", date=datetime.date(2020, 2, 1))
        cls.a2020.team = cls.team
        cls.a2020.save()
        cls.a2021 = make_activity(cls.community_a, title="学雷锋志愿服务", date=datetime.date(2021, 3, 5))
        cls.a2021.team = cls.team
        cls.a2021.save()
        cls.draft = make_activity(cls.community_a, title="尚未审核的活动", status=Status.SUBMITTED)
        for activity, person, hours in [
            (cls.a2020, cls.wang, 24),
            (cls.a2021, cls.wang, 24),
            (cls.a2020, cls.li, 3),
            (cls.a2021, cls.li, "1.5"),
            (cls.draft, cls.wang, 8),
        ]:
            Participation.objects.create(activity=activity, person=person, hours=Decimal(hours))
        # 王芳: 24 + 24 = 48 counted hours so far; add older service to pass 100 (one star).
        for day in range(1, 4):
            old = make_activity(cls.community_a, title=f"敬老服务{day}", date=datetime.date(2019, 10, day))
            Participation.objects.create(activity=old, person=cls.wang, hours=24)

    def open(self, user, name, *args, query=""):
        self.client.force_login(user)
        return self.client.get(reverse(f"volunteering:{name}", args=args) + query)


class PersonLedgerTests(LedgerWorld, TestCase):
    def test_the_ledger_counts_hours_only_from_approved_activities(self):
        ledger = person_ledger(self.wang)
        self.assertEqual((ledger["hours"], ledger["services"]), (Decimal(120), 5))
        self.assertEqual((ledger["pending_hours"], ledger["pending_services"]), (Decimal(8), 1))
        self.assertEqual(
            [(r["year"], r["services"], r["hours"], r["pending_hours"]) for r in ledger["by_year"]],
            [(2021, 1, Decimal(24), Decimal(8)), (2020, 1, Decimal(24), 0), (2019, 3, Decimal(72), 0)],
        )
        self.assertEqual(
            [(r["team"], r["services"], r["hours"]) for r in ledger["by_team"]],
            [(None, 3, Decimal(72)), ("青年志愿服务队", 2, Decimal(48))],
        )

    def test_the_ledger_page_shows_the_totals_the_star_and_marks_the_unapproved_service(self):
        response = self.open(self.clerk_a, "person_ledger", self.wang.pk)
        self.assertContains(response, '<span class="value" id="counted-hours">120</span>', html=False)
        self.assertContains(response, "1★")
        self.assertContains(response, "180 小时可达 2★")  # 300 − 120
        self.assertContains(response, "尚未审核的活动")
        self.assertContains(response, "已提交 · 不计入")
        self.assertContains(response, "138****1234")  # a clerk sees the phone masked
        self.assertNotContains(response, "13812341234")

    def test_a_manager_sees_the_numbers_in_full(self):
        self.assertContains(self.open(self.manager, "person_ledger", self.wang.pk), "13812341234")

    def test_the_star_level_follows_the_admin_table(self):
        StarLevel.objects.filter(stars=2).update(min_hours=120)
        self.assertContains(self.open(self.clerk_a, "person_ledger", self.wang.pk), "2★")

    def test_a_clerk_cannot_see_a_sibling_communitys_volunteer(self):
        theirs = make_person(self.community_b, "赵六")
        self.assertEqual(self.open(self.clerk_a, "person_ledger", theirs.pk).status_code, 404)
        self.assertEqual(self.open(self.clerk_b, "person_ledger", self.wang.pk).status_code, 404)
        self.assertEqual(self.open(self.clerk_b, "service_record", self.wang.pk).status_code, 404)

    def test_the_search_finds_people_and_lists_teams_only_in_scope(self):
        mine = self.open(self.clerk_a, "index", query="?q=王")
        self.assertEqual([p.name for p in mine.context["people"]], ["王芳"])
        self.assertEqual([t.name for t in mine.context["teams"]], ["青年志愿服务队"])
        theirs = self.open(self.clerk_b, "index", query="?q=13812341234")
        self.assertEqual((theirs.context["people"], list(theirs.context["teams"])), ([], []))
        self.assertContains(theirs, "您的管辖范围内没有符合条件的人员。")

    def test_the_ledger_page_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.clerk_a)
        url = reverse("volunteering:person_ledger", args=[self.wang.pk])
        self.client.get(url)
        # session, user, user permissions, group permissions, scope regions, the person with region,
        # all their records with activity date, status and team (summed in Python), the names of those
        # teams, star levels, memberships with teams, the page of services, the header's unread
        # notifications; then the session's idle-timeout refresh (savepoint, UPDATE, release)
        with self.assertNumQueries(15):
            self.client.get(url)
        for day in range(1, 6):
            activity = make_activity(self.community_a, date=datetime.date(2022, 1, day))
            Participation.objects.create(activity=activity, person=self.wang, hours=2)
        with self.assertNumQueries(15):
            self.client.get(url)


class TeamPageTests(LedgerWorld, TestCase):
    def test_the_team_page_shows_roster_dates_leader_and_distinct_volunteers_versus_person_times(self):
        response = self.open(self.clerk_a, "team_detail", self.team.pk)
        figures = response.context["figures"]
        # 2 people served 4 times at the team's approved activities: 24 + 24 + 3 + 1.5 hours.
        self.assertEqual((figures["volunteers"], figures["person_times"], figures["hours"]), (2, 4, Decimal("52.5")))
        self.assertEqual((figures["current"], figures["former"]), (1, 1))
        self.assertContains(response, "2 名志愿者在本队已审核活动中服务 4 人次。")
        self.assertContains(response, "2021年12月31日")  # 李强's leaving date
        self.assertContains(response, "西站东社区党支部")
        self.assertContains(response, "中原区/桐柏路街道/西站东社区")

    def test_a_sibling_clerk_gets_404_for_the_team(self):
        self.assertEqual(self.open(self.clerk_b, "team_detail", self.team.pk).status_code, 404)

    def test_the_team_page_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.clerk_a)
        url = reverse("volunteering:team_detail", args=[self.team.pk])
        self.client.get(url)
        # session, user, user permissions, group permissions, scope regions, the team with region and
        # organization, member counts, service totals, approved activities, the roster page (its count
        # is the member counts), hours of the roster page, latest activities, the header's unread
        # notifications; then the session's idle-timeout refresh (savepoint, UPDATE, release)
        with self.assertNumQueries(16):
            self.client.get(url)
        for n in range(5):
            TeamMembership.objects.create(team=self.team, person=make_person(self.community_a, f"队员{n}"))
        with self.assertNumQueries(16):
            self.client.get(url)


class DistinctVolunteerTests(LedgerWorld, TestCase):
    def test_distinct_volunteers_are_people_not_person_times(self):
        approved = Activity.objects.filter(region=self.community_a).approved()
        self.assertEqual(distinct_volunteers(approved), 2)
        totals = participation_totals(approved)
        self.assertEqual((totals["volunteers"], totals["person_times"]), (2, 7))


class RecordParticipationPageTests(LedgerWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_activity(
            cls.community_a,
            title="文明交通劝导",
            date=datetime.date(2021, 6, 1),
            status=Status.DRAFT,
            volunteers=10,
            volunteer_hours=30,
        )
        cls.event.team = cls.team
        cls.event.save()
        cls.zhao = make_person(cls.community_a, "赵敏")
        TeamMembership.objects.create(team=cls.team, person=cls.zhao, joined_on=datetime.date(2021, 1, 1))

    def url(self):
        return reverse("volunteering:activity_participation", args=[self.event.pk])

    def post(self, data):
        self.client.force_login(self.clerk_a)
        return self.client.post(self.url(), {"team": self.team.pk, **data})

    def test_the_roster_is_the_members_on_the_activitys_date_and_hours_default_to_its_duration(self):
        response = self.open(self.clerk_a, "activity_participation", self.event.pk)
        names = [row["person"].name for row in response.context["rows"]]
        self.assertEqual(names, ["李强", "王芳", "赵敏"])  # 李强 left at the end of 2021, after this activity
        self.assertEqual(response.context["form"]["default_hours"].value(), Decimal("3.0"))  # 30 hours / 10

    def test_the_page_says_before_anything_is_typed_that_records_replace_the_typed_figures(self):
        response = self.open(self.clerk_a, "activity_participation", self.event.pk)
        self.assertContains(response, "（填报数；在下方登记参与人员后，按参与记录统计，原填报数保留）")

    def test_recording_from_the_roster_counts_the_records_and_keeps_the_typed_figures(self):
        response = self.post(
            {"person": [self.wang.pk, self.zhao.pk], "default_hours": "3", f"hours-{self.zhao.pk}": "2.5"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(Participation.objects.filter(activity=self.event).values_list("person__name", "hours")),
            [("王芳", Decimal("3.00")), ("赵敏", Decimal("2.50"))],
        )
        self.event.refresh_from_db()
        self.assertEqual((self.event.volunteers, self.event.volunteer_hours), (2, Decimal("5.5")))
        self.assertEqual((self.event.reported_volunteers, self.event.reported_volunteer_hours), (10, Decimal("30.0")))
        response = self.open(self.clerk_a, "activity_participation", self.event.pk)
        self.assertContains(response, "10 人次 · 30.0 小时")

    def test_an_approved_activity_is_locked_the_page_says_so_and_a_forged_post_writes_nothing(self):
        approved = make_activity(self.community_a, title="敬老院慰问", volunteers=120, volunteer_hours=240)
        url = reverse("volunteering:activity_participation", args=[approved.pk])
        self.client.force_login(self.clerk_a)
        response = self.client.get(url + f"?team={self.team.pk}")
        self.assertContains(response, "活动“敬老院慰问”（2021-06-01）已审核")
        self.assertNotContains(response, 'id="participation-form"')
        response = self.client.post(url, {"team": self.team.pk, "person": [self.zhao.pk], "default_hours": "2"})
        self.assertContains(response, "需由所在区域的审核员或管理者填写理由“重新打开”后，才能修改。")
        approved.refresh_from_db()
        self.assertEqual((approved.volunteers, approved.volunteer_hours), (120, 240))
        self.assertFalse(Participation.objects.filter(activity=approved).exists())

    def assertRowError(self, data, person, message):
        response = self.post(data)
        self.assertEqual(response.status_code, 200)
        row = next(r for r in response.context["rows"] if r["person"] == person)
        self.assertEqual(row["errors"], [message])
        self.assertContains(response, "部分行需要更正，请看各行旁的提示。")
        self.assertFalse(Participation.objects.filter(activity=self.event).exists())

    def test_negative_hours_are_shown_beside_the_row_and_nothing_is_saved(self):
        self.assertRowError(
            {"person": [self.zhao.pk, self.wang.pk], f"hours-{self.zhao.pk}": "-2", "default_hours": "2"},
            self.zhao,
            "时长不能为负数。",
        )

    def test_more_than_24_hours_is_shown_beside_the_row(self):
        self.assertRowError(
            {"person": [self.zhao.pk], f"hours-{self.zhao.pk}": "25"},
            self.zhao,
            "一人在一次活动中的服务时长不能超过 24 小时。",
        )

    def test_a_ticked_person_without_hours_is_asked_for_them(self):
        self.assertRowError({"person": [self.zhao.pk]}, self.zhao, "请填写此人的时长，或在上方填写统一时长。")

    def test_a_bad_default_is_shown_beside_the_default_box(self):
        response = self.post({"person": [self.zhao.pk], "default_hours": "-1"})
        self.assertEqual(response.context["form"].errors["default_hours"], ["时长不能为负数。"])
        self.assertFalse(Participation.objects.filter(activity=self.event).exists())

    def test_a_person_forged_into_the_post_from_outside_the_roster_is_refused(self):
        outsider = make_person(self.community_b, "赵六")
        response = self.post({"person": [outsider.pk], "default_hours": "2"})
        self.assertContains(response, "所选人员不在此队花名册中，请刷新页面后重试。")
        self.assertFalse(Participation.objects.filter(activity=self.event).exists())

    def test_a_roster_member_living_outside_the_scope_is_refused_beside_the_row(self):
        mover = make_person(self.community_b, "钱七")
        TeamMembership.objects.create(team=self.team, person=mover)
        self.assertRowError({"person": [mover.pk], "default_hours": "2"}, mover, "此人员不在您的管辖范围内。")

    def test_an_unapproved_activity_is_clearly_marked_and_its_hours_not_counted(self):
        self.client.force_login(self.clerk_a)
        url = reverse("volunteering:activity_participation", args=[self.event.pk])
        response = self.client.get(url + f"?team={self.team.pk}")
        self.assertContains(response, "此活动尚未审核")
        response = self.client.post(
            url, {"team": self.team.pk, "person": [self.zhao.pk], "default_hours": "2"}, follow=True
        )
        self.assertContains(response, "此活动尚未审核：这些时长在审核通过后才计入。")
        self.assertEqual(person_ledger(self.zhao)["hours"], 0)
        self.assertEqual(person_ledger(self.zhao)["pending_hours"], 2)

    def test_a_sibling_clerk_cannot_open_the_activitys_participation(self):
        self.assertEqual(self.open(self.clerk_b, "activity_participation", self.event.pk).status_code, 404)


class ServiceRecordTests(LedgerWorld, TestCase):
    def test_the_service_record_lists_approved_service_with_totals_and_a_masked_id(self):
        response = self.open(self.manager, "service_record", self.wang.pk)
        self.assertContains(response, "志愿服务记录证明")
        self.assertContains(response, "110105********002X")
        self.assertNotContains(response, "11010519491231002X")  # masked on paper even for a manager
        self.assertContains(response, "已记录志愿服务 5 次，累计 120 小时。")
        self.assertNotContains(response, "尚未审核的活动")
        self.assertContains(response, "不是官方志愿服务证书")
        self.assertContains(response, "出具单位：中原区")
        self.assertContains(response, "青年志愿服务队")
        self.assertEqual(response.context["record"]["count"], 5)

    def test_a_record_of_one_year_lists_that_year_and_keeps_the_full_totals(self):
        response = self.open(self.manager, "service_record", self.wang.pk, query="?year=2019")
        self.assertEqual(
            [p.activity.title for p in response.context["record"]["services"]], ["敬老服务1", "敬老服务2", "敬老服务3"]
        )
        self.assertContains(response, "已记录志愿服务 5 次，累计 120 小时。")
        self.assertContains(response, "以下列出 2019 年的服务（3 次）。")

    def test_a_long_record_lists_the_latest_services_and_says_so(self):
        record = service_record(self.wang, limit=2)
        self.assertEqual([p.activity.title for p in record["services"]], ["防疫值守", "学雷锋志愿服务"])
        self.assertFalse(record["listed_all"])
        self.assertEqual((record["count"], record["hours"], record["listed_hours"]), (5, Decimal(120), Decimal(48)))


class StarLevelPageTests(LedgerWorld, TestCase):
    def test_people_who_reached_a_new_level_in_the_period_are_listed(self):
        response = self.open(self.clerk_a, "star_levels", query="?start=2021-01-01&end=2021-12-31")
        reached = [
            (r["person"].name, r["old"].stars if r["old"] else None, r["new"].stars)
            for r in response.context["reached"]
        ]
        # 王芳 had 96 hours before 2021 (no star) and 120 at its end (one star); 李强 never reaches 100.
        self.assertEqual(reached, [("王芳", None, 1)])
        self.assertEqual(
            self.open(self.clerk_a, "star_levels", query="?start=2022-01-01&end=2022-12-31").context["reached"], []
        )

    def test_a_sibling_clerk_sees_nobody_from_community_a(self):
        response = self.open(self.clerk_b, "star_levels", query="?start=2021-01-01&end=2021-12-31")
        self.assertEqual(response.context["reached"], [])

    def test_an_end_before_the_start_is_an_error_beside_the_field(self):
        response = self.open(self.clerk_a, "star_levels", query="?start=2021-12-31&end=2021-01-01")
        self.assertEqual(response.context["form"].errors["end"], ["结束日期不能早于开始日期。"])


class PartyMemberTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Two in-service members live in community A; one reported to A, one has not reported.
        cls.reported = make_person(
            cls.community_a,
            "党员甲",
            is_in_service_member=True,
            reporting_community=cls.community_a,
            reported_on=datetime.date(2021, 3, 1),
            political_status="party_member",
            work_unit="区教育局",
        )
        make_person(cls.community_a, "党员乙", is_in_service_member=True, political_status="party_member")
        # One living in B reported to A.
        cls.from_b = make_person(
            cls.community_b,
            "党员丙",
            is_in_service_member=True,
            reporting_community=cls.community_a,
            political_status="party_member",
        )
        here = make_activity(cls.community_a, title="社区报到服务")
        elsewhere = make_activity(cls.community_b, title="别处服务")
        Participation.objects.create(activity=here, person=cls.reported, hours=3)
        Participation.objects.create(activity=here, person=cls.from_b, hours=2)
        Participation.objects.create(activity=elsewhere, person=cls.from_b, hours=5)  # not in A: not counted there

    def test_the_community_sees_who_reported_and_their_service_there(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("volunteering:community_party_members", args=[self.community_a.pk]))
        people = {p.name: (p.services_here, p.hours_here) for p in response.context["people"]}
        self.assertEqual(people, {"党员甲": (1, Decimal(3)), "党员丙": (1, Decimal(2))})
        self.assertEqual(response.context["hours"], Decimal(5))
        self.assertContains(response, "区教育局")

    def test_a_sibling_clerk_cannot_open_the_community(self):
        self.client.force_login(self.clerk_b)
        response = self.client.get(reverse("volunteering:community_party_members", args=[self.community_a.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_reporting_rates_by_community(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("volunteering:party_reporting"))
        rows = {r["community"].name: r for r in response.context["rows"]}
        a, b = rows["西站东社区"], rows["西站西社区"]
        self.assertEqual((a["residents"], a["residents_reported"], a["rate"], a["reported_here"]), (2, 1, 50.0, 2))
        self.assertEqual((a["services"], a["hours"]), (2, Decimal(5)))
        self.assertEqual((b["residents"], b["residents_reported"], b["rate"], b["reported_here"]), (1, 1, 100.0, 0))
        self.assertContains(response, "50.0%")

    def test_the_rates_page_is_limited_to_the_scope(self):
        self.client.force_login(self.clerk_b)
        response = self.client.get(reverse("volunteering:party_reporting"))
        self.assertEqual([r["community"].name for r in response.context["rows"]], ["西站西社区"])
        self.assertEqual(
            self.client.get(reverse("volunteering:party_reporting") + f"?region={self.community_a.pk}").status_code, 404
        )


class PinnedQueryCountTests(LedgerWorld, TestCase):
    """The other ledger pages cost a fixed number of queries, whatever the number of rows.

    Each count includes the header's COUNT of unread notifications.
    """

    def assertQueriesDoNotGrow(self, url, expected, grow):
        self.client.force_login(self.manager)
        self.client.get(url)
        with self.assertNumQueries(expected):
            self.assertEqual(self.client.get(url).status_code, 200)
        grow()
        with self.assertNumQueries(expected):
            self.client.get(url)

    def more_service(self):
        for day in range(1, 6):
            activity = make_activity(self.community_a, date=datetime.date(2022, 2, day))
            activity.team = self.team
            activity.save()
            for person in (self.wang, self.li):
                Participation.objects.create(activity=activity, person=person, hours=2)

    def test_the_service_record(self):
        # session, user, permissions (user, group), scope regions, the person, totals, years,
        # the listed services, memberships with teams, star levels, then the session refresh (3)
        self.assertQueriesDoNotGrow(reverse("volunteering:service_record", args=[self.wang.pk]), 15, self.more_service)

    def test_the_record_participation_page(self):
        # session, user, permissions (user, group), scope regions, the activity, nearby teams, recorded
        # people, the roster, then the session refresh (3)
        url = reverse("volunteering:activity_participation", args=[self.a2021.pk]) + f"?team={self.team.pk}"

        def grow():
            for n in range(5):
                person = make_person(self.community_a, f"队员{n}")
                TeamMembership.objects.create(team=self.team, person=person)
                Participation.objects.create(activity=self.a2021, person=person, hours=1)

        self.assertQueriesDoNotGrow(url, 13, grow)

    def test_the_star_levels_page(self):
        # session, user, permissions (user, group), scope regions, star levels, the people reaching
        # a level, their names, then the session refresh (3)
        url = reverse("volunteering:star_levels") + "?start=2019-01-01&end=2022-12-31"
        self.assertQueriesDoNotGrow(url, 12, self.more_service)

    def test_the_party_reporting_page(self):
        # session, user, permissions (user, group), scope regions, communities, residents, reported,
        # their service, then the session refresh (3)
        def grow():
            for n in range(5):
                make_person(
                    self.community_b, f"党员{n}", is_in_service_member=True, reporting_community=self.community_b
                )

        self.assertQueriesDoNotGrow(reverse("volunteering:party_reporting"), 13, grow)


class CorrectParticipationTests(LedgerWorld, TestCase):
    def url(self, participation):
        return reverse("volunteering:participation_edit", args=[participation.pk])

    def reopen(self, activity):
        activity_reopen(actor=self.reviewer, activity=activity, expected_version=activity.version, reason="更正时长")

    def test_an_approved_activitys_record_is_locked_and_the_page_says_who_can_reopen_it(self):
        participation = Participation.objects.get(activity=self.a2021, person=self.li)
        self.client.force_login(self.clerk_a)
        response = self.client.get(self.url(participation))
        self.assertContains(response, "已审核，其数据、指标和参与记录已锁定")
        self.assertNotContains(response, 'id="participation-edit"')
        response = self.client.post(self.url(participation), {"hours": "2"})
        self.assertContains(response, "审核员或管理者")
        participation.refresh_from_db()
        self.assertEqual(participation.hours, Decimal("1.5"))

    def test_a_clerk_corrects_the_hours_and_the_activity_is_recounted(self):
        participation = Participation.objects.get(activity=self.a2021, person=self.li)
        self.reopen(self.a2021)
        self.client.force_login(self.clerk_a)
        response = self.client.post(self.url(participation), {"hours": "2"}, follow=True)
        self.assertContains(response, "已保存李强的服务时长。")
        participation.refresh_from_db()
        self.assertEqual(participation.hours, Decimal("2"))
        self.a2021.refresh_from_db()
        self.assertEqual((self.a2021.volunteers, self.a2021.volunteer_hours), (2, Decimal("26.0")))

    def test_bad_hours_are_shown_beside_the_field_and_nothing_changes(self):
        participation = Participation.objects.get(activity=self.a2021, person=self.li)
        self.reopen(self.a2021)
        self.client.force_login(self.clerk_a)
        for hours, message in [("-1", "时长不能为负数。"), ("30", "一人在一次活动中的服务时长不能超过 24 小时。")]:
            with self.subTest(hours=hours):
                response = self.client.post(self.url(participation), {"hours": hours})
                self.assertEqual(response.context["error"], [message])
                self.assertContains(response, message)
        participation.refresh_from_db()
        self.assertEqual(participation.hours, Decimal("1.5"))

    def test_a_reviewer_may_not_delete_but_the_communitys_clerk_may(self):
        participation = Participation.objects.get(activity=self.a2021, person=self.li)
        self.reopen(self.a2021)
        self.client.force_login(self.reviewer)
        response = self.client.post(self.url(participation), {"delete": "1"})
        self.assertContains(response, "您没有修改志愿服务记录的权限。")
        self.assertTrue(Participation.objects.filter(pk=participation.pk).exists())
        self.client.force_login(self.clerk_a)
        self.client.post(self.url(participation), {"delete": "1"})
        self.assertFalse(Participation.objects.filter(pk=participation.pk).exists())

    def test_a_sibling_clerk_gets_404(self):
        participation = Participation.objects.get(activity=self.a2021, person=self.li)
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.post(self.url(participation), {"hours": "2"}).status_code, 404)
