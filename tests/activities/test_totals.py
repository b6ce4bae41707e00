import datetime
from decimal import Decimal

from django.test import TestCase

from activities.models import Activity, Status
from tests.factories import make_activity, make_region


class ActivityTotalsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dapeng = make_region("大鹏新区")
        cls.street = make_region("葵涌街道", cls.dapeng)
        cls.other = make_region("卫东区")
        make_activity(cls.street, volunteers=2000, volunteer_hours=Decimal("3000"), people_served=397_000)
        make_activity(cls.dapeng, volunteers=112, volunteer_hours=Decimal("168"), people_served=636)
        make_activity(cls.street, volunteers=999, status=Status.SUBMITTED)
        make_activity(cls.street, volunteers=5, date=datetime.date(2020, 12, 31))
        make_activity(cls.other, volunteers=70000)

    def test_totals_add_up_approved_records_in_the_subtree_and_period(self):
        totals = (
            Activity.objects.in_subtree(self.dapeng)
            .approved()
            .in_period(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
            .totals()
        )
        self.assertEqual(totals["records"], 2)
        self.assertEqual(totals["volunteers"], 2112)
        self.assertEqual(totals["volunteer_hours"], Decimal("3168"))
        self.assertEqual(totals["people_served"], 397_636)
        self.assertEqual(totals["households"], 0)  # nothing recorded counts as zero, not as missing

    def test_submitted_records_count_only_when_asked(self):
        year = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
        base = Activity.objects.in_subtree(self.dapeng).in_period(*year)
        self.assertEqual(base.counted().totals()["volunteers"], 2112)
        self.assertEqual(base.counted(include_submitted=True).totals()["volunteers"], 3111)
