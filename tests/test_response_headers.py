"""Pages and exports behind the login are never stored by a browser or a proxy, and every
page carries a Content-Security-Policy that runs no inline script."""

import re
from pathlib import Path

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_person
from tests.personas import PersonasMixin

PHONE = "13912341234"


class ResponseHeaderTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = make_person(cls.community_a, "王芳", phone=PHONE)

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def assert_not_stored(self, response):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        self.assertTrue({"no-store", "private"} <= directives, response["Cache-Control"])

    def test_a_managers_person_page_with_the_full_phone_is_not_stored(self):
        response = self.get(self.manager, reverse("volunteering:person_ledger", args=[self.person.pk]))
        self.assertContains(response, PHONE)
        self.assert_not_stored(response)

    def test_the_person_admin_and_the_people_export_are_not_stored(self):
        response = self.get(self.manager, reverse("admin:volunteers_person_change", args=[self.person.pk]))
        self.assertContains(response, PHONE)
        self.assert_not_stored(response)
        response = self.get(self.manager, "/admin/volunteers/person/export/csv/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(PHONE, response.content.decode("utf-8-sig"))
        self.assert_not_stored(response)

    def test_the_dashboard_is_not_stored_either(self):
        response = self.get(self.manager, reverse("reports:dashboard"))
        self.assertEqual(response.status_code, 200)
        self.assert_not_stored(response)

    def test_the_login_page_carries_a_policy_without_inline_scripts(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response.status_code, 200)
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        self.assertEqual(policy["script-src"], "'self'")
        self.assertEqual(policy["object-src"], "'none'")
        self.assertEqual(policy["frame-ancestors"], "'none'")
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])

    def test_no_template_has_an_inline_script_or_event_handler(self):
        # The browser test (tests/browser/test_content_security_policy.py) checks the pages run;
        # this finds a handler added to any template, even one no test opens.
        inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.IGNORECASE)
        found = [
            f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
            for path in (settings.BASE_DIR / "templates").rglob("*.html")
            for match in inline.finditer(Path(path).read_text(encoding="utf-8"))
        ]
        self.assertEqual(found, [])
