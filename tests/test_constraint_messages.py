"""A form that breaks a database constraint says what is wrong in a sentence, never
"约束 “name” 是无效的"."""

from django.apps import apps
from django.db.models import UniqueConstraint
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from communities.models import Project
from tests.personas import PersonasMixin, make_user

# Django words these itself (unique_error_message): a unique constraint on fields without a condition.
LEDGER_APPS = {"accounts", "activities", "communities", "history", "transfer", "volunteers"}


class ConstraintMessageTests(PersonasMixin, TestCase):
    def test_every_check_and_conditional_unique_constraint_has_its_own_sentence(self):
        checked, default = 0, []
        for model in apps.get_models():
            if model._meta.app_label not in LEDGER_APPS:
                continue
            for constraint in model._meta.constraints:
                if isinstance(constraint, UniqueConstraint) and not constraint.condition:
                    continue
                checked += 1
                with translation.override("zh-hans"):
                    message = str(constraint.get_violation_error_message())
                if constraint.name in message or message.startswith("约束"):
                    default.append(f"{model._meta.label}: {constraint.name}")
        self.assertEqual(default, [])
        self.assertGreater(checked, 20)

    def test_the_project_form_says_more_started_than_planned_in_a_sentence(self):
        self.client.force_login(make_user("root", None, is_superuser=True))
        response = self.client.post(
            reverse("admin:communities_project_add"),
            {
                "code": "P-1",
                "name": "老旧小区改造",
                "kind": Project._meta.get_field("kind").choices[0][0],
                "region": self.community_a.pk,
                "year": 2026,
                "unit": "个",
                "planned": 3,
                "started": 5,
                "completed": 0,
            },
        )
        self.assertContains(response, "已开工数多于计划数，请核对这两个数字。")
        self.assertNotContains(response, "project_started_within_planned")
        self.assertFalse(Project.objects.exists())
