"""Under the Content-Security-Policy (no inline script, no inline handler) the admin's and
the staff site's scripts still work, and the browser reports no violation."""

from django.apps import apps
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import ScopeAssignment
from accounts.roles import CLERK
from tests.factories import make_region

PASSWORD = "browser-test-password"


def test_admin_widgets_and_site_scripts_run_without_a_policy_violation(page, shot, live_server):
    admin = get_user_model().objects.create_superuser("csp-admin", password=PASSWORD)
    community = make_region("西站东社区", make_region("桐柏路街道", make_region("中原区")))
    clerk = get_user_model().objects.create_user("csp-clerk", password=PASSWORD, is_staff=True)
    ScopeAssignment.objects.create(user=clerk, region=community)
    clerk.groups.add(apps.get_model("auth", "Group").objects.get(name=CLERK))
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()

    # select2 autocomplete and the calendar of the activity form.
    page.goto("/admin/activities/activity/add/")
    page.click("#id_region + .select2-container")
    page.fill(".select2-container--open .select2-search__field", "西站东")
    expect(page.locator(".select2-container--open .select2-results__option")).to_have_text([community.full_name])
    page.keyboard.press("Escape")
    page.locator("#id_date + .datetimeshortcuts a").first.click()  # "today"
    expect(page.locator("#id_date")).not_to_have_value("")
    shot("activity-form")

    # The two-box selector of a user's roles (SelectFilter2) and the inline "add another" row.
    page.goto(f"/admin/auth/user/{clerk.pk}/change/")
    expect(page.locator("#id_groups_filter")).to_be_visible()
    rows = page.locator("#scope_assignments-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator(".add-row a").first.click()
    expect(rows).to_have_count(before + 1)
    shot("user-form")

    # The staff site: the language menu submits itself (site.js, not an onchange attribute).
    page.goto("/volunteers/")
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot("english")

    assert violations == []
