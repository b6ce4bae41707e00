"""QR sign-in: a signed expiring link, sign in then out by phone or ID number, hours from the two times
(capped), nothing counted until a clerk confirms through the participation services; rate-limited."""

import datetime
from decimal import Decimal
from unittest import mock

from django.core import signing
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Participation, Status
from signin.models import SignIn, State
from signin.services import hours_between, signin_scan, signin_token
from tests.factories import make_activity, make_person
from tests.personas import PersonasMixin

T0 = datetime.datetime(2025, 6, 1, 8, 0, tzinfo=datetime.UTC)


class QrSignInTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.activity = make_activity(cls.community_a, title="社区环境整治", status=Status.DRAFT)
        cls.wang = make_person(cls.community_a, "王小明", phone="13812345678")
        cls.li = make_person(cls.community_a, "李四", phone="13900001111", id_number="410102199001011234")

    def setUp(self):
        cache.clear()
        self.url = reverse("signin:scan", args=[signin_token(self.activity)])

    def test_a_volunteer_signs_in_then_out_by_phone_without_logging_in(self):
        with mock.patch("django.utils.timezone.now", return_value=T0):
            first = self.client.post(self.url, {"identifier": "138 1234 5678"})
        self.assertContains(first, "王**，您已于 16:00 签到。")  # 08:00 UTC is 16:00 in Shanghai
        with mock.patch("django.utils.timezone.now", return_value=T0 + datetime.timedelta(hours=2, minutes=40)):
            second = self.client.post(self.url, {"identifier": "13812345678"})
        self.assertContains(second, "王**，您已于 18:40 签退：2.50 小时，经工作人员确认后计入。")
        row = SignIn.objects.get()
        self.assertEqual((row.person, row.state, row.hours), (self.wang, State.SIGNED_OUT, Decimal("2.50")))
        # Waiting for the clerk: no participation, the activity's figures untouched.
        self.assertFalse(Participation.objects.exists())
        self.assertIsNone(Activity.objects.get(pk=self.activity.pk).volunteer_hours)

    def test_the_page_shows_nothing_of_other_people(self):
        signin_scan(activity=self.activity, identifier="13900001111")
        page = self.client.get(self.url).content.decode()
        self.assertNotIn("李四", page)
        self.assertNotIn("13900001111", page)
        answer = self.client.post(self.url, {"identifier": "13812345678"}).content.decode()
        self.assertNotIn("李", answer)
        self.assertNotIn("王小明", answer)  # even one's own full name is masked

    def test_an_id_number_works_too_and_an_unknown_number_is_told_in_chinese(self):
        self.assertContains(self.client.post(self.url, {"identifier": "410102199001011234"}), "李*，您已于")
        self.assertContains(
            self.client.post(self.url, {"identifier": "13000000000"}),
            "没有找到该手机号或身份证号的志愿者，请联系现场工作人员登记。",
        )

    def test_a_third_scan_is_refused(self):
        signin_scan(activity=self.activity, identifier="13812345678")
        signin_scan(activity=self.activity, identifier="13812345678")
        self.assertContains(self.client.post(self.url, {"identifier": "13812345678"}), "您已签退，无需重复扫码。")

    def test_a_forged_or_expired_link_is_refused(self):
        self.assertEqual(self.client.get(reverse("signin:scan", args=["forged"])).status_code, 404)
        with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() - 13 * 3600):
            old = signing.dumps({"activity": self.activity.pk}, salt="signin.activity", compress=True)
        response = self.client.get(reverse("signin:scan", args=[old]))
        self.assertContains(response, "签到二维码已过期或无效", status_code=404)

    @override_settings(SIGNIN_RATE_LIMIT=3)
    def test_an_address_that_keeps_guessing_numbers_is_stopped(self):
        for n in range(3):
            self.client.post(self.url, {"identifier": f"1300000000{n}"})
        response = self.client.post(self.url, {"identifier": "13812345678"})
        self.assertContains(response, "尝试次数过多", status_code=429)
        self.assertFalse(SignIn.objects.exists())

    def test_hours_are_counted_in_quarter_hours_and_capped(self):
        self.assertEqual(hours_between(T0, T0 + datetime.timedelta(minutes=44)), Decimal("0.50"))
        self.assertEqual(hours_between(T0, T0 + datetime.timedelta(hours=11)), Decimal(8))  # SIGNIN_MAX_HOURS

    def test_the_clerk_sees_the_code_and_confirms_the_hours_as_participation(self):
        signin_scan(activity=self.activity, identifier="13812345678", now=T0)
        signin_scan(activity=self.activity, identifier="13812345678", now=T0 + datetime.timedelta(hours=3))
        signin_scan(activity=self.activity, identifier="13900001111", now=T0)  # still on site
        self.client.force_login(self.clerk_a)
        sheet = self.client.get(reverse("signin:sheet", args=[self.activity.pk]))
        self.assertContains(sheet, "<svg")
        self.assertContains(sheet, "1 人待确认")
        self.assertContains(sheet, "138****5678")  # masked for a clerk
        row = SignIn.objects.get(person=self.wang)
        response = self.client.post(
            reverse("signin:decide", args=[self.activity.pk]), {"signin": [row.pk], "decision": "confirm"}, follow=True
        )
        self.assertContains(response, "已将 1 名志愿者的时长记为志愿服务记录。")
        participation = Participation.objects.get()
        self.assertEqual((participation.person, participation.hours), (self.wang, Decimal("3.00")))
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((activity.volunteers, activity.volunteer_hours), (1, Decimal("3.00")))
        row.refresh_from_db()
        self.assertEqual((row.state, row.participation, row.decided_by), (State.CONFIRMED, participation, self.clerk_a))

    def test_a_clerk_of_another_community_gets_a_404(self):
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(reverse("signin:sheet", args=[self.activity.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("signin:decide", args=[self.activity.pk])).status_code, 404)

    def test_an_approved_activity_cannot_take_the_hours_until_reopened(self):
        signin_scan(activity=self.activity, identifier="13812345678", now=T0)
        row = signin_scan(activity=self.activity, identifier="13812345678", now=T0 + datetime.timedelta(hours=1))
        Activity.objects.filter(pk=self.activity.pk).update(status=Status.APPROVED)
        self.client.force_login(self.clerk_a)
        response = self.client.post(
            reverse("signin:decide", args=[self.activity.pk]), {"signin": [row.pk], "decision": "confirm"}, follow=True
        )
        self.assertContains(response, "已审核")
        self.assertFalse(Participation.objects.exists())
        row.refresh_from_db()
        self.assertEqual(row.state, State.SIGNED_OUT)
