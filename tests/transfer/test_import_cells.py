"""How an import reads cells written the way offices write them: numerals, dates, line breaks, row numbers."""

import codecs
import datetime
import io

import openpyxl

from activities.models import Activity
from tests.factories import make_region
from tests.transfer.test_import_activities import FIXTURES, ImportTestCase
from transfer.importer import run_import

HEADER = "外部编号,日期,标题,类别,所属区域,参与人次,地点,备注\n"


def xlsx_file(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    return data


class NumeralsAndDatesTests(ImportTestCase):
    def test_capital_numerals_are_read_in_every_measure(self):
        text = "外部编号,日期,标题,类别,所属区域,场次,参与人次,志愿者人次,服务群众人次,资金\n"
        text += "D-1,2021-05-12,宣传走访,平安建设,西站东社区,壹,壹佰壹拾壹,拾壹,壹万壹仟,拾万零壹\n"
        text += "D-2,2021-05-13,宣传走访,平安建设,西站东社区,两,两万,贰拾,叁仟,两万元\n"
        result = self.run_csv(text)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            [
                (a.sessions, a.participants, a.volunteers, a.people_served, int(a.funds))
                for a in Activity.objects.order_by("external_id")
            ],
            [(1, 111, 11, 11000, 100001), (2, 20000, 20, 3000, 20000)],
        )

    def test_a_serial_day_number_in_a_csv_is_the_date_it_is_in_the_xlsx(self):
        result = self.run_csv(HEADER + "S-1,44328,宣传走访,平安建设,西站东社区,12,,\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Activity.objects.get().date, datetime.date(2021, 5, 12))

    def test_a_date_from_a_number_cell_that_may_have_lost_a_zero_is_a_warning_naming_the_row(self):
        data = xlsx_file(
            [
                ["外部编号", "日期", "标题", "类别", "所属区域", "参与人次"],
                ["N-1", 6.13, "宣传走访", "平安建设", "西站东社区", 12],
                ["N-2", 10.1, "宣传走访", "平安建设", "西站东社区", 12],
            ]
        )
        result = run_import(kind="activities", file=data, file_name="t.xlsx", year=2021)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            result.warnings,
            [
                "第 3 行，“日期”列：数字单元格 10.1 读作 2021-10-01；如果填写的是 10.10，"
                "请把该列设为文本格式，或把日期写完整（2020-10-10），再导入一次。"
            ],
        )
        self.assertEqual(Activity.objects.get(external_id="N-2").date, datetime.date(2021, 10, 1))
        self.assertEqual(Activity.objects.get(external_id="N-1").date, datetime.date(2021, 6, 13))

    def test_a_dotted_date_typed_as_text_is_no_warning(self):
        result = self.run_csv(HEADER + "T-1,10.1,宣传走访,平安建设,西站东社区,12,,\n", year=2021)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.warnings, Activity.objects.get().date), ([], datetime.date(2021, 10, 1)))


class LineBreaksTests(ImportTestCase):
    def test_rows_are_numbered_as_the_sheet_shows_them_when_cells_hold_line_breaks(self):
        text = HEADER
        text += 'L-1,2021-05-12,"社区党群\n宣传走访",平安建设,西站东社区,12,"西站路\r\n82号院","第一行\n第二行"\n'
        text += 'L-2,2021-05-12,"两行\n标题",平安建设,西站东社区,很多,,\n'
        result = self.run_csv(text)
        self.assertEqual([str(e) for e in result.errors], ["第 3 行，“参与人次”列：“很多”不是数字。"])
        result = self.run_csv(text.replace("很多", "12"))
        self.assertTrue(result.ok, result.errors)
        first = Activity.objects.get(external_id="L-1")
        self.assertEqual(
            (first.title, first.location, first.notes), ("社区党群 宣传走访", "西站路 82号院", "第一行\n第二行")
        )
        self.assertEqual(Activity.objects.get(external_id="L-2").title, "两行 标题")


class OfficeFilesTests(ImportTestCase):
    """tests/fixtures/activities_office_cells.xlsx, typed and saved in LibreOffice Calc, and the CSV Calc saved from it.

    Three activities: 大写 numerals in every measure, a serial date, a date typed 10.10 (stored as the number
    10.1), line breaks in a title and a location. They total 4 sessions, 20,123 participants, 14,015 people
    served and 120,001 yuan.
    """

    def import_fixture(self, name):
        with (FIXTURES / name).open("rb") as f:
            return run_import(kind="activities", file=f, file_name=name, year=2021)

    def assert_totals(self):
        activities = Activity.objects.order_by("external_id")
        self.assertEqual(
            [(a.external_id, a.date, a.title, a.location) for a in activities],
            [
                ("OC-1", datetime.date(2021, 5, 12), "社区党群 宣传走访", "西站路 82号院"),
                ("OC-2", datetime.date(2021, 5, 13), "文明实践宣讲", "社区广场"),
                ("OC-3", datetime.date(2021, 10, 1), "国庆走访慰问", ""),
            ],
        )
        totals = [sum(getattr(a, field) or 0 for a in activities) for field in ("sessions", "participants")]
        totals += [sum(a.people_served or 0 for a in activities), sum(int(a.funds or 0) for a in activities)]
        self.assertEqual(totals, [4, 20123, 14015, 120001])

    def test_the_workbook_is_read_with_a_warning_for_the_date_that_lost_its_zero(self):
        result = self.import_fixture("activities_office_cells.xlsx")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(len(result.warnings), 1)
        self.assertTrue(result.warnings[0].startswith("第 4 行，“日期”列：数字单元格 10.1 读作 2021-10-01"))
        self.assert_totals()

    def test_the_csv_saved_from_it_gives_the_same_figures(self):
        result = self.import_fixture("activities_office_cells.csv")
        self.assertTrue(result.ok, result.errors)
        self.assert_totals()


