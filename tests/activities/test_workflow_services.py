"""The review workflow's services: who may take which step, and what each step writes."""

from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from activities.models import Activity, Status
from activities.services import (
    ConflictError,
    activities_approve,
    activities_return,
    activity_approve,
    activity_reopen,
    activity_return,
    activity_submit,
)
from tests.factories import make_activity
from tests.personas import PersonasMixin

ONLY_DRAFT_OR_RETURNED = "Only draft and returned activities can be submitted for review."
ONLY_SUBMITTED_APPROVED = "Only submitted activities can be approved."
ONLY_SUBMITTED_RETURNED = "Only submitted activities can be returned."
ONLY_APPROVED_REOPENED = "Only approved activities can be reopened."
NO_REVIEW_PERMISSION = "You do not have permission to review activities."
NO_SUBMIT_PERMISSION = "You do not have permission to submit activities for review."
OUTSIDE_SCOPE = "This activity is outside your regions."
REASON_REQUIRED = "Give the reason for returning, so the clerk knows what to correct."
CONFLICT = "Someone else changed this activity in the meantime. Reload it and try again."


class WorkflowServiceTests(PersonasMixin, TestCase):
    def setUp(self):
        # The messages are asserted as their English msgids; the suite's default language is Chinese.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def activity(self, status, region=None):
        return make_activity(region or self.community_a, status=status)

    def assert_refused(self, call, message, activity):
        """``call()`` raises a ValidationError saying ``message``, and ``activity``'s row is unchanged."""
        before = Activity.objects.values().get(pk=activity.pk)
        with self.assertRaises(ValidationError) as raised:
            call()
        self.assertEqual(raised.exception.messages, [message])
        self.assertEqual(Activity.objects.values().get(pk=activity.pk), before)

    # Allowed steps

    def test_a_clerk_submits_a_draft_and_the_record_says_who_and_when(self):
        activity = self.activity(Status.DRAFT)
        activity_submit(actor=self.clerk_a, activity=activity, expected_version=1)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.version, stored.submitted_by), (Status.SUBMITTED, 2, self.clerk_a))
        self.assertIsNotNone(stored.submitted_at)
        self.assertEqual((activity.status, activity.version), (Status.SUBMITTED, 2))  # the caller's copy follows

    def test_a_clerk_resubmits_a_returned_record(self):
        activity = self.activity(Status.RETURNED)
        activity_submit(actor=self.clerk_a, activity=activity, expected_version=1)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)

    def test_a_reviewer_approves_a_submitted_record_in_their_subdistrict(self):
        activity = self.activity(Status.SUBMITTED)
        activity_approve(actor=self.reviewer, activity=activity, expected_version=1)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.version, stored.reviewed_by), (Status.APPROVED, 2, self.reviewer))
        self.assertIsNotNone(stored.reviewed_at)

    def test_a_district_manager_approves_a_record_of_any_community_below(self):
        activity = self.activity(Status.SUBMITTED, self.community_b)
        activity_approve(actor=self.manager, activity=activity, expected_version=1)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.APPROVED)

    def test_a_reviewer_returns_a_submitted_record_with_the_reason_stripped(self):
        activity = self.activity(Status.SUBMITTED)
        activity_return(actor=self.reviewer, activity=activity, expected_version=1, reason="  服务时长与人次不符 \n")
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual(
            (stored.status, stored.version, stored.reviewed_by, stored.return_reason),
            (Status.RETURNED, 2, self.reviewer, "服务时长与人次不符"),
        )

    def test_a_reviewer_reopens_an_approved_record_so_the_clerk_can_correct_it(self):
        activity = self.activity(Status.APPROVED)
        activity_reopen(actor=self.reviewer, activity=activity, expected_version=1, reason="资金数额有误")
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.return_reason), (Status.RETURNED, "资金数额有误"))

    def test_a_record_goes_round_the_whole_workflow_and_approval_clears_the_old_reason(self):
        activity = self.activity(Status.DRAFT)
        activity_submit(actor=self.clerk_a, activity=activity, expected_version=1)
        activity_return(actor=self.reviewer, activity=activity, expected_version=2, reason="补充地点")
        activity_submit(actor=self.clerk_a, activity=activity, expected_version=3)
        self.assertEqual(Activity.objects.get(pk=activity.pk).return_reason, "补充地点")  # the reviewer still sees it
        activity_approve(actor=self.reviewer, activity=activity, expected_version=4)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.version, stored.return_reason), (Status.APPROVED, 5, ""))

    # Forbidden steps

    def test_only_draft_and_returned_records_can_be_submitted(self):
        for status in [Status.SUBMITTED, Status.APPROVED]:
            with self.subTest(status=status):
                activity = self.activity(status)
                self.assert_refused(
                    lambda a=activity: activity_submit(actor=self.clerk_a, activity=a, expected_version=1),
                    ONLY_DRAFT_OR_RETURNED,
                    activity,
                )

    def test_only_submitted_records_can_be_approved_or_returned(self):
        for status in [Status.DRAFT, Status.RETURNED, Status.APPROVED]:
            with self.subTest(status=status):
                activity = self.activity(status)
                self.assert_refused(
                    lambda a=activity: activity_approve(actor=self.reviewer, activity=a, expected_version=1),
                    ONLY_SUBMITTED_APPROVED,
                    activity,
                )
                self.assert_refused(
                    lambda a=activity: activity_return(actor=self.reviewer, activity=a, expected_version=1, reason="x"),
                    ONLY_SUBMITTED_RETURNED,
                    activity,
                )

    def test_only_approved_records_can_be_reopened(self):
        for status in [Status.DRAFT, Status.SUBMITTED, Status.RETURNED]:
            with self.subTest(status=status):
                activity = self.activity(status)
                self.assert_refused(
                    lambda a=activity: activity_reopen(actor=self.reviewer, activity=a, expected_version=1, reason="x"),
                    ONLY_APPROVED_REOPENED,
                    activity,
                )

    def test_a_clerk_cannot_approve_return_or_reopen(self):
        submitted, approved = self.activity(Status.SUBMITTED), self.activity(Status.APPROVED)
        self.assert_refused(
            lambda: activity_approve(actor=self.clerk_a, activity=submitted, expected_version=1),
            NO_REVIEW_PERMISSION,
            submitted,
        )
        self.assert_refused(
            lambda: activity_return(actor=self.clerk_a, activity=submitted, expected_version=1, reason=""),
            NO_REVIEW_PERMISSION,
            submitted,
        )
        self.assert_refused(
            lambda: activity_reopen(actor=self.clerk_a, activity=approved, expected_version=1, reason="x"),
            NO_REVIEW_PERMISSION,
            approved,
        )

    def test_a_reviewer_cannot_approve_a_record_outside_their_subdistrict(self):
        activity = self.activity(Status.SUBMITTED, self.other_district)
        self.assert_refused(
            lambda: activity_approve(actor=self.reviewer, activity=activity, expected_version=1),
            OUTSIDE_SCOPE,
            activity,
        )
        self.assert_refused(
            lambda: activity_return(actor=self.reviewer, activity=activity, expected_version=1, reason="x"),
            OUTSIDE_SCOPE,
            activity,
        )

    def test_a_clerk_cannot_submit_a_sibling_communitys_record(self):
        activity = self.activity(Status.DRAFT, self.community_a)
        self.assert_refused(
            lambda: activity_submit(actor=self.clerk_b, activity=activity, expected_version=1), OUTSIDE_SCOPE, activity
        )

    def test_someone_without_change_permission_cannot_submit(self):
        viewer = get_user_model().objects.create_user("viewer", is_staff=True)
        activity = self.activity(Status.DRAFT)
        self.assert_refused(
            lambda: activity_submit(actor=viewer, activity=activity, expected_version=1), NO_SUBMIT_PERMISSION, activity
        )

    def test_returning_or_reopening_without_a_reason_is_refused(self):
        submitted, approved = self.activity(Status.SUBMITTED), self.activity(Status.APPROVED)
        steps = [
            (submitted, partial(activity_return, actor=self.reviewer, activity=submitted, expected_version=1)),
            (approved, partial(activity_reopen, actor=self.reviewer, activity=approved, expected_version=1)),
        ]
        for reason in ["", "   \n ", None]:
            for activity, step in steps:
                with self.subTest(step=step.func.__name__, reason=reason):
                    before = Activity.objects.values().get(pk=activity.pk)
                    with self.assertRaises(ValidationError) as raised:
                        step(reason=reason)
                    self.assertEqual(raised.exception.message_dict, {"reason": [REASON_REQUIRED]})
                    self.assertEqual(Activity.objects.values().get(pk=activity.pk), before)

    # Conflicts

    def test_of_two_reviewers_deciding_on_the_same_version_only_the_first_wins(self):
        activity = self.activity(Status.SUBMITTED)
        # Each reviewer holds their own copy, loaded at version 1.
        first, second = Activity.objects.get(pk=activity.pk), Activity.objects.get(pk=activity.pk)
        activity_approve(actor=self.reviewer, activity=first, expected_version=1)
        with self.assertRaises(ConflictError) as raised:
            activity_return(actor=self.manager, activity=second, expected_version=1, reason="数据有误")
        self.assertEqual(str(raised.exception), CONFLICT)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual(
            (stored.status, stored.version, stored.reviewed_by, stored.return_reason),
            (Status.APPROVED, 2, self.reviewer, ""),
        )

    def test_the_same_approval_twice_with_the_same_version_conflicts_the_second_time(self):
        activity = self.activity(Status.SUBMITTED)
        first, second = Activity.objects.get(pk=activity.pk), Activity.objects.get(pk=activity.pk)
        activity_approve(actor=self.reviewer, activity=first, expected_version=1)
        with self.assertRaises(ConflictError):
            activity_approve(actor=self.manager, activity=second, expected_version=1)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.version, stored.reviewed_by), (2, self.reviewer))

    def test_a_decision_on_a_version_older_than_the_record_conflicts(self):
        activity = self.activity(Status.SUBMITTED)
        Activity.objects.filter(pk=activity.pk).update(version=3)  # edited twice since the reviewer looked
        activity.refresh_from_db()
        with self.assertRaises(ConflictError):
            activity_approve(actor=self.reviewer, activity=activity, expected_version=1)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)

    # Several records at once

    def test_bulk_approval_approves_what_it_may_and_says_why_it_skipped_the_rest(self):
        submitted = self.activity(Status.SUBMITTED)
        draft = self.activity(Status.DRAFT)
        elsewhere = self.activity(Status.SUBMITTED, self.other_district)
        done, skipped = activities_approve(actor=self.reviewer, activities=[submitted, draft, elsewhere])
        self.assertEqual(done, [submitted])
        self.assertEqual(skipped, [(draft, ONLY_SUBMITTED_APPROVED), (elsewhere, OUTSIDE_SCOPE)])
        self.assertEqual(
            dict(Activity.objects.values_list("pk", "status")),
            {submitted.pk: Status.APPROVED, draft.pk: Status.DRAFT, elsewhere.pk: Status.SUBMITTED},
        )

    def test_bulk_approval_skips_a_record_changed_since_the_reviewer_saw_it(self):
        seen, changed = self.activity(Status.SUBMITTED), self.activity(Status.SUBMITTED)
        Activity.objects.filter(pk=changed.pk).update(version=2)
        done, skipped = activities_approve(
            actor=self.reviewer, activities=[seen, changed], expected_versions={seen.pk: 1, changed.pk: 1}
        )
        self.assertEqual((done, skipped), ([seen], [(changed, CONFLICT)]))
        self.assertEqual(Activity.objects.get(pk=changed.pk).status, Status.SUBMITTED)

    def test_bulk_return_without_a_reason_changes_nothing(self):
        activity = self.activity(Status.SUBMITTED)
        with self.assertRaises(ValidationError) as raised:
            activities_return(actor=self.reviewer, activities=[activity], reason=" ")
        self.assertEqual(raised.exception.message_dict, {"reason": [REASON_REQUIRED]})
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)

    def test_bulk_return_gives_every_record_the_same_reason(self):
        first, second = self.activity(Status.SUBMITTED), self.activity(Status.SUBMITTED)
        done, skipped = activities_return(actor=self.reviewer, activities=[second, first], reason="请补充照片")
        self.assertEqual((done, skipped), ([first, second], []))
        self.assertEqual(
            list(Activity.objects.order_by("pk").values_list("status", "return_reason")),
            [(Status.RETURNED, "请补充照片")] * 2,
        )
