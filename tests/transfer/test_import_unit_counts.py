"""The ``unit_counts`` import kind: member units a report counts without naming them (百余家), through the service."""

import io

from django.test import TestCase
from django.utils import translation

from history.models import Source
from history.services import history_of
from regional.models import UnitCount
from tests.personas import PersonasMixin
from tests.regional.helpers import D, RegionalMixin
from transfer.exporting import export_table, write_csv
from transfer.importer import run_import

TEXT = (
    "所在区域,大工委/大党委,单位类别,单位数量,截至日期,备注\n"
    "西站东社区,,驻区单位和“两新”组织,100余,2020-12-31,报告未列名称\n"
    "西站西社区,,驻区单位,近50,2020-12-31,\n"
)


def run(text, user, *, encoding="utf-8"):
    return run_import(kind="unit_counts", file=io.BytesIO(text.encode(encoding)), file_name="统计.csv", user=user)


def errors(result):
    return " ".join(str(error) for error in result.errors)


class UnitCountImportTests(RegionalMixin, PersonasMixin, TestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def test_counts_keep_their_qualifier_from_import_to_export_with_history(self):
        result = run(TEXT, self.manager, encoding="gb18030")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 2)
        counts = {r.region: (r.label, r.count, r.qualifier, r.as_of) for r in UnitCount.objects.all()}
        self.assertEqual(
            counts,
            {
                self.community_a: ("驻区单位和“两新”组织", 100, "余", D(2020, 12, 31)),
                self.community_b: ("驻区单位", 50, "近", D(2020, 12, 31)),
            },
        )
        created = history_of(UnitCount.objects.get(region=self.community_a)).get()
        self.assertEqual((created.source, created.batch_id), (Source.IMPORT, result.batch.pk))
        _columns, rows = export_table("unit_counts", user=self.manager)
        self.assertEqual(sorted(row[3] for row in rows), ["100余", "近50"])
        out = io.BytesIO()
        write_csv(*export_table("unit_counts", user=self.manager), out)
        again = run_import(kind="unit_counts", file=io.BytesIO(out.getvalue()), file_name="导出.csv", user=self.manager)
        self.assertTrue(again.ok, again.errors)
        self.assertEqual((again.created, again.skipped), (0, 2))

    def test_an_export_holds_only_the_counts_of_the_users_regions(self):
        run(TEXT, self.manager)
        _columns, rows = export_table("unit_counts", user=self.clerk_b)
        self.assertEqual([row[3] for row in rows], ["近50"])
        self.client.force_login(self.clerk_b)
        response = self.client.get("/admin/regional/unitcount/export/csv/")
        self.assertNotIn("100余", response.content.decode("utf-8-sig"))

    def test_a_row_imported_again_corrects_the_count(self):
        run(TEXT, self.manager)
        result = run(TEXT.replace("100余", "120"), self.manager)
        self.assertEqual((result.created, result.updated, result.skipped), (0, 1, 1))
        record = UnitCount.objects.get(region=self.community_a)
        self.assertEqual((record.count, record.qualifier), (120, ""))

    def test_a_count_outside_the_clerks_regions_names_the_row_and_writes_nothing(self):
        result = run(TEXT, self.clerk_a)
        self.assertFalse(result.ok)
        self.assertIn("第 3 行", errors(result))
        self.assertIn("所在区域", errors(result))
        self.assertFalse(UnitCount.objects.exists())

    def test_a_count_that_is_no_number_or_takes_an_unknown_qualifier_is_refused(self):
        for cell in ("很多", "100左右", "0"):
            with self.subTest(cell=cell):
                result = run(TEXT.replace("100余", cell), self.manager)
                self.assertFalse(result.ok)
                self.assertIn("单位数量", errors(result))
                self.assertFalse(UnitCount.objects.exists())

    def test_the_template_and_the_import_page(self):
        columns, _rows = export_table("unit_counts", template=True)
        self.assertEqual(
            [c.header for c in columns][:5], ["所在区域", "大工委/大党委", "单位类别", "单位数量", "截至日期"]
        )
        self.client.force_login(self.clerk_a)
        self.assertEqual(self.client.get("/admin/regional/unitcount/import/").status_code, 200)
        response = self.client.get("/admin/regional/unitcount/template/csv/")
        self.assertTrue(response.content.decode("utf-8-sig").startswith("所在区域,大工委/大党委,单位类别"))
