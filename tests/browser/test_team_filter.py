"""A district manager finds a community's team in the totals filter by typing part of its name."""

import importlib
from decimal import Decimal

from django.apps import apps
from playwright.sync_api import expect

from accounts.roles import MANAGER, sync_roles
from tests.factories import make_activity, make_region, make_team
from tests.personas import PASSWORD, make_user


def test_a_manager_types_part_of_a_community_teams_name_and_sees_its_totals(page, shot, live_server):
    sync_roles(apps)  # role groups and categories: an earlier transactional test's flush may have removed them
    importlib.import_module("activities.migrations.0003_default_categories").create_categories(apps, None)
    district = make_region("中原区", code="410102")
    street = make_region("林山寨街道", district, code="410102001")
    community = make_region("建设路社区", street, code="410102001001")
    team = make_team(community, "建设路社区红马甲志愿服务队")
    make_activity(community, volunteers=12, volunteer_hours=Decimal("30"), team=team)
    make_activity(community, volunteers=100)
    make_user("district_manager", MANAGER, district)

    page.goto("/reports/?region=410102&year=2021")
    page.fill("#id_username", "district_manager")
    page.fill("#id_password", PASSWORD)
    page.click("form [type=submit]")
    expect(page.locator("h1")).to_contain_text("中原区")
    expect(page.locator('tr[data-key="volunteers"] td.num').first).to_have_text("112")
    # The plain drop-down lists only the district's and its subdistricts' teams; the search box finds deeper ones.
    expect(page.locator("select[name=team]")).to_be_hidden()
    box = page.locator("input#id_team")
    box.fill("红马甲")
    option = page.locator("#id_team_choices option")
    expect(option).to_have_count(1)
    expect(option).to_have_attribute("value", "建设路社区红马甲志愿服务队（中原区/林山寨街道/建设路社区）")
    shot("typed")
    box.fill("建设路社区红马甲志愿服务队（中原区/林山寨街道/建设路社区）")
    page.click(".report-filters [type=submit]")
    expect(page.locator(".status-line")).to_contain_text("志愿服务队: 建设路社区红马甲志愿服务队")
    expect(page.locator('tr[data-key="volunteers"] td.num').first).to_have_text("12")
    expect(page.locator("input#id_team")).to_have_value("建设路社区红马甲志愿服务队")
    shot("filtered")
