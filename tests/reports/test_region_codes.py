"""A region is named by its code on every totals page; an all-digit value is a code first, an id only after."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_activity, make_region
from tests.personas import PersonasMixin


class RegionCodeTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zhongyuan = make_region("中原区测试", code="410102")
        cls.street = make_region("林山寨街道", cls.zhongyuan, code="410102001")
        make_activity(cls.street, volunteers=37)
        # A region whose all-digit code is another region's id: the code wins.
        cls.decoy = make_region("代码即编号区", code=str(cls.subdistrict.pk))
        make_activity(cls.decoy, volunteers=5)
        cls.admin = get_user_model().objects.create_superuser("root", password="x")

    def open(self, user, name, region, **params):
        self.client.force_login(user)
        return self.client.get(reverse(name), {"region": region, **params})

    def test_the_dashboard_opens_a_region_by_its_all_digit_code(self):
        response = self.open(self.admin, "reports:dashboard", "410102", year=2021)
        self.assertEqual(response.context["region"], self.zhongyuan)
        self.assertContains(response, "<h1>统计总览: 中原区测试")
        self.assertEqual(response.context["totals"].by_key()["volunteers"].current, 37)
        # Its links name regions by code too.
        self.assertContains(response, 'href="/reports/?region=410102001&amp;')
        self.assertContains(response, '<input type="hidden" name="region" value="410102">')

    def test_the_print_page_opens_a_region_by_its_all_digit_code(self):
        response = self.open(self.admin, "reports:print", "410102001", year=2021)
        self.assertEqual(response.context["region"], self.street)
        self.assertContains(response, "2021年，林山寨街道累计参与志愿者37人次。")

    def test_the_organization_page_opens_a_region_by_its_all_digit_code(self):
        response = self.open(self.admin, "reports:organizations", "410102")
        self.assertEqual(response.context["region"], self.zhongyuan)
        self.assertContains(response, "组织与项目: 中原区测试")
        self.assertContains(response, 'href="/reports/organizations/?region=410102001"')

    def test_the_api_opens_a_region_by_its_all_digit_code(self):
        response = self.open(self.admin, "reports:api_totals", "410102", year=2021)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["region"]["code"], "410102")
        self.assertEqual(response.json()["totals"]["volunteers"], 37)

    def test_a_code_wins_over_an_id_and_an_id_still_works_when_no_code_matches(self):
        by_code = self.open(self.admin, "reports:dashboard", str(self.subdistrict.pk), year=2021)
        self.assertEqual(by_code.context["region"], self.decoy)
        by_id = self.open(self.admin, "reports:dashboard", str(self.street.pk), year=2021)
        self.assertEqual(by_id.context["region"], self.street)

    def test_a_code_outside_the_scope_is_a_404_even_when_it_is_an_id_inside(self):
        # The manager of 中原区 may open the subdistrict by id, but this value is the decoy's code first.
        response = self.open(self.manager, "reports:dashboard", str(self.subdistrict.pk))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.open(self.manager, "reports:dashboard", "410102").status_code, 404)
        self.assertEqual(self.open(self.manager, "reports:print", "410102001").status_code, 404)
        self.assertEqual(self.open(self.manager, "reports:organizations", "410102").status_code, 404)
        self.assertEqual(self.open(self.manager, "reports:dashboard", "9" * 40).status_code, 404)
