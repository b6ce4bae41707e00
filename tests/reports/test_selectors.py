"""The totals selectors: demo figures from the reports, approved vs submitted, moves, year-on-year, breakdowns."""

import datetime
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.scope import scope_of
from activities import services
from activities.models import Status
from communities.models import Region
from communities.services import region_move
from reports import selectors
from reports.periods import Period
from reports.selectors import UNSCOPED, TotalsQuery
from tests.factories import category, make_activity, make_participation, make_person, make_region, make_team
from tests.personas import PersonasMixin


def demo_query(code, period, **options):
    return TotalsQuery(scope=UNSCOPED, region=Region.objects.get(code=code), period=period, **options)


class DemoTotalsTests(TestCase):
    """Totals of the demo world equal the figures of the news reports, added up by hand."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def values(self, code, period, **options):
        return selectors.totals(demo_query(code, period, **options)).values()

    def test_dapeng_2021_adds_up_to_the_reports_figures(self):
        values = self.values("440399", Period.year(2021))
        # 马路天使 2112 person-times, 3168 hours, 397636 served; 3+2+25+17 sessions;
        # 203+500 households; 8.9万 participants
        self.assertEqual(values["volunteers"], 2112)
        self.assertEqual(values["volunteer_hours"], Decimal("3168"))
        self.assertEqual(values["people_served"], 397636)
        self.assertEqual(values["sessions"], 47)
        self.assertEqual(values["households"], 703)
        self.assertEqual(values["participants"], 89000)
        self.assertEqual(values["funds"], 0)

    def test_zhongyuan_2020_counts_the_village_record_and_the_indicators(self):
        totals = selectors.totals(demo_query("410102", Period.year(2020)))
        values = totals.values()
        self.assertEqual(totals.records, 4)  # the 126 × 408 pairing is a pairing, not an activity
        self.assertEqual(values["sessions"], 2)  # the 6-23 and 6-24 meetings
        # 14 organizers at the 6-24 meeting; the 1.5万 residents and 3760 Party members mobilized are heads (人),
        # indicators of their own, never added to person-times
        self.assertEqual(values["participants"], 14)
        self.assertEqual(values["volunteers"], 0)
        self.assertEqual(values["members_mobilized"], 3760)
        self.assertEqual(values["masses_mobilized"], 15000)
        self.assertEqual(values["households"], 1)  # 段庄村, two levels down
        self.assertEqual(values["stationed_cadres"], 56)
        # 408 courtyards paired and 267 sites supervised are a pairing's and a supervision check's counts.
        self.assertNotIn("paired_compounds", values)
        self.assertNotIn("worksites_supervised", values)

    def test_weidong_2015_funds_and_distinct_volunteers(self):
        totals = selectors.totals(demo_query("410403", Period.year(2015)))
        values = totals.values()
        self.assertEqual(values["funds"], Decimal("150000"))  # the 15万元 square; the 3620万元 are loans
        self.assertEqual(values["loans_granted"], 36200000)
        self.assertEqual(values["sessions"], 20 + 13 + 12 + 30 + 80)  # 场次 and 次; the 90余期 and 7期 are classes
        self.assertEqual(values["training_classes"], 90 + 7)
        self.assertEqual(values["participants"], 8 + 1000 + 500 + 1000)  # the 近万名 women trained are heads
        self.assertEqual(values["trainees"], 10000)
        self.assertEqual(values["households"], 16)  # the 1100 shops surveyed are not households visited
        self.assertEqual(values["shops_surveyed"], 1100)
        self.assertEqual(values["suggestions"], 50)
        self.assertEqual(values["questions_answered"], 20)  # 20多项; 答疑解难上千次 is counted in 次
        self.assertEqual(values["tutoring_answers"], 1000)
        self.assertEqual(totals.distinct_volunteers, 4)  # the four people with hours at 消防安全进楼道

    def test_zhengdong_first_half_of_2020(self):
        values = self.values("410190", Period(datetime.date(2020, 1, 1), datetime.date(2020, 6, 30)))
        # 2 lectures, 250余次 trainings, 1 theme day, 25余次 meetings, 1 founding meeting; 83期 are classes,
        # 十余项 courses and 13 elections are not events held
        self.assertEqual(values["sessions"], 2 + 250 + 1 + 25 + 1)
        self.assertEqual(values["training_classes"], 83)
        self.assertEqual(values["volunteers"], 0)
        self.assertEqual(values["volunteers_recruited"], 400)
        self.assertEqual(values["members_mobilized"], 13000)
        self.assertEqual(values["volunteer_hours"], Decimal("20000"))
        self.assertEqual(values["new_league_members"], 800)

    def test_breakdown_by_child_of_weidong_folds_communities_onto_subdistricts(self):
        rows = {row.label: row for row in selectors.by_child(demo_query("410403", Period.year(2015)))}
        self.assertEqual(rows["东安路街道"].values["households"], 16)
        self.assertEqual(rows["蒲城街道"].values["sessions"], 12 + 30 + 80)  # the 7期 classes are not 场次
        self.assertEqual(rows["蒲城街道"].values["funds"], Decimal("150000"))
        self.assertEqual(rows["东工人镇街道"].values["volunteers"], 4)
        own = [row for row in rows.values() if row.is_own]
        self.assertEqual(own[0].records, 4)  # the district's own: trainings, loans, mediation
        self.assertEqual(own[0].values["funds"], 0)  # its loans are not funds invested

    def test_breakdown_by_month_and_category(self):
        query = demo_query("440399", Period.year(2021))
        months = selectors.by_month(query)
        self.assertEqual(len(months), 12)
        self.assertEqual(months[8].values["volunteers"], 2112)  # September: 马路天使 "截至九月"
        self.assertEqual(months[9].values["sessions"], 47)  # October: the year-to-date summaries
        categories = {row.obj.code: row.values for row in selectors.by_category(query)}
        self.assertEqual(categories["volunteer_service"]["people_served"], 397636)
        self.assertEqual(categories["assistance"]["sessions"], 5)


class SubmittedMovedAndEarlierTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.district = make_region("大鹏新区")
        cls.street_a = make_region("葵涌街道", cls.district)
        cls.street_b = make_region("大鹏街道", cls.district)
        cls.community = make_region("葵新社区", cls.street_a)
        cls.approved = make_activity(cls.community, volunteers=2000, volunteer_hours=Decimal("3000"))
        make_activity(cls.street_b, volunteers=112, volunteer_hours=Decimal("168"))
        make_activity(cls.street_b, volunteers=999, status=Status.SUBMITTED)
        make_activity(cls.street_b, volunteers=7, status=Status.DRAFT)
        make_activity(cls.street_b, volunteers=8, status=Status.RETURNED)

    def query(self, region=None, **options):
        return TotalsQuery(scope=UNSCOPED, region=region or self.district, period=Period.year(2021), **options)

    def test_only_approved_records_count_unless_submitted_are_included(self):
        self.assertEqual(selectors.totals(self.query()).values()["volunteers"], 2112)
        self.assertEqual(selectors.totals(self.query(include_submitted=True)).values()["volunteers"], 3111)

    def test_a_record_moved_between_regions_moves_its_figures(self):
        by_child = lambda: {r.label: r.values["volunteers"] for r in selectors.by_child(self.query())}  # noqa: E731
        self.assertEqual(by_child(), {"葵涌街道": 2000, "大鹏街道": 112})
        # A reviewer reopens the record, its clerk corrects the region, and another approves it again.
        reviewer = get_user_model().objects.create_superuser("reviewer", password="x")
        second = get_user_model().objects.create_superuser("second_reviewer", password="x")
        moved = services.activity_reopen(
            actor=reviewer, activity=self.approved, expected_version=self.approved.version, reason="区域填错"
        )
        self.assertEqual(by_child(), {"葵涌街道": 0, "大鹏街道": 112})  # out of the totals while it is corrected
        moved = services.activity_update(
            actor=reviewer, activity=moved, data={"region": self.street_b}, expected_version=moved.version
        )
        moved = services.activity_submit(actor=reviewer, activity=moved, expected_version=moved.version)
        services.activity_approve(actor=second, activity=moved, expected_version=moved.version)
        self.assertEqual(by_child(), {"葵涌街道": 0, "大鹏街道": 2112})
        self.assertEqual(selectors.totals(self.query(self.street_a)).values()["volunteers"], 0)

    def test_a_community_moved_to_another_subdistrict_takes_its_figures_along(self):
        region_move(region=self.community, new_parent=self.street_b)
        rows = {r.label: r.values["volunteers"] for r in selectors.by_child(self.query())}
        self.assertEqual(rows, {"葵涌街道": 0, "大鹏街道": 2112})

    def test_year_on_year_with_an_empty_previous_year(self):
        figure = selectors.totals(self.query()).by_key()["volunteers"]
        self.assertEqual((figure.current, figure.previous, figure.change), (2112, 0, 2112))
        self.assertIsNone(figure.change_percent)

    def test_year_on_year_compares_the_same_period(self):
        make_activity(self.community, volunteers=1056, date=datetime.date(2020, 6, 1))
        make_activity(self.community, volunteers=5000, date=datetime.date(2019, 6, 1))  # two years back: ignored
        figure = selectors.totals(self.query()).by_key()["volunteers"]
        self.assertEqual(
            (figure.current, figure.previous, figure.change, figure.change_percent), (2112, 1056, 1056, 100)
        )

    def test_a_range_longer_than_a_year_counts_a_record_in_both_it_and_the_year_before(self):
        # 2020-07-01 .. 2021-12-31, a year earlier 2019-07-01 .. 2020-12-31: the second half of 2020 is in both.
        make_activity(self.community, volunteers=30, date=datetime.date(2020, 9, 1))
        make_activity(self.community, volunteers=4, date=datetime.date(2019, 9, 1))
        span = Period(datetime.date(2020, 7, 1), datetime.date(2021, 12, 31))
        # Read from the district's monthly totals, and added up from the records of a subdistrict.
        for region in (self.district, self.street_a):
            query = TotalsQuery(scope=UNSCOPED, region=region, period=span)
            figure = selectors.totals(query).by_key()["volunteers"]
            expected = (2112 + 30, 30 + 4) if region == self.district else (2000 + 30, 30 + 4)
            self.assertEqual((figure.current, figure.previous), expected, region)
            months = {row.key: row for row in selectors.by_month(query)}
            self.assertEqual(months[datetime.date(2020, 9, 1)].values["volunteers"], 30)
            self.assertEqual(months[datetime.date(2020, 9, 1)].previous["volunteers"], 4)
            self.assertEqual(months[datetime.date(2021, 9, 1)].previous["volunteers"], 30)
        children = selectors.by_child(TotalsQuery(scope=UNSCOPED, region=self.street_a, period=span))
        self.assertEqual([(r.values["volunteers"], r.previous["volunteers"]) for r in children], [(2030, 34)])

    def test_filters_by_category_and_team(self):
        team = make_team(self.street_b, "马路天使")
        make_activity(self.street_b, volunteers=40, team=team, cat=category("training"))
        self.assertEqual(selectors.totals(self.query(team=team)).values()["volunteers"], 40)
        self.assertEqual(selectors.totals(self.query(category=category("training"))).values()["volunteers"], 40)
        teams = [(str(r.label), r.values["volunteers"]) for r in selectors.by_team(self.query())]
        self.assertEqual(teams, [("马路天使", 40), ("（未指定志愿服务队）", 2112)])

    def test_silent_children_are_the_child_regions_without_records(self):
        make_region("南澳街道", self.district)
        silent = selectors.silent_children(selectors.by_child(self.query()))
        self.assertEqual([r.name for r in silent], ["南澳街道"])

    def test_distinct_volunteers_count_people_not_person_times(self):
        person = make_person(self.community, "王丽")
        other = make_activity(self.community, volunteers=1)
        make_participation(person, self.approved, 2)
        make_participation(person, other, 1)
        self.assertEqual(selectors.totals(self.query()).distinct_volunteers, 1)

    def test_distinct_volunteers_compare_with_the_year_before(self):
        people = [make_person(self.community, f"志愿者{n}") for n in range(3)]
        last_year = make_activity(self.community, volunteers=1, date=datetime.date(2020, 5, 1))
        for person in people:
            make_participation(person, last_year, 1)
        make_participation(people[0], self.approved, 2)
        # From the district's monthly totals, and from the records of a subdistrict.
        for region in (self.district, self.street_a):
            totals = selectors.totals(self.query(region))
            figure = totals.volunteers_figure
            self.assertEqual((figure.current, figure.previous, figure.change), (1, 3, -2), region)


class QueryCountTests(PersonasMixin, TestCase):
    def test_the_child_breakdown_is_two_queries_however_many_children(self):
        for count in (2, 12):
            parent = make_region(f"街道{count}", self.district)
            for n in range(count):
                make_activity(make_region(f"社区{count}-{n}", parent), volunteers=n)
            query = TotalsQuery(scope=scope_of(self.manager), region=parent, period=Period.year(2021))
            scope_of(self.manager).regions  # noqa: B018 - the scope's own query, made once per request
            with CaptureQueriesContext(connection) as queries:
                rows = selectors.by_child(query)
            # 1 the child regions, 2 the activities grouped by region path
            self.assertEqual(len(queries), 2, [q["sql"] for q in queries])
            self.assertEqual(sum(r.values["volunteers"] for r in rows), sum(range(count)))

    def test_totals_are_three_queries_for_both_years(self):
        query = TotalsQuery(scope=scope_of(self.manager), region=self.district, period=Period.year(2021))
        indicators = selectors._indicators()
        # 1 measures of both years, 2 indicator values of both years, 3 distinct people, 4-5 the approximate
        # figures of the period (records, indicator values)
        with self.assertNumQueries(5):
            selectors.totals(query, indicators=indicators)

    def test_a_scoped_query_cannot_see_a_sibling_subtree(self):
        make_activity(self.community_a, volunteers=10)
        make_activity(self.community_b, volunteers=20)
        query = TotalsQuery(scope=scope_of(self.clerk_b), region=self.subdistrict, period=Period.year(2021))
        self.assertEqual(selectors.totals(query).values()["volunteers"], 20)
