"""我的台账's list: what a clerk, a reviewer and a sibling clerk see, the tabs' counts, the filters, the queries."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Status
from activities.services import activity_approve
from tests.factories import category, make_activity, make_team
from tests.personas import PersonasMixin

INDEX = reverse("workspace:index")


class WorkspaceListTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        day = datetime.date(2025, 5, 10)
        cls.draft = make_activity(cls.community_a, title="A草稿", status=Status.DRAFT, date=day)
        cls.returned = make_activity(cls.community_a, title="A退回", status=Status.RETURNED, date=day)
        cls.submitted = make_activity(cls.community_a, title="A待审", status=Status.SUBMITTED, date=day)
        cls.approved = [
            make_activity(cls.community_a, title=f"A通过{n}", status=Status.APPROVED, date=day) for n in range(3)
        ]
        cls.older = make_activity(
            cls.community_a, title="A去年", status=Status.APPROVED, date=datetime.date(2024, 3, 1)
        )
        cls.sibling = make_activity(cls.community_b, title="B草稿", status=Status.DRAFT, date=day)
        cls.far = make_activity(cls.other_district, title="别区", status=Status.DRAFT, date=datetime.date(2026, 1, 1))

    def titles(self, response):
        return [a.title for a in response.context["listing"].page.rows]

    def counts(self, response):
        return {tab["status"] or "all": tab["count"] for tab in response.context["tabs"]}

    def test_a_clerk_opens_on_the_latest_year_of_their_regions_with_counts_per_status(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(INDEX)
        # 2026 has a record, but in another district: the clerk's latest year is 2025.
        self.assertEqual(response.context["form"].cleaned_data["year"], 2025)
        self.assertEqual(self.counts(response), {"all": 6, "draft": 1, "returned": 1, "submitted": 1, "approved": 3})
        self.assertNotIn("B草稿", self.titles(response))
        self.assertNotIn("A去年", self.titles(response))
        self.assertContains(response, 'data-status="returned"')

    def test_a_tab_lists_only_its_status_and_the_reason_of_a_returned_record(self):
        self.returned.__class__.objects.filter(pk=self.returned.pk).update(return_reason="请补签到表")
        self.client.force_login(self.clerk_a)
        response = self.client.get(INDEX, {"status": "returned"})
        self.assertEqual(self.titles(response), ["A退回"])
        self.assertContains(response, "请补签到表")
        self.assertEqual(self.counts(response)["approved"], 3)

    def test_filters_by_period_category_and_team(self):
        team = make_team(self.community_a)
        self.approved[0].__class__.objects.filter(pk=self.approved[0].pk).update(team=team)
        self.client.force_login(self.clerk_a)
        response = self.client.get(INDEX, {"period": "year", "year": 2024})
        self.assertEqual(self.titles(response), ["A去年"])
        response = self.client.get(INDEX, {"period": "month", "year": 2025, "month": 5, "team": team.pk})
        self.assertEqual(self.titles(response), ["A通过0"])
        self.assertEqual(self.counts(response)["all"], 1)
        response = self.client.get(INDEX, {"period": "all", "category": category("theme_day").pk})
        self.assertEqual(self.titles(response), [])
        response = self.client.get(INDEX, {"period": "quarter", "year": 2025})
        self.assertContains(response, "请选择季度")

    def test_a_team_outside_the_scope_is_a_form_error_not_a_filter(self):
        team = make_team(self.community_b)
        self.client.force_login(self.clerk_a)
        response = self.client.get(INDEX, {"team": team.pk})
        self.assertIsNone(response.context["listing"])
        self.assertIn("team", response.context["form"].errors)

    def test_a_sibling_clerk_sees_only_their_community(self):
        self.client.force_login(self.clerk_b)
        response = self.client.get(INDEX)
        self.assertEqual(self.titles(response), ["B草稿"])
        self.assertEqual(self.counts(response)["all"], 1)

    def test_the_reviewer_of_the_subdistrict_sees_both_communities(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(INDEX, {"status": "draft"})
        self.assertEqual(sorted(self.titles(response)), ["A草稿", "B草稿"])

    def test_pages_of_twenty_five_without_a_count_of_their_own(self):
        for n in range(30):
            make_activity(self.community_a, title=f"批量{n}", status=Status.DRAFT, date=datetime.date(2025, 1, 1))
        self.client.force_login(self.clerk_a)
        response = self.client.get(INDEX, {"status": "draft", "page": 2})
        page = response.context["listing"].page
        self.assertEqual((page.number, page.pages, page.count, len(page.rows)), (2, 2, 31, 6))
        self.assertContains(response, "上一页")

    def test_a_district_managers_counts_come_from_the_monthly_totals_and_follow_a_review(self):
        self.client.force_login(self.manager)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(INDEX, {"period": "year", "year": 2025})
        # 中原区's records of 2025: A's six and B's draft; 卫东区's draft is another district's.
        self.assertEqual(self.counts(response), {"all": 7, "draft": 2, "returned": 1, "submitted": 1, "approved": 3})
        sql = [q["sql"] for q in queries.captured_queries]
        self.assertTrue(any("activities_monthlytotal" in q for q in sql))
        # The records are counted for the statuses the monthly totals leave out only.
        counted = [q for q in sql if "COUNT(*)" in q and "activities_activity" in q]
        self.assertEqual(len(counted), 1)
        self.assertIn('"activities_activity"."status" IN (', counted[0])

        activity_approve(actor=self.reviewer, activity=self.submitted, expected_version=self.submitted.version)
        response = self.client.get(INDEX, {"period": "quarter", "year": 2025, "quarter": 2})
        self.assertEqual(self.counts(response), {"all": 7, "draft": 2, "returned": 1, "submitted": 0, "approved": 4})
        response = self.client.get(INDEX, {"period": "month", "year": 2025, "month": 6})
        self.assertEqual(self.counts(response)["all"], 0)

    def test_the_list_costs_the_same_queries_for_seven_records_or_forty(self):
        self.client.force_login(self.clerk_a)
        self.client.get(INDEX)  # sessions, content types and permissions cached as in a normal visit
        # 1 session, 2 user, 3-4 the user's permissions (own, groups), 5 the scope's regions,
        # 6 MAX(date) of the scope (the year to open on), 7 the team choices, 8 the counts per
        # status (one GROUP BY), 9 the page's ids (from the index alone), 10 their records with region,
        # category and team, 11 the category choices (rendered), 12 the header's unread notifications,
        # 13-15 the session's idle timeout saved (savepoint, UPDATE, release).
        with self.assertNumQueries(15):
            self.client.get(INDEX)
        for n in range(33):
            make_activity(self.community_a, title=f"更多{n}", status=Status.APPROVED, date=datetime.date(2025, 2, 1))
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(INDEX)
        self.assertEqual(len(queries), 15)
        self.assertEqual(len(response.context["listing"].page.rows), 25)
        # The records are counted once, per status; the only other COUNT is the header's unread notifications.
        records = [q["sql"] for q in queries.captured_queries if "notifications_notification" not in q["sql"]]
        self.assertFalse(any("COUNT(*)" in sql and "GROUP BY" not in sql for sql in records))
