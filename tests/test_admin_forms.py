"""Bad values typed into the admin get a message beside the field, and nothing is written."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from activities.models import Activity, Category, Status
from activities.participation import participation_record
from communities.models import Region, RegionLevel
from tests.factories import category, make_activity, make_organization, make_person, make_region


class AdminFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("admin", password="pw")
        cls.district = make_region("中原区")
        cls.street = make_region("桐柏路街道", cls.district)
        cls.community = make_region("西站东社区", cls.street)

    def setUp(self):
        self.client.force_login(self.user)

    def activity_post(self, **overrides):
        data = {
            "title": "马路天使文明交通志愿服务",
            "category": category().pk,
            "date": "2021-09-30",
            "start_date": "2021-01-01",
            "region": self.community.pk,
            "volunteers": "2112",
            "volunteer_hours": "3168",
            "people_served": "397636",
            "indicator_values-TOTAL_FORMS": "0",
            "indicator_values-INITIAL_FORMS": "0",
        }
        data.update(overrides)
        return self.client.post(reverse("admin:activities_activity_add"), data)

    def field_errors(self, response, field):
        return response.context["adminform"].form.errors.get(field, [])

    def test_a_valid_activity_is_saved_with_its_figures_and_author(self):
        response = self.activity_post()
        self.assertEqual(response.status_code, 302)
        activity = Activity.objects.get()
        self.assertEqual((activity.volunteers, activity.people_served), (2112, 397636))
        self.assertEqual(activity.created_by, self.user)
        self.assertEqual(activity.status, "draft")

    def test_a_negative_measure_is_an_error_beside_its_field(self):
        response = self.activity_post(volunteers="-3")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.field_errors(response, "volunteers"), ["确保该值大于或等于0。"])
        self.assertFalse(Activity.objects.exists())

    def test_an_absurd_measure_is_an_error_beside_its_field(self):
        response = self.activity_post(people_served="3976360000")
        self.assertEqual(self.field_errors(response, "people_served"), ["确保该值小于或等于100000000。"])
        self.assertFalse(Activity.objects.exists())

    def test_a_start_date_after_the_date_is_an_error_beside_the_start_date(self):
        response = self.activity_post(start_date="2021-10-01")
        self.assertEqual(self.field_errors(response, "start_date"), ["开始日期不能晚于日期。"])
        self.assertFalse(Activity.objects.exists())

    def test_a_region_cannot_be_moved_under_its_own_subtree(self):
        response = self.client.post(
            reverse("admin:communities_region_change", args=[self.street.pk]),
            {
                "code": self.street.code,
                "name": self.street.name,
                "level": RegionLevel.SUBDISTRICT,
                "parent": self.community.pk,
            },
        )
        self.assertEqual(self.field_errors(response, "parent"), ["区域不能放在它自己或它的下级区域之下。"])
        self.street.refresh_from_db()
        self.assertEqual(self.street.parent, self.district)

    def test_a_region_added_in_the_admin_gets_its_path(self):
        response = self.client.post(
            reverse("admin:communities_region_add"),
            {
                "code": "410102001001001",
                "name": "西站路82号院",
                "level": RegionLevel.COMPOUND,
                "parent": self.community.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        compound = Region.objects.get(code="410102001001001")
        self.assertEqual(compound.full_name, "中原区/桐柏路街道/西站东社区/西站路82号院")
        self.assertIn(compound.pk, Region.objects.subtree(self.street).values_list("pk", flat=True))

    def test_an_organization_cannot_be_placed_under_its_own_child(self):
        parent = make_organization(self.district, "中原区委")
        child = make_organization(self.district, "机关党委", parent=parent)
        response = self.client.post(
            reverse("admin:communities_organization_change", args=[parent.pk]),
            {
                "code": parent.code,
                "name": parent.name,
                "kind": parent.kind,
                "region": self.district.pk,
                "parent": child.pk,
            },
        )
        self.assertEqual(self.field_errors(response, "parent"), ["组织不能放在它自己或它的下级组织之下。"])

    def test_deleting_a_category_in_use_is_refused_with_the_records_named(self):
        make_activity(self.community, title="付庄村观摩", cat=category())
        response = self.client.post(reverse("admin:activities_category_delete", args=[category().pk]), {"post": "yes"})
        self.assertContains(response, "受保护的")
        self.assertContains(response, "付庄村观摩")
        self.assertTrue(Category.objects.filter(code="volunteer_service").exists())

    def test_deleting_a_region_with_records_is_refused(self):
        make_activity(self.community, title="平安建设走访")
        response = self.client.post(
            reverse("admin:communities_region_delete", args=[self.community.pk]), {"post": "yes"}
        )
        self.assertContains(response, "受保护的")
        self.assertTrue(Region.objects.filter(pk=self.community.pk).exists())

    def test_volunteer_figures_summed_from_participation_cannot_be_typed_over(self):
        activity = make_activity(self.community, title="马路天使", status=Status.DRAFT, volunteers=5)
        participation_record(actor=self.user, person=make_person(self.community, "李华"), activity=activity, hours=3)
        activity.refresh_from_db()
        response = self.client.get(reverse("admin:activities_activity_change", args=[activity.pk]))
        form = response.context["adminform"].form
        self.assertNotIn("volunteers", form.fields)
        self.assertNotIn("volunteer_hours", form.fields)
        self.assertEqual((activity.volunteers, activity.volunteer_hours), (1, 3))
        # The 5 typed before the record is kept and shown as the reported figure, beside the counted 1.
        self.assertContains(response, "登记参与人员前的填报数")
        self.assertContains(response, "5 人次 · — 小时")

    def test_the_add_form_says_beside_the_volunteer_fields_that_records_take_them_over(self):
        response = self.client.get(reverse("admin:activities_activity_add"))
        form = response.context["adminform"].form
        for name in ("volunteers", "volunteer_hours"):
            self.assertIn("按参与记录统计", form.fields[name].help_text)
        self.assertContains(response, "保留为“填报数”")
