"""The cell parsers shared by the admin import and the command line."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from transfer.columns import text
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

    def test_capital_numerals_as_finance_tables_write_them_are_read(self):
        cases = {
            "壹": 1,
            "拾壹": 11,
            "壹佰壹拾壹": 111,
            "壹万壹仟": 11000,
            "拾万零壹": 100001,
            "两万": 20000,
            "贰仟零伍拾": 2050,
            "叁佰陆拾伍": 365,
            "肆拾柒": 47,
            "捌仟玖佰": 8900,
            "壹万元整": 10000,
            "零": 0,
            "壹亿贰仟万": 120_000_000,
            "一亿两千万": 120_000_000,
            "三千六百二十万": 36_200_000,
            "二〇二一": 2021,
            "貳萬": 20000,
            "约壹佰人": 100,
        }
        for written, expected in cases.items():
            with self.subTest(written=written):
                self.assertEqual(parse_number(written), expected)

    def test_shortened_figures_count_the_last_digit_in_the_place_below(self):
        cases = {
            "两万五": 25000,
            "三千五": 3500,
            "一百五": 150,
            "一千零五": 1005,
            "十五": 15,
            "1万2千": 12000,
            "3千5百": 3500,
            "12万3千4百": 123400,
            "2万5": 25000,
            "1万2千余人": 12000,
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

    def test_dates_as_formal_documents_and_excel_write_them(self):
        for written in [
            "二〇二〇年六月十三日",
            "二零二零年六月十三日",
            "2020年6月13日（星期六）",
            "2020-06-13 周六",
            "2020/6/13 9:30",
            "2020-06-13T14:05:00",
            "2020-06-13 00:00:00",
        ]:
            with self.subTest(written=written):
                self.assertEqual(parse_date(written), datetime.date(2020, 6, 13))
        self.assertEqual(parse_date("二〇二一年十二月三十一日"), datetime.date(2021, 12, 31))

    def test_a_date_without_a_year_takes_the_year_given(self):
        self.assertEqual(parse_date("6月24日", year=2021), datetime.date(2021, 6, 24))

    def test_a_date_without_a_year_and_none_given_is_an_error_saying_so(self):
        with translation.override("zh-hans"), self.assertRaises(CellError) as caught:
            parse_date("6月24日")
        self.assertIn("没有年份", caught.exception.message)

    def test_a_serial_day_number_is_a_date_in_a_csv_as_in_an_xlsx(self):
        self.assertEqual(parse_date("44328"), datetime.date(2021, 5, 12))
        self.assertEqual(parse_date("44328.0"), datetime.date(2021, 5, 12))
        self.assertEqual(parse_date(44328), datetime.date(2021, 5, 12))
        self.assertEqual(parse_date(44328.75), datetime.date(2021, 5, 12))

    def test_a_number_outside_the_serial_range_is_not_taken_for_a_date(self):
        for written in ("12345", 12345, "99999"):
            with self.subTest(written=written), translation.override("zh-hans"), self.assertRaises(CellError) as caught:
                parse_date(written)
            self.assertIn(f"“{written}”不是日期", caught.exception.message)

    def test_an_impossible_date_is_an_error(self):
        with translation.override("zh-hans"), self.assertRaises(CellError) as caught:
            parse_date("2020-02-30")
        self.assertIn("不存在", caught.exception.message)


class HeadersTests(SimpleTestCase):
    def test_headers_lose_blanks_full_width_brackets_and_unit_suffixes(self):
        self.assertEqual(normalize_header(" 志愿服务时长(小时) "), "志愿服务时长")
        self.assertEqual(normalize_header("资金（元）"), "资金")
        self.assertEqual(normalize_header("Volunteer_Hours"), "volunteerhours")


class TextTests(SimpleTestCase):
    def test_line_breaks_inside_a_title_become_one_space(self):
        read = text("title", "标题", "title", 200).reader()
        self.assertEqual(read("社区党群服务\r\n  宣传走访\n活动"), "社区党群服务 宣传走访 活动")

    def test_notes_keep_their_line_breaks(self):
        read = text("notes", "备注", "notes", 5000, multiline=True).reader()
        self.assertEqual(read("第一行\n第二行"), "第一行\n第二行")

    def test_a_text_too_long_is_refused_quoting_its_start(self):
        with translation.override("zh-hans"), self.assertRaises(CellError) as caught:
            text("code", "代码", "code", 5).reader()("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        self.assertIn("“ABCDEFGHIJKLMNOPQRST…”", caught.exception.message)
