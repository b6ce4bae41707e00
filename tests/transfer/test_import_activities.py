"""The activity import (transfer.importer.run_import), as the command line and the admin call it."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import translation

from activities.models import Activity, Indicator, IndicatorValue, Status
from history.models import Change, Source
from history.services import diff, snapshot
from tests.factories import make_activity, make_region
from tests.personas import PersonasMixin
from transfer.exporting import export_table, write_csv, write_xlsx
from transfer.importer import run_import
from transfer.models import ImportBatch

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HEADER = "外部编号,日期,标题,类别,所属区域,参与人次\n"


def csv_file(text, encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


class ImportTestCase(PersonasMixin, TestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def run_csv(self, text, user=None, **options):
        return run_import(kind="activities", file=csv_file(text), file_name="t.csv", user=user, **options)

    def assert_refused(self, result, *messages):
        """The import wrote nothing, and said each of ``messages``."""
        self.assertFalse(result.ok)
        self.assertIsNone(result.batch)
        shown = [result.file_error, *(str(e) for e in result.errors)]
        for message in messages:
            self.assertTrue(any(message in text for text in shown), f"{message!r} not in {shown}")
        self.assertEqual(Activity.objects.count(), 0)
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Change.objects.filter(source=Source.IMPORT).count(), 0)


class FixtureFilesTests(ImportTestCase):
    def test_a_gb18030_csv_with_chinese_headers_and_written_numbers_is_read(self):
        with (FIXTURES / "activities_gb18030.csv").open("rb") as f:
            result = run_import(kind="activities", file=f, file_name="台账.csv")
        self.assertTrue(result.ok, result.errors)
        first = Activity.objects.get(external_id="GB-001")
        self.assertEqual(
            (first.date, first.participants, first.volunteers, first.volunteer_hours, first.people_served, first.funds),
            (datetime.date(2020, 6, 13), 1100, 8, Decimal("16.0"), 397636, Decimal("15000.00")),
        )
        self.assertEqual(first.region, self.community_a)
        second = Activity.objects.get(external_id="GB-002")
        self.assertEqual(
            (second.participants, second.volunteers, second.volunteer_hours, second.people_served, second.funds),
            (10, 25, Decimal("20.0"), 10000, Decimal("36200000.00")),
        )

    def test_a_utf8_bom_csv_with_english_headers_is_read(self):
        with (FIXTURES / "activities_utf8_bom.csv").open("rb") as f:
            result = run_import(kind="activities", file=f, file_name="ledger.csv")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            sorted(Activity.objects.values_list("external_id", "participants", "people_served", "category__code")),
            [("EN-001", 40, 300, "volunteer_service"), ("EN-002", 8000, 20000, "volunteer_service")],
        )

    def test_an_xlsx_with_date_cells_and_a_title_line_is_read(self):
        with (FIXTURES / "activities_dates.xlsx").open("rb") as f:
            result = run_import(kind="activities", file=f, file_name="台账.xlsx")
        self.assertTrue(result.ok, result.errors)
        first = Activity.objects.get(external_id="XL-001")
        self.assertEqual(
            (first.date, first.start_date, first.sessions), (datetime.date(2020, 6, 13), datetime.date(2020, 6, 1), 2)
        )


class WritingTests(ImportTestCase):
    def test_imported_activities_enter_as_submitted_in_one_recorded_batch_with_history(self):
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n", user=self.clerk_a)
        self.assertTrue(result.ok, result.errors)
        activity = Activity.objects.get()
        self.assertEqual(
            (activity.status, activity.submitted_by, activity.import_batch),
            (Status.SUBMITTED, self.clerk_a, result.batch),
        )
        batch = ImportBatch.objects.get()
        self.assertEqual(
            (batch.user, batch.file_name, batch.rows, batch.created, batch.updated, batch.skipped),
            (self.clerk_a, "t.csv", 1, 1, 0, 0),
        )
        change = Change.objects.get(object_id=activity.pk, source=Source.IMPORT)
        self.assertEqual((change.action, change.batch_id, change.actor), ("create", batch.pk, self.clerk_a))
        self.assertEqual(change.changes["participants"], [None, 12])

    def test_importing_the_same_file_twice_changes_nothing(self):
        text = HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n,2020-06-14,无编号活动,志愿服务,西站东社区,3\n"
        self.run_csv(text)
        before = list(Activity.objects.order_by("pk").values())
        second = self.run_csv(text)
        self.assertEqual((second.created, second.updated, second.skipped), (0, 0, 2))
        self.assertEqual(list(Activity.objects.order_by("pk").values()), before)
        self.assertEqual(Change.objects.filter(source=Source.IMPORT).count(), 2)

    def test_a_changed_figure_updates_the_matched_activity_with_a_history_row(self):
        self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n")
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,15\n")
        self.assertEqual((result.created, result.updated), (0, 1))
        self.assertEqual(Activity.objects.get().participants, 15)
        change = Change.objects.get(action="update")
        self.assertEqual((change.changes["participants"], change.batch_id), ([12, 15], result.batch.pk))

    def test_a_header_naming_an_indicator_fills_it_and_a_blank_cell_later_removes_it_with_history(self):
        indicator = Indicator.objects.create(code="disputes_mediated", name="化解矛盾纠纷", unit="件")
        header = HEADER.rstrip("\n") + ",化解矛盾纠纷（件）\n"
        first = self.run_csv(header + "A-1,2020-06-13,调解,平安建设,西站东社区,3,25余\n")
        self.assertTrue(first.ok, first.errors)
        value = IndicatorValue.objects.get(indicator=indicator)
        self.assertEqual(value.value, Decimal("25"))
        created = Change.objects.get(content_type__model="indicatorvalue", object_id=value.pk, action="create")
        self.assertEqual((created.changes, created.batch_id), (diff(None, snapshot(value)), first.batch.pk))
        before = snapshot(value)
        second = self.run_csv(header + "A-1,2020-06-13,调解,平安建设,西站东社区,3,\n")
        self.assertTrue(second.ok, second.errors)
        self.assertFalse(IndicatorValue.objects.exists())
        deleted = Change.objects.get(content_type__model="indicatorvalue", object_id=value.pk, action="delete")
        gone = {name: [value, None] for name, value in before.items() if value not in (None, "")}
        self.assertEqual((deleted.changes, deleted.batch_id), (gone, second.batch.pk))

    def test_two_rows_naming_one_stored_record_by_different_keys_are_refused(self):
        stored = make_activity(
            self.community_a, title="宣传走访", date=datetime.date(2020, 6, 13), status=Status.SUBMITTED
        )
        # Row 2 gives the record a new external id; row 3 names it by date, title and region.
        result = self.run_csv(
            HEADER
            + "B-2,2020-06-13,宣传走访,平安建设,西站东社区,12\n"
            + ",2020-06-13,宣传走访,平安建设,西站东社区,13\n"
        )
        self.assertFalse(result.ok)
        self.assertEqual(
            [str(e) for e in result.errors], ["第 3 行：此行与本文件第 2 行是同一条已存记录；请只保留其中一行。"]
        )
        stored.refresh_from_db()
        self.assertEqual((stored.external_id, stored.participants), ("", None))

    def test_an_approved_activity_matched_by_date_title_and_region_names_the_column_that_would_change(self):
        make_activity(self.community_a, title="宣传走访", date=datetime.date(2020, 6, 13), status=Status.APPROVED)
        result = self.run_csv(HEADER + "NEW-7,2020-06-13,宣传走访,平安建设,西站东社区,\n")
        self.assertFalse(result.ok)
        expected = "第 2 行，“外部编号”列：此活动已审核"
        self.assertTrue(any(str(e).startswith(expected) for e in result.errors), result.errors)
        self.assertEqual(Activity.objects.get().external_id, "")

    def test_four_eyes_refuses_importing_as_approved_by_the_importer_but_not_by_the_operator(self):
        text = HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n"
        refused = self.run_csv(text, user=self.manager, approve=True)
        self.assertEqual(refused.file_error, "您导入的活动由您创建，不能由您导入为已审核。请导入为已提交，由他人审核。")
        self.assertFalse(Activity.objects.exists())
        result = self.run_csv(text, approve=True)  # an operator at the command line: no person, no review
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((Activity.objects.get().status, Activity.objects.get().reviewed_by), (Status.APPROVED, None))

    @override_settings(LEDGER_FOUR_EYES=False)
    def test_an_approver_may_import_as_approved_and_a_clerk_may_not(self):
        text = HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n"
        refused = self.run_csv(text, user=self.clerk_a, approve=True)
        self.assertIn("只有具有审核权限的用户", refused.file_error)
        result = self.run_csv(text, user=self.manager, approve=True)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            (Activity.objects.get().status, Activity.objects.get().reviewed_by), (Status.APPROVED, self.manager)
        )

    def test_a_dry_run_counts_but_writes_nothing(self):
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n", dry_run=True)
        self.assertEqual((result.ok, result.created, result.batch), (True, 1, None))
        self.assertEqual(Activity.objects.count(), 0)

    def test_a_year_less_date_takes_the_year_given(self):
        result = self.run_csv(HEADER + "A-1,6月24日,宣传走访,平安建设,西站东社区,12\n", year=2021)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Activity.objects.get().date, datetime.date(2021, 6, 24))

    def test_a_title_starting_like_a_formula_is_stored_as_text_and_neutralized_on_export(self):
        self.run_csv(HEADER + 'A-1,2020-06-13,"=HYPERLINK(""http://x"")",平安建设,西站东社区,12\n')
        self.assertEqual(Activity.objects.get().title, '=HYPERLINK("http://x")')
        out = io.BytesIO()
        write_csv(*export_table("activities"), out)
        self.assertIn("'=HYPERLINK", out.getvalue().decode("utf-8-sig"))


class RoundTripTests(ImportTestCase):
    def test_export_then_import_changes_nothing_in_csv_and_xlsx(self):
        with (FIXTURES / "activities_gb18030.csv").open("rb") as f:
            run_import(kind="activities", file=f, file_name="台账.csv")
        self.run_csv(HEADER + ',2020-06-14,"=1+1 无编号",志愿服务,西站东社区,3\n')
        before = list(Activity.objects.order_by("pk").values())
        for writer, name in [(write_csv, "e.csv"), (write_xlsx, "e.xlsx")]:
            out = io.BytesIO()
            writer(*export_table("activities", user=self.manager), out)
            out.seek(0)
            result = run_import(kind="activities", file=out, file_name=name, user=self.manager)
            self.assertTrue(result.ok, result.errors)
            self.assertEqual((result.created, result.updated, result.skipped), (0, 0, 3))
        self.assertEqual(list(Activity.objects.order_by("pk").values()), before)

    def test_a_clerks_export_holds_only_her_scope(self):
        self.run_csv(
            HEADER + "A-1,2020-06-13,A社区,平安建设,西站东社区,1\nB-1,2020-06-13,B社区,平安建设,西站西社区,1\n"
        )
        _columns, rows = export_table("activities", user=self.manager)
        self.assertEqual(len(list(rows)), 2)
        self.clerk_a.user_permissions.add(Permission.objects.get(codename="export_activity"))
        clerk = get_user_model().objects.get(pk=self.clerk_a.pk)
        _columns, rows = export_table("activities", user=clerk)
        self.assertEqual([row[0] for row in rows], ["A-1"])


class BadInputTests(ImportTestCase):
    def test_an_unknown_region_is_a_row_error(self):
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,东风社区,12\n")
        self.assert_refused(result, "第 2 行，“所属区域”列：没有区域“东风社区”")

    def test_an_ambiguous_region_name_names_the_candidates(self):
        make_region("西站东社区", self.other_district)
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n")
        self.assert_refused(
            result,
            "有多个区域名为“西站东社区”：中原区/桐柏路街道/西站东社区、卫东区/西站东社区。请填写代码或完整路径。",
        )

    def test_a_region_outside_the_clerks_scope_is_a_row_error(self):
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站西社区,12\n", user=self.clerk_a)
        self.assert_refused(result, "第 2 行，“所属区域”列：区域“西站西社区”不在您的管辖范围内。")

    def test_a_word_in_a_number_column_is_a_row_error(self):
        self.assert_refused(
            self.run_csv(HEADER + "A-1,2020-06-13,走访,平安建设,西站东社区,很多\n"),
            "第 2 行，“参与人次”列：“很多”不是数字。",
        )

    def test_a_negative_number_is_a_row_error(self):
        self.assert_refused(self.run_csv(HEADER + "A-1,2020-06-13,走访,平安建设,西站东社区,-3\n"), "“-3”是负数")

    def test_an_impossible_date_is_a_row_error(self):
        self.assert_refused(
            self.run_csv(HEADER + "A-1,2020-02-30,走访,平安建设,西站东社区,3\n"),
            "第 2 行，“日期”列：日期“2020-02-30”不存在。",
        )

    def test_a_year_less_date_without_a_year_given_is_a_row_error(self):
        self.assert_refused(self.run_csv(HEADER + "A-1,6月24日,走访,平安建设,西站东社区,3\n"), "“6月24日”没有年份")

    def test_a_missing_required_column_is_one_error_naming_it(self):
        self.assert_refused(
            self.run_csv("外部编号,日期,标题,类别\nA-1,2020-06-13,走访,平安建设\n"), "缺少必填列：所属区域（region）"
        )

    def test_an_empty_file_is_refused(self):
        self.assert_refused(self.run_csv(""), "文件是空的。")

    def test_a_header_only_file_is_refused(self):
        self.assert_refused(self.run_csv(HEADER), "文件只有表头，没有数据行。")

    def test_an_undetectable_encoding_is_refused(self):
        data = HEADER.encode("utf-8") + b"A-1,2020-06-13,\x80\xff\x80,x,y,1\n"
        result = run_import(kind="activities", file=io.BytesIO(data), file_name="t.csv")
        self.assert_refused(result, "无法识别文件的文字编码：既不是 UTF-8、UTF-16，也不是 GB18030/GBK 或 Big5。")

    def test_a_binary_file_named_csv_is_refused(self):
        result = run_import(kind="activities", file=io.BytesIO(b"\x00\x01\x02binary\x00" * 50), file_name="t.csv")
        self.assert_refused(result, "此文件不是文本格式的 CSV 文件（看起来是二进制文件）。")

    def test_duplicate_rows_inside_one_file_are_row_errors(self):
        row = "A-1,2020-06-13,走访,平安建设,西站东社区,3\n"
        self.assert_refused(self.run_csv(HEADER + row + row), "第 3 行：此行与本文件第 2 行重复。")

    def test_every_error_is_reported_and_one_bad_row_keeps_the_good_ones_out(self):
        text = HEADER + "A-1,2020-06-13,走访,平安建设,西站东社区,3\nA-2,2020-06-13,走访,无此类别,西站东社区,很多\n"
        result = self.run_csv(text)
        self.assert_refused(result, "“很多”不是数字", "没有类别“无此类别”")
        self.assertEqual(result.error_count, 2)


class CommandTests(ImportTestCase):
    def test_the_command_prints_every_error_and_exits_non_zero_writing_nothing(self):
        path = Path(self.id().rsplit(".", 1)[-1] + ".csv")
        path = Path("/tmp") / path
        path.write_text(HEADER + "A-1,2020-06-13,走访,平安建设,东风社区,很多\n", encoding="utf-8")
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import", "activities", str(path), stderr=err, stdout=io.StringIO())
        self.assertIn("没有区域“东风社区”", err.getvalue())
        self.assertIn("“很多”不是数字", err.getvalue())
        self.assertIn("2 处错误，未写入任何内容。", str(caught.exception))
        self.assertEqual(Activity.objects.count(), 0)

    def test_the_command_imports_and_exports_as_a_user(self):
        path = Path("/tmp") / "transfer_cmd_ok.csv"
        path.write_text(HEADER + "A-1,2020-06-13,走访,平安建设,西站东社区,3\n", encoding="utf-8")
        out = io.StringIO()
        call_command("import", "activities", str(path), "--user", "clerk_a", stdout=out)
        self.assertIn("1 行：新增 1 行", out.getvalue())
        target = Path("/tmp") / "transfer_cmd_export.csv"
        call_command("export", "activities", "-o", str(target), "--user", "manager", stdout=io.StringIO())
        self.assertIn("A-1,2020-06-13", target.read_text(encoding="utf-8-sig"))
