"""我的台账 is the clerk's landing page and is linked from the header for everyone who may see records."""

from django.test import TestCase
from django.urls import reverse

from tests.personas import PersonasMixin


class LandingTests(PersonasMixin, TestCase):
    def test_a_clerk_lands_on_my_ledger(self):
        self.client.force_login(self.clerk_a)
        self.assertRedirects(self.client.get("/"), reverse("workspace:index"))

    def test_a_reviewer_keeps_the_home_page_with_my_ledger_in_the_header(self):
        self.client.force_login(self.reviewer)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'<a href="{reverse("workspace:index")}">我的台账</a>', html=True)
