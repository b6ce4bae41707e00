"""What history stores for each kind of value."""

import datetime
from decimal import Decimal

from django.test import TestCase

from history.services import snapshot
from tests.factories import make_activity, make_region


class SnapshotTests(TestCase):
    def test_whole_decimals_are_stored_as_plain_numbers_not_exponents(self):
        activity = make_activity(
            make_region("大鹏新区"), volunteer_hours=Decimal("100.0"), funds=Decimal("36200000.00")
        )
        values = snapshot(activity)
        self.assertEqual(values["volunteer_hours"], "100")
        self.assertEqual(values["funds"], "36200000")

    def test_fractions_keep_their_digits_and_dates_are_iso(self):
        activity = make_activity(
            make_region("大鹏新区"), volunteer_hours=Decimal("3168.5"), date=datetime.date(2021, 6, 1)
        )
        values = snapshot(activity)
        self.assertEqual(values["volunteer_hours"], "3168.5")
        self.assertEqual(values["date"], "2021-06-01")
