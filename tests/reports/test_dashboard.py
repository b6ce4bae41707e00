"""The dashboard page: figures, drill-down, records behind a figure, the approved-only switch, errors, scope."""

import datetime
import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from activities.models import Status
from tests.factories import make_activity, make_region
from tests.personas import PersonasMixin

DASHBOARD = reverse("reports:dashboard")
RECORDS = reverse("reports:records")


def cell(html, key):
    """The "this period" figure of the totals row ``key``, as shown."""
    match = re.search(rf'<tr data-key="{key}">.*?<td class="num">(?:<a [^>]*>)?([^<]*)', html, re.S)
    return match.group(1).strip() if match else None


class DashboardTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.silent = make_region("西站南社区", cls.subdistrict)
        make_activity(cls.community_a, volunteers=2000, volunteer_hours=Decimal("3000"), people_served=397000)
        make_activity(cls.community_b, volunteers=112, volunteer_hours=Decimal("168"), people_served=636)
        make_activity(cls.community_b, volunteers=999, status=Status.SUBMITTED)
        make_activity(cls.community_a, volunteers=1056, date=datetime.date(2020, 6, 1))
        make_activity(cls.other_district, volunteers=70000)

    def get(self, user, url=DASHBOARD, **params):
        self.client.force_login(user)
        return self.client.get(url, params)

    def test_a_manager_sees_the_district_totals_with_the_year_before(self):
        response = self.get(self.manager, year=2021)
        html = response.content.decode()
        self.assertEqual(response.context["region"], self.district)
        self.assertEqual(cell(html, "volunteers"), "2,112")
        self.assertEqual(cell(html, "volunteer_hours"), "3,168")
        self.assertEqual(cell(html, "people_served"), "397,636")
        figure = response.context["totals"].by_key()["volunteers"]
        self.assertEqual((figure.previous, figure.change_percent), (1056, 100))
        self.assertContains(response, "仅已审核记录")
        self.assertContains(response, "2021年，中原区累计参与志愿者2112人次，服务时长3168小时，服务群众397636人次。")

    def test_including_submitted_records_changes_the_figures_and_says_so(self):
        response = self.get(self.manager, year=2021, include_submitted="on")
        self.assertEqual(cell(response.content.decode(), "volunteers"), "3,111")
        self.assertContains(response, "含已提交（未审核）记录")

    def test_the_ranking_lists_children_sorted_and_drills_down(self):
        response = self.get(self.manager, region=self.subdistrict.pk, year=2021, sort="volunteers")
        names = [row.label for row in response.context["children"]]
        self.assertEqual(names, ["西站东社区", "西站西社区", "西站南社区"])
        self.assertEqual([r.name for r in response.context["silent"]], ["西站南社区"])
        self.assertContains(response, f'href="{DASHBOARD}?region={self.community_a.code}&amp;')
        drilled = self.get(self.manager, region=self.community_a.pk, year=2021)
        self.assertEqual(cell(drilled.content.decode(), "volunteers"), "2,000")

    def test_the_records_behind_a_figure_add_up_to_it(self):
        response = self.get(self.manager, RECORDS, region=self.district.pk, year=2021, measure="volunteers")
        self.assertEqual(response.context["page"].paginator.count, 2)
        self.assertEqual(response.context["total"], 2112)
        everything = self.get(self.manager, RECORDS, region=self.district.pk, year=2021)
        dashboard = self.get(self.manager, region=self.district.pk, year=2021)
        self.assertEqual(everything.context["page"].paginator.count, dashboard.context["totals"].records)

    def test_bad_choices_are_errors_beside_their_fields(self):
        response = self.get(self.manager, year="二〇二一", period="custom", date_from="2021-02-30", month="13")
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.errors["year"], ["输入整数。"])
        self.assertIn("date_from", form.errors)
        self.assertEqual(form.errors["date_to"], ["请输入时间段的最后一天。"])
        self.assertContains(response, 'id="year-errors"')
        self.assertNotIn("totals", response.context)

    def test_an_unknown_sort_or_chart_falls_back_to_the_record_count(self):
        response = self.get(self.manager, year=2021, sort="<script>", chart="nothing")
        self.assertEqual((response.context["sort"], response.context["chart_key"]), ("records", "records"))

    def test_a_quarter_needs_a_quarter(self):
        response = self.get(self.manager, period="quarter", year=2021)
        self.assertEqual(response.context["form"].errors["quarter"], ["请选择季度。"])

    def test_a_region_outside_the_scope_is_a_404(self):
        self.assertEqual(self.get(self.clerk_b, region=self.community_a.pk).status_code, 404)
        self.assertEqual(self.get(self.manager, region=self.other_district.pk).status_code, 404)
        self.assertEqual(self.get(self.manager, region="abc").status_code, 404)
        self.assertEqual(self.get(self.clerk_b, RECORDS, region=self.community_a.pk).status_code, 404)

    def test_a_clerk_lands_on_their_own_community(self):
        response = self.get(self.clerk_b, year=2021)
        self.assertEqual(response.context["region"], self.community_b)
        self.assertEqual(cell(response.content.decode(), "volunteers"), "112")

    def test_anonymous_users_are_sent_to_log_in(self):
        response = self.client.get(DASHBOARD)
        self.assertEqual(response.status_code, 302)

    def test_the_dashboard_query_count_does_not_grow_with_children(self):
        counts = []
        for n in (1, 8):
            street = make_region(f"测试街道{n}", self.district)
            for i in range(n):
                make_activity(make_region(f"测试社区{n}-{i}", street), volunteers=1)
            self.client.force_login(self.manager)
            # 1 session, 2 user, 3 scope regions, 4 the region, 5 indicators, 6 child regions, 7 by child (its
            # sums are the seven totals of both years), 8-9 indicator values and distinct people, 10 by month,
            # 11 breadcrumb, 12-13 by category (sums, names), 14 by team (its names query runs only when a team
            # has records: none here), 15-16 the user's permissions (navigation), 17-19 category, team and
            # organization choices (drawn with the filters), 20 the header's unread notifications, 21-23 the
            # session's idle-timeout refresh, 24 the share of records with evidence (a filtered count of the
            # street's records); the regional section (reports.regional), 15 aggregates (one per register:
            # committees (3: with the member units counted, not named), pairings, needs, projects, unit reporting,
            # elections, supervision checks (2), activities under pairings, members reported and their services (3:
            # the monthly volunteers' rows at the communities reported to, and the records for any member who
            # reported to a region of another level),
            # assessments); and for the summary and the figures written approximately: the approximate figures
            # (records, indicator values), indicators by category, the period's elections, its projects, and the
            # records of a category of at most three, named with their figures (and their indicator values)
            named = 2 if n <= 3 else 0
            with self.assertNumQueries(24 + 15 + 5 + named):
                self.client.get(DASHBOARD, {"region": street.pk, "year": 2021})
            counts.append(n)
        self.assertEqual(counts, [1, 8])


class SuperuserAndPinnedPagesTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_activity(cls.community_a, volunteers=10)
        make_activity(cls.other_district, volunteers=70)
        cls.admin = get_user_model().objects.create_superuser("root", password="x")

    def test_a_superuser_starts_from_the_top_level_regions(self):
        self.client.force_login(self.admin)
        response = self.client.get(DASHBOARD, {"year": 2021})
        self.assertIsNone(response.context["region"])
        rows = {row.label: row.values["volunteers"] for row in response.context["children"]}
        self.assertEqual(rows, {"中原区": 10, "卫东区": 70})
        bad = self.client.get(DASHBOARD, {"year": "x", "period": "month"})
        self.assertEqual(bad.status_code, 200)
        self.assertEqual(bad.context["form"].errors["month"], ["请选择月份。"])

    def test_the_records_page_query_count_is_pinned(self):
        self.client.force_login(self.manager)
        # 1 session, 2 user, 3 scope regions, 4 the region, 5 count, 6 the page of records (with region,
        # category and team), 7-8 permissions, 9 the header's unread notifications, 10-12 session refresh; no team
        # or organization choices (no filters)
        with self.assertNumQueries(12):
            response = self.client.get(RECORDS, {"year": 2021, "measure": "volunteers"})
        self.assertEqual(response.context["total"], 10)

    def test_the_print_page_query_count_is_pinned(self):
        self.client.force_login(self.manager)
        # 1 session, 2 user, 3 scope regions (the default region is the first: no lookup), 4 indicators,
        # 5 child regions, 6 by child (this year only), 7-9 the totals of both years, indicator values and
        # distinct people (a district reads its monthly totals), 10 by month, 11-12 by category, 13-14 by team
        # (the whole, then the busiest teams with the sums of all, whose difference is the records without a
        # team), 15-16 permissions, 17 the header's unread notifications (not printed), 18-20 session refresh; no
        # breadcrumb query for a top region, no category, team or organization drop-down on paper; the 15 of
        # the regional section (see the dashboard's); the approximate figures (records, indicator values),
        # indicators by category, the category's only record named with its indicator values, the period's
        # elections, its projects (the summary)
        with self.assertNumQueries(20 + 15 + 7):
            response = self.client.get(reverse("reports:print"), {"year": 2021})
        self.assertContains(response, "2021年，中原区累计参与志愿者10人次。")
