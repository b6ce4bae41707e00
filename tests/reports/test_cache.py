"""Cached figures: kept between visits, never shown once the records behind them changed."""

import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import rollups, totals_version
from activities.models import Activity, Status
from activities.services import activity_approve
from tests.factories import make_activity, make_participation, make_person
from tests.personas import PersonasMixin
from tests.reports.test_dashboard import cell
from volunteers import people_version

DASHBOARD = reverse("reports:dashboard")
API = reverse("reports:api_totals")


class CachedFiguresTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_activity(cls.community_a, volunteers=2000, volunteer_hours=Decimal("3000"))
        cls.waiting = make_activity(cls.community_b, volunteers=999, status=Status.SUBMITTED)

    def dashboard(self, user, region):
        self.client.force_login(user)
        return self.client.get(DASHBOARD, {"region": region.code, "year": 2021})

    def figure_queries(self, user, region):
        """The queries of a dashboard visit that read records or monthly totals (the figures)."""
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(DASHBOARD, {"region": region.code, "year": 2021})
        self.assertEqual(response.status_code, 200)
        sources = ("activities_activity", "activities_monthly", "activities_indicatorvalue", "volunteers_participation")
        # The regional section (activities under pairings, in-service members' services) is cached under
        # versions of its own as well (regional records, people): CachedMemberReportingTests, test_regional.
        found = [q["sql"] for q in queries if any(f'FROM "{table}' in q["sql"] for table in sources)]
        return [sql for sql in found if "pairing" not in sql and "is_in_service_member" not in sql]

    def approve_as_the_reviewer(self):
        self.client.force_login(self.reviewer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("workspace:step", args=[self.waiting.pk, "approve"]), {"version": self.waiting.version}
            )
        self.assertEqual(response.status_code, 302)
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, Status.APPROVED)

    def test_a_second_visit_reads_the_figures_from_the_cache(self):
        self.assertTrue(self.figure_queries(self.manager, self.district))
        self.assertEqual(self.figure_queries(self.manager, self.district), [])
        self.assertEqual(cell(self.dashboard(self.manager, self.district).content.decode(), "volunteers"), "2,000")

    def test_an_approval_shows_on_the_next_dashboard_of_a_district(self):
        # A district's dashboard reads the monthly totals.
        self.assertEqual(cell(self.dashboard(self.manager, self.district).content.decode(), "volunteers"), "2,000")
        self.assertEqual(self.figure_queries(self.manager, self.district), [])  # cached
        self.approve_as_the_reviewer()
        self.assertEqual(cell(self.dashboard(self.manager, self.district).content.decode(), "volunteers"), "2,999")

    def test_an_approval_shows_on_the_next_dashboard_of_a_community(self):
        # Below a district the figures are added up from the records themselves.
        self.assertEqual(cell(self.dashboard(self.clerk_b, self.community_b).content.decode(), "volunteers"), "0")
        self.approve_as_the_reviewer()
        self.assertEqual(cell(self.dashboard(self.clerk_b, self.community_b).content.decode(), "volunteers"), "999")

    def test_an_approval_shows_in_the_next_answer_of_the_totals_api(self):
        self.client.force_login(self.manager)
        params = {"region": self.district.code, "year": 2021, "by": "child"}
        self.assertEqual(self.client.get(API, params).json()["totals"]["volunteers"], 2000)
        self.approve_as_the_reviewer()
        self.client.force_login(self.manager)
        answer = self.client.get(API, params).json()
        self.assertEqual(answer["totals"]["volunteers"], 2999)
        self.assertEqual(answer["rows"][0]["volunteers"], 2999)

    def test_each_region_period_and_switch_has_figures_of_its_own(self):
        self.dashboard(self.manager, self.district)
        self.client.force_login(self.manager)
        with_submitted = self.client.get(
            DASHBOARD, {"region": self.district.code, "year": 2021, "include_submitted": "on"}
        )
        self.assertEqual(cell(with_submitted.content.decode(), "volunteers"), "2,999")
        other_year = self.client.get(DASHBOARD, {"region": self.district.code, "year": 2020})
        self.assertEqual(cell(other_year.content.decode(), "volunteers"), "0")
        self.assertEqual(cell(self.dashboard(self.clerk_a, self.community_a).content.decode(), "volunteers"), "2,000")

    def test_the_version_changes_at_once_and_again_after_the_commit(self):
        # At once: the writing transaction's next read misses. After the commit: a reader who added
        # up the old records in between and cached them under the first new number is not believed.
        before = totals_version.current()
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            make_activity(self.community_a, volunteers=1)
            during = totals_version.current()
            self.assertNotEqual(during, before)
        self.assertNotEqual(totals_version.current(), during)

    def test_a_lost_version_starts_again_above_every_earlier_one(self):
        before = totals_version.current()
        totals_version.cache.delete(totals_version.KEY)
        self.assertGreater(totals_version.current(), before)


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "figures": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
)
class WithoutACacheTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_activity(cls.community_a, volunteers=2000)

    def test_every_visit_adds_the_figures_up(self):
        self.client.force_login(self.manager)
        response = self.client.get(DASHBOARD, {"region": self.district.code, "year": 2021})
        self.assertEqual(cell(response.content.decode(), "volunteers"), "2,000")
        self.assertIsNone(totals_version.current())


