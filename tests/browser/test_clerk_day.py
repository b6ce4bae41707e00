"""A clerk's day on the staff site, at a desktop's width and a phone's: record a draft, submit it, find it
returned with the reason, correct it and submit it again; the reviewer returns it from the queue with a
common reason. Nothing overflows sideways at 390 px."""

import pytest
from playwright.sync_api import expect

from accounts.roles import CLERK, REVIEWER
from activities.models import Activity, Status
from history.models import Action
from history.services import history_of
from tests.factories import make_activity, make_region
from tests.personas import PASSWORD, make_user


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form [type=submit]")


def assert_fits(page):
    """Nothing on the page is wider than the window (no sideways scrolling)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


@pytest.mark.parametrize("width", [1366, 390])
def test_a_clerk_records_submits_reads_the_return_corrects_and_resubmits(page, shot, live_server, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    subdistrict = make_region("桐柏路街道", make_region("中原区"))
    community = make_region("西站东社区", subdistrict)
    make_user("clerk_a", CLERK, community, first_name="张录入")
    make_user("reviewer", REVIEWER, subdistrict, first_name="李审核")

    # Logging in, the clerk lands on 我的台账.
    log_in(page, "clerk_a")
    expect(page.locator("h1")).to_have_text("我的台账")
    expect(page.locator(".site-nav")).to_contain_text("我的台账")
    assert_fits(page)
    shot("workspace-empty")

    # A new draft with its figures.
    page.click("text=新建记录")
    page.fill("#id_title", "重阳节敬老活动")
    page.fill("#id_date", "2025-10-29")
    page.select_option("#id_category", label="志愿服务")
    page.fill("#id_volunteers", "12")
    page.fill("#id_volunteer_hours", "24")
    assert_fits(page)
    shot("new-record-form")
    page.click("form.ws-form button[type=submit]")
    expect(page.locator("#status")).to_have_text("草稿")
    expect(page.locator('tr[data-field="volunteers"] td.num')).to_have_text("12")
    assert_fits(page)
    shot("draft-saved")

    # Submitted for review.
    page.click("button.step-submit")
    expect(page.locator(".messages .success")).to_contain_text("已提交")
    expect(page.locator("button.step-withdraw")).to_be_visible()
    assert_fits(page)
    shot("submitted")
    activity = Activity.objects.get(title="重阳节敬老活动")

    # The reviewer returns it from the queue with a common reason and a word of their own.
    log_in(page, "reviewer")
    page.goto("/activities/review/")
    row = page.locator(f"table.queue tr[data-activity='{activity.pk}']")
    expect(row.locator(".figures")).to_contain_text("志愿者人次 12")
    row.locator("a.return").click()
    page.select_option("#id_common_reason", label="志愿者人数与签到表不符，请核对。")
    page.fill("#id_reason", "签到表上是15人。")
    shot("reviewer-returns")
    page.click("main button[type=submit]")
    expect(page.locator(".messages .success")).to_contain_text("已退回")

    # The clerk finds it under 已退回, with the reason.
    log_in(page, "clerk_a")
    returned_tab = page.locator('.ws-tabs a[data-status="returned"]')
    expect(returned_tab.locator(".count")).to_have_text("1")
    returned_tab.click()
    row = page.locator(f"table.ws-records tr[data-activity='{activity.pk}']")
    expect(row.locator(".reason")).to_contain_text("志愿者人数与签到表不符，请核对。 签到表上是15人。")
    assert_fits(page)
    shot("returned-tab")
    row.locator("td.title a").click()
    expect(page.locator("#return-reason")).to_contain_text("签到表上是15人。")
    shot("returned-record")

    # Corrected and submitted again.
    page.click("#edit")
    page.fill("#id_volunteers", "15")
    assert_fits(page)
    page.click("form.ws-form button[type=submit]")
    expect(page.locator('tr[data-field="volunteers"] td.num')).to_have_text("15")
    page.click("button.step-submit")
    expect(page.locator("#status")).to_have_text("已提交")
    expect(page.locator("ul.history")).to_contain_text("退回")
    assert_fits(page)
    shot("resubmitted")

    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.status, stored.volunteers) == (Status.SUBMITTED, 15)
    assert [c.action for c in history_of(stored)][::-1] == [
        Action.CREATE,
        Action.SUBMIT,
        Action.RETURN,
        Action.UPDATE,
        Action.SUBMIT,
    ]


def test_the_queues_tick_all_box_ticks_every_record_on_the_page(page, live_server):
    subdistrict = make_region("桐柏路街道", make_region("中原区"))
    community = make_region("西站东社区", subdistrict)
    make_user("reviewer", REVIEWER, subdistrict)
    for title in ("敬老活动", "清洁家园"):
        make_activity(community, title=title, status=Status.SUBMITTED)
    log_in(page, "reviewer")
    page.goto("/activities/review/")
    boxes = page.locator("input.tick")
    expect(boxes).to_have_count(2)
    page.check("#tick-all")  # a script of the site's own (the CSP allows no inline handler)
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    page.uncheck("#tick-all")
    expect(boxes.nth(0)).not_to_be_checked()
