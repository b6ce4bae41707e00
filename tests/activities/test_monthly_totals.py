"""The monthly totals stay equal to the records through every kind of write, and the dashboard reads them right.

A seeded random sequence of real writes (form create and edit, indicator values, every
workflow step, admin deletes, participation, region moves) runs through the services;
after each round ``rollups.verify`` (an independent ORM re-count) must find nothing, and
every breakdown read from the monthly totals must equal the same breakdown added up
from the records.
"""

import datetime
import random
from decimal import Decimal
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase

from activities import rollups, services
from activities.models import Activity, Category, Indicator, MonthlyTotal, MonthlyVolunteer, Status
from activities.participation import participation_delete, participation_record, person_merge
from communities.models import RegionLevel
from communities.services import region_move
from reports import selectors
from reports.periods import Period
from reports.selectors import UNSCOPED, TotalsQuery
from tests.factories import make_person, make_region, make_team

DATES = [datetime.date(2020, 3, 10), datetime.date(2020, 12, 31), datetime.date(2021, 1, 1), datetime.date(2021, 6, 15)]


class MonthlyTotalsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("root", password="x")
        # Four eyes: someone other than the records' creator and submitter approves them.
        cls.approver = get_user_model().objects.create_superuser("approver", password="x")
        cls.province = make_region("测试省", level=RegionLevel.PROVINCE)
        cls.city = make_region("测试市", cls.province, level=RegionLevel.CITY)
        cls.districts = [make_region(f"区{i}", cls.city, level=RegionLevel.DISTRICT) for i in range(2)]
        cls.streets = [make_region(f"街道{i}", d) for i, d in enumerate(cls.districts * 2)]
        cls.communities = [make_region(f"社区{i}", s) for i, s in enumerate(cls.streets * 2)]
        cls.places = [cls.city, *cls.districts, *cls.streets, *cls.communities]
        cls.categories = list(Category.objects.order_by("pk")[:3])
        cls.teams = [make_team(c) for c in cls.communities[:3]]
        cls.indicators = [
            Indicator.objects.create(code=f"ind{i}", name=f"指标{i}", unit="个", sort_order=i) for i in range(2)
        ]
        cls.people = [make_person(cls.communities[0], name=f"志愿者{i}") for i in range(3)]

    def setUp(self):
        self.rng = random.Random(20261123)

    # -- random writes through the services -------------------------------------------------

    def _content(self):
        rng = self.rng
        return {
            "date": rng.choice(DATES),
            "region": rng.choice(self.places),
            "category": rng.choice(self.categories),
            "team": rng.choice([None, *self.teams]),
            "sessions": rng.choice([None, 1, 3]),
            "participants": rng.randint(0, 500),
            "volunteers": rng.choice([None, 12]),
            "volunteer_hours": rng.choice([None, Decimal("2.5"), Decimal("10")]),
            "people_served": rng.randint(0, 9000),
            "households": rng.choice([None, 4]),
            "funds": rng.choice([None, Decimal("1000.50")]),
        }

    def _indicator_values(self):
        return {i: self.rng.choice([None, Decimal(self.rng.randint(1, 99))]) for i in self.indicators}

    def _create(self):
        activity = Activity(title=f"活动{self.rng.random()}", **self._content())
        return services.activity_create(actor=self.admin, activity=activity, indicator_values=self._indicator_values())

    def _fresh(self, activity):
        return Activity.objects.get(pk=activity.pk)

    def _random_write(self, activities):
        rng = self.rng
        activity = self._fresh(rng.choice(activities))
        steps = ["edit", "submit", "approve", "return", "reopen", "participation", "delete", "create", "merge"]
        step = rng.choice(steps)
        version = activity.version
        if step == "create":
            activities.append(self._create())
        elif step == "edit" and services.can_edit(user=self.admin, activity=activity):
            data = {k: v for k, v in self._content().items() if rng.random() < 0.5}
            services.activity_update(
                actor=self.admin,
                activity=activity,
                data=data,
                expected_version=version,
                indicator_values=self._indicator_values(),
            )
        elif step == "submit" and activity.status in (Status.DRAFT, Status.RETURNED):
            services.activity_submit(actor=self.admin, activity=activity, expected_version=version)
        elif step == "approve" and activity.status == Status.SUBMITTED:
            services.activity_approve(actor=self.approver, activity=activity, expected_version=version)
        elif step == "return" and activity.status == Status.SUBMITTED:
            services.activity_return(actor=self.admin, activity=activity, expected_version=version, reason="补充")
        elif step == "reopen" and activity.status == Status.APPROVED:
            services.activity_reopen(actor=self.admin, activity=activity, expected_version=version, reason="更正")
        elif step == "participation" and services.can_edit(user=self.admin, activity=activity):
            existing = list(activity.participations.all())
            if existing and rng.random() < 0.4:
                participation_delete(actor=self.admin, participation=rng.choice(existing))
            else:
                person = rng.choice(self.people)
                if not activity.participations.filter(person=person).exists():
                    participation_record(actor=self.admin, person=person, activity=activity, hours=Decimal("3"))
        elif step == "merge" and services.can_edit(user=self.admin, activity=activity):
            # Someone entered twice: their service moves to the person kept.
            twin = make_person(self.communities[0], name="重复录入")
            participation_record(actor=self.admin, person=twin, activity=activity, hours=Decimal("1.5"))
            person_merge(actor=self.admin, keep=rng.choice(self.people), duplicate=twin)
        elif step == "delete" and services.can_edit(user=self.admin, activity=activity):
            if activity.participations.exists():
                return  # their records protect it
            self.client.force_login(self.admin)
            response = self.client.post(f"/admin/activities/activity/{activity.pk}/delete/", {"post": "yes"})
            self.assertEqual(response.status_code, 302)
            activities.remove(next(a for a in activities if a.pk == activity.pk))

    def _approve_some(self, activities):
        for activity in activities[::2]:
            activity = self._fresh(activity)
            if activity.status in (Status.DRAFT, Status.RETURNED):
                activity = services.activity_submit(
                    actor=self.admin, activity=activity, expected_version=activity.version
                )
            if activity.status == Status.SUBMITTED:
                services.activity_approve(actor=self.approver, activity=activity, expected_version=activity.version)

    def assertTotalsEqualRecords(self):
        self.assertEqual(rollups.verify(), [])
        # A person whose counted service all went has no row left: the dashboard counts rows as people.
        self.assertFalse(MonthlyVolunteer.objects.filter(participations=0).exists())

    # -- the tests --------------------------------------------------------------------------

    def test_random_writes_keep_the_monthly_totals_equal_to_the_records(self):
        activities = [self._create() for _ in range(30)]
        self._approve_some(activities)
        self.assertTotalsEqualRecords()
        self.assertTrue(MonthlyTotal.objects.filter(region=self.province, records__gt=0).exists())
        for round_ in range(6):
            for _ in range(25):
                self._random_write(activities)
            if round_ == 3:
                # A subdistrict (with its communities and their records) moves to the other district.
                street = self.streets[0]
                region_move(region=street, new_parent=self.districts[1])
            self.assertTotalsEqualRecords()

    def test_every_breakdown_read_from_monthly_totals_equals_the_records(self):
        activities = [self._create() for _ in range(60)]
        # Service is recorded while the records are drafts; half of them are then approved with it.
        for activity in activities[:30]:
            for person in self.rng.sample(self.people, 2):
                participation_record(actor=self.admin, person=person, activity=activity, hours=Decimal("2"))
        self._approve_some(activities)
        for _ in range(40):
            self._random_write(activities)
        indicators = list(Indicator.objects.order_by("sort_order", "pk"))
        queries = []
        for region in (self.province, self.city, self.districts[0], None):
            for period in (Period.year(2021), Period.quarter(2021, 1), Period.month(2020, 12)):
                for extra in ({}, {"include_submitted": True}, {"category": self.categories[0]}):
                    queries.append(TotalsQuery(scope=UNSCOPED, region=region, period=period, **extra))
        seen_volunteers = 0
        for query in queries:
            self.assertTrue(selectors.rolled_up_regions(query), query)
            rolled_up = self._everything(query, indicators)
            with mock.patch.object(selectors, "rolled_up_regions", return_value=None):
                from_records = self._everything(query, indicators)
            with self.subTest(region=query.region, period=str(query.period), category=query.category):
                for key in rolled_up:
                    self.assertEqual(rolled_up[key], from_records[key], key)
                self.assertGreater(rolled_up["totals"]["records"] + rolled_up["totals"]["previous"], 0)
            seen_volunteers = max(seen_volunteers, *rolled_up["distinct volunteers"])
        self.assertGreater(seen_volunteers, 1, "the sample has people serving")

    def test_whole_months_over_more_than_a_year_read_alike_from_both_sources(self):
        # March 2020 to June 2021 overlaps the same range a year earlier: the months from March
        # to June 2020 lie in both periods and count in each (the months by indicator failed on it).
        activities = [self._create() for _ in range(30)]
        self._approve_some(activities)
        indicators = list(Indicator.objects.order_by("sort_order", "pk"))
        span = Period(datetime.date(2020, 3, 1), datetime.date(2021, 6, 30))
        for region in (self.districts[0], self.province):
            query = TotalsQuery(scope=UNSCOPED, region=region, period=span)
            self.assertTrue(selectors.rolled_up_regions(query))
            rolled_up = self._everything(query, indicators)
            with mock.patch.object(selectors, "rolled_up_regions", return_value=None):
                from_records = self._everything(query, indicators)
            for key in rolled_up:
                self.assertEqual(rolled_up[key], from_records[key], key)
            months = {row.label: row for row in selectors.by_month(query, indicators=indicators)}
            # March 2020 is in both periods: this year's March 2020 is last year's figure of March 2021.
            self.assertEqual(months["2021-03"].previous, months["2020-03"].values)
        self.assertGreater(months["2020-03"].records, 0, "the province has records in March 2020")
        self.assertTrue(any(row[3] for row in rolled_up["month"]), "the sample has indicator values by month")

    def _everything(self, query, indicators):
        totals = selectors.totals(query, indicators=indicators)
        figures = {f.key: (f.current, f.previous) for f in totals.figures}
        result = {
            "totals": {"records": totals.records, "previous": totals.previous_records, **figures},
            "distinct volunteers": (totals.distinct_volunteers, totals.previous_distinct_volunteers),
        }
        for by in selectors.BREAKDOWNS:
            # A child's figures a year earlier are worked out only when the totals are added up from them.
            result[by] = [
                (selectors.row_key(by, row), row.values, row.previous if by != "child" else None, row.indicators)
                for row in selectors.rows_for(query, by, indicators)
            ]
        return result

    def test_a_subdistrict_or_a_custom_range_is_added_up_from_the_records(self):
        street = TotalsQuery(scope=UNSCOPED, region=self.streets[0], period=Period.year(2021))
        self.assertIsNone(selectors.rolled_up_regions(street))
        part = Period(datetime.date(2021, 1, 5), datetime.date(2021, 3, 31))
        self.assertIsNone(selectors.rolled_up_regions(TotalsQuery(scope=UNSCOPED, region=self.city, period=part)))
        team = TotalsQuery(scope=UNSCOPED, region=self.city, period=Period.year(2021), team=self.teams[0])
        self.assertIsNone(selectors.rolled_up_regions(team))

    def test_the_command_finds_a_total_changed_behind_the_applications_back_and_rebuilds(self):
        activities = [self._create() for _ in range(10)]
        self._approve_some(activities)
        out = StringIO()
        call_command("monthly_totals", stdout=out)
        self.assertIn("月度合计与记录一致", out.getvalue())
        approved = Activity.objects.filter(status=Status.APPROVED).first()
        # A hand-made SQL update, as a restore or a console session might do: the totals do not follow.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE activities_activity SET participants = 77777 WHERE id = %s", [approved.pk])
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "个月度合计与记录不一致"):
            call_command("monthly_totals", "--verify", stdout=StringIO(), stderr=err)
        self.assertIn("77777", err.getvalue())
        call_command("monthly_totals", "--rebuild", stdout=StringIO())
        self.assertTotalsEqualRecords()

    def test_changing_totals_outside_a_transaction_is_refused(self):
        with mock.patch.object(connection, "in_atomic_block", False), self.assertRaises(RuntimeError):
            rollups.add(Activity.objects.all())

    def test_admin_bulk_delete_and_a_participation_moved_to_another_person_keep_the_totals(self):
        activities = [self._create() for _ in range(6)]
        self._approve_some(activities)
        drafts = [a for a in activities if self._fresh(a).status == Status.DRAFT]
        self.client.force_login(self.admin)
        response = self.client.post(
            "/admin/activities/activity/",
            {"action": "delete_selected", "_selected_action": [a.pk for a in drafts], "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Activity.objects.filter(pk__in=[a.pk for a in drafts]).exists())
        # Submitted: counted with "include submitted", and still open to a reviewer's corrections.
        fresh = self._create()
        submitted = services.activity_submit(actor=self.admin, activity=fresh, expected_version=fresh.version)
        served = participation_record(actor=self.admin, person=self.people[0], activity=submitted, hours=Decimal("2"))
        self.assertTotalsEqualRecords()
        response = self.client.post(
            f"/admin/activities/participation/{served.pk}/change/",
            {"person": self.people[1].pk, "activity": submitted.pk, "hours": "2"},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertTotalsEqualRecords()
        self.assertTrue(
            MonthlyVolunteer.objects.filter(person=self.people[1], region=self.province, participations=1).exists()
        )
