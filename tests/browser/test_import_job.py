"""A clerk's import runs as a job: the page shows its progress bar, follows it without reloading by hand,
and shows the check's result, then the batch, once the worker has run it."""

from playwright.sync_api import expect

from accounts.roles import CLERK
from activities.models import Activity
from jobs.models import Job, State
from tests.factories import make_region
from tests.jobs.test_import_jobs import DATABASE_BACKEND, rows, run_worker
from tests.personas import PASSWORD, make_user
from transfer.models import ImportBatch


def test_a_clerk_follows_her_import_from_the_progress_bar_to_the_batch(page, shot, settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND  # queued for a worker, as in production: the request only stores the file
    community = make_region("西站东社区", make_region("桐柏路街道", make_region("中原区")))
    clerk = make_user("browser-clerk", CLERK, community)
    sheet = tmp_path / "台账.csv"
    sheet.write_text(rows(5), encoding="utf-8")

    page.goto("/admin/login/?next=/admin/activities/activity/import/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    page.set_input_files("#id_file", str(sheet))
    page.click("input[value='检查文件']")

    expect(page.locator("#job-progress")).to_contain_text("排队中")
    assert Job.objects.get().state == State.QUEUED
    expect(page.locator("#job-progress progress")).to_be_visible()
    expect(page.locator("#job-progress button")).to_have_text("取消")
    shot("queued")

    run_worker()  # the worker takes the job; the page notices by itself and shows the check
    expect(page.locator("#import-counts")).to_have_text("5 行：新增 5 行，更新 0 行，未变 0 行。")
    shot("checked")
    assert Activity.objects.count() == 0

    page.click("input[value='确认导入']")
    expect(page.locator("#job-progress")).to_contain_text("排队中")
    expect(page.locator("#job-progress [data-job-field=total]")).to_have_text("5")
    run_worker()
    batch = ImportBatch.objects.get()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"导入完成：新增 5 行，更新 0 行，未变 0 行（批次 {batch.pk}）。"
    )
    shot("batch")
    assert Activity.objects.count() == 5
    assert list(Job.objects.order_by("pk").values_list("state", flat=True)) == [State.DONE, State.DONE]
