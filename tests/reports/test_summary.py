"""The Chinese summary's opening sentence: only non-zero figures, their units, 万 and the qualifiers where the
reports use them, the period as the reports say it (the rest of the summary: test_summary_reports)."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from reports.periods import Period
from reports.selectors import Figure, Totals
from reports.summary import chinese_number, period_phrase, whole_sentence, written

FIELDS = {
    "sessions": "场次",
    "participants": "人次",
    "volunteers": "人次",
    "volunteer_hours": "小时",
    "people_served": "人次",
    "households": "户",
    "funds": "元",
}


def totals(indicators=(), qualifiers=None, **values):
    qualifiers = qualifiers or {}
    figures = [
        Figure(key, key, unit, values.get(key, 0), 0, qualifier=qualifiers.get(key, "")) for key, unit in FIELDS.items()
    ]
    figures += [Figure(code, name, unit, value, 0, is_indicator=True) for code, name, unit, value in indicators]
    return Totals(records=1 if any(values.values()) else 0, previous_records=0, figures=figures)


class ChineseNumberTests(SimpleTestCase):
    def test_round_large_figures_are_written_in_wan_exact_ones_digit_for_digit(self):
        self.assertEqual(chinese_number(89000), "8.9万")
        self.assertEqual(chinese_number(36200000), "3620万")
        self.assertEqual(chinese_number(15000), "1.5万")
        self.assertEqual(chinese_number(20000), "2万")
        self.assertEqual(chinese_number(397636), "397636")
        self.assertEqual(chinese_number(43530), "43530")
        self.assertEqual(chinese_number(9000), "9000")

    def test_decimals_lose_needless_zeros(self):
        self.assertEqual(chinese_number(Decimal("3168.0")), "3168")
        self.assertEqual(chinese_number(Decimal("7.50")), "7.5")


class SummarySentenceTests(SimpleTestCase):
    today = datetime.date(2021, 11, 2)

    def test_the_dapeng_sentence_of_the_brief(self):
        sentence = whole_sentence(
            region_name="大鹏新区",
            period=Period.year(2021),
            totals=totals(sessions=17, volunteers=2112, volunteer_hours=Decimal("3168.0"), people_served=397636),
            category_name="志愿服务",
            today=self.today,
        )
        self.assertEqual(
            sentence,
            "今年以来，大鹏新区共开展志愿服务活动17场次，参与志愿者2112人次，服务时长3168小时，服务群众397636人次。",
        )

    def test_without_sessions_or_volunteer_hours_only_the_figures_there_are_appear(self):
        sentence = whole_sentence(
            region_name="大鹏新区",
            period=Period.year(2021),
            totals=totals(volunteers=2112, people_served=397636),
            today=datetime.date(2026, 1, 1),
        )
        self.assertEqual(sentence, "2021年，大鹏新区累计参与志愿者2112人次，服务群众397636人次。")
        self.assertNotIn("小时", sentence)

    def test_wan_for_round_figures_and_money_in_yuan(self):
        sentence = whole_sentence(
            region_name="卫东区",
            period=Period(datetime.date(2015, 1, 1), datetime.date(2015, 12, 8)),
            totals=totals(sessions=90, participants=10000, funds=Decimal("36200000.00"), households=1116),
            today=datetime.date(2015, 12, 8),
        )
        self.assertEqual(
            sentence,
            "今年以来，卫东区共开展各类活动90场次，参与1万人次，走访服务1116户，投入资金3620万元。",
        )

    def test_indicators_are_left_to_the_categories_sentences(self):
        sentence = whole_sentence(
            region_name="东安路街道",
            period=Period.month(2015, 12),
            totals=totals(
                [("suggestions", "意见建议", "条", 50), ("questions", "解答疑问", "项", 20)], households=1100
            ),
            today=self.today,
        )
        self.assertEqual(sentence, "2015年12月，东安路街道累计走访服务1100户。")

    def test_nothing_recorded_says_so(self):
        sentence = whole_sentence(
            region_name="南澳街道", period=Period.quarter(2021, 3), totals=totals(), today=self.today
        )
        self.assertEqual(sentence, "2021年第三季度，南澳街道暂无活动记录。")

    def test_approximate_totals_keep_their_qualifier(self):
        sentence = whole_sentence(
            region_name="大鹏新区",
            period=Period.year(2021),
            totals=totals(
                qualifiers={"people_served": "约", "participants": "余"},
                sessions=47,
                participants=89200,
                people_served=397636,
            ),
            today=datetime.date(2026, 1, 1),
        )
        self.assertEqual(sentence, "2021年，大鹏新区共开展各类活动47场次，参与89200余人次，服务群众约397636人次。")


class WrittenTests(SimpleTestCase):
    def test_figures_are_written_back_as_the_reports_write_them(self):
        self.assertEqual(written(8000, "余"), "8000余")
        self.assertEqual(written(397636, "约"), "约397636")
        self.assertEqual(written(10000, "近"), "近万")
        self.assertEqual(written(1000, "上"), "上千")
        self.assertEqual(written(13000, "余"), "1.3万余")
        self.assertEqual(written(1100, "多"), "1100多")
        self.assertEqual(written(15000), "1.5万")


class PeriodPhraseTests(SimpleTestCase):
    def test_the_period_as_the_reports_say_it(self):
        today = datetime.date(2021, 11, 2)
        d = datetime.date
        self.assertEqual(period_phrase(Period.year(2021), today), "今年以来")
        self.assertEqual(period_phrase(Period(d(2021, 1, 1), d(2021, 11, 2)), today), "今年以来")
        self.assertEqual(period_phrase(Period.year(2020), today), "2020年")
        self.assertEqual(period_phrase(Period(d(2020, 1, 1), d(2020, 6, 30)), today), "2020年上半年")
        self.assertEqual(period_phrase(Period(d(2020, 7, 1), d(2020, 12, 31)), today), "2020年下半年")
        self.assertEqual(period_phrase(Period.quarter(2021, 3), today), "2021年第三季度")
        self.assertEqual(period_phrase(Period.month(2021, 9), today), "2021年9月")
        self.assertEqual(period_phrase(Period(d(2021, 1, 1), d(2021, 9, 30)), today), "2021年1—9月")
        self.assertEqual(period_phrase(Period(d(2020, 3, 5), d(2020, 6, 24)), today), "2020年3月5日至6月24日")
