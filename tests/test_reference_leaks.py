"""Reference pages show nothing of other regions: a category's or indicator's delete page
counts the records using it without naming them, and an organization's parent outside
the scope is not named."""

from django.test import TestCase
from django.urls import reverse

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities.models import Category, Indicator, IndicatorValue
from communities.models import Organization
from tests.factories import make_activity, make_organization, make_team
from tests.personas import PersonasMixin, make_user

SECRET_TITLE = "卫东区内部走访"


class DeletePageTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)
        cls.root = make_user("root", None, is_superuser=True)
        cls.category = Category.objects.create(code="secret_visits", name="专项走访")
        cls.indicator = Indicator.objects.create(code="leads", name="线索", unit="条")
        elsewhere = make_activity(cls.other_district, title=SECRET_TITLE, cat=cls.category)
        IndicatorValue.objects.create(activity=elsewhere, indicator=cls.indicator, value=3)

    def delete_page(self, user, model, obj):
        self.client.force_login(user)
        return self.client.get(reverse(f"admin:activities_{model}_delete", args=[obj.pk]))

    def test_a_district_administrator_sees_counts_not_titles_of_the_records_using_a_category(self):
        response = self.delete_page(self.admin_a, "category", self.category)
        self.assertContains(response, "活动：1 条（涉及各区域的记录，不逐条列出）")
        self.assertNotContains(response, SECRET_TITLE)

    def test_the_indicator_delete_page_names_no_activity_either(self):
        response = self.delete_page(self.admin_a, "indicator", self.indicator)
        self.assertContains(response, "（涉及各区域的记录，不逐条列出）")
        self.assertNotContains(response, SECRET_TITLE)

    def test_a_category_in_use_is_still_not_deleted(self):
        self.client.force_login(self.admin_a)
        self.client.post(reverse("admin:activities_category_delete", args=[self.category.pk]), {"post": "yes"})
        self.assertTrue(Category.objects.filter(pk=self.category.pk).exists())

    def test_an_unused_category_is_deleted(self):
        unused = Category.objects.create(code="unused", name="未用类别")
        self.client.force_login(self.admin_a)
        response = self.client.post(reverse("admin:activities_category_delete", args=[unused.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Category.objects.filter(pk=unused.pk).exists())

    def test_a_superuser_still_sees_the_records_by_name(self):
        self.assertContains(self.delete_page(self.root, "category", self.category), SECRET_TITLE)


class ParentOrganizationTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee = make_organization(cls.district, "中原区直属机关工委")
        cls.branch = make_organization(cls.community_a, "西站东社区第一支部", parent=cls.committee)
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_a_reviewer_sees_the_parent_outside_their_scope_unnamed_in_the_list_and_on_the_page(self):
        for url in [
            reverse("admin:communities_organization_changelist"),
            reverse("admin:communities_organization_change", args=[self.branch.pk]),
        ]:
            with self.subTest(url=url):
                response = self.get(self.reviewer, url)
                self.assertContains(response, "西站东社区第一支部")
                self.assertContains(response, "（您管辖范围以外的组织）")
                self.assertNotContains(response, "中原区直属机关工委")

    def test_a_manager_whose_scope_holds_the_parent_sees_its_name(self):
        response = self.get(self.manager, reverse("admin:communities_organization_changelist"))
        self.assertContains(response, "中原区直属机关工委")
        self.assertNotContains(response, "（您管辖范围以外的组织）")

    def test_an_administrator_saving_the_branch_keeps_the_parent_they_cannot_see(self):
        response = self.get(self.admin_a, reverse("admin:communities_organization_change", args=[self.branch.pk]))
        self.assertNotContains(response, "中原区直属机关工委")
        response = self.client.post(
            reverse("admin:communities_organization_change", args=[self.branch.pk]),
            {
                "code": self.branch.code,
                "name": "西站东社区第一党支部",
                "kind": self.branch.kind,
                "region": self.community_a.pk,
                "leader": "",
                "member_count": "",
                "term_start": "",
                "term_years": "",
                "notes": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        stored = Organization.objects.get(pk=self.branch.pk)
        self.assertEqual((stored.name, stored.parent), ("西站东社区第一党支部", self.committee))


class TeamOrganizationTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        committee = make_organization(cls.district, "中原区直属机关工委")
        cls.team = make_team(cls.community_a, "西站东青年队", organization=committee)

    def test_a_reviewer_sees_a_teams_organization_outside_their_scope_unnamed(self):
        self.client.force_login(self.reviewer)
        for url in [
            reverse("admin:volunteers_team_changelist"),
            reverse("admin:volunteers_team_change", args=[self.team.pk]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "西站东青年队")
                self.assertContains(response, "（您管辖范围以外的组织）")
                self.assertNotContains(response, "中原区直属机关工委")

    def test_the_staff_team_page_does_not_name_it_either(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("volunteering:team_detail", args=[self.team.pk]))
        self.assertContains(response, "（您管辖范围以外的组织）")
        self.assertNotContains(response, "中原区直属机关工委")
        self.client.force_login(self.manager)
        self.assertContains(
            self.client.get(reverse("volunteering:team_detail", args=[self.team.pk])), "中原区直属机关工委"
        )
