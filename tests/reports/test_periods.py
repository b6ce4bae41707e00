"""Reporting periods: their bounds, the same period a year earlier, and how the reports write them."""

import datetime

from django.test import SimpleTestCase

from reports.periods import Period

d = datetime.date


class PeriodTests(SimpleTestCase):
    def test_a_year_a_quarter_and_a_month_have_their_calendar_bounds(self):
        self.assertEqual((Period.year(2021).start, Period.year(2021).end), (d(2021, 1, 1), d(2021, 12, 31)))
        self.assertEqual((Period.quarter(2021, 3).start, Period.quarter(2021, 3).end), (d(2021, 7, 1), d(2021, 9, 30)))
        self.assertEqual(Period.month(2024, 2).end, d(2024, 2, 29))

    def test_a_year_earlier_keeps_whole_months_whole(self):
        self.assertEqual(Period.month(2025, 2).year_earlier().end, d(2024, 2, 29))
        self.assertEqual(Period.month(2024, 2).year_earlier().end, d(2023, 2, 28))
        custom = Period(d(2024, 2, 29), d(2024, 3, 10)).year_earlier()
        self.assertEqual((custom.start, custom.end), (d(2023, 2, 28), d(2023, 3, 10)))

    def test_periods_are_written_as_the_reports_write_them(self):
        self.assertEqual(Period.year(2021).describe(), "2021年")
        self.assertEqual(Period.quarter(2021, 3).describe(), "2021年第三季度")
        self.assertEqual(Period.month(2021, 9).describe(), "2021年9月")
        self.assertEqual(Period(d(2021, 1, 1), d(2021, 9, 30)).describe(), "2021年1月1日至9月30日")
        self.assertEqual(Period(d(2020, 12, 1), d(2021, 1, 31)).describe(), "2020年12月1日至2021年1月31日")

    def test_months_of_a_period_across_a_new_year(self):
        months = list(Period(d(2020, 11, 15), d(2021, 2, 1)).months())
        self.assertEqual(months, [d(2020, 11, 1), d(2020, 12, 1), d(2021, 1, 1), d(2021, 2, 1)])
