"""activity_withdraw: the clerk who submitted a record takes it back to draft before a reviewer decides."""

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.test import TestCase

from accounts.roles import CLERK
from activities import services
from activities.models import MonthlyTotal, Status
from history.models import Action
from history.services import history_of
from tests.factories import make_activity
from tests.personas import PersonasMixin, make_user


class WithdrawTests(PersonasMixin, TestCase):
    def submitted(self):
        activity = make_activity(self.community_a, status=Status.DRAFT, volunteers=5)
        return services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)

    def submitted_in_totals(self):
        rows = MonthlyTotal.objects.filter(region=self.district, status=Status.SUBMITTED)
        return rows.aggregate(n=Sum("records"))["n"] or 0

    def test_the_submitter_withdraws_it_to_draft_out_of_the_submitted_totals_with_history(self):
        activity = self.submitted()
        self.assertEqual(self.submitted_in_totals(), 1)
        services.activity_withdraw(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        activity.refresh_from_db()
        self.assertEqual((activity.status, activity.version), (Status.DRAFT, 3))
        self.assertEqual(self.submitted_in_totals(), 0)
        change = history_of(activity).first()
        self.assertEqual((change.action, change.actor), (Action.WITHDRAW, self.clerk_a))
        self.assertEqual(change.changes["status"], ["submitted", "draft"])

    def test_another_clerk_of_the_same_community_may_not_withdraw_it(self):
        colleague = make_user("clerk_a2", CLERK, self.community_a)
        activity = self.submitted()
        with self.assertRaisesMessage(ValidationError, "只有提交此活动的人可以撤回。"):
            services.activity_withdraw(actor=colleague, activity=activity, expected_version=activity.version)
        self.assertEqual(activity.__class__.objects.get(pk=activity.pk).status, Status.SUBMITTED)

    def test_a_reviewed_record_cannot_be_withdrawn(self):
        activity = self.submitted()
        services.activity_return(actor=self.reviewer, activity=activity, expected_version=activity.version, reason="x")
        with self.assertRaisesMessage(ValidationError, "只有已提交且尚未审核的活动可以撤回。"):
            services.activity_withdraw(actor=self.clerk_a, activity=activity, expected_version=activity.version)

    def test_a_stale_version_conflicts_and_writes_nothing(self):
        activity = self.submitted()
        with self.assertRaises(services.ConflictError):
            services.activity_withdraw(actor=self.clerk_a, activity=activity, expected_version=activity.version - 1)
        self.assertEqual(activity.__class__.objects.get(pk=activity.pk).status, Status.SUBMITTED)
