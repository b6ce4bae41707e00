"""The activity search (admin search box): every word in the title, or the external id; indexed on PostgreSQL."""

from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase

from activities.models import Activity
from tests.factories import make_activity, make_region

TITLES = {
    "drugs": "开展禁毒宣传",
    "lecture": "禁毒知识讲座",
    "drill": "开展消防演练",
    "mixed_case": "Ab测试活动",
    "percent": "满意度100%调查",
    "underscore": "a_b 文件整理",
    "sharp_s": "Straße清扫",
}


class ActivitySearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        region = make_region("测试社区")
        cls.records = {key: make_activity(region, title=title) for key, title in TITLES.items()}
        cls.records["with_id"] = make_activity(region, title="入户走访", external_id="X-17")

    def found(self, term):
        return {key for key, record in self.records.items() if Activity.objects.search(term).filter(pk=record.pk)}

    def test_a_two_character_word_is_found_anywhere_in_the_title(self):
        self.assertEqual(self.found("禁毒"), {"drugs", "lecture"})
        self.assertEqual(self.found("宣传"), {"drugs"})

    def test_every_word_must_match_and_quotes_keep_words_together(self):
        self.assertEqual(self.found("开展 禁毒"), {"drugs"})
        self.assertEqual(self.found('"开展禁毒"'), {"drugs"})
        self.assertEqual(self.found('"开展 禁毒"'), set())

    def test_case_does_not_matter_and_like_wildcards_are_plain_characters(self):
        self.assertEqual(self.found("ab"), {"mixed_case"})
        self.assertEqual(self.found("0%"), {"percent"})
        self.assertEqual(self.found("a_"), {"underscore"})
        self.assertEqual(self.found("%"), {"percent"})

    def test_one_and_many_character_words_are_found_too(self):
        self.assertEqual(self.found("禁"), {"drugs", "lecture"})
        self.assertEqual(self.found("消防演练"), {"drill"})

    def test_the_external_id_is_found_whole_in_any_case_but_not_in_part(self):
        self.assertEqual(self.found("x-17"), {"with_id"})
        self.assertEqual(self.found("X-1"), set())

    def test_an_empty_search_keeps_every_record(self):
        self.assertEqual(self.found("  "), set(self.records))

    def test_the_admin_search_box_uses_it(self):
        user = get_user_model().objects.create_superuser("root", password="x")
        self.client.force_login(user)
        response = self.client.get("/admin/activities/activity/", {"q": "禁毒"})
        self.assertEqual(
            {row.title for row in response.context["cl"].result_list}, {TITLES["drugs"], TITLES["lecture"]}
        )


@skipUnless(connection.vendor == "postgresql", "the bigram index exists only on PostgreSQL")
class BigramIndexTests(TestCase):
    def bigrams(self, text):
        with connection.cursor() as cursor:
            cursor.execute("SELECT activity_title_bigrams(%s)", [text])
            return cursor.fetchone()[0]

    def test_the_bigrams_of_a_title_are_its_upper_cased_two_character_substrings(self):
        self.assertEqual(self.bigrams("开展ab宣传"), ["开展", "展A", "AB", "B宣", "宣传"])
        self.assertEqual(self.bigrams("禁"), [])
        self.assertEqual(self.bigrams(""), [])

    def test_a_two_character_search_can_be_answered_from_the_bigram_index(self):
        make_activity(make_region("测试社区"), title="开展禁毒宣传")
        queryset = Activity.objects.search("禁毒").values("pk")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is too small to need an index
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        self.assertIn("activity_title_bigrams", plan)
        self.assertNotIn("activity_title_trgm", plan)
