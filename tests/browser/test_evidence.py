"""A clerk attaches a phone photo and a sign-in sheet on the record page, at a desktop's width and a phone's:
the photo shows as a thumbnail, a wrong file is said beside the field, and the 主题党日 record is submitted
only once its sign-in sheet is there. Nothing overflows sideways at 390 px."""

import pytest
from playwright.sync_api import expect

from accounts.roles import CLERK
from activities.models import Activity, Category, Status
from evidence.models import EvidenceKind
from tests.evidence.files import TINY_PDF, jpeg_with_gps
from tests.factories import make_activity, make_region
from tests.personas import make_user

from .test_clerk_day import assert_fits, log_in


@pytest.mark.parametrize("width", [1366, 390])
def test_a_clerk_attaches_a_photo_and_a_sign_in_sheet_then_submits(page, shot, live_server, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    community = make_region("西站东社区", make_region("桐柏路街道", make_region("中原区")))
    make_user("clerk_a", CLERK, community, first_name="张录入")
    theme_day = Category.objects.get(code="theme_day")
    theme_day.required_evidence.add(EvidenceKind.objects.get(code="sign_in_sheet"))
    activity = make_activity(community, title="七一主题党日", status=Status.DRAFT, cat=theme_day)
    photo, sheet, wrong = tmp_path / "IMG_0001.jpg", tmp_path / "签到表.pdf", tmp_path / "照片.jpg"
    photo.write_bytes(jpeg_with_gps(size=(400, 300)))
    sheet.write_bytes(TINY_PDF)
    wrong.write_text("不是照片")

    log_in(page, "clerk_a")
    page.goto(f"/workspace/{activity.pk}/")
    expect(page.locator("#evidence-missing")).to_contain_text("签到表")

    # A text file named .jpg: refused beside the field.
    page.set_input_files("#id_file", str(wrong))
    page.click("#evidence-upload button[type=submit]")
    expect(page.locator("#file-error")).to_contain_text("这个文件不是照片")
    assert_fits(page)
    shot("evidence-wrong-type")

    # The photo: a thumbnail on the page.
    page.select_option("#id_kind", label="现场照片")
    page.set_input_files("#id_file", str(photo))
    page.click("#evidence-upload button[type=submit]")
    thumbnail = page.locator(".evidence-thumbs img")
    expect(thumbnail).to_have_count(1)
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", thumbnail.element_handle())

    # Without the sign-in sheet the record is not submitted.
    page.click("button.step-submit")
    expect(page.locator("ul.messages")).to_contain_text("须附签到表")
    expect(page.locator("#status")).to_have_text("草稿")

    page.select_option("#id_kind", label="签到表")
    page.set_input_files("#id_file", str(sheet))
    page.click("#evidence-upload button[type=submit]")
    expect(page.locator("table.evidence-files tbody tr")).to_have_count(2)
    expect(page.locator("#evidence-missing")).to_have_count(0)
    assert_fits(page)
    shot("evidence-attached")
    page.click("button.step-submit")
    expect(page.locator("#status")).to_have_text("已提交")
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
