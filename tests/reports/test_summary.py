"""The Chinese summary sentence: only non-zero figures, their units, 万 where the reports use it."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from reports.periods import Period
from reports.selectors import Figure, Totals
from reports.summary import chinese_number, summary_sentence

FIELDS = {
    "sessions": "场次",
    "participants": "人次",
    "volunteers": "人次",
    "volunteer_hours": "小时",
    "people_served": "人次",
    "households": "户",
    "funds": "元",
}


def totals(indicators=(), **values):
    figures = [Figure(key, key, unit, values.get(key, 0), 0) for key, unit in FIELDS.items()]
    figures += [Figure(code, name, unit, value, 0, is_indicator=True) for code, name, unit, value in indicators]
    return Totals(records=1, previous_records=0, figures=figures)


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
        sentence = summary_sentence(
            region_name="大鹏新区",
            period=Period.year(2021),
            totals=totals(sessions=17, volunteers=2112, volunteer_hours=Decimal("3168.0"), people_served=397636),
            category_name="志愿服务",
            today=self.today,
        )
        self.assertEqual(
            sentence,
            "2021年以来，大鹏新区共开展志愿服务活动17场次，参与志愿者2112人次，服务时长3168小时，服务群众397636人次。",
        )

    def test_without_sessions_or_volunteer_hours_only_the_figures_there_are_appear(self):
        sentence = summary_sentence(
            region_name="大鹏新区",
            period=Period.year(2021),
            totals=totals(volunteers=2112, people_served=397636),
            today=datetime.date(2026, 1, 1),
        )
        self.assertEqual(sentence, "2021年，大鹏新区累计参与志愿者2112人次，服务群众397636人次。")
        self.assertNotIn("小时", sentence)

    def test_wan_for_round_figures_and_money_in_yuan(self):
        sentence = summary_sentence(
            region_name="卫东区",
            period=Period(datetime.date(2015, 1, 1), datetime.date(2015, 12, 8)),
            totals=totals(sessions=90, participants=10000, funds=Decimal("36200000.00"), households=1116),
            today=self.today,
        )
        self.assertEqual(
            sentence,
            "2015年1月1日至12月8日，卫东区共开展各类活动90场次，参与1万人次，走访服务1116户，投入资金3620万元。",
        )

    def test_indicators_follow_with_their_own_units(self):
        sentence = summary_sentence(
            region_name="东安路街道",
            period=Period.month(2015, 12),
            totals=totals(
                [("suggestions", "意见建议", "条", 50), ("questions", "解答疑问", "项", 20)], households=1100
            ),
            today=self.today,
        )
        self.assertEqual(sentence, "2015年12月，东安路街道累计走访服务1100户，另有意见建议50条、解答疑问20项。")

    def test_nothing_recorded_says_so(self):
        sentence = summary_sentence(
            region_name="南澳街道", period=Period.quarter(2021, 3), totals=totals(), today=self.today
        )
        self.assertEqual(sentence, "2021年第三季度，南澳街道暂无活动记录。")
