"""The database itself refuses bad rows, so neither an import nor a bulk write can get round the rules."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import TestCase

from activities.measures import MEASURES
from activities.models import Activity, Category, Indicator, IndicatorValue, Participation
from communities.models import Project, ProjectKind
from tests.factories import category, make_activity, make_person, make_region


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.region = make_region("卫东区")
        cls.activity = make_activity(cls.region, title="平安建设宣传走访", households=1100)

    def assertRefused(self, write):
        with self.assertRaises(IntegrityError), transaction.atomic():
            write()

    def test_negative_measures_are_refused(self):
        for measure in MEASURES:
            with self.subTest(measure=measure.field):
                self.assertRefused(lambda m=measure: make_activity(self.region, **{m.field: -1}))

    def test_absurd_measures_are_refused(self):
        for measure in MEASURES:
            with self.subTest(measure=measure.field):
                self.assertRefused(lambda m=measure: make_activity(self.region, **{m.field: m.maximum + 1}))

    def test_measures_may_be_left_empty_or_zero(self):
        blank = make_activity(self.region, title="空白记录")
        zero = make_activity(self.region, title="零记录", sessions=0, funds=Decimal("0"))
        self.assertIsNone(blank.sessions)
        self.assertEqual(zero.sessions, 0)

    def test_a_start_date_after_the_date_is_refused(self):
        self.assertRefused(
            lambda: make_activity(self.region, date=datetime.date(2020, 6, 1), start_date=datetime.date(2020, 6, 2))
        )

    def test_a_date_before_1990_is_refused(self):
        self.assertRefused(lambda: make_activity(self.region, date=datetime.date(1964, 5, 1)))

    def test_external_ids_are_unique_but_may_be_blank_on_many_records(self):
        make_activity(self.region, external_id="WD-2015-001")
        make_activity(self.region, title="无编号一")
        make_activity(self.region, title="无编号二")
        self.assertRefused(lambda: make_activity(self.region, external_id="WD-2015-001"))

    def test_indicator_values_are_non_negative_and_one_per_indicator(self):
        suggestions = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
        IndicatorValue.objects.create(activity=self.activity, indicator=suggestions, value=50)
        self.assertRefused(
            lambda: IndicatorValue.objects.create(activity=self.activity, indicator=suggestions, value=1)
        )
        other = make_activity(self.region)
        self.assertRefused(lambda: IndicatorValue.objects.create(activity=other, indicator=suggestions, value=-5))

    def test_an_indicator_cannot_take_a_core_measure_code(self):
        self.assertRefused(lambda: Indicator.objects.create(code="funds", name="资金2", unit="元"))

    def test_a_project_cannot_complete_more_than_it_started(self):
        def project(**counts):
            return Project.objects.create(
                code=f"P{len(counts)}{sum(counts.values())}",
                name="老旧小区改造",
                kind=ProjectKind.RENOVATION,
                region=self.region,
                year=2020,
                **counts,
            )

        self.assertRefused(lambda: project(planned=487, started=301, completed=302))
        self.assertRefused(lambda: project(planned=487, started=488, completed=0))
        renovation = project(planned=487, started=301, completed=177)
        self.assertEqual((renovation.started_percent, renovation.completed_percent), (61.8, 36.3))

    def test_an_id_number_belongs_to_one_person_only(self):
        make_person(self.region, "甲", id_number="11010519491231002X")
        make_person(self.region, "乙")
        make_person(self.region, "丙")  # blank ID numbers do not collide
        self.assertRefused(lambda: make_person(self.region, "丁", id_number="11010519491231002X"))

    def test_participation_hours_stay_within_a_day(self):
        person = make_person(self.region)
        self.assertRefused(lambda: Participation.objects.create(person=person, activity=self.activity, hours=25))
        self.assertRefused(lambda: Participation.objects.create(person=person, activity=self.activity, hours=-1))
        Participation.objects.create(person=person, activity=self.activity, hours=Decimal("3.5"))
        self.assertRefused(lambda: Participation.objects.create(person=person, activity=self.activity, hours=1))

    def test_a_category_in_use_cannot_be_deleted(self):
        with self.assertRaises(ProtectedError):
            category().delete()
        self.assertTrue(Category.objects.filter(code="volunteer_service").exists())

    def test_deleting_an_activity_keeps_nothing_orphaned(self):
        suggestions = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
        IndicatorValue.objects.create(activity=self.activity, indicator=suggestions, value=50)
        self.activity.delete()
        self.assertFalse(IndicatorValue.objects.exists())
        self.assertFalse(Activity.objects.filter(pk=self.activity.pk).exists())


class DefaultCategoryTests(TestCase):
    def test_a_fresh_database_has_the_designs_categories(self):
        self.assertEqual(
            list(Category.objects.values_list("name", flat=True)),
            [
                "学习教育",
                "培训",
                "主题党日/团日",
                "志愿服务",
                "走访慰问",
                "宣传宣讲",
                "会议议事",
                "观摩交流",
                "矛盾调解",
                "帮扶救助",
                "共驻共建",
                "文体活动",
                "疫情防控",
                "平安建设",
            ],
        )
