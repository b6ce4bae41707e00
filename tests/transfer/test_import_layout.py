"""Sheets as offices keep them (transfer.layout): title rows, two-row headers, merged cells, totals, footers,
hidden rows and columns, one sheet per month — each imported to the figures in tests/fixtures/office/totals.json,
in .xlsx, .xls and .ods, with every skipped row said in the result the preview shows."""

import io
import json
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.test import TestCase
from django.utils import translation

from activities.models import Activity
from history.models import Change, Source
from tests.personas import PersonasMixin
from transfer.importer import run_import
from transfer.models import ImportBatch

OFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "office"
TOTALS = json.loads((OFFICE / "totals.json").read_text(encoding="utf-8"))
FORMATS = ("xlsx", "xls", "ods")


def workbook_bytes(sheets, hidden=()):
    """An .xlsx of {sheet name: rows}; the sheets named in ``hidden`` are hidden."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


class OfficeSheetTestCase(PersonasMixin, TestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def run_fixture(self, name, fmt, **options):
        with (OFFICE / f"{name}.{fmt}").open("rb") as handle:
            return run_import(kind="activities", file=handle, file_name=f"{name}.{fmt}", **options)

    def assert_imports_to_its_totals(self, name, **options):
        """Each format of ``name`` imports to the rows and figures totals.json gives, and to nothing else."""
        expected = TOTALS[name]
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                result = self.run_fixture(name, fmt, **options)
                self.assertTrue(result.ok, (result.file_error, [str(e) for e in result.errors]))
                figures = Activity.objects.aggregate(
                    sessions=Sum("sessions"), participants=Sum("participants"), volunteers=Sum("volunteers")
                )
                self.assertEqual(
                    (Activity.objects.count(), figures["sessions"], figures["participants"], figures["volunteers"]),
                    (expected["rows"], expected["sessions"], expected["participants"], expected["volunteers"]),
                )
                self.assertEqual(sorted(Activity.objects.values_list("title", flat=True)), expected["titles"])
                Activity.objects.all().delete()
        return result

    def notes(self, result):
        return [message for _sheet, _row, message in result.notes]


class LayoutTests(OfficeSheetTestCase):
    def test_title_and_填报单位_rows_above_the_header_are_passed_over_and_said(self):
        result = self.assert_imports_to_its_totals("title_rows")
        self.assertEqual(result.sheets[0].header_label(), "4")
        self.assertEqual(self.notes(result), ["表头在第 4 行；其上 2 行（标题、填报单位等）未导入。"])

    def test_a_two_row_header_reads_every_measure_under_its_group_cell(self):
        result = self.assert_imports_to_its_totals("two_row_header")
        self.assertEqual(result.sheets[0].header_label(), "1–2")
        self.assertEqual(
            [header for header, _column in result.columns],
            ["日期", "标题", "类别", "所属区域", "场次", "参与人次", "志愿者人次", "地点"],
        )

    def test_cells_merged_down_are_filled_into_every_row_they_cover(self):
        result = self.assert_imports_to_its_totals("merged_down")
        self.assertEqual(
            self.notes(result),
            [
                "第 2–5 行的“所属区域”是合并单元格，已向下填充。",
                "第 3–4 行的“日期”是合并单元格，已向下填充。",
            ],
        )
        self.run_fixture("merged_down", "xls")
        self.assertEqual(
            sorted(Activity.objects.values_list("title", "date__day", "region__name")),
            [
                ("6月活动1", 1, "西站东社区"),
                ("6月活动2", 2, "西站东社区"),
                ("6月活动3", 2, "西站东社区"),
                ("6月活动4", 4, "西站东社区"),
            ],
        )

    def test_the_total_row_and_the_footer_are_skipped_and_said(self):
        result = self.assert_imports_to_its_totals("totals_and_footer")
        self.assertEqual(
            self.notes(result),
            [
                "第 5 行是合计行，已跳过。",
                "第 7 行起是表尾（填表人、审核人、填报日期等），该行及以下各行未导入。",
            ],
        )
        self.assertEqual(result.warnings, [])

    def test_a_total_row_that_is_not_the_sum_of_the_rows_above_is_a_warning(self):
        result = self.assert_imports_to_its_totals("wrong_total")
        self.assertEqual(result.warnings, ["第 5 行：合计行与其上各行之和不符：“参与人次”为 83，其上各行之和为 78。"])

    def test_hidden_rows_and_hidden_columns_are_not_imported_and_said(self):
        result = self.assert_imports_to_its_totals("hidden")
        self.assertNotIn("6月活动2", TOTALS["hidden"]["titles"])
        self.assertEqual(self.notes(result), ["第 I 列（“参与人数”）为隐藏列，已跳过。", "第 3 行为隐藏行，已跳过。"])

    def test_a_header_row_given_by_the_user_is_used_instead_of_the_search(self):
        result = self.run_fixture("title_rows", "xlsx", header_row=2, dry_run=True)
        self.assertEqual(
            result.file_error,
            "缺少必填列：日期（date）、标题（title）、类别（category）、所属区域（region）。"
            "表头中有：填报单位：桐柏路街道（盖章）、单位：场、人次。",
        )
        result = self.run_fixture("title_rows", "xlsx", header_row=4, dry_run=True)
        self.assertEqual((result.ok, result.rows), (True, 3))

    def test_a_units_row_a_repeated_header_and_以下空白_are_skipped_and_said(self):
        text = (
            "日期,标题,类别,所属区域,参与人次,资金\n"
            ",,,,（人次）,（元）\n"
            "2020-06-01,甲,平安建设,西站东社区,3,100\n"
            "日期,标题,类别,所属区域,参与人次,资金\n"
            "2020-06-02,乙,平安建设,西站东社区,4,200\n"
            "以下空白,,,,,\n"
            ",,,,,\n"
        )
        result = run_import(kind="activities", file=io.BytesIO(text.encode()), file_name="t.csv")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(sorted(Activity.objects.values_list("title", "participants")), [("乙", 4), ("甲", 3)])
        self.assertEqual(
            self.notes(result),
            [
                "第 2 行是单位或列序号行，已跳过。",
                "第 4 行重复了表头，已跳过。",
                "第 6 行起是表尾（填表人、审核人、填报日期等），该行及以下各行未导入。",
            ],
        )

    def test_a_填报单位_line_under_the_data_is_the_footer(self):
        text = "日期,标题,类别,所属区域\n2020-06-01,甲,平安建设,西站东社区\n填报单位（盖章）：桐柏路街道,,,\n"
        result = run_import(kind="activities", file=io.BytesIO(text.encode()), file_name="t.csv", dry_run=True)
        self.assertEqual((result.ok, result.rows), (True, 1))
        self.assertEqual(self.notes(result), ["第 3 行起是表尾（填表人、审核人、填报日期等），该行及以下各行未导入。"])

    def test_a_row_of_column_numbers_under_the_header_is_skipped(self):
        data = workbook_bytes(
            {
                "6月": [
                    ["日期", "标题", "类别", "所属区域"],
                    [1, 2, 3, 4],
                    ["2020-06-01", "甲", "平安建设", "西站东社区"],
                ]
            }
        )
        result = run_import(kind="activities", file=data, file_name="t.xlsx")
        self.assertEqual((result.ok, result.rows), (True, 1))
        self.assertEqual(self.notes(result), ["第 2 行是单位或列序号行，已跳过。"])

    def test_a_row_a_hidden_row_or_a_total_never_hides_a_bad_data_row(self):
        data = workbook_bytes(
            {
                "6月": [
                    ["日期", "标题", "类别", "所属区域", "参与人次"],
                    ["2020-06-01", "甲", "平安建设", "西站东社区", "很多"],
                    ["合计", "", "", "", 3],
                ]
            }
        )
        result = run_import(kind="activities", file=data, file_name="t.xlsx")
        self.assertEqual([str(e) for e in result.errors], ["第 2 行，“参与人次”列：“很多”不是数字。"])
        self.assertEqual((Activity.objects.count(), ImportBatch.objects.count()), (0, 0))


class SheetsTests(OfficeSheetTestCase):
    def test_every_month_sheet_is_imported_and_the_others_are_named_with_why(self):
        result = self.assert_imports_to_its_totals("sheets")
        self.assertEqual(
            [(plan.name, plan.header_label(), plan.rows, plan.skipped) for plan in result.sheets],
            [
                ("填表说明", "", 0, "填表说明，不是数据"),
                ("1月", "1", 2, ""),
                ("2月", "1", 3, ""),
                ("3月", "1", 4, ""),
                ("Sheet5", "", 0, "空白工作表"),
                (
                    "汇总",
                    "",
                    0,
                    "缺少必填列：日期（date）、标题（title）、类别（category）、所属区域（region）。表头中有：月份、活动次数。",
                ),
            ],
        )

    def test_only_the_chosen_sheets_are_imported(self):
        result = self.run_fixture("sheets", "xls", sheets=["2月"])
        self.assertTrue(result.ok)
        self.assertEqual(sorted(Activity.objects.values_list("date__month", flat=True).distinct()), [2])
        self.assertEqual(result.sheets[1].skipped, "未选择导入")
        result = self.run_fixture("sheets", "xls", sheets=["13月"], dry_run=True)
        self.assertEqual(
            result.file_error, "此工作簿中没有工作表“13月”；工作表有：填表说明、1月、2月、3月、Sheet5、汇总。"
        )

    def test_an_error_on_a_later_sheet_names_the_sheet_and_its_row_and_nothing_is_written(self):
        header = ["日期", "标题", "类别", "所属区域", "参与人次"]
        data = workbook_bytes(
            {
                "1月": [header, ["2020-01-05", "甲", "平安建设", "西站东社区", 3]],
                "2月": [
                    header,
                    ["2020-02-05", "乙", "平安建设", "西站东社区", 4],
                    ["2020-02-06", "丙", "平安建设", "西站东社区", "很多"],
                    ["2020-01-05", "甲", "平安建设", "西站东社区", 3],
                ],
            }
        )
        result = run_import(kind="activities", file=data, file_name="t.xlsx", user=self.clerk_a)
        self.assertEqual(
            [str(e) for e in result.errors],
            [
                "工作表“2月”，第 3 行，“参与人次”列：“很多”不是数字。",
                "工作表“2月”，第 4 行：此行与工作表“1月”第 2 行重复。",
            ],
        )
        self.assertEqual((Activity.objects.count(), ImportBatch.objects.count()), (0, 0))
        self.assertEqual(Change.objects.filter(source=Source.IMPORT).count(), 0)

    def test_a_hidden_sheet_is_not_imported_and_said(self):
        header = ["日期", "标题", "类别", "所属区域", "参与人次"]
        data = workbook_bytes(
            {
                "1月": [header, ["2020-01-05", "甲", "平安建设", "西站东社区", 3]],
                "旧表": [header, ["2019-01-05", "乙", "平安建设", "西站东社区", 4]],
            },
            hidden=["旧表"],
        )
        result = run_import(kind="activities", file=data, file_name="t.xlsx")
        self.assertEqual([(plan.name, plan.skipped) for plan in result.sheets], [("1月", ""), ("旧表", "隐藏的工作表")])
        self.assertEqual(list(Activity.objects.values_list("title", flat=True)), ["甲"])

    def test_a_sheet_chosen_by_name_is_read_even_when_named_like_instructions(self):
        header = ["日期", "标题", "类别", "所属区域"]
        data = workbook_bytes(
            {"说明": [["填表说明"]], "活动情况说明": [header, ["2020-01-05", "甲", "平安建设", "西站东社区"]]}
        )
        result = run_import(kind="activities", file=data, file_name="t.xlsx", dry_run=True)
        self.assertEqual(result.sheets[1].skipped, "填表说明，不是数据")
        data.seek(0)
        result = run_import(kind="activities", file=data, file_name="t.xlsx", sheets=["活动情况说明"], dry_run=True)
        self.assertEqual((result.ok, result.rows), (True, 1))

    def test_a_workbook_without_a_sheet_to_import_is_refused_naming_each_sheet(self):
        data = workbook_bytes({"说明": [["填表说明"], ["每月一张表"]], "汇总": [["月份", "次数"], ["1月", 2]]})
        result = run_import(kind="activities", file=data, file_name="t.xlsx")
        self.assertEqual(
            result.file_error,
            "此工作簿没有可导入的工作表。工作表“说明”：填表说明，不是数据 工作表“汇总”：缺少必填列：日期（date）、"
            "标题（title）、类别（category）、所属区域（region）。表头中有：月份、次数。",
        )
        self.assertEqual(ImportBatch.objects.count(), 0)


class CommandAndPreviewTests(OfficeSheetTestCase):
    def test_the_command_says_each_sheet_and_skipped_row_and_takes_a_sheet_and_header_row(self):
        err = io.StringIO()
        call_command(
            "import",
            "activities",
            str(OFFICE / "sheets.ods"),
            "--sheet",
            "3月",
            "--header-row",
            "1",
            stdout=io.StringIO(),
            stderr=err,
        )
        self.assertEqual(Activity.objects.count(), 4)
        self.assertIn("工作表“3月”：表头在第 1 行，4 行数据", err.getvalue())
        self.assertIn("工作表“1月”：未选择导入", err.getvalue())
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import",
                "activities",
                str(OFFICE / "title_rows.xls"),
                "--header-row",
                "2",
                stdout=io.StringIO(),
                stderr=err,
            )

    def test_the_admin_preview_lists_the_sheets_and_the_skipped_rows_before_anything_is_written(self):
        self.client.force_login(self.manager)
        url = "/admin/activities/activity/import/"
        upload = SimpleUploadedFile("台账.xlsx", (OFFICE / "sheets.xlsx").read_bytes())
        response = self.client.post(url, {"file": upload})
        self.assertContains(
            response, "<td>填表说明</td><td></td><td></td>\n<td>跳过：填表说明，不是数据</td>", html=False
        )
        self.assertContains(response, "<td>3月</td><td>1</td><td>4</td>")
        self.assertEqual(Activity.objects.count(), 0)
        upload = SimpleUploadedFile("台账.xls", (OFFICE / "totals_and_footer.xls").read_bytes())
        response = self.client.post(url, {"file": upload})
        self.assertContains(response, "<li>第 5 行是合计行，已跳过。</li>")
        self.assertContains(response, "表头在第 1 行。")
        self.assertEqual(Activity.objects.count(), 0)
        self.client.post(url, {"token": response.context["token"]})
        self.assertEqual(Activity.objects.count(), 3)
