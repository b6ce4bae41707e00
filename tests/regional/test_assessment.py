"""Assessments: weighted items within the full marks, scores by branch or unit, star ratings, the ranking."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from history.models import Action
from history.services import history_of
from regional import assessment
from regional.models import AssessmentItem, AssessmentScore
from tests.factories import make_organization
from tests.personas import PersonasMixin

from .helpers import RegionalMixin


class AssessmentTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.scheme = assessment.assessment_scheme_create(
            actor=cls.manager, region=cls.subdistrict, name="党建工作百分制考核", year=2015
        )
        cls.items = [
            assessment.assessment_item_add(actor=cls.manager, scheme=cls.scheme, name="组织建设", weight=Decimal("60")),
            assessment.assessment_item_add(actor=cls.manager, scheme=cls.scheme, name="服务群众", weight=Decimal("40")),
        ]
        cls.branch_a = make_organization(cls.community_a, "西站东社区党支部")
        cls.branch_b = make_organization(cls.community_b, "西站西社区党支部")

    def score(self, subject, item, points):
        return assessment.assessment_score_record(actor=self.manager, item=item, subject=subject, score=Decimal(points))

    def test_items_cannot_carry_more_than_the_full_marks(self):
        with self.assertRaises(ValidationError) as error:
            assessment.assessment_item_add(actor=self.manager, scheme=self.scheme, name="加分项", weight=Decimal("5"))
        self.assertEqual(error.exception.message_dict, {"weight": ["各项合计将达105分，超过满分100分。"]})
        self.assertEqual(AssessmentItem.objects.filter(scheme=self.scheme).count(), 2)

    def test_a_score_above_the_items_points_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.score(self.branch_a, self.items[1], "41")
        self.assertEqual(error.exception.message_dict, {"score": ["“服务群众”满分40分，41超出。"]})

    def test_recording_a_score_again_corrects_it_in_its_history(self):
        first = self.score(self.branch_a, self.items[0], "50")
        self.score(self.branch_a, self.items[0], "55")
        self.assertEqual(AssessmentScore.objects.get().score, Decimal("55"))
        self.assertEqual([row.action for row in history_of(first).order_by("at", "id")], [Action.CREATE, Action.UPDATE])

    def test_the_ranking_adds_up_the_items_shares_ties_and_shows_the_stars(self):
        self.score(self.branch_a, self.items[0], "55")
        self.score(self.branch_a, self.items[1], "35")
        self.score(self.branch_b, self.items[0], "50")
        self.score(self.branch_b, self.items[1], "40")
        self.score(self.unit, self.items[0], "40")
        assessment.assessment_rate(actor=self.manager, scheme=self.scheme, subject=self.branch_a, stars=5)
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("regional:assessment", args=[self.scheme.pk]))
        rows = [(r["rank"], r["name"], r["total"], r["stars"]) for r in response.context["ranking"]]
        self.assertEqual(
            rows,
            [
                (1, "西站东社区党支部", Decimal("90"), 5),
                (1, "西站西社区党支部", Decimal("90"), None),
                (3, "西站派出所", Decimal("40"), None),
            ],
        )

    def test_a_sibling_clerk_cannot_open_the_subdistricts_assessment_or_score_community_a(self):
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(reverse("regional:assessment", args=[self.scheme.pk])).status_code, 404)
        with self.assertRaises(ValidationError):
            assessment.assessment_score_record(actor=self.clerk_b, item=self.items[0], subject=self.branch_a, score=1)
        self.assertFalse(AssessmentScore.objects.exists())

    def test_a_star_rating_out_of_range_reads_as_a_chinese_sentence(self):
        with self.assertRaises(ValidationError) as error:
            assessment.assessment_rate(actor=self.manager, scheme=self.scheme, subject=self.branch_a, stars=6)
        self.assertEqual(error.exception.message_dict, {"stars": ["确保该值小于或等于5。"]})

    def test_the_database_holds_one_subject_per_score_in_chinese(self):
        score = AssessmentScore(scheme=self.scheme, item=self.items[0], score=1)
        with self.assertRaises(ValidationError) as error:
            score.full_clean()
        self.assertIn("得分须对应一个支部或组织，或一个驻区单位。", error.exception.messages)
