"""The admin import (preview, then confirm), exports, templates and the batch page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from activities.models import Activity, Status
from tests.personas import PersonasMixin
from transfer.models import ImportBatch

URL = "/admin/activities/activity/import/"
GOOD = "外部编号,日期,标题,类别,所属区域,参与人次\nA-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n"


def upload(text, name="台账.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


class AdminImportTests(PersonasMixin, TestCase):
    def test_the_preview_shows_counts_and_writes_nothing_then_confirm_writes_the_batch(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": upload(GOOD)})
        self.assertContains(response, "1 行：新增 1 行，更新 0 行，未变 0 行。")
        self.assertEqual(Activity.objects.count(), 0)
        response = self.client.post(URL, {"token": response.context["token"]})
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, f"/admin/transfer/importbatch/{batch.pk}/change/", fetch_redirect_response=False)
        self.assertEqual(Activity.objects.get().status, Status.SUBMITTED)

    def test_the_preview_lists_every_error_with_row_column_and_reason(self):
        self.client.force_login(self.clerk_a)
        bad = GOOD.replace("西站东社区,12", "西站西社区,很多")
        response = self.client.post(URL, {"file": upload(bad)})
        self.assertContains(response, "区域“西站西社区”不在您的管辖范围内。")
        self.assertContains(response, "“很多”不是数字。")
        self.assertNotIn("token", response.context)
        self.assertEqual(Activity.objects.count(), 0)

    def test_with_four_eyes_no_one_is_offered_the_import_as_approved_choice(self):
        self.client.force_login(self.manager)
        self.assertNotContains(self.client.get(URL), 'name="approve"')
        response = self.client.post(URL, {"file": upload(GOOD), "approve": "on"})
        self.client.post(URL, {"token": response.context["token"]})
        self.assertEqual(Activity.objects.get().status, Status.SUBMITTED)

    @override_settings(LEDGER_FOUR_EYES=False)
    def test_only_an_approver_sees_the_import_as_approved_choice(self):
        self.client.force_login(self.clerk_a)
        self.assertNotContains(self.client.get(URL), 'name="approve"')
        self.client.force_login(self.manager)
        response = self.client.post(URL, {"file": upload(GOOD), "approve": "on"})
        self.client.post(URL, {"token": response.context["token"]})
        self.assertEqual(Activity.objects.get().status, Status.APPROVED)

    @override_settings(IMPORT_MAX_UPLOAD_BYTES=100)
    def test_an_upload_over_the_size_limit_is_refused_with_a_message(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": upload(GOOD * 3)})
        self.assertContains(response, "上限为")
        self.assertEqual(Activity.objects.count(), 0)

    def test_a_reviewer_without_the_import_permission_gets_a_403(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(URL).status_code, 403)

    def test_templates_download_with_chinese_headers_and_an_example_row(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get("/admin/activities/activity/template/csv/")
        text = response.content.decode("utf-8-sig")
        self.assertTrue(text.startswith("外部编号,日期,开始日期,标题,类别,所属区域"))
        self.assertIn("平安建设宣传走访", text)
        response = self.client.get("/admin/activities/activity/template/xlsx/")
        self.assertEqual(response.content[:2], b"PK")

    def test_the_export_is_limited_to_the_scope_and_csv_has_a_bom(self):
        self.client.force_login(self.manager)
        self.client.post(URL, {"token": self.client.post(URL, {"file": upload(GOOD)}).context["token"]})
        response = self.client.get("/admin/activities/activity/export/csv/")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        self.assertIn("中原区/桐柏路街道/西站东社区", response.content.decode("utf-8-sig"))
        self.client.force_login(self.reviewer)  # may export, same subtree
        self.assertEqual(self.client.get("/admin/activities/activity/export/csv/").status_code, 200)
        self.client.force_login(self.clerk_b)  # no export permission
        self.assertEqual(self.client.get("/admin/activities/activity/export/csv/").status_code, 403)

    def test_the_batch_page_lists_the_rows_it_wrote(self):
        self.client.force_login(self.clerk_a)
        self.client.post(URL, {"token": self.client.post(URL, {"file": upload(GOOD)}).context["token"]})
        batch = ImportBatch.objects.get()
        response = self.client.get(f"/admin/transfer/importbatch/{batch.pk}/change/")
        self.assertContains(response, "2020-06-13 宣传走访")