class CachedMemberReportingTests(PersonasMixin, TestCase):
    """The in-service members' services (a join of people, participation and records): kept between visits,
    never shown once a person's record or the records behind them changed."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = make_person(
            cls.community_a,
            name="李在职",
            is_in_service_member=True,
            reporting_community=cls.community_a,
            reported_on=datetime.date(2021, 3, 1),
        )
        cls.activity = make_activity(cls.community_a)
        make_participation(cls.member, cls.activity, Decimal("2"))

    def members(self):
        """The dashboard's in-service member figures, and whether this visit read people's services to compute them."""
        self.client.force_login(self.manager)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(DASHBOARD, {"region": self.district.code, "year": 2021})
        joined = any(
            "is_in_service_member" in q["sql"]
            and ("volunteers_participation" in q["sql"] or "activities_monthlyvolunteer" in q["sql"])
            for q in queries
        )
        figures = response.context["regional"]["members"]
        return (figures["members"], figures["services"], figures["hours"]), joined

    def test_a_second_visit_reads_the_services_from_the_cache(self):
        self.assertEqual(self.members(), ((1, 1, Decimal("2")), True))
        self.assertEqual(self.members(), ((1, 1, Decimal("2")), False))

    def test_a_new_service_shows_on_the_next_visit(self):
        self.members()
        make_participation(self.member, make_activity(self.community_a), Decimal("3"))
        self.assertEqual(self.members(), ((1, 2, Decimal("5")), True))

    def test_records_without_participation_leave_the_services_cached(self):
        self.members()
        make_activity(self.community_a, title="无人登记的活动")  # an import's new records: no one's service
        self.assertEqual(self.members(), ((1, 1, Decimal("2")), False))

    def test_a_service_approved_shows_on_the_next_visit(self):
        waiting = make_activity(self.community_a, status=Status.SUBMITTED)
        make_participation(self.member, waiting, Decimal("4"))
        self.assertEqual(self.members(), ((1, 1, Decimal("2")), True))  # submitted records are not counted
        with self.captureOnCommitCallbacks(execute=True):
            activity_approve(actor=self.reviewer, activity=waiting, expected_version=waiting.version)
        self.assertEqual(self.members(), ((1, 2, Decimal("6")), True))

    def test_a_person_who_reported_elsewhere_shows_on_the_next_visit(self):
        self.members()
        with self.captureOnCommitCallbacks(execute=True):
            self.member.reporting_community = self.community_b
            self.member.save()
        # Still reported within 中原区, but the service was given in community A, not where they reported.
        self.assertEqual(self.members(), ((1, 0, None), True))

    def test_a_people_import_shows_on_the_next_visit(self):
        self.members()
        with self.captureOnCommitCallbacks(execute=True):
            people_version.changed()  # what the people import calls after its bulk writes
        self.assertEqual(self.members()[1], True)


class CachedDistinctPeopleTests(PersonasMixin, TestCase):
    """The people who served (a distinct count over the monthly volunteers): kept while only records without
    anyone's service change, recounted once a participation record counts or stops counting."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.activity = make_activity(cls.community_a)
        make_participation(make_person(cls.community_a, name="甲"), cls.activity, Decimal("2"))

    def people(self):
        """The dashboard's distinct people, and whether this visit counted them."""
        self.client.force_login(self.manager)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(DASHBOARD, {"region": self.district.code, "year": 2021})
        counted = any("COUNT(DISTINCT person_id)" in q["sql"] for q in queries)
        return cell(response.content.decode(), "distinct_volunteers"), counted

    def test_a_record_without_anyones_service_leaves_the_count_cached(self):
        self.assertEqual(self.people(), ("1", True))
        make_activity(self.community_a, title="无人登记的活动")
        self.assertEqual(self.people(), ("1", False))

    def test_a_new_service_is_counted_on_the_next_visit(self):
        self.people()
        make_participation(make_person(self.community_b, name="乙"), make_activity(self.community_b), Decimal("1"))
        self.assertEqual(self.people(), ("2", True))

    def test_a_service_whose_record_is_reopened_stops_counting_on_the_next_visit(self):
        self.people()
        with transaction.atomic(), rollups.refreshed(Activity.objects.filter(pk=self.activity.pk)):
            Activity.objects.filter(pk=self.activity.pk).update(status=Status.RETURNED)
        self.assertEqual(self.people(), (None, True))
