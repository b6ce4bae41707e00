"""The person admin: the link to the ledger and the administrators' merge action."""

from decimal import Decimal

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import TestCase
from django.urls import reverse

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities.models import Participation, Status
from tests.factories import make_activity, make_person
from tests.personas import PersonasMixin, make_user
from volunteers.models import Person


class PersonAdminTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)
        cls.keep = make_person(cls.community_a, "王芳", phone="13812341234")
        cls.duplicate = make_person(cls.community_a, "王芳")
        cls.activity = make_activity(cls.community_a)
        Participation.objects.create(person=cls.duplicate, activity=cls.activity, hours=3)

    def merge(self, user, people, **extra):
        self.client.force_login(user)
        return self.client.post(
            reverse("admin:volunteers_person_changelist"),
            {"action": "merge_people", ACTION_CHECKBOX_NAME: [p.pk for p in people], **extra},
            follow=True,
        )

    def test_the_person_page_links_to_the_ledger_and_the_service_record(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("admin:volunteers_person_change", args=[self.keep.pk]))
        self.assertContains(response, reverse("volunteering:person_ledger", args=[self.keep.pk]))
        self.assertContains(response, reverse("volunteering:service_record", args=[self.keep.pk]))

    def test_an_administrator_merges_after_choosing_the_record_to_keep(self):
        response = self.merge(self.admin_a, [self.keep, self.duplicate])
        self.assertContains(response, "合并同一人员的两条记录")
        self.assertTrue(Person.objects.filter(pk=self.duplicate.pk).exists())  # nothing yet: a confirmation first
        response = self.merge(self.admin_a, [self.keep, self.duplicate], post="yes", keep=self.keep.pk)
        # Named by name and region, never by database ids.
        where = "中原区/桐柏路街道/西站东社区"
        self.assertContains(response, f"已将 王芳（{where}）合并到 王芳（{where}）。")
        self.assertFalse(Person.objects.filter(pk=self.duplicate.pk).exists())
        self.assertEqual(Participation.objects.get().person, self.keep)

    def test_merging_needs_exactly_two_people(self):
        response = self.merge(self.admin_a, [self.keep])
        self.assertContains(response, "请恰好选择两名人员进行合并。")
        self.assertEqual(Person.objects.count(), 2)

    def test_a_clerk_is_not_offered_the_merge(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("admin:volunteers_person_changelist"))
        self.assertNotContains(response, "merge_people")
        self.merge(self.clerk_a, [self.keep, self.duplicate], post="yes", keep=self.keep.pk)
        self.assertEqual(Person.objects.count(), 2)


class ParticipationAdminTests(PersonasMixin, TestCase):
    """Participation typed in the admin keeps the activity's figures the records' sums, like the services."""

    def test_adding_and_deleting_in_the_admin_recounts_the_activity(self):
        person = make_person(self.community_a, "王芳")
        activity = make_activity(self.community_a, status=Status.DRAFT, volunteers=40, volunteer_hours=100)
        self.client.force_login(self.clerk_a)
        response = self.client.post(
            reverse("admin:activities_participation_add"),
            {"person": person.pk, "activity": activity.pk, "hours": "2.5"},
        )
        self.assertEqual(response.status_code, 302)
        activity.refresh_from_db()
        self.assertEqual((activity.volunteers, activity.volunteer_hours), (1, Decimal("2.5")))
        participation = Participation.objects.get()
        self.client.force_login(make_user("admin_a", SYSTEM_ADMINISTRATOR, self.community_a))
        self.client.post(reverse("admin:activities_participation_delete", args=[participation.pk]), {"post": "yes"})
        activity.refresh_from_db()
        # The typed figures come back once the last record goes.
        self.assertEqual((activity.volunteers, activity.volunteer_hours), (40, Decimal("100.0")))

    def test_the_admin_form_refuses_an_approved_activity_beside_the_field(self):
        person = make_person(self.community_a, "王芳")
        activity = make_activity(self.community_a, title="学雷锋志愿服务", volunteers=120, volunteer_hours=240)
        self.client.force_login(self.clerk_a)
        response = self.client.post(
            reverse("admin:activities_participation_add"),
            {"person": person.pk, "activity": activity.pk, "hours": "2"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["adminform"].form.errors["activity"],
            [
                "活动“学雷锋志愿服务”（2021-06-01）已审核，其数据、指标和参与记录已锁定。"
                "需由所在区域的审核员或管理者填写理由“重新打开”后，才能修改。"
            ],
        )
        self.assertFalse(Participation.objects.exists())
        activity.refresh_from_db()
        self.assertEqual((activity.volunteers, activity.volunteer_hours), (120, 240))

    def test_an_admin_delete_of_an_approved_activitys_record_is_refused_with_the_reason(self):
        person = make_person(self.community_a, "王芳")
        activity = make_activity(self.community_a, title="学雷锋志愿服务")
        served = Participation.objects.create(person=person, activity=activity, hours=2)
        self.client.force_login(make_user("admin_a", SYSTEM_ADMINISTRATOR, self.community_a))
        response = self.client.post(
            reverse("admin:activities_participation_delete", args=[served.pk]), {"post": "yes"}, follow=True
        )
        self.assertContains(response, "已审核，其数据、指标和参与记录已锁定")
        self.assertTrue(Participation.objects.filter(pk=served.pk).exists())

    def test_hours_over_24_or_zero_are_errors_beside_the_field(self):
        person = make_person(self.community_a, "王芳")
        activity = make_activity(self.community_a)
        self.client.force_login(self.clerk_a)
        for hours, message in [
            ("25", "一人在一次活动中的服务时长不能超过 24 小时。"),
            ("0", "时长须大于 0；未参加服务的人员请不要勾选。"),
        ]:
            with self.subTest(hours=hours):
                response = self.client.post(
                    reverse("admin:activities_participation_add"),
                    {"person": person.pk, "activity": activity.pk, "hours": hours},
                )
                self.assertIn(message, response.context["adminform"].form.errors["hours"])
        self.assertFalse(Participation.objects.exists())
