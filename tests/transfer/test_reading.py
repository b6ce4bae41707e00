"""Reading workbooks (transfer.reading): .xlsx, .xls and .ods give the same cells, hidden rows and merges.

The files under tests/fixtures/office/ were saved by LibreOffice (see build.py there).
"""

import datetime
import io
from pathlib import Path

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from activities.models import Activity
from tests.personas import PersonasMixin
from transfer.importer import run_import
from transfer.reading import FileError, Table, _scan_xls_with_xlrd, scan_xls

OFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "office"
FORMATS = ("xlsx", "xls", "ods")


def sheets_of(name, fmt):
    with (OFFICE / f"{name}.{fmt}").open("rb") as handle:
        table = Table(handle, f"{name}.{fmt}")
        return table.format, [
            (
                sheet.name,
                sheet.visible,
                sheet.hidden_rows,
                sheet.hidden_columns,
                sorted(sheet.merged),
                list(sheet.rows()),
            )
            for sheet in table.sheets()
        ]


def plain(rows):
    """Cells compared across formats: .xls keeps whole numbers as int, the others as float."""
    return [
        (number, [int(c) if isinstance(c, float) and c.is_integer() else c for c in cells]) for number, cells in rows
    ]


class WorkbookFormatsTests(SimpleTestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def test_each_format_is_recognized_by_its_content(self):
        for fmt in FORMATS:
            with self.subTest(fmt):
                self.assertEqual(sheets_of("title_rows", fmt)[0], fmt)

    def test_xls_and_ods_give_the_cells_sheets_hidden_rows_and_merges_of_the_xlsx(self):
        for name in ("title_rows", "two_row_header", "merged_down", "hidden", "sheets", "all_traits"):
            _fmt, expected = sheets_of(name, "xlsx")
            for fmt in ("xls", "ods"):
                with self.subTest(name=name, fmt=fmt):
                    _fmt, sheets = sheets_of(name, fmt)
                    self.assertEqual(
                        [(s[0], s[1], s[2], s[3], s[4], plain(s[5])) for s in sheets],
                        [(s[0], s[1], s[2], s[3], s[4], plain(s[5])) for s in expected],
                    )

    def test_the_hidden_row_and_column_and_the_merged_ranges_are_seen(self):
        for fmt in FORMATS:
            with self.subTest(fmt):
                ((_name, _visible, hidden_rows, hidden_columns, merged, rows),) = sheets_of("hidden", fmt)[1]
                self.assertEqual((hidden_rows, hidden_columns), ({3}, {8}))
                self.assertEqual(
                    plain(rows)[2],
                    (3, [datetime.date(2020, 6, 2), "6月活动2", "平安建设", "西站东社区", 1, 26, 2, "6号楼", 999]),
                )
                _name, _visible, _rows, _cols, merged, _rows = sheets_of("merged_down", fmt)[1][0]
                self.assertEqual(merged, [(2, 3, 5, 3), (3, 0, 4, 0)])

    def test_a_formula_cell_reads_as_the_value_the_office_suite_computed(self):
        for fmt in FORMATS:
            with self.subTest(fmt):
                rows = dict(sheets_of("totals_and_footer", fmt)[1][0][5])
                self.assertEqual(rows[5][0], "合计")
                self.assertEqual([float(value) for value in rows[5][4:7]], [3.0, 78.0, 6.0])

    def test_every_sheet_is_listed_in_order_with_its_rows(self):
        for fmt in FORMATS:
            with self.subTest(fmt):
                sheets = sheets_of("sheets", fmt)[1]
                self.assertEqual([s[0] for s in sheets], ["填表说明", "1月", "2月", "3月", "Sheet5", "汇总"])
                self.assertEqual(
                    [len([r for r in s[5] if any(c not in ("", None) for c in r[1])]) for s in sheets],
                    [3, 3, 4, 5, 0, 2],
                )

    def test_a_file_named_xls_that_is_not_a_workbook_is_refused(self):
        with self.assertRaisesMessage(FileError, "此文件的扩展名为 xls，但不是电子表格工作簿。"):
            Table(io.BytesIO("日期,标题\n".encode()), "台账.xls")

    def test_a_damaged_workbook_is_refused_with_a_message(self):
        data = (OFFICE / "title_rows.xls").read_bytes()[:3000]
        with self.assertRaises(FileError) as caught:
            Table(io.BytesIO(data), "台账.xls").sheets()
        self.assertIn("无法打开此 XLS 工作簿", caught.exception.message)


class ImportFromEachFormatTests(PersonasMixin, TestCase):
    def test_an_xls_and_an_ods_import_like_the_xlsx(self):
        for fmt in FORMATS:
            with self.subTest(fmt), (OFFICE / f"title_rows.{fmt}").open("rb") as handle:
                result = run_import(kind="activities", file=handle, file_name=f"台账.{fmt}", dry_run=True)
                self.assertTrue(result.ok, (result.file_error, result.errors))
                self.assertEqual((result.rows, result.created), (3, 3))
        with (OFFICE / "title_rows.xls").open("rb") as handle:
            run_import(kind="activities", file=handle, file_name="台账.xls", user=self.clerk_a)
        self.assertEqual(
            sorted(Activity.objects.values_list("title", "date", "participants")),
            [
                ("6月活动1", datetime.date(2020, 6, 1), 16),
                ("6月活动2", datetime.date(2020, 6, 2), 26),
                ("6月活动3", datetime.date(2020, 6, 3), 36),
            ],
        )


class XlsScanTests(SimpleTestCase):
    def test_the_record_scan_finds_what_xlrd_finds(self):
        """scan_xls reads BIFF8 records itself; xlrd's formatting_info (its path for pre-97 workbooks) agrees."""
        for path in sorted(OFFICE.glob("*.xls")):
            with self.subTest(path.name):
                data = path.read_bytes()
                self.assertEqual(scan_xls(data, None), _scan_xls_with_xlrd(data))
        hidden_rows, hidden_columns, merged = scan_xls((OFFICE / "all_traits.xls").read_bytes(), None)["4月"]
        self.assertEqual((hidden_rows, hidden_columns), ({8}, {8}))
        self.assertIn((6, 3, 9, 3), merged)
