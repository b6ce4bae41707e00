"""The review workflow in the admin: who may edit a record in which status, and the review actions."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities.models import Activity, Status
from history.models import Action, Change
from tests.factories import make_activity
from tests.personas import PersonasMixin, make_user

CHANGELIST = reverse("admin:activities_activity_changelist")


def change_url(activity):
    return reverse("admin:activities_activity_change", args=[activity.pk])


def zh(message):
    """``message`` as the Chinese admin shows it (the msgid itself until it is translated)."""
    with override("zh-hans"):
        return gettext(message)


class WorkflowAdminTests(PersonasMixin, TestCase):
    def activity(self, status, **fields):
        return make_activity(self.community_a, status=status, **fields)

    def action(self, name, activities, **data):
        """POST the changelist's action form with ``activities`` ticked."""
        return self.client.post(
            CHANGELIST, {"action": name, "index": 0, ACTION_CHECKBOX_NAME: [a.pk for a in activities], **data}
        )

    def confirm(self, name, activities, **data):
        """POST the action's confirmation page back, as its "confirm" button does."""
        return self.client.post(
            CHANGELIST,
            {
                "action": name,
                "post": "yes",
                ACTION_CHECKBOX_NAME: [a.pk for a in activities],
                "seen_version": [f"{a.pk}:{a.version}" for a in activities],
                **data,
            },
        )

    def form_data(self, activity, **changes):
        data = {
            "title": activity.title,
            "category": activity.category_id,
            "date": activity.date.isoformat(),
            "region": activity.region_id,
            "loaded_version": activity.version,
            "indicator_values-TOTAL_FORMS": 0,
            "indicator_values-INITIAL_FORMS": 0,
        }
        return {**data, **changes}

    def statuses(self, *activities):
        return [Activity.objects.get(pk=a.pk).status for a in activities]

    # Editing by status

    def test_a_clerk_edits_a_draft_and_the_edit_bumps_the_version(self):
        activity = self.activity(Status.DRAFT)
        self.client.force_login(self.clerk_a)
        response = self.client.post(change_url(activity), self.form_data(activity, title="改过的标题"))
        self.assertRedirects(response, CHANGELIST)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.title, stored.version, stored.status), ("改过的标题", 2, Status.DRAFT))

    def test_a_clerk_sees_a_submitted_record_read_only_and_cannot_post_changes_to_it(self):
        activity = self.activity(Status.SUBMITTED, title="已提交的活动")
        self.client.force_login(self.clerk_a)
        page = self.client.get(change_url(activity))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="title"')
        self.assertNotContains(page, 'name="_save"')
        response = self.client.post(change_url(activity), self.form_data(activity, title="偷改的标题"))
        self.assertEqual(response.status_code, 403)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.title, stored.version, stored.status), ("已提交的活动", 1, Status.SUBMITTED))

    def test_a_reviewer_may_correct_a_submitted_record_but_nobody_edits_an_approved_one(self):
        submitted, approved = self.activity(Status.SUBMITTED), self.activity(Status.APPROVED, title="已审核的活动")
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(change_url(submitted)), 'name="_save"')
        self.assertNotContains(self.client.get(change_url(approved)), 'name="_save"')
        response = self.client.post(change_url(approved), self.form_data(approved, title="改过的标题"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Activity.objects.get(pk=approved.pk).title, "已审核的活动")

    # The actions on offer

    def test_a_clerk_is_offered_submission_but_not_the_reviewers_actions(self):
        self.activity(Status.DRAFT)
        self.client.force_login(self.clerk_a)
        actions = dict(self.client.get(CHANGELIST).context["action_form"].fields["action"].choices)
        self.assertIn("submit_for_review", actions)
        self.assertFalse({"approve", "return_with_reason", "reopen_with_reason"} & set(actions))

    def test_a_clerk_cannot_run_the_approve_action_by_posting_it(self):
        activity = self.activity(Status.SUBMITTED)
        self.client.force_login(self.clerk_a)
        self.confirm("approve", [activity])
        self.assertEqual(self.statuses(activity), [Status.SUBMITTED])

    # Submitting

    def test_a_clerk_submits_drafts_and_is_told_which_were_left_unchanged(self):
        draft, approved = self.activity(Status.DRAFT), self.activity(Status.APPROVED)
        self.client.force_login(self.clerk_a)
        response = self.action("submit_for_review", [draft, approved])
        self.assertRedirects(response, CHANGELIST, fetch_redirect_response=False)
        self.assertEqual(self.statuses(draft, approved), [Status.SUBMITTED, Status.APPROVED])
        messages = [str(m) for m in self.client.get(CHANGELIST).context["messages"]]
        with override("zh-hans"):
            self.assertEqual(
                messages,
                [
                    ngettext(
                        "%(count)d activity was submitted for review.",
                        "%(count)d activities were submitted for review.",
                        1,
                    )
                    % {"count": 1},
                    gettext("“%(activity)s” was left unchanged: %(reason)s")
                    % {
                        "activity": approved,
                        "reason": gettext("Only draft and returned activities can be submitted for review."),
                    },
                ],
            )
        self.assertEqual(Activity.objects.get(pk=draft.pk).submitted_by, self.clerk_a)

    # Approving

    def test_a_reviewer_approves_two_submitted_records_through_the_confirmation_page(self):
        first = self.activity(Status.SUBMITTED, title="平安建设宣传走访")
        second = self.activity(Status.SUBMITTED, title="马路天使文明交通")
        self.client.force_login(self.reviewer)

        page = self.action("approve", [first, second])
        self.assertTemplateUsed(page, "admin/activities/activity/review_confirmation.html")
        self.assertContains(page, "平安建设宣传走访")
        self.assertContains(page, "马路天使文明交通")
        self.assertContains(page, f'name="seen_version" value="{first.pk}:1"')
        self.assertEqual(self.statuses(first, second), [Status.SUBMITTED] * 2)  # nothing yet

        response = self.confirm("approve", [first, second])
        self.assertRedirects(response, CHANGELIST)
        for activity in Activity.objects.filter(pk__in=[first.pk, second.pk]):
            self.assertEqual(
                (activity.status, activity.reviewed_by, activity.version), (Status.APPROVED, self.reviewer, 2)
            )
        # The admin history says who approved each.
        self.assertEqual(
            sorted(LogEntry.objects.filter(user=self.reviewer).values_list("object_id", flat=True)),
            sorted([str(first.pk), str(second.pk)]),
        )

    def test_the_confirmation_page_says_which_records_will_be_left_unchanged(self):
        submitted, draft = self.activity(Status.SUBMITTED), self.activity(Status.DRAFT, title="还是草稿")
        self.client.force_login(self.reviewer)
        page = self.action("approve", [submitted, draft])
        self.assertContains(page, zh("Only submitted activities can be approved."))

    def test_a_record_edited_after_the_confirmation_page_was_shown_is_left_unchanged(self):
        activity = self.activity(Status.SUBMITTED)
        self.client.force_login(self.reviewer)
        self.action("approve", [activity])  # the page shows version 1
        Activity.objects.filter(pk=activity.pk).update(version=2, title="别人刚改过")
        self.confirm("approve", [activity])  # confirms what it showed: version 1
        self.assertEqual(self.statuses(activity), [Status.SUBMITTED])
        messages = [str(m) for m in self.client.get(CHANGELIST).context["messages"]]
        self.assertEqual(len(messages), 1)
        self.assertIn(zh("Someone else changed this activity in the meantime. Reload it and try again."), messages[0])

    # Returning

    def test_returning_without_a_reason_shows_an_error_and_changes_nothing(self):
        activity = self.activity(Status.SUBMITTED)
        self.client.force_login(self.reviewer)
        page = self.action("return_with_reason", [activity])
        self.assertContains(page, '<textarea name="reason"')
        response = self.confirm("return_with_reason", [activity], reason="   ")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, zh("Give the reason for returning, so the clerk knows what to correct."))
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.version, stored.return_reason), (Status.SUBMITTED, 1, ""))

    def test_a_returned_record_shows_its_clerk_the_reason_on_the_change_page(self):
        activity = self.activity(Status.SUBMITTED)
        self.client.force_login(self.reviewer)
        response = self.confirm("return_with_reason", [activity], reason="志愿服务时长与人次对不上，请核实")
        self.assertRedirects(response, CHANGELIST)
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual(
            (stored.status, stored.reviewed_by, stored.return_reason),
            (Status.RETURNED, self.reviewer, "志愿服务时长与人次对不上，请核实"),
        )

        self.client.force_login(self.clerk_a)
        page = self.client.get(change_url(activity))
        self.assertContains(page, zh("Returned for correction"))
        self.assertContains(page, "志愿服务时长与人次对不上，请核实")
        self.assertContains(page, 'name="_save"')  # and may correct it

    def test_a_reviewer_reopens_an_approved_record_with_a_reason(self):
        activity = self.activity(Status.APPROVED)
        self.client.force_login(self.reviewer)
        self.assertContains(self.action("reopen_with_reason", [activity]), '<textarea name="reason"')
        self.confirm("reopen_with_reason", [activity], reason="资金数额有误")
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual((stored.status, stored.return_reason), (Status.RETURNED, "资金数额有误"))

    # Scope

    def test_a_reviewer_cannot_act_on_a_record_outside_their_scope_even_by_naming_it(self):
        elsewhere = make_activity(self.other_district, status=Status.SUBMITTED)
        self.client.force_login(self.reviewer)
        self.confirm("approve", [elsewhere])
        self.assertEqual(self.statuses(elsewhere), [Status.SUBMITTED])

    # Deleting: an approved record's figures leave the totals only after a reopen, like any other change

    def test_an_administrator_cannot_delete_an_approved_record_and_is_told_who_can_reopen_it(self):
        admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, self.community_a)
        approved = self.activity(Status.APPROVED, title="敬老院慰问")
        self.client.force_login(admin_a)
        url = reverse("admin:activities_activity_delete", args=[approved.pk])
        response = self.client.post(url, {"post": "yes"}, follow=True)
        self.assertContains(response, "活动“敬老院慰问”（2021-06-01）已审核")
        self.assertContains(response, "审核员或管理者")
        self.assertTrue(Activity.objects.filter(pk=approved.pk).exists())

    def test_a_bulk_delete_with_one_approved_record_deletes_nothing(self):
        admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, self.community_a)
        draft, approved = self.activity(Status.DRAFT), self.activity(Status.APPROVED, title="敬老院慰问")
        self.client.force_login(admin_a)
        response = self.confirm("delete_selected", [draft, approved])
        self.assertEqual(Activity.objects.filter(pk__in=[draft.pk, approved.pk]).count(), 2)
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("敬老院慰问" in m and "已锁定" in m for m in shown), shown)

    def test_a_bulk_delete_of_drafts_deletes_them_with_their_history(self):
        admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, self.community_a)
        drafts = [self.activity(Status.DRAFT), self.activity(Status.RETURNED)]
        self.client.force_login(admin_a)
        self.confirm("delete_selected", drafts)
        self.assertFalse(Activity.objects.filter(pk__in=[a.pk for a in drafts]).exists())
        self.assertEqual(Change.objects.filter(action=Action.DELETE, object_id__in=[a.pk for a in drafts]).count(), 2)
