"""Header words of the office's own (transfer.synonyms) and the user's own mapping (transfer.mappings):
the admin's column-mapping step, remembered per user and kind, and the command's --map."""

import datetime
import io
import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils import translation

from activities.models import Activity, Participation, Status
from communities.models import Region
from tests.factories import make_activity
from tests.personas import PersonasMixin
from tests.transfer.test_import_layout import OfficeSheetTestCase
from transfer.importer import import_columns, run_import
from transfer.kinds import KINDS
from transfer.models import HeaderMapping
from transfer.parsing import normalize_header
from transfer.synonyms import SYNONYMS
from volunteers.models import Person

URL = "/admin/activities/activity/import/"


def run(kind, text, **options):
    return run_import(kind=kind, file=io.BytesIO(text.encode("utf-8")), file_name="t.csv", **options)


class SynonymTests(OfficeSheetTestCase):
    def test_the_office_header_words_import_to_the_files_totals(self):
        result = self.assert_imports_to_its_totals("office_words")
        self.assertEqual(
            [(header, column.zh) for header, column in result.columns],
            [
                ("活动时间", "日期"),
                ("活动内容", "标题"),
                ("活动类型", "类别"),
                ("所在社区", "所属区域"),
                ("活动场次", "场次"),
                ("参加人数", "参与人次"),
                ("志愿者人数", "志愿者人次"),
                ("活动地点", "地点"),
            ],
        )
        self.assertEqual(result.warnings, [])  # 序号 is a row-number column, not an unknown one

    def test_a_workbook_with_every_trait_imports_to_its_totals(self):
        result = self.assert_imports_to_its_totals("all_traits")
        self.assertEqual(
            [(plan.name, plan.header_label(), plan.rows) for plan in result.imported_sheets],
            [("4月", "4–5", 5), ("5月", "4–5", 5)],
        )
        self.assertEqual(result.warnings, [])  # the 小计 and 合计 rows (SUBTOTAL, leaving out the hidden row) agree
        self.assertEqual(
            [message for sheet, _row, message in result.notes if sheet == "5月"],
            [
                "表头在第 4–5 行；其上 2 行（标题、填报单位等）未导入。",
                "第 6–9 行的“所在社区”是合并单元格，已向下填充。",
                "第 8 行为隐藏行，已跳过。",
                "第 10 行是小计行，已跳过。",
                "第 13 行是合计行，已跳过。",
                "第 15 行起是表尾（填表人、审核人、填报日期等），该行及以下各行未导入。",
            ],
        )

    def test_each_header_word_names_the_column_people_mean(self):
        words = {
            "活动时间": "2020-06-13",
            "活动主题": "宣传走访",
            "活动类型": "平安建设",
            "社区": "西站东社区",
            "参与人数": "12",
            "活动地点": "西站路82号院",
            "志愿者人数": "3",
            "服务人数": "40",
            "经费": "1.5万",
        }
        result = run("activities", ",".join(words) + "\n" + ",".join(words.values()) + "\n")
        self.assertTrue(result.ok, result.errors)
        activity = Activity.objects.get()
        self.assertEqual(
            (activity.date, activity.title, activity.category.name, activity.region, activity.participants),
            (datetime.date(2020, 6, 13), "宣传走访", "平安建设", self.community_a, 12),
        )
        self.assertEqual(
            (activity.location, activity.volunteers, activity.people_served, int(activity.funds)),
            ("西站路82号院", 3, 40, 15000),
        )
        for title_word in ("活动内容", "活动名称", "活动主题"):
            with self.subTest(title_word):
                result = run(
                    "activities",
                    f"活动时间,{title_word},活动类型,所在社区\n2020-06-14,{title_word},平安建设,西站东社区\n",
                    dry_run=True,
                )
                self.assertEqual((result.ok, result.created), (True, 1))

    def test_regions_people_and_participation_read_their_office_words(self):
        result = run("regions", "区划代码,区划名称,层级,上级区划\nC1,新社区,社区,中原区/桐柏路街道\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Region.objects.get(code="C1").full_name, "中原区/桐柏路街道/新社区")
        result = run("people", "志愿者姓名,联系方式,性别,所在社区\n张三,13812341234,男,西站东社区\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Person.objects.get().phone, "13812341234")
        # A draft: an approved activity's participation is locked (tests/activities/test_participation_services.py).
        make_activity(self.community_a, external_id="A-1", status=Status.DRAFT)
        result = run("participation", "活动编号,手机号码,工时\nA-1,13812341234,2.5\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(float(Participation.objects.get().hours), 2.5)

    def test_no_synonym_names_a_missing_column_or_a_word_another_column_answers_to(self):
        for kind, table in SYNONYMS.items():
            columns = {column.field: column for column in import_columns(kind)}
            own = {name: column.field for column in columns.values() for name in column.names()}
            seen = {}
            for field_name, words in table.items():
                if (
                    kind == "teams"
                    and field_name == "parent"
                    or kind == "organizations"
                    and field_name == "organization"
                ):
                    continue  # the coded-record table serves both kinds
                self.assertIn(field_name, columns, (kind, field_name))
                for word in words:
                    key = normalize_header(word)
                    with self.subTest(kind=kind, word=word):
                        self.assertIn(own.get(key, field_name), (field_name,), "another column's own name")
                        self.assertEqual(seen.setdefault(key, field_name), field_name, "a word for two columns")
        self.assertEqual(set(SYNONYMS), set(KINDS))


class MappingTests(PersonasMixin, TestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    FILE = "事由,活动时间,活动类型,所在社区,场地\n宣传走访,2020-06-13,平安建设,西站东社区,西站路82号院\n"

    def upload(self, text=None):
        return SimpleUploadedFile("台账.csv", (text or self.FILE).encode("utf-8"), content_type="text/csv")

    def test_the_preview_offers_a_column_for_an_unknown_header_and_remembers_the_choice(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": self.upload()})
        self.assertContains(response, "缺少必填列：标题（title）。")
        self.assertContains(response, '<label for="id_map_0">事由</label>', html=False)
        self.assertNotIn("token", response.context)
        response = self.client.post(
            URL, {"upload": response.context["upload"], "map_0": "title", "map_1": "location", "header_row": ""}
        )
        self.assertContains(response, "1 行：新增 1 行，更新 0 行，未变 0 行。")
        self.assertEqual(Activity.objects.count(), 0)
        self.assertEqual(
            sorted(HeaderMapping.objects.filter(user=self.clerk_a, kind="activities").values_list("header", "field")),
            [("事由", "title"), ("场地", "location")],
        )
        self.client.post(URL, {"token": response.context["token"]})
        activity = Activity.objects.get()
        self.assertEqual((activity.title, activity.location), ("宣传走访", "西站路82号院"))
        # The next file with the same words is read at once; another user's is not.
        response = self.client.post(
            URL, {"file": self.upload(self.FILE.replace("宣传走访,2020-06-13", "入户走访,2020-06-14"))}
        )
        self.assertIn("token", response.context)
        self.assertNotContains(response, 'id="id_map_0"')
        self.client.force_login(self.manager)
        response = self.client.post(URL, {"file": self.upload()})
        self.assertContains(response, "缺少必填列：标题（title）。")

    def test_a_column_chosen_twice_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": self.upload()})
        response = self.client.post(URL, {"upload": response.context["upload"], "map_0": "title", "map_1": "title"})
        self.assertContains(response, "“标题”列出现了两次（第 A 列和第 E 列）。")
        self.assertNotIn("token", response.context)
        self.assertEqual(Activity.objects.count(), 0)

    def test_a_recheck_with_a_stale_or_forged_upload_token_is_refused(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"upload": "forged"}, follow=True)
        self.assertContains(response, "此预览已过期")
        self.assertEqual(HeaderMapping.objects.count(), 0)

    def test_the_command_reads_a_header_as_the_column_given_by_map(self):
        path = self.write(self.FILE)
        with self.assertRaisesMessage(CommandError, "缺少必填列：标题（title）。"):
            call_command("import", "activities", path, stdout=io.StringIO(), stderr=io.StringIO())
        call_command(
            "import",
            "activities",
            path,
            "--map",
            "事由=标题",
            "--map",
            "场地=活动地点",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        self.assertEqual(list(Activity.objects.values_list("title", "location")), [("宣传走访", "西站路82号院")])
        with self.assertRaisesMessage(CommandError, "“事由标题”不是“表头=列”的形式（例如 活动内容=标题）。"):
            call_command("import", "activities", path, "--map", "事由标题", stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "没有“题目”列；可用的列有：外部编号、日期、开始日期、标题"):
            call_command("import", "activities", path, "--map", "事由=题目", stdout=io.StringIO())
        self.assertEqual(HeaderMapping.objects.count(), 0)  # the command remembers nothing

    def write(self, text):
        path = Path(tempfile.mkdtemp()) / "台账.csv"
        path.write_text(text, encoding="utf-8")
        self.addCleanup(shutil.rmtree, path.parent)
        return str(path)
