"""Approximate figures through the activity import: 8000余 keeps its 余, the export writes it back, and a
column of training classes (期数) goes to the indicator of classes, never to sessions (场次)."""

import io

from activities.models import Activity, Indicator, IndicatorValue
from tests.transfer.test_import_activities import ImportTestCase
from transfer.exporting import export_table, write_csv
from transfer.importer import run_import

HEADER = "外部编号,日期,标题,类别,所属区域,参与人次,服务群众人次,意见建议\n"


class QualifierImportTests(ImportTestCase):
    def setUp(self):
        super().setUp()
        self.suggestions = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")

    def test_approximate_cells_keep_their_qualifier_beside_the_number(self):
        result = self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,8000余,约397636,50多条\n")
        self.assertTrue(result.ok, result.errors)
        activity = Activity.objects.get()
        self.assertEqual((activity.participants, activity.people_served), (8000, 397636))
        self.assertEqual(activity.written("participants"), "8000余")
        self.assertEqual(activity.written("people_served"), "约397636")
        value = IndicatorValue.objects.get()
        self.assertEqual((value.value, value.qualifier), (50, "多"))

    def test_the_export_writes_them_back_and_reimporting_it_changes_nothing(self):
        self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,8000余,近万,50多\n")
        before = list(Activity.objects.values())
        columns, rows = export_table("activities", user=self.manager)
        rows = list(rows)
        header = [c.header for c in columns]
        self.assertEqual(rows[0][header.index("参与人次")], "8000余")
        self.assertEqual(rows[0][header.index("服务群众人次")], "近10000")
        out = io.BytesIO()
        write_csv(columns, rows, out)
        out.seek(0)
        result = run_import(kind="activities", file=out, file_name="e.csv", user=self.manager)
        self.assertEqual((result.created, result.updated, result.skipped), (0, 0, 1), result.errors)
        self.assertEqual(list(Activity.objects.values()), before)

    def test_an_exact_figure_replaces_the_approximate_one_and_a_missing_column_keeps_it(self):
        self.run_csv(HEADER + "A-1,2020-06-13,宣传走访,平安建设,西站东社区,8000余,约397636,50多\n")
        result = self.run_csv(
            "外部编号,日期,标题,类别,所属区域,参与人次\nA-1,2020-06-13,宣传走访,平安建设,西站东社区,8120\n"
        )
        self.assertEqual(result.updated, 1, result.errors)
        activity = Activity.objects.get()
        self.assertEqual(activity.written("participants"), "8120")
        self.assertEqual(activity.written("people_served"), "约397636")  # no such column: kept as it was

    def test_a_column_of_training_classes_goes_to_its_indicator_not_to_sessions(self):
        classes = Indicator.objects.create(code="training_classes", name="培训期数", unit="期")
        result = self.run_csv(
            "日期,标题,类别,所属区域,期数,参与人次\n2020-06-13,干部教育培训,培训,西站东社区,83,7476\n"
        )
        self.assertTrue(result.ok, result.errors)
        activity = Activity.objects.get()
        self.assertIsNone(activity.sessions)
        self.assertEqual(IndicatorValue.objects.get(activity=activity, indicator=classes).value, 83)
