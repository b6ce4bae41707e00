"""The cell parsers shared by the admin import and the command line."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from transfer.parsing import CellError, normalize_header, parse_date, parse_number


class NumbersTests(SimpleTestCase):
    def test_numbers_as_people_write_them_are_read_with_their_qualifiers_dropped(self):
        cases = {
            "1,100": 1100,
            "１２３": 123,
            "1.5万": 15000,
            "3620万元": 36_200_000,
            "两万": 20000,
            "十余": 10,
            "8000余": 8000,
            "约397636": 397636,
            "近万": 10000,
            "25余次": 25,
            "二十五": 25,
            " 56 ": 56,
            56.0: 56,
        }
        for written, expected in cases.items():
            with self.subTest(written=written):
                self.assertEqual(parse_number(written), expected)

    def test_an_empty_cell_is_no_value(self):
        self.assertIsNone(parse_number("  "))

    def test_decimals_keep_their_places(self):
        self.assertEqual(parse_number("2.5", decimal_places=1), Decimal("2.5"))
        self.assertEqual(parse_number("16", decimal_places=1), Decimal("16.0"))

    def test_words_and_negative_numbers_are_refused_with_the_reason(self):
        with translation.override("zh-hans"):
            for written, reason in [("很多", "不是数字"), ("-3", "负数"), ("1.5", "整数")]:
                with self.subTest(written=written), self.assertRaises(CellError) as caught:
                    parse_number(written)
                self.assertIn(reason, caught.exception.message)
                self.assertIn(written, caught.exception.message)

    def test_a_number_beyond_the_maximum_is_refused(self):
        with self.assertRaises(CellError):
            parse_number("25", decimal_places=2, maximum=24)


class DatesTests(SimpleTestCase):
    def test_dates_as_people_write_them(self):
        for written in [
            "2020-06-13",
            "2020/6/13",
            "2020.6.13",
            "2020年6月13日",
            "20200613",
            datetime.datetime(2020, 6, 13),
        ]:
            with self.subTest(written=written):
                self.assertEqual(parse_date(written), datetime.date(2020, 6, 13))

    def test_a_date_without_a_year_takes_the_year_given(self):
        self.assertEqual(parse_date("6月24日", year=2021), datetime.date(2021, 6, 24))

    def test_a_date_without_a_year_and_none_given_is_an_error_saying_so(self):
        with translation.override("zh-hans"), self.assertRaises(CellError) as caught:
            parse_date("6月24日")
        self.assertIn("没有年份", caught.exception.message)

    def test_an_impossible_date_is_an_error(self):
        with translation.override("zh-hans"), self.assertRaises(CellError) as caught:
            parse_date("2020-02-30")
        self.assertIn("不存在", caught.exception.message)


class HeadersTests(SimpleTestCase):
    def test_headers_lose_blanks_full_width_brackets_and_unit_suffixes(self):
        self.assertEqual(normalize_header(" 志愿服务时长(小时) "), "志愿服务时长")
        self.assertEqual(normalize_header("资金（元）"), "资金")
        self.assertEqual(normalize_header("Volunteer_Hours"), "volunteerhours")
