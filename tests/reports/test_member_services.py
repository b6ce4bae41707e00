"""The in-service members' services at the community they reported to (报到社区), as the regional section counts them.

For whole months they are read from the monthly volunteers' community rows; for any other period, or a
member who reported to a region that is not a community or a village, from the participation records.
Both ways must give the same figures.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.test import TestCase

from accounts.scope import scope_for
from activities import rollups
from activities.models import Activity, Status
from reports.regional import member_reporting
from tests.factories import make_activity, make_participation, make_person, make_region
from tests.personas import PersonasMixin


class MemberServicesTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.grid = make_region("一网格", cls.community_a)
        cls.member = make_person(
            cls.community_b,
            name="李在职",
            is_in_service_member=True,
            reporting_community=cls.community_a,
            reported_on=datetime.date(2021, 3, 1),
        )
        # Counted: in the community reported to, or a grid under it; approved; in 2021.
        make_participation(cls.member, make_activity(cls.community_a, date=datetime.date(2021, 3, 5)), Decimal("2"))
        make_participation(cls.member, make_activity(cls.grid, date=datetime.date(2021, 3, 20)), Decimal("1.5"))
        # Not counted: another community, another year, a draft.
        make_participation(cls.member, make_activity(cls.community_b), Decimal("4"))
        make_participation(cls.member, make_activity(cls.community_a, date=datetime.date(2020, 6, 1)), Decimal("8"))
        make_participation(cls.member, make_activity(cls.community_a, status=Status.DRAFT), Decimal("6"))
        # A volunteer who is not an in-service member serves in the same community: not counted.
        make_participation(make_person(cls.community_a, name="王群众"), make_activity(cls.community_a), Decimal("10"))

    def figures(self, start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31), region=None):
        return member_reporting(scope_for(self.manager), region or self.district, start, end, [Status.APPROVED])

    def test_a_year_counts_the_services_in_the_community_reported_to_and_below_it(self):
        self.assertEqual(self.figures(), {"members": 1, "services": 2, "hours": Decimal("3.5")})

    def test_a_period_of_days_gives_the_same_figures_from_the_records(self):
        self.assertEqual(
            self.figures(datetime.date(2021, 1, 2), datetime.date(2021, 12, 30)),
            {"members": 1, "services": 2, "hours": Decimal("3.5")},
        )

    def test_a_month_counts_only_its_own_services(self):
        self.assertEqual(
            self.figures(datetime.date(2021, 3, 1), datetime.date(2021, 3, 31)),
            {"members": 1, "services": 2, "hours": Decimal("3.5")},
        )
        self.assertEqual(
            self.figures(datetime.date(2021, 4, 1), datetime.date(2021, 4, 30)),
            {"members": 0, "services": 0, "hours": None},
        )

    def test_the_area_is_that_of_the_community_reported_to(self):
        self.assertEqual(self.figures(region=self.community_a)["services"], 2)
        self.assertEqual(self.figures(region=self.community_b), {"members": 0, "services": 0, "hours": None})

    def test_a_member_who_reported_to_a_subdistrict_is_counted_from_the_records(self):
        self.member.reporting_community = self.subdistrict
        self.member.save()
        # Everything under the subdistrict that is approved and of 2021: both communities, the grid.
        self.assertEqual(self.figures(), {"members": 1, "services": 3, "hours": Decimal("7.5")})

    def test_moving_a_member_to_another_community_moves_their_services(self):
        self.member.reporting_community = self.community_b
        self.member.save()
        self.assertEqual(self.figures(region=self.community_b)["services"], 1)
        self.assertEqual(self.figures(region=self.community_a)["services"], 0)

    def test_a_service_whose_record_is_returned_leaves_the_figures(self):
        activity = Activity.objects.get(region=self.grid)
        with transaction.atomic(), rollups.refreshed(Activity.objects.filter(pk=activity.pk)):
            Activity.objects.filter(pk=activity.pk).update(status=Status.RETURNED)
        self.assertEqual(self.figures(), {"members": 1, "services": 1, "hours": Decimal("2")})
