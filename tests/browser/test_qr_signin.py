"""A volunteer signs in and out on a phone (390 × 844) from the activity's QR link; the clerk confirms on the sheet."""

import datetime
from decimal import Decimal

from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

from activities.models import Participation, Status
from signin.models import SignIn
from signin.services import signin_token
from tests.factories import make_activity, make_person, make_region
from tests.personas import make_user

PASSWORD = "browser-test-password"


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0, f"{page.url} is {width}px wider than the window"


def test_a_volunteer_signs_in_and_out_on_a_phone_and_the_clerk_confirms(page, shot, live_server):
    community = make_region("安培社区", make_region("东安路街道", make_region("卫东区")))
    activity = make_activity(community, title="社区环境整治志愿服务", status=Status.DRAFT)
    make_person(community, "王小明", phone="13812345678")
    clerk = make_user("clerk", "录入员", community)
    clerk.set_password(PASSWORD)
    clerk.save()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("signin:scan", args=[signin_token(activity)]))
    expect(page.locator("h1")).to_have_text("志愿者签到")
    shot("phone-form")
    no_sideways_scroll(page)
    page.fill("#id_identifier", "13812345678")
    page.click("button[type=submit]")
    expect(page.locator("#signin-result")).to_contain_text("王**，您已于")
    shot("phone-signed-in")
    # Two hours of service later (the sign-in moved back, rather than the test waiting).
    SignIn.objects.update(signed_in_at=F("signed_in_at") - datetime.timedelta(hours=2))
    page.goto(reverse("signin:scan", args=[signin_token(activity)]))
    page.fill("#id_identifier", "13812345678")
    page.click("button[type=submit]")
    expect(page.locator("#signin-result")).to_contain_text("签退")
    shot("phone-signed-out")
    no_sideways_scroll(page)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/login/?next=" + reverse("signin:sheet", args=[activity.pk]))
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("form [type=submit]")
    expect(page.locator(".signin-code svg")).to_be_visible()
    shot("clerk-sheet")
    page.click("button[value=confirm]")
    expect(page.locator(".messages .success")).to_contain_text("记为志愿服务记录")
    shot("clerk-confirmed")
    assert [(p.person.name, p.hours) for p in Participation.objects.filter(activity=activity)] == [
        ("王小明", Decimal("2.00"))
    ]
