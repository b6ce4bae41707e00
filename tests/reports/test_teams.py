"""Long team tables: the dashboard and the print page show the busiest teams, the teams page has them all."""

import re
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from reports import views
from tests.factories import make_activity, make_team
from tests.personas import PersonasMixin

DASHBOARD = reverse("reports:dashboard")
TEAMS = reverse("reports:teams")


def team_names(html):
    """The team names of the team table, in order."""
    section = html[html.index('id="by-team"') :] if 'id="by-team"' in html else html
    return re.findall(r"<tr><td(?: class=\"num\">\d*</td><td)?>(队\d+)</td>", section)


class TeamTableTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # 24 teams in community A, team n with n records; one team in community B; one record without a team.
        for n in range(1, 25):
            team = make_team(cls.community_a, f"队{n:02d}")
            for _ in range(n):
                make_activity(cls.community_a, volunteers=1, team=team)
        make_activity(cls.community_b, volunteers=1, team=make_team(cls.community_b, "队99"))
        make_activity(cls.community_a, volunteers=7)

    def open(self, user, url=DASHBOARD, **params):
        self.client.force_login(user)
        return self.client.get(url, {"year": 2021, **params})

    def test_the_dashboard_shows_the_busiest_twenty_and_links_to_all(self):
        response = self.open(self.manager)
        html = response.content.decode()
        self.assertEqual(team_names(html), [f"队{n:02d}" for n in range(24, 4, -1)])
        without = response.context["teams"][-1]
        self.assertEqual((without.is_own, without.records, without.values["volunteers"]), (True, 1, 7))
        self.assertEqual(sum(row.records for row in response.context["teams"]), sum(range(5, 25)) + 1)
        self.assertContains(response, "记录最多的20支（共25支）。")
        self.assertContains(response, f'<a class="all-teams" href="{TEAMS}?year=2021&amp;region={self.district.code}">')

    def test_the_print_page_says_how_many_it_leaves_out_without_a_link(self):
        response = self.open(self.manager, reverse("reports:print"))
        self.assertEqual(len(team_names(response.content.decode())), 20)
        self.assertContains(response, "记录最多的20支（共25支）。")
        self.assertNotContains(response, 'class="all-teams"')

    def test_a_short_team_table_has_no_link(self):
        response = self.open(self.clerk_b)
        self.assertEqual(team_names(response.content.decode()), ["队99"])
        self.assertNotContains(response, 'class="all-teams"')

    def test_the_teams_page_lists_every_team_a_page_at_a_time(self):
        with mock.patch.object(views, "TEAMS_PER_PAGE", 10):
            first = self.open(self.manager, TEAMS)
            last = self.open(self.manager, TEAMS, page=3)
        self.assertEqual(team_names(first.content.decode()), [f"队{n:02d}" for n in range(24, 14, -1)])
        self.assertContains(first, '共<strong class="row-count">26</strong>行')
        self.assertContains(first, f'href="{TEAMS}?year=2021&amp;region={self.district.code}&amp;page=2"')
        self.assertEqual(team_names(last.content.decode()), ["队04", "队03", "队02", "队01", "队99"])
        self.assertContains(last, "（未指定志愿服务队）")
        self.assertContains(last, "第3页，共3页")

    def test_the_teams_page_keeps_to_the_scope(self):
        response = self.open(self.clerk_b, TEAMS)
        self.assertEqual(team_names(response.content.decode()), ["队99"])
        self.assertEqual(self.open(self.clerk_b, TEAMS, region=self.community_a.code).status_code, 404)
        self.assertEqual(self.open(self.manager, TEAMS, region=self.other_district.code).status_code, 404)

    def test_the_teams_page_query_count_is_pinned(self):
        self.client.force_login(self.manager)
        # 1 session, 2 user, 3 scope regions (the default region: no lookup), 4-5 the whole and the teams'
        # monthly totals (the records without a team are the difference), 6 the teams' names, 7-8
        # permissions, 9 the header's unread notifications, 10-12 session refresh; no breadcrumb query for a top
        # region, no filters drawn
        with self.assertNumQueries(12):
            response = self.client.get(TEAMS, {"year": 2021})
        self.assertEqual(response.context["page"].paginator.count, 26)
