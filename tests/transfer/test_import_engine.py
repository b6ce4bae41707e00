"""The activity import, the same on SQLite and PostgreSQL: its messages, history and rollback."""

from activities.models import Activity, IndicatorValue, Status
from history.models import Change, Source
from history.services import diff, snapshot
from tests.factories import make_activity, make_region
from tests.transfer.test_import_activities import HEADER, ImportTestCase

ROW = "A-1,2020-06-13,宣传走访,平安建设,西站东社区,12\n"


class ActivityImportEngineTests(ImportTestCase):
    def test_an_unknown_region_is_a_row_error(self):
        result = self.run_csv(HEADER + ROW.replace("西站东社区", "东风社区"))
        self.assert_refused(result, "第 2 行，“所属区域”列：没有区域“东风社区”")

    def test_an_ambiguous_region_name_names_the_candidates(self):
        make_region("西站东社区", self.other_district)
        self.assert_refused(
            self.run_csv(HEADER + ROW),
            "第 2 行，“所属区域”列：有多个区域名为“西站东社区”：中原区/桐柏路街道/西站东社区、卫东区/西站东社区。"
            "请填写代码或完整路径。",
        )

    def test_a_region_outside_the_clerks_scope_is_a_row_error(self):
        result = self.run_csv(HEADER + ROW.replace("西站东社区", "西站西社区"), user=self.clerk_a)
        self.assert_refused(result, "第 2 行，“所属区域”列：区域“西站西社区”不在您的管辖范围内。")

    def test_duplicate_rows_inside_one_file_name_the_first(self):
        self.assert_refused(self.run_csv(HEADER + ROW + ROW), "第 3 行：此行与本文件第 2 行重复。")

    def test_bad_numbers_and_dates_are_row_errors_listed_by_row(self):
        text = (
            HEADER
            + ROW.replace(",12", ",很多")
            + "A-2,2020-02-30,走访,平安建设,西站东社区,-3\n"
            + "A-3,2020-06-13,走访,无此类别,西站东社区,3\n"
        )
        result = self.run_csv(text)
        self.assert_refused(
            result,
            "第 2 行，“参与人次”列：“很多”不是数字。",
            "第 3 行，“日期”列：日期“2020-02-30”不存在。",
            "“-3”是负数",
            "第 4 行，“类别”列：没有类别“无此类别”",
        )
        self.assertEqual([error.row for error in result.errors], [2, 3, 3, 4])

    def test_created_and_updated_rows_carry_their_history(self):
        result = self.run_csv(HEADER + ROW, user=self.clerk_a)
        self.assertTrue(result.ok, result.errors)
        activity = Activity.objects.get()
        created = Change.objects.get(content_type__model="activity", object_id=activity.pk, action="create")
        self.assertEqual(created.changes, diff(None, snapshot(activity)))
        self.assertEqual(
            (created.object_repr, created.source, created.batch_id, created.actor),
            ("2020-06-13 宣传走访", Source.IMPORT, result.batch.pk, self.clerk_a),
        )
        before = snapshot(activity)
        second = self.run_csv(HEADER + ROW.replace(",12", ",15"), user=self.clerk_a)
        self.assertEqual((second.created, second.updated, second.skipped), (0, 1, 0))
        activity.refresh_from_db()
        updated = Change.objects.get(content_type__model="activity", object_id=activity.pk, action="update")
        self.assertEqual(updated.changes, diff(before, snapshot(activity)))
        self.assertEqual((activity.participants, activity.version), (15, 2))

    def test_an_approved_activity_that_would_change_is_a_row_error_and_nothing_is_written(self):
        make_activity(self.community_a, title="宣传走访", status=Status.APPROVED, participants=12)
        Activity.objects.update(external_id="A-1")
        result = self.run_csv(HEADER + ROW.replace(",12", ",13"))
        self.assertIn("已审核", str(result.errors[0]))
        self.assertEqual(Activity.objects.get().participants, 12)
        self.assertEqual(IndicatorValue.objects.count(), 0)
