"""The review loop in a real browser: a clerk submits, a reviewer returns it with a reason from the
queue, the clerk reads the reason, corrects and resubmits, and the reviewer approves."""

from playwright.sync_api import expect

from accounts.roles import CLERK, REVIEWER
from activities.models import Activity, Category, Status
from history.models import Action
from history.services import history_of
from tests.factories import make_activity, make_region
from tests.personas import PASSWORD, make_user


def log_in(page, username, next_url):
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")


def submit_from_the_list(page, activity):
    page.goto("/admin/activities/activity/")
    page.check(f"#result_list input[name=_selected_action][value='{activity.pk}']")
    page.select_option("select[name=action]", "submit_for_review")
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_a_returned_activity_goes_back_and_forth_until_it_is_approved(page, shot, live_server):
    volunteer_service, _ = Category.objects.get_or_create(code="volunteer_service", defaults={"name": "志愿服务"})
    subdistrict = make_region("桐柏路街道", make_region("中原区"))
    community = make_region("西站东社区", subdistrict)
    make_user("clerk_a", CLERK, community, first_name="张录入")
    make_user("reviewer", REVIEWER, subdistrict, first_name="李审核")
    activity = make_activity(
        community, title="重阳节敬老活动", status=Status.DRAFT, volunteers=12, cat=volunteer_service
    )

    # The clerk submits the draft from the admin list.
    log_in(page, "clerk_a", "/admin/activities/activity/")
    submit_from_the_list(page, activity)
    shot("clerk-submitted")

    # The reviewer finds it in the queue and returns it with a reason.
    log_in(page, "reviewer", "/activities/review/")
    expect(page.locator("h1")).to_have_text("待审核")
    row = page.locator(f"table.queue tr[data-activity='{activity.pk}']")
    expect(row).to_contain_text("重阳节敬老活动")
    expect(row).to_contain_text("张录入")
    shot("reviewer-queue")
    row.locator("a.return").click()
    page.fill("#id_reason", "   ")  # blank to the server, though not to the browser's own check
    page.click("main button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("请填写退回原因")
    page.fill("#id_reason", "志愿者人数与签到表不符，请核对。")
    shot("reviewer-return-form")
    page.click("main button[type=submit]")
    expect(page.locator(".messages .success")).to_contain_text("已退回")
    expect(page.locator("p.empty")).to_have_text("没有等待审核的活动。")

    # The clerk sees the reason, corrects the record and submits it again.
    log_in(page, "clerk_a", "/activities/review/")
    expect(page.locator("h1")).to_have_text("退回更正")
    row = page.locator(f"table.queue tr[data-activity='{activity.pk}']")
    expect(row.locator("td.reason")).to_have_text("志愿者人数与签到表不符，请核对。")
    shot("clerk-sees-reason")
    row.get_by_role("link", name="去更正").click()
    expect(page.locator(".returned-box")).to_contain_text("志愿者人数与签到表不符，请核对。")
    page.fill("#id_volunteers", "15")
    shot("clerk-corrects")
    page.click("form.ws-form button[type=submit]")
    expect(page.locator(".messages .success")).to_be_visible()
    page.click("button.step-submit")
    expect(page.locator("#status")).to_have_text("已提交")

    # The reviewer approves it from the queue.
    log_in(page, "reviewer", "/activities/review/")
    row = page.locator(f"table.queue tr[data-activity='{activity.pk}']")
    expect(row.locator("ul.changes")).to_contain_text("志愿者人次：12 → 15")
    row.locator("button.approve").click()
    expect(page.locator(".messages .success")).to_contain_text("已审核")
    shot("reviewer-approved")

    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.status, stored.volunteers) == (Status.APPROVED, 15)
    assert [c.action for c in history_of(stored)][::-1] == [
        Action.SUBMIT,
        Action.RETURN,
        Action.UPDATE,
        Action.SUBMIT,
        Action.APPROVE,
    ]

    # The record's history page tells the whole story.
    page.goto(f"/admin/activities/activity/{activity.pk}/history/")
    expect(page.locator("tr.history-entry")).to_have_count(5)
    expect(page.locator("tr.history-entry").nth(3)).to_contain_text("志愿者人数与签到表不符，请核对。")
    shot("history")
