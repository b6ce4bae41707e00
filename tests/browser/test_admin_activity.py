"""An administrator records an activity through the admin, in a real browser, and finds its figures in the list."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from activities.models import Activity, Status
from tests.factories import category, make_region

PASSWORD = "browser-test-password"


def log_in(page, username):
    """Sign in through the admin's own login form, which ``page`` shows."""
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


def test_a_superuser_adds_an_activity_and_sees_its_figures_in_the_list(page, shot, live_server):
    admin = get_user_model().objects.create_superuser("browser-admin", password=PASSWORD)
    subdistrict = make_region("桐柏路街道", make_region("中原区"))
    community = make_region("西站东社区", subdistrict)
    make_region("西站西社区", subdistrict)  # one character apart: the typed text must pick the right one
    volunteer_service = category("volunteer_service")
    title = "西站东社区志愿服务季度汇总"

    page.goto("/admin/login/?next=/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    shot("login")
    log_in(page, admin.username)
    shot("admin-index")

    page.goto("/admin/activities/activity/add/")
    page.fill("#id_title", title)
    page.select_option("#id_category", value=str(volunteer_service.pk))
    page.fill("#id_date", "2021-06-30")
    # select2 puts its container right after the hidden <select>, and its dropdown at the end of <body>.
    page.click("#id_region + .select2-container")
    page.fill(".select2-container--open .select2-search__field", "西站东")
    # The dropdown first lists every region, then only the matches once the search has answered.
    expect(page.locator(".select2-container--open .select2-results__option")).to_have_text([community.full_name])
    shot("region-autocomplete")
    page.locator(".select2-container--open .select2-results__option", has_text=community.full_name).click()
    expect(page.locator("#id_region")).to_have_value(str(community.pk))
    page.fill("#id_volunteers", "2112")
    page.fill("#id_volunteer_hours", "3168")
    page.fill("#id_people_served", "397636")
    shot("add-form-filled")
    page.click("input[name=_save]")

    expect(page).to_have_url(f"{live_server.url}/admin/activities/activity/")
    expect(page.locator(".messagelist .success")).to_be_visible()
    row = page.locator("#result_list tbody tr", has_text=title)
    expect(row).to_have_count(1)
    expect(row.locator("td.field-region_name")).to_have_text(community.name)
    expect(row.locator("td.field-region_name span")).to_have_attribute("title", community.full_name)
    expect(row.locator("td.field-category")).to_have_text(volunteer_service.name)
    expect(row.locator("td.field-volunteers")).to_have_text("2112")
    expect(row.locator("td.field-volunteer_hours")).to_have_text("3168.0")
    expect(row.locator("td.field-people_served")).to_have_text("397636")
    shot("changelist")

    activity = Activity.objects.get(title=title)
    assert (activity.region, activity.category, activity.date) == (
        community,
        volunteer_service,
        datetime.date(2021, 6, 30),
    )
    assert (activity.volunteers, activity.volunteer_hours, activity.people_served) == (2112, Decimal("3168.0"), 397636)
    assert activity.sessions is None  # left blank in the form, so not a zero
    assert (activity.status, activity.created_by) == (Status.DRAFT, admin)
