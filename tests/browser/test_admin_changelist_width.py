"""The admin's activity list fits a 1366 × 768 office screen beside both sidebars: no sideways scrolling,
titles not broken one character a line."""

import datetime

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from activities.models import Status
from tests.factories import make_activity, make_region

PASSWORD = "browser-test-password"


def test_the_activity_list_fits_1366_pixels(page, shot, live_server):
    get_user_model().objects.create_superuser("browser-admin", password=PASSWORD)
    district = make_region("卫东区", make_region("平顶山市", make_region("河南省")))
    community = make_region("安培社区", make_region("东安路街道", district))
    for n, title in enumerate(
        ["平安建设宣传走访沿街商户征求意见建议", "冬季送温暖志愿服务入户慰问困难群众", "垃圾分类宣传"] * 4
    ):
        make_activity(
            community,
            title=title,
            date=datetime.date(2025, 11, 1 + n),
            status=Status.SUBMITTED,
            sessions=3,
            participants=1100,
            volunteers=2112,
            volunteer_hours=3168,
            people_served=397636,
            households=703,
            funds=120000,
        )
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/admin/login/?next=/admin/activities/activity/")
    page.fill("#id_username", "browser-admin")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    expect(page.locator("#result_list")).to_be_visible()
    path = shot("changelist-1366")
    print(f"screenshot: {path}")

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls {overflow} px sideways"
    # The table ends before the filter sidebar begins, and nothing inside it is cut off.
    table = page.locator("#result_list").bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert table["x"] + table["width"] <= filters["x"] + 1
    scroller = page.evaluate(
        "(() => { const r = document.querySelector('.results'); return r.scrollWidth - r.clientWidth; })()"
    )
    assert scroller <= 0, f"the list scrolls {scroller} px inside its box"
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [h.strip() for h in headers[1:]] == [
        "日期",
        "标题",
        "区域",
        "类别",
        "状态",
        "志愿者人次",
        "志愿服务时长",
        "服务群众人次",
    ]
    # A title keeps whole words on a line: its cell is wider than four characters.
    title_cell = page.locator("#result_list td.field-title, #result_list th.field-title").first.bounding_box()
    assert title_cell["width"] > 120
