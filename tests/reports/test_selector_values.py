"""How the totals' two sources fold their fetched rows into one row of ``Pair`` sums per group."""

from decimal import Decimal

from django.test import SimpleTestCase

from reports.selectors.values import CURRENT, PREVIOUS, Pair, fold

SUMS = (("records", 0), ("funds", Decimal(0)))


class FoldTests(SimpleTestCase):
    def test_rows_of_one_group_add_up_in_the_periods_they_count_in(self):
        fetched = [
            {"team": 7, "records": 2, "funds": Decimal("1.50"), "in": (CURRENT,)},
            {"team": 7, "records": 1, "funds": None, "in": (PREVIOUS,)},
            # A month in both periods (a range longer than a year) counts in each.
            {"team": 7, "records": 4, "funds": Decimal("2.00"), "in": (CURRENT, PREVIOUS)},
            {"team": 9, "records": 5, "funds": Decimal("3.25"), "in": (PREVIOUS,)},
        ]
        rows = fold(fetched, ("team",), SUMS, lambda row: row["in"])
        self.assertEqual(
            rows,
            [
                {"team": 7, "records": Pair(6, 5), "funds": Pair(Decimal("3.50"), Decimal("2.00"))},
                {"team": 9, "records": Pair(0, 5), "funds": Pair(Decimal(0), Decimal("3.25"))},
            ],
        )

    def test_one_period_leaves_last_year_unasked(self):
        rows = fold([{"team": 7, "records": 3, "funds": None}], ("team",), SUMS, lambda row: (CURRENT,), previous=False)
        self.assertEqual(rows, [{"team": 7, "records": Pair(3, None), "funds": Pair(Decimal(0), None)}])

    def test_a_whole_total_is_one_row_of_zeros_when_nothing_matched(self):
        self.assertEqual(
            fold([], (), SUMS, lambda row: (CURRENT,)), [{"records": Pair(0, 0), "funds": Pair(Decimal(0), Decimal(0))}]
        )

    def test_sums_are_read_in_their_measures_types(self):
        # SQLite sums decimals as floats; PostgreSQL sums bigints as numeric.
        rows = fold([{"records": Decimal(4), "funds": 0.1 + 0.2}], (), SUMS, lambda row: (CURRENT,))
        self.assertEqual(rows, [{"records": Pair(4, 0), "funds": Pair(Decimal("0.30"), Decimal(0))}])
        self.assertIs(type(rows[0]["records"].current), int)
