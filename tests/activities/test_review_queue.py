"""The review queue page and its approve / return pages: who sees what, and each transition allowed or refused."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import REVIEWER
from activities import services
from activities.models import Activity, Status
from history.models import Action
from history.services import history_of
from tests.factories import make_activity
from tests.personas import PersonasMixin, make_user

QUEUE = reverse("activities:queue")


def approve_url(activity):
    return reverse("activities:approve", args=[activity.pk])


def return_url(activity):
    return reverse("activities:return", args=[activity.pk])


class ReviewQueueTests(PersonasMixin, TestCase):
    def submitted(self, region=None, *, title=None, waited_days=0):
        activity = make_activity(region or self.community_a, title=title, status=Status.SUBMITTED)
        at = timezone.now() - datetime.timedelta(days=waited_days)
        Activity.objects.filter(pk=activity.pk).update(submitted_at=at, submitted_by=self.clerk_a)
        activity.refresh_from_db()
        return activity

    def status(self, activity):
        return Activity.objects.get(pk=activity.pk).status

    def messages(self, response):
        return [str(m) for m in response.wsgi_request._messages]

    # The queue

    def test_a_reviewer_sees_the_submitted_records_of_the_subdistrict_oldest_first(self):
        newer = self.submitted(self.community_a, title="新提交", waited_days=1)
        older = self.submitted(self.community_b, title="早提交", waited_days=5)
        make_activity(self.community_a, title="草稿", status=Status.DRAFT)
        make_activity(self.community_a, title="已审核", status=Status.APPROVED)
        self.submitted(self.other_district, title="别区的")
        self.client.force_login(self.reviewer)
        response = self.client.get(QUEUE)
        self.assertEqual([a.title for a in response.context["page"]], ["早提交", "新提交"])
        self.assertContains(response, "西站西社区")
        self.assertContains(response, f'action="{approve_url(older)}"')
        self.assertContains(response, f'href="{return_url(newer)}"')

    def test_the_queue_costs_the_same_queries_for_one_record_or_many_and_never_counts(self):
        self.client.force_login(self.reviewer)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                self.client.get(QUEUE)
            return [q["sql"] for q in captured.captured_queries]

        self.submitted()
        one = queries()
        for _ in range(4):
            self.submitted(self.community_b)
        many = queries()
        self.assertEqual(len(one), len(many))
        # The records are never counted; the header counts the reviewer's unread notifications (a small index).
        counts = [sql for sql in many if "COUNT(" in sql.upper()]
        self.assertEqual([("notifications_notification" in sql) for sql in counts], [True])
        # session, user, the user's and the groups' permissions, scope regions, one page of
        # activities with region, category and submitter, the page's indicator values, the page's
        # history since each record's last return, the header's unread notifications, the idle-timeout refresh (3).
        self.assertEqual(len(many), 12)

    def test_the_queue_pages_by_fifty_with_a_next_link_and_no_count(self):
        for n in range(51):
            self.submitted(waited_days=100 - n)
        self.client.force_login(self.reviewer)
        first = self.client.get(QUEUE)
        self.assertEqual(len(first.context["page"]), 50)
        self.assertContains(first, 'href="?page=2"')
        second = self.client.get(QUEUE + "?page=2")
        self.assertEqual(len(second.context["page"]), 1)
        self.assertNotContains(second, 'href="?page=3"')
        self.assertEqual(len(self.client.get(QUEUE + "?page=abc").context["page"]), 50)

    def test_a_clerk_sees_the_records_returned_to_them_with_the_reason(self):
        activity = self.submitted(title="待改的活动")
        services.activity_return(actor=self.reviewer, activity=activity, expected_version=1, reason="请补充服务人数")
        self.submitted(title="还在审核")
        self.client.force_login(self.clerk_a)
        response = self.client.get(QUEUE)
        self.assertEqual([a.title for a in response.context["page"]], ["待改的活动"])
        self.assertContains(response, "请补充服务人数")
        self.client.force_login(self.clerk_b)
        self.assertEqual(list(self.client.get(QUEUE).context["page"]), [])

    # Approving

    def test_a_reviewer_approves_from_the_queue(self):
        activity = self.submitted()
        self.client.force_login(self.reviewer)
        response = self.client.post(approve_url(activity), {"version": activity.version})
        self.assertRedirects(response, QUEUE)
        self.assertEqual(self.status(activity), Status.APPROVED)
        self.assertEqual([c.action for c in history_of(activity)], [Action.APPROVE])
        self.assertEqual(self.messages(response), [f"“{activity}”现在是已审核。"])

    def test_a_clerk_may_not_approve_even_in_their_own_community(self):
        activity = self.submitted()
        self.client.force_login(self.clerk_a)
        self.assertEqual(self.client.post(approve_url(activity), {"version": 1}).status_code, 403)
        self.assertEqual(self.status(activity), Status.SUBMITTED)

    def test_a_record_outside_the_reviewers_scope_is_a_404(self):
        activity = self.submitted(self.other_district)
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(approve_url(activity)).status_code, 404)
        self.assertEqual(self.client.post(approve_url(activity), {"version": 1}).status_code, 404)
        self.assertEqual(self.client.post(return_url(activity), {"version": 1, "reason": "x"}).status_code, 404)
        self.assertEqual(self.status(activity), Status.SUBMITTED)

    def test_a_draft_cannot_be_approved_and_the_page_says_why(self):
        draft = make_activity(self.community_a, status=Status.DRAFT)
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(approve_url(draft)), "只有已提交的活动可以审核通过。")
        response = self.client.post(approve_url(draft), {"version": draft.version})
        self.assertEqual(self.messages(response), ["只有已提交的活动可以审核通过。"])
        self.assertEqual(self.status(draft), Status.DRAFT)

    def test_an_approval_decided_on_an_older_version_conflicts(self):
        activity = self.submitted()
        services.activity_update(actor=self.reviewer, activity=activity, data={"volunteers": 9}, expected_version=1)
        self.client.force_login(self.reviewer)
        response = self.client.post(approve_url(activity), {"version": 1})
        self.assertEqual(self.messages(response), ["这条活动在此期间已被他人修改。请重新加载后再试。"])
        self.assertEqual(self.status(activity), Status.SUBMITTED)

    def test_two_reviewers_racing_on_one_record_only_one_wins(self):
        activity = self.submitted()
        other = make_user("reviewer2", REVIEWER, self.subdistrict)
        self.client.force_login(self.reviewer)
        self.client.post(approve_url(activity), {"version": 1})
        self.client.force_login(other)
        response = self.client.post(return_url(activity), {"version": 1, "reason": "晚了一步"})
        self.assertEqual(self.messages(response)[-1:], ["只有已提交的活动可以退回。"])
        self.assertEqual(self.status(activity), Status.APPROVED)

    # Returning

    def test_a_return_without_a_reason_is_refused_beside_the_field(self):
        activity = self.submitted()
        self.client.force_login(self.reviewer)
        response = self.client.post(return_url(activity), {"version": 1, "reason": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["reason"], ["请填写退回原因，让录入员知道要更正什么。"])
        self.assertEqual(self.status(activity), Status.SUBMITTED)

    def test_a_reviewer_returns_with_a_reason_the_clerk_then_sees(self):
        activity = self.submitted()
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(return_url(activity)), 'name="reason"')
        self.client.post(return_url(activity), {"version": 1, "reason": "照片缺失"})
        stored = Activity.objects.get(pk=activity.pk)
        self.assertEqual(
            (stored.status, stored.return_reason, stored.reviewed_by), ("returned", "照片缺失", self.reviewer)
        )

    def test_an_approved_record_cannot_be_returned_from_the_queue(self):
        approved = make_activity(self.community_a, status=Status.APPROVED)
        self.client.force_login(self.reviewer)
        response = self.client.post(return_url(approved), {"version": 1, "reason": "再看看"})
        self.assertEqual(self.messages(response), ["只有已提交的活动可以退回。"])
        self.assertEqual(self.status(approved), Status.APPROVED)
