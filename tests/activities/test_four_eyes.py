"""Four eyes: nobody approves an activity they created or submitted, whatever their role."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from activities.models import Activity, Status
from activities.services import activities_approve, activity_approve
from tests.factories import make_activity
from tests.personas import PersonasMixin

OWN = "此活动由您创建或提交，须由他人审核通过。"


class FourEyesTests(PersonasMixin, TestCase):
    def submitted(self, *, created_by=None, submitted_by=None):
        activity = make_activity(self.community_a, status=Status.SUBMITTED)
        Activity.objects.filter(pk=activity.pk).update(created_by=created_by, submitted_by=submitted_by)
        return Activity.objects.get(pk=activity.pk)

    def assert_refused(self, actor, activity):
        with self.assertRaises(ValidationError) as raised:
            activity_approve(actor=actor, activity=activity, expected_version=activity.version)
        self.assertEqual(raised.exception.messages, [OWN])
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.reviewed_by), (Status.SUBMITTED, None))

    def test_a_manager_does_not_approve_an_activity_they_created(self):
        self.assert_refused(self.manager, self.submitted(created_by=self.manager, submitted_by=self.clerk_a))

    def test_a_reviewer_does_not_approve_an_activity_they_submitted(self):
        self.assert_refused(self.reviewer, self.submitted(created_by=self.clerk_a, submitted_by=self.reviewer))

    def test_not_even_a_superuser_approves_their_own(self):
        root = get_user_model().objects.create_superuser("root", password="x")
        self.assert_refused(root, self.submitted(created_by=root, submitted_by=root))

    def test_someone_else_approves(self):
        activity = self.submitted(created_by=self.clerk_a, submitted_by=self.clerk_a)
        activity_approve(actor=self.reviewer, activity=activity, expected_version=activity.version)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.reviewed_by), (Status.APPROVED, self.reviewer))

    def test_a_bulk_approval_skips_the_approvers_own_records_with_the_reason(self):
        own = self.submitted(created_by=self.manager, submitted_by=self.manager)
        other = self.submitted(created_by=self.clerk_a, submitted_by=self.clerk_a)
        done, skipped = activities_approve(actor=self.manager, activities=[own, other])
        self.assertEqual(([a.pk for a in done], [(a.pk, why) for a, why in skipped]), ([other.pk], [(own.pk, OWN)]))
        self.assertEqual(Activity.objects.get(pk=own.pk).status, Status.SUBMITTED)
        self.assertEqual(Activity.objects.get(pk=other.pk).status, Status.APPROVED)

    def test_the_approve_page_says_why_and_writes_nothing(self):
        activity = self.submitted(created_by=self.manager, submitted_by=self.manager)
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("activities:approve", args=[activity.pk]), {"version": activity.version}, follow=True
        )
        self.assertContains(response, OWN)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)

    def test_the_approve_page_says_why_before_offering_the_button(self):
        activity = self.submitted(created_by=self.manager, submitted_by=self.manager)
        self.client.force_login(self.manager)
        response = self.client.get(reverse("activities:approve", args=[activity.pk]))
        self.assertContains(response, OWN)
        self.assertNotContains(response, '<button type="submit">')

    @override_settings(LEDGER_FOUR_EYES=False)
    def test_a_one_person_office_turns_it_off(self):
        activity = self.submitted(created_by=self.manager, submitted_by=self.manager)
        activity_approve(actor=self.manager, activity=activity, expected_version=activity.version)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.APPROVED)
