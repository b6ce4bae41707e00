"""A reviewer's day on the staff site, at a desktop's width and a phone's: the queue with each record's
figures, four records approved at once, one returned with a common reason, the totals then read on the
dashboard and a record's page. Nothing overflows sideways at 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.roles import CLERK, REVIEWER
from activities.models import Activity, Status
from history.models import Action, Change
from tests.browser.test_clerk_day import assert_fits, log_in
from tests.factories import make_activity, make_region
from tests.personas import make_user

TITLES = ("重阳节敬老活动", "清洁家园行动", "禁毒宣传进社区", "义诊进楼院", "垃圾分类宣传")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_reviewer_approves_several_at_once_returns_one_and_reads_the_totals(page, shot, live_server, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    subdistrict = make_region("桐柏路街道", make_region("中原区"))
    community = make_region("西站东社区", subdistrict)
    clerk = make_user("clerk_a", CLERK, community, first_name="张录入")
    make_user("reviewer", REVIEWER, subdistrict, first_name="李审核")
    records = [
        make_activity(
            community,
            title=title,
            date=datetime.date(2025, 10, 1 + index),
            status=Status.SUBMITTED,
            volunteers=10 + index,
            created_by=clerk,
            submitted_by=clerk,
        )
        for index, title in enumerate(TITLES)
    ]

    # The queue shows every submitted record with its figures and who entered it.
    log_in(page, "reviewer")
    page.goto("/activities/review/")
    expect(page.locator("h1")).to_have_text("待审核")
    expect(page.locator("table.queue tbody tr")).to_have_count(5)
    first = page.locator(f"table.queue tr[data-activity='{records[0].pk}']")
    expect(first.locator(".figures")).to_contain_text("志愿者人次 10")
    assert_fits(page)
    shot("queue")

    # Four ticked and approved at once.
    for activity in records[:4]:
        page.check(f"input.tick[value='{activity.pk}']")
    shot("four-ticked")
    page.click("button.approve-many")
    expect(page.locator(".messages .success")).to_contain_text("4")
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    assert_fits(page)
    shot("after-approving-four")

    # The last one returned with a common reason.
    page.locator(f"table.queue tr[data-activity='{records[4].pk}'] a.return").click()
    page.select_option("#id_common_reason", label="志愿者人数与签到表不符，请核对。")
    assert_fits(page)
    shot("return-form")
    page.click("main button[type=submit]")
    expect(page.locator(".messages .success")).to_contain_text("已退回")
    expect(page.locator("p.empty")).to_have_text("没有等待审核的活动。")

    # The dashboard counts the four approved records: 10 + 11 + 12 + 13 volunteers.
    page.goto(f"/reports/?region={subdistrict.pk}&year=2025")
    expect(page.locator("main")).to_contain_text("46")
    assert_fits(page)
    shot("dashboard")

    # An approved record's page shows it approved, with its history and no edit button.
    page.goto(f"/workspace/{records[0].pk}/")
    expect(page.locator("#status")).to_have_text("已审核")
    expect(page.locator("#edit")).to_have_count(0)
    assert_fits(page)
    shot("approved-record")

    stored = {a.title: a.status for a in Activity.objects.all()}
    assert stored == {**dict.fromkeys(TITLES[:4], Status.APPROVED), TITLES[4]: Status.RETURNED}
    assert Change.objects.filter(action=Action.APPROVE).count() == 4
    assert Change.objects.get(action=Action.RETURN).reason == "志愿者人数与签到表不符，请核对。"