class EncodingsTests(ImportTestCase):
    """tests/fixtures/activities_big5.csv and activities_utf16_tab.csv: saved by LibreOffice Calc in those encodings."""

    def test_a_big5_file_is_read_as_big5_with_its_traditional_headers(self):
        make_region("西站東社區", self.subdistrict)
        with (FIXTURES / "activities_big5.csv").open("rb") as f:
            result = run_import(kind="activities", file=f, file_name="台賬.csv")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            list(Activity.objects.order_by("external_id").values_list("title", "location", "participants")),
            [("敬老關懷走訪", "社區廣場", 12), ("環境整治義務勞動", "西站路", 30)],
        )
        self.assertEqual(
            result.warnings,
            [
                "文件是繁体中文（Big5）编码，已按此读取；其中的名称不会转换为简体字，"
                "区域、类别、组织等须与系统中的写法一致。"
            ],
        )

    def test_a_big5_file_naming_a_region_in_traditional_characters_is_refused_quoting_it_legibly(self):
        with (FIXTURES / "activities_big5.csv").open("rb") as f:
            result = run_import(kind="activities", file=f, file_name="台賬.csv")
        self.assert_refused(result, "第 2 行，“所屬區域”列：没有区域“西站東社區”")

    def test_a_utf16_tab_separated_file_as_excel_saves_unicode_text_is_read(self):
        with (FIXTURES / "activities_utf16_tab.csv").open("rb") as f:
            result = run_import(kind="activities", file=f, file_name="台账.csv", year=2021)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            list(Activity.objects.order_by("external_id").values_list("title", "participants")),
            [("社区党群 宣传走访", 111), ("文明实践宣讲", 20000), ("国庆走访慰问", 12)],
        )

    def test_utf16_without_a_bom_is_recognized(self):
        text = HEADER + "U-1,2021-05-12,宣传走访,平安建设,西站东社区,12,,\n"
        for encoding in ("utf-16-le", "utf-16-be"):
            with self.subTest(encoding=encoding):
                result = run_import(kind="activities", file=io.BytesIO(text.encode(encoding)), file_name="t.csv")
                self.assertTrue(result.ok, result.errors)
                self.assertEqual(Activity.objects.get(external_id="U-1").title, "宣传走访")
                Activity.objects.all().delete()

    def test_a_gbk_file_is_still_read_as_gbk(self):
        text = HEADER + "G-1,2021-05-12,社区党群服务中心开展敬老爱老志愿服务活动,平安建设,西站东社区,12,,\n"
        result = run_import(kind="activities", file=io.BytesIO(text.encode("gbk")), file_name="t.csv")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Activity.objects.get().title, "社区党群服务中心开展敬老爱老志愿服务活动")
        self.assertEqual(result.warnings, [])

    def test_a_file_in_another_encoding_is_refused_not_read_garbled(self):
        text = "Titre,Date\nCafé résumé,2021-05-12\n"
        result = run_import(kind="activities", file=io.BytesIO(text.encode("latin-1")), file_name="t.csv")
        self.assert_refused(result, "无法识别文件的文字编码")

    def test_a_damaged_utf8_file_is_refused_not_read_as_gbk_nonsense(self):
        text = (HEADER + "D-1,2021-05-12,社区党群服务中心开展敬老爱老志愿服务活动,平安建设,西站东社区,12,,\n").encode()
        result = run_import(kind="activities", file=io.BytesIO(text + b"\xff" + text), file_name="t.csv")
        self.assert_refused(result, "无法识别文件的文字编码")

    def test_a_utf16_bom_on_bytes_that_are_not_utf16_is_refused(self):
        data = codecs.BOM_UTF16_LE + b"\x00\xd8a\x00"
        result = run_import(kind="activities", file=io.BytesIO(data), file_name="t.csv")
        self.assert_refused(result, "UTF-16")


class QuotedRefusalsTests(ImportTestCase):
    def test_a_region_code_the_source_left_as_a_note_is_quoted_in_the_refusal(self):
        result = run_import(
            kind="regions",
            file=io.BytesIO("代码,名称,级别,上级\n资料暂缺,新社区,社区,中原区/桐柏路街道\n".encode()),
            file_name="t.csv",
        )
        self.assertEqual(
            [str(e) for e in result.errors],
            ["第 2 行，“代码”列：“资料暂缺”：只能使用字母、数字、“-”、“_”或“.”（例如 410102001）。"],
        )
