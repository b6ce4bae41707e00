"""A manager reads the totals: logs in, picks a district and a year, drills into a subdistrict, prints."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.roles import MANAGER
from communities.models import Region
from tests.personas import PASSWORD, make_user


def test_a_manager_picks_a_district_and_year_drills_down_and_prints(page, shot, live_server):
    call_command("load_demo", stdout=io.StringIO())
    make_user("city_manager", MANAGER, Region.objects.get(code="410100"))  # 郑州市: 郑东新区 and 中原区

    page.goto("/reports/")
    page.fill("#id_username", "city_manager")
    page.fill("#id_password", PASSWORD)
    page.click("form [type=submit]")
    expect(page.locator("h1")).to_contain_text("郑州市")
    shot("city-dashboard")

    # The year, then the district from the ranking.
    page.fill("#id_year", "2020")
    page.click(".report-filters [type=submit]")
    expect(page.locator("h1")).to_contain_text("2020年")
    page.locator("table.ranking a.drill", has_text="中原区").click()
    expect(page.locator("h1")).to_contain_text("中原区")
    # [ZY] 累计发动党员3760名,示范带动1.5万名群众: heads (人), indicators of their own, never added to the
    # 14 organizers' person-times at the 6-24 meeting.
    expect(page.locator('tr[data-key="members_mobilized"] td.num').first).to_have_text("3,760")
    expect(page.locator('tr[data-key="masses_mobilized"] td.num').first).to_have_text("15,000")
    expect(page.locator('tr[data-key="participants"] td.num').first).to_have_text("14")
    expect(page.locator(".which")).to_have_text("仅已审核记录")
    expect(page.locator(".summary").first).to_contain_text("2020年，中原区共开展各类活动2场次，参与14人次")
    expect(page.locator(".summary", has_text="项目推进")).to_contain_text(
        "中原区老旧小区改造487个，301个已开工、177个已完成"
    )
    expect(page.locator("svg.trend-chart")).to_be_visible()
    shot("district-totals")

    # Drill into the subdistrict whose village holds the home visit.
    page.locator("table.ranking a.drill", has_text="航海西路街道").click()
    expect(page.locator("h1")).to_contain_text("航海西路街道")
    expect(page.locator('tr[data-key="households"] td.num').first).to_have_text("1")
    expect(page.locator(".breadcrumb")).to_contain_text("中原区")
    shot("subdistrict-drilled")

    # The records behind the figure: exactly the one visit.
    page.locator('tr[data-key="households"] td.num a').click()
    expect(page.locator(".record-count")).to_have_text("1")
    expect(page.locator("table.records tbody tr")).to_have_count(1)
    expect(page.locator("table.records")).to_contain_text("“千人进千村”走访")
    shot("records-behind-the-figure")
    page.go_back()

    page.click("a.print-link")
    expect(page.locator("h1.report-title")).to_contain_text("航海西路街道")
    expect(page.locator(".report-footer")).to_contain_text("仅已审核记录")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    shot("print-page")
