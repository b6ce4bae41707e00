"""Notifications: who hears of which workflow step, the header's count, the list, and e-mail."""

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings

from activities.models import Status
from activities.services import (
    activities_submit,
    activity_approve,
    activity_reopen,
    activity_return,
    activity_submit,
    activity_withdraw,
)
from notifications.models import Kind, Notification
from tests.factories import make_activity
from tests.personas import PersonasMixin


def unread(user):
    """(kind, activity title, reason) of ``user``'s unread notifications, oldest first."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("pk")
    return [(n.kind, n.activity.title, n.reason) for n in rows]


class WorkflowNotificationTests(PersonasMixin, TestCase):
    def draft(self, title="入户走访"):
        activity = make_activity(self.community_a, title=title, status=Status.DRAFT)
        activity.created_by = self.clerk_a
        activity.save(update_fields=["created_by"])
        return activity

    def submitted(self, title="入户走访"):
        activity = self.draft(title)
        return activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)

    def test_a_submitted_record_waits_for_the_reviewers_of_its_regions_only(self):
        self.submitted()
        waiting = [(Kind.AWAITING, "入户走访", "")]
        self.assertEqual(unread(self.reviewer), waiting)  # 桐柏路街道 holds 西站东社区
        self.assertEqual(unread(self.manager), waiting)  # so does 中原区, and managers approve
        self.assertEqual(unread(self.clerk_a), [])  # the submitter is not told of their own submission
        self.assertEqual(unread(self.clerk_b), [])  # a clerk of the sibling community reviews nothing

    def test_a_return_tells_the_clerk_with_the_reason_and_the_reviewers_no_longer_wait(self):
        activity = self.submitted()
        activity_return(
            actor=self.reviewer, activity=activity, expected_version=activity.version, reason="请补充签到表"
        )
        self.assertEqual(unread(self.clerk_a), [(Kind.RETURNED, "入户走访", "请补充签到表")])
        self.assertEqual(unread(self.reviewer), [])
        self.assertEqual(unread(self.manager), [])
        self.assertEqual(unread(self.clerk_b), [])

    def test_an_approval_and_a_reopening_each_tell_the_clerk(self):
        activity = self.submitted()
        activity_approve(actor=self.reviewer, activity=activity, expected_version=activity.version)
        activity_reopen(actor=self.manager, activity=activity, expected_version=activity.version, reason="数字有误")
        self.assertEqual(
            unread(self.clerk_a), [(Kind.APPROVED, "入户走访", ""), (Kind.REOPENED, "入户走访", "数字有误")]
        )
        self.assertEqual(unread(self.reviewer), [])  # the reopening told the clerk, not the reviewer

    def test_a_withdrawn_submission_no_longer_waits(self):
        activity = self.submitted()
        activity_withdraw(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        self.assertEqual(unread(self.reviewer), [])
        self.assertEqual(Notification.objects.filter(recipient=self.reviewer).count(), 1)  # kept, read

    def test_a_bulk_submission_tells_each_reviewer_of_each_record(self):
        activities = [self.draft("甲"), self.draft("乙")]
        done, skipped = activities_submit(actor=self.clerk_a, activities=activities)
        self.assertEqual((len(done), skipped), (2, []))
        self.assertEqual([title for _kind, title, _r in unread(self.reviewer)], ["甲", "乙"])

    def test_a_refused_step_writes_no_notification(self):
        activity = self.submitted()
        with self.assertRaises(ValidationError):
            activity_return(actor=self.clerk_b, activity=activity, expected_version=activity.version, reason="x")
        self.assertEqual(unread(self.clerk_a), [])

    @override_settings(NOTIFY_EMAIL=True, NOTIFY_BASE_URL="https://ledger.example.org")
    def test_with_email_on_the_clerk_gets_a_message_once_the_return_commits(self):
        self.clerk_a.email = "clerk@example.org"
        self.clerk_a.save()
        activity = self.submitted()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            activity_return(actor=self.reviewer, activity=activity, expected_version=activity.version, reason="补照片")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["clerk@example.org"])
        self.assertEqual(message.subject, "社区党群服务台账：退回更正")
        self.assertIn("“入户走访”（2021-06-01）已退回给您修改。", message.body)
        self.assertIn("退回理由：补照片", message.body)
        self.assertIn(f"https://ledger.example.org/workspace/{activity.pk}/", message.body)

    def test_with_email_off_nothing_is_sent(self):
        self.clerk_a.email = "clerk@example.org"
        self.clerk_a.save()
        activity = self.submitted()
        with self.captureOnCommitCallbacks(execute=True):
            activity_return(actor=self.reviewer, activity=activity, expected_version=activity.version, reason="补照片")
        self.assertEqual(mail.outbox, [])


class NotificationPageTests(PersonasMixin, TestCase):
    def setUp(self):
        activity = make_activity(self.community_a, title="入户走访", status=Status.DRAFT)
        activity.created_by = self.clerk_a
        activity.save(update_fields=["created_by"])
        activity = activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        self.activity = activity_return(
            actor=self.reviewer, activity=activity, expected_version=activity.version, reason="请补充签到表"
        )
        self.notification = Notification.objects.get(recipient=self.clerk_a)
        self.client.force_login(self.clerk_a)

    def test_the_header_shows_the_unread_count_on_every_staff_page(self):
        page = self.client.get("/workspace/").content.decode()
        self.assertIn('data-unread="1"', page)
        self.assertIn('<span class="badge" aria-label="1 条未读">1</span>', page)

    def test_the_list_says_what_happened_with_the_reason_and_who(self):
        page = self.client.get("/notifications/").content.decode()
        self.assertIn("“入户走访”（2021-06-01）已退回给您修改。", page)
        self.assertIn("退回理由：请补充签到表", page)
        self.assertIn("操作人：reviewer", page)

    def test_opening_one_marks_it_read_and_goes_to_the_record(self):
        response = self.client.get(f"/notifications/{self.notification.pk}/")
        self.assertRedirects(response, f"/workspace/{self.activity.pk}/", fetch_redirect_response=False)
        self.notification.refresh_from_db()
        self.assertIsNotNone(self.notification.read_at)
        self.assertIn('data-unread="0"', self.client.get("/workspace/").content.decode())

    def test_mark_all_read(self):
        self.client.post("/notifications/read/")
        self.assertEqual(Notification.objects.filter(recipient=self.clerk_a, read_at__isnull=True).count(), 0)

    def test_another_persons_notification_is_a_404_and_stays_unread(self):
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(f"/notifications/{self.notification.pk}/").status_code, 404)
        self.client.post("/notifications/read/")
        self.notification.refresh_from_db()
        self.assertIsNone(self.notification.read_at)
        self.assertNotIn("入户走访", self.client.get("/notifications/").content.decode())

    def test_the_header_count_is_one_query(self):
        from notifications.context_processors import Inbox

        inbox = Inbox(self.clerk_a)
        with self.assertNumQueries(1):  # COUNT over the partial index of unread rows
            self.assertEqual((inbox.unread, inbox.unread), (1, 1))
