"""Behind a proxy the lockout counts the client's address the proxy reports, and only a
superuser reads the lockout pages."""

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from accounts.client_ip import client_ip
from accounts.roles import CLERK, SYSTEM_ADMINISTRATOR
from tests.personas import PASSWORD, PersonasMixin, log_in, make_user

PROXY = "10.0.0.1"
GUESSER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"


def through_proxy(forwarded_for):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


class ClientIpTests(SimpleTestCase):
    def ip(self, remote, forwarded=None):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(RequestFactory().get("/", **meta))

    def test_served_directly_the_peer_address_counts_and_the_header_is_ignored(self):
        self.assertEqual(settings.LEDGER_PROXY_COUNT, 0)
        self.assertEqual(self.ip(GUESSER, "1.2.3.4"), GUESSER)

    @override_settings(LEDGER_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_wrote(self):
        self.assertEqual(self.ip(PROXY, GUESSER), GUESSER)
        self.assertEqual(self.ip(PROXY, f"1.2.3.4, {GUESSER}"), GUESSER)
        self.assertEqual(self.ip(PROXY, "not-an-address"), PROXY)
        self.assertEqual(self.ip(PROXY), PROXY)

    @override_settings(LEDGER_PROXY_COUNT=2)
    def test_behind_two_proxies_the_outer_ones_entry_counts(self):
        self.assertEqual(self.ip(PROXY, f"1.2.3.4, {GUESSER}, 10.0.0.2"), GUESSER)
        self.assertEqual(self.ip(PROXY, GUESSER), PROXY)


@override_settings(LEDGER_PROXY_COUNT=1)
class LockoutBehindProxyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_user("clerk", CLERK)

    def test_a_guesser_behind_the_proxy_does_not_lock_out_a_colleague(self):
        guesser = through_proxy(GUESSER)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.assertFalse(log_in(guesser, "clerk", "wrong password"))
        self.assertEqual(list(AccessAttempt.objects.values_list("ip_address", flat=True)), [GUESSER])
        self.assertFalse(log_in(guesser, "clerk", PASSWORD))  # the guesser is locked out
        self.assertTrue(log_in(through_proxy(COLLEAGUE), "clerk", PASSWORD))

    def test_forging_the_header_does_not_give_a_guesser_fresh_tries(self):
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.assertFalse(log_in(through_proxy(f"192.0.2.{n}, {GUESSER}"), "clerk", "wrong password"))
        self.assertFalse(log_in(through_proxy(f"192.0.2.99, {GUESSER}"), "clerk", PASSWORD))
        self.assertEqual(AccessAttempt.objects.get().ip_address, GUESSER)


class LockoutPagesTests(PersonasMixin, TestCase):
    PAGES = [
        "admin:axes_accessattempt_changelist",
        "admin:axes_accesslog_changelist",
        "admin:axes_accessfailurelog_changelist",
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.district_admin = make_user("district_admin", SYSTEM_ADMINISTRATOR, cls.district)
        cls.root = make_user("root", None, is_superuser=True)
        cls.attempt = AccessAttempt.objects.create(
            username="clerk_b", ip_address=GUESSER, user_agent="x", failures_since_start=5
        )

    def test_a_district_administrator_neither_sees_nor_unlocks_lockouts(self):
        self.client.force_login(self.district_admin)
        for name in self.PAGES:
            with self.subTest(page=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 403)
        response = self.client.post(reverse("admin:axes_accessattempt_delete", args=[self.attempt.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(AccessAttempt.objects.filter(pk=self.attempt.pk).exists())
        self.assertNotContains(self.client.get(reverse("admin:index")), "/admin/axes/")

    def test_a_superuser_reads_the_lockout_pages(self):
        self.client.force_login(self.root)
        for name in self.PAGES:
            with self.subTest(page=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)
