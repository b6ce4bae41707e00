"""Lockout after repeated wrong passwords, unlocking, idle sessions and password rules."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CLERK
from tests.personas import PASSWORD, log_in, make_user


class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_user("clerk", CLERK)
        cls.admin = get_user_model().objects.create_superuser("root", password=PASSWORD)

    def fail(self, times, client=None):
        for _ in range(times):
            self.assertFalse(log_in(client or self.client, "clerk", "wrong password"))

    def test_five_wrong_passwords_lock_the_account_with_a_clear_message(self):
        self.fail(settings.AXES_FAILURE_LIMIT)
        response = self.client.post(reverse("admin:login"), {"username": "clerk", "password": PASSWORD})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "登录已锁定", status_code=403)
        self.assertContains(response, "输错 5 次密码", status_code=403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_four_wrong_passwords_do_not_lock_and_a_success_clears_them(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assertTrue(log_in(self.client, "clerk", PASSWORD))
        self.assertFalse(AccessAttempt.objects.filter(username="clerk").exists())

    def test_the_lock_holds_only_for_that_address(self):
        self.fail(settings.AXES_FAILURE_LIMIT)
        elsewhere = Client(REMOTE_ADDR="10.1.2.3")
        self.assertTrue(log_in(elsewhere, "clerk", PASSWORD))

    def test_an_administrator_unlocks_by_deleting_the_attempt_in_the_admin(self):
        self.fail(settings.AXES_FAILURE_LIMIT)
        attempt = AccessAttempt.objects.get(username="clerk")
        admin_client = Client(REMOTE_ADDR="10.9.9.9")
        admin_client.force_login(self.admin)
        response = admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(log_in(self.client, "clerk", PASSWORD))


class SessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_user("clerk", CLERK)

    def test_a_session_expires_after_thirty_idle_minutes_and_each_request_extends_it(self):
        self.assertTrue(log_in(self.client, "clerk", PASSWORD))
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        key = self.client.session.session_key
        first = Session.objects.get(session_key=key).expire_date
        self.client.get(reverse("admin:index"))
        self.assertGreaterEqual(Session.objects.get(session_key=key).expire_date, first)
        # Idle past the limit: the next request finds no session and asks for a login.
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
        response = self.client.get(reverse("admin:index"))
        self.assertRedirects(response, f"{reverse('admin:login')}?next=/admin/")

    def test_weak_passwords_are_refused(self):
        admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
        self.client.force_login(admin)
        response = self.client.post(
            reverse("admin:auth_user_add"),
            {"username": "newclerk", "password1": "12345678", "password2": "12345678", "usable_password": "true"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "这个密码太常见了。")
        self.assertFalse(get_user_model().objects.filter(username="newclerk").exists())
