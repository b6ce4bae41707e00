"""The admin import preview shows what was read before anything is written: the first rows as parsed,
the columns, the sheets, the rows skipped and why, and the counts."""

import io
import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from activities.models import Activity
from history.models import Change, Source
from tests.personas import PersonasMixin
from tests.transfer.test_import_layout import OFFICE
from transfer.importer import run_import
from transfer.models import ImportBatch
from transfer.uploads import storage

URL = "/admin/activities/activity/import/"
FILE = (
    "活动时间,活动内容,活动类型,所在社区,参加人数,经费（元）\n"
    '2021年3月5日,宣传走访,平安建设,西站东社区,"1,100",1.5万\n'
    "2021/3/6,入户走访,走访慰问,西站东社区,十二,3620万元\n"
)


def upload(text=FILE, name="台账.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


class PreviewTests(PersonasMixin, TestCase):
    def assert_nothing_written(self):
        self.assertEqual(
            (
                Activity.objects.count(),
                ImportBatch.objects.count(),
                Change.objects.filter(source=Source.IMPORT).count(),
            ),
            (0, 0, 0),
        )

    def test_the_first_rows_show_as_they_will_be_imported_with_the_region_as_its_full_path(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": upload()})
        self.assertEqual(
            [sample.shown for sample in response.context["result"].sample],
            [
                [
                    ("2021-03-05", False),
                    ("宣传走访", False),
                    ("平安建设", False),
                    ("中原区/桐柏路街道/西站东社区", False),
                    ("1100", False),
                    ("15000", False),
                ],
                [
                    ("2021-03-06", False),
                    ("入户走访", False),
                    ("走访慰问", False),
                    ("中原区/桐柏路街道/西站东社区", False),
                    ("12", False),
                    ("36200000", False),
                ],
            ],
        )
        self.assertContains(response, "前 2 行的读取结果（即将导入的值）")
        self.assertContains(response, "<td>2</td><td>2021-03-05</td>", html=False)
        self.assertContains(response, "<td>中原区/桐柏路街道/西站东社区</td><td>1100</td><td>15000</td>", html=False)
        self.assert_nothing_written()
        self.client.post(URL, {"token": response.context["token"]})
        self.assertEqual(sorted(Activity.objects.values_list("participants", "funds")), [(12, 36200000), (1100, 15000)])

    def test_the_columns_read_are_listed_by_the_header_as_written(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": upload()})
        for header, column in [
            ("活动时间", "日期"),
            ("活动内容", "标题"),
            ("参加人数", "参与人次"),
            ("经费（元）", "资金"),
        ]:
            self.assertContains(response, f"<tr><td>{header}</td><td>{column}</td></tr>", html=False)

    def test_a_refused_file_shows_its_rows_and_errors_and_writes_nothing(self):
        self.client.force_login(self.clerk_a)
        bad = FILE.replace("2021/3/6,入户走访,走访慰问,西站东社区,十二", "2021/3/6,入户走访,走访慰问,西站西社区,很多")
        response = self.client.post(URL, {"file": upload(bad)})
        self.assertNotIn("token", response.context)
        second = response.context["result"].sample[1].shown
        self.assertEqual(
            (second[3], second[4]), (("区域“西站西社区”不在您的管辖范围内。", True), ("“很多”不是数字。", True))
        )
        self.assertContains(response, "2 个错误；所有行都正确之前不会写入任何数据。")
        self.assert_nothing_written()
        response = self.client.post(URL, {"token": "forged"}, follow=True)
        self.assertContains(response, "此预览已过期")
        self.assert_nothing_written()

    def test_a_workbook_shows_its_sheets_skipped_rows_and_first_rows_then_imports_on_confirm(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            URL, {"file": SimpleUploadedFile("台账.xls", (OFFICE / "all_traits.xls").read_bytes())}
        )
        self.assertContains(response, "<td>4月</td><td>4–5</td><td>5</td>", html=False)
        self.assertContains(response, "<li>工作表“4月”： 第 8 行为隐藏行，已跳过。</li>", html=False)
        self.assertContains(response, "<li>工作表“5月”： 第 13 行是合计行，已跳过。</li>", html=False)
        self.assertContains(response, "10 行：新增 10 行，更新 0 行，未变 0 行。")
        result = response.context["result"]
        self.assertEqual(
            [(s.sheet, s.row) for s in result.sample],
            [
                ("4月", 6),
                ("4月", 7),
                ("4月", 9),
                ("4月", 11),
                ("4月", 12),
                ("5月", 6),
                ("5月", 7),
                ("5月", 9),
                ("5月", 11),
                ("5月", 12),
            ],
        )
        self.assertEqual(result.sample[1].shown[3], ("中原区/桐柏路街道/西站东社区", False))  # filled down
        self.assert_nothing_written()
        self.client.post(URL, {"token": response.context["token"]})
        self.assertEqual(Activity.objects.count(), 10)

    def test_the_preview_shows_at_most_ten_rows(self):
        self.client.force_login(self.clerk_a)
        rows = "".join(f"2021-03-{day:02d},活动{day},平安建设,西站东社区,1,1\n" for day in range(1, 26))
        response = self.client.post(URL, {"file": upload(FILE.splitlines()[0] + "\n" + rows)})
        self.assertEqual(len(response.context["result"].sample), 10)
        self.assertContains(response, "25 行：新增 25 行")

    def test_a_region_files_parent_defined_on_an_earlier_row_shows_its_full_path_not_an_error(self):
        text = "代码,名称,级别,上级\nC1,新社区,社区,中原区/桐柏路街道\nG1,一网格,网格,C1\n"
        result = run_import(
            kind="regions", file=io.BytesIO(text.encode()), file_name="t.csv", dry_run=True, sample_rows=5
        )
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            [sample.shown[3] for sample in result.sample],
            [("中原区/桐柏路街道", False), ("中原区/桐柏路街道/新社区", False)],
        )

    def test_an_upload_older_than_a_day_is_removed_when_the_next_file_arrives(self):
        from pathlib import Path

        folder = Path(storage().location)
        folder.mkdir(parents=True, exist_ok=True)
        stale, fresh = folder / "stale-upload-test", folder / "fresh-upload-test"
        for path in (stale, fresh):
            path.write_bytes(b"x")
            self.addCleanup(path.unlink, missing_ok=True)
        a_day_ago = time.time() - 24 * 3600 - 60
        os.utime(stale, (a_day_ago, a_day_ago))
        self.client.force_login(self.clerk_a)
        self.client.post(URL, {"file": upload()})
        self.assertEqual((stale.exists(), fresh.exists()), (False, True))
