"""The workspace's export: what the list shows, with names (not codes), 状态, and formulas neutralized."""

import csv
import datetime
import io

import openpyxl
from django.test import TestCase
from django.urls import reverse

from activities.models import Indicator, IndicatorValue, Status
from jobs.models import Job, State
from tests.factories import make_activity, make_team
from tests.personas import PersonasMixin

HEADER = [
    "日期", "开始日期", "标题", "类别", "区域", "组织单位", "志愿服务队",
    "场次", "参与人次", "志愿者人次", "志愿服务时长", "服务群众人次", "走访服务户数", "投入资金",
    "意见建议（条）", "地点", "备注", "状态", "退回原因", "外部编号",
]  # fmt: skip


class ExportTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
        team = make_team(cls.community_a, "西站东志愿队")
        day = datetime.date(2025, 4, 2)
        cls.returned = make_activity(
            cls.community_a, title="=HYPERLINK(\"http://x\")", status=Status.RETURNED, date=day, volunteers=4,
            volunteer_hours="10.5", team=team,
        )  # fmt: skip
        cls.returned.__class__.objects.filter(pk=cls.returned.pk).update(return_reason="-请核对", location="@楼下")
        IndicatorValue.objects.create(activity=cls.returned, indicator=cls.indicator, value=3)
        make_activity(cls.community_a, title="已通过", status=Status.APPROVED, date=day)
        make_activity(cls.community_b, title="隔壁", status=Status.RETURNED, date=day)

    def get(self, fmt, **params):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("workspace:export", args=[fmt]), params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_csv_has_the_lists_rows_with_names_status_and_neutralized_formulas(self):
        response = self.get("csv", status="returned")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], HEADER)
        self.assertEqual(len(rows), 2)  # the sibling community's returned record is not exported
        row = dict(zip(HEADER, rows[1], strict=True))
        self.assertEqual(row["标题"], '\'=HYPERLINK("http://x")')
        self.assertEqual(row["区域"], "中原区/桐柏路街道/西站东社区")
        self.assertEqual(row["志愿服务队"], "西站东志愿队")
        self.assertEqual(row["类别"], "志愿服务")
        self.assertEqual(row["状态"], "已退回")
        self.assertEqual(row["退回原因"], "'-请核对")
        self.assertEqual(row["地点"], "'@楼下")
        self.assertEqual((row["志愿者人次"], row["志愿服务时长"], row["意见建议（条）"]), ("4", "10.5", "3"))
        self.assertEqual(row["日期"], "2025-04-02")

    def test_the_xlsx_has_numbers_as_numbers_dates_as_dates_and_text_that_never_runs(self):
        response = self.get("xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), HEADER)
        self.assertEqual(sorted(r[2] for r in rows[1:]), ['\'=HYPERLINK("http://x")', "已通过"])
        row = dict(zip(HEADER, next(r for r in rows[1:] if r[17] == "已退回"), strict=True))
        self.assertEqual(row["志愿者人次"], 4)
        self.assertEqual(float(row["志愿服务时长"]), 10.5)
        self.assertEqual(row["日期"], datetime.datetime(2025, 4, 2))
        cell = next(
            c for line in sheet.iter_rows() for c in line if isinstance(c.value, str) and "HYPERLINK" in c.value
        )
        self.assertEqual(cell.data_type, "s")

    def test_an_unknown_format_is_a_404(self):
        self.client.force_login(self.clerk_a)
        self.assertEqual(self.client.get(reverse("workspace:export", args=["pdf"])).status_code, 404)

    def test_a_list_longer_than_the_limit_is_exported_by_a_job_with_the_same_rows(self):
        inline = self.get("csv").content.decode("utf-8-sig")
        with self.settings(EXPORT_INLINE_MAX_ROWS=1):
            response = self.client.get(reverse("workspace:export", args=["csv"]))
        job = Job.objects.get()
        self.assertRedirects(response, f"/jobs/{job.pk}/", fetch_redirect_response=False)
        self.assertEqual((job.owner, job.state, job.rows_written), (self.clerk_a, State.DONE, 2))
        self.assertIn("year=2025", job.params["query"])  # the year the page chose, not the worker's own guess
        download = self.client.get(f"/jobs/{job.pk}/download/")
        self.assertEqual(b"".join(download.streaming_content).decode("utf-8-sig"), inline)
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/download/").status_code, 404)
