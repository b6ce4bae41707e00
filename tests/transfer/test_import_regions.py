"""The regions import: new regions inserted in bulk with paths, depths, full names and history, on both databases."""

import io

from communities.models import Region, RegionLevel
from history.models import Action, Change, Source
from history.services import diff, snapshot
from tests.factories import make_region
from tests.transfer.test_import_activities import FIXTURES, ImportTestCase
from transfer.importer import run_import
from transfer.models import ImportBatch

HEADER = "代码,名称,级别,上级\n"


def run(text, **options):
    return run_import(kind="regions", file=io.BytesIO(text.encode()), file_name="t.csv", **options)


class DivisionListTests(ImportTestCase):
    """tests/fixtures/regions_division_list.xlsx, saved by LibreOffice Calc: 24 regions as the official lists write
    them (省, 地级市, 市辖区, 县级市, 自治区, 自治县, 盟, 旗, 苏木, 直辖市, 特别行政区, 自治州, 居委会, 村委会 …):
    6 provinces, 5 cities, 7 districts, 1 subdistrict, 3 townships, 1 community and 1 village, 4 levels deep."""

    def import_list(self):
        with (FIXTURES / "regions_division_list.xlsx").open("rb") as f:
            return run_import(kind="regions", file=f, file_name="区划.xlsx")

    def test_every_region_gets_its_level_path_depth_full_name_and_history(self):
        result = self.import_list()
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.rows, result.created), (24, 24))
        imported = Region.objects.filter(import_batch=result.batch)
        levels = {}
        for region in imported:
            levels[region.level] = levels.get(region.level, 0) + 1
        self.assertEqual(
            levels,
            {
                RegionLevel.PROVINCE: 6,
                RegionLevel.CITY: 5,
                RegionLevel.DISTRICT: 7,
                RegionLevel.SUBDISTRICT: 1,
                RegionLevel.TOWNSHIP: 3,
                RegionLevel.COMMUNITY: 1,
                RegionLevel.VILLAGE: 1,
            },
        )
        for region in imported.select_related("parent"):
            parent = region.parent
            self.assertEqual(region.path, f"{parent.path if parent else ''}{region.pk}/")
            self.assertEqual(region.depth, parent.depth + 1 if parent else 0)
            self.assertEqual(region.full_name, f"{parent.full_name}/{region.name}" if parent else region.name)
            change = Change.objects.get(content_type__model="region", object_id=region.pk)
            self.assertEqual(
                (change.action, change.source, change.batch_id, change.object_repr, change.changes),
                (Action.CREATE, Source.IMPORT, result.batch.pk, region.full_name, diff(None, snapshot(region))),
            )
        village = Region.objects.get(code="410181100201")
        self.assertEqual((village.full_name, village.depth), ("河南省/郑州市/巩义市/米河镇/米河村委会", 4))
        self.assertEqual(Region.objects.subtree(Region.objects.get(code="410000")).count(), 12)

    def test_importing_the_list_again_changes_nothing(self):
        self.import_list()
        again = self.import_list()
        self.assertEqual((again.created, again.updated, again.skipped), (0, 0, 24))
        self.assertEqual(Change.objects.filter(batch_id=again.batch.pk).count(), 0)

    def test_regions_created_afterwards_get_keys_of_their_own(self):
        result = self.import_list()
        later = make_region("新区", Region.objects.get(code="410100"), code="410199")
        self.assertGreater(later.pk, max(Region.objects.filter(import_batch=result.batch).values_list("pk", flat=True)))
        self.assertEqual(later.full_name, "河南省/郑州市/新区")


class RegionRowsTests(ImportTestCase):
    def test_bad_rows_are_refused_with_their_reasons_and_nothing_is_written(self):
        text = HEADER + (
            "N1,新社区,社区,中原区/桐柏路街道\n"
            "N1,又一社区,社区,中原区/桐柏路街道\n"
            "N2,西站东社区,社区,中原区/桐柏路街道\n"
            "资料暂缺,某社区,社区,中原区/桐柏路街道\n"
            "N3,某网格,网格,无此区域\n"
            "N4,某街道,街坊,中原区\n"
        )
        result = run(text)
        self.assertEqual(
            [str(e) for e in sorted(result.errors, key=lambda e: e.row)],
            [
                "第 3 行：此行与本文件第 2 行重复。",
                "第 4 行，“名称”列：已存在区域“中原区/桐柏路街道/西站东社区”。",
                "第 5 行，“代码”列：“资料暂缺”：只能使用字母、数字、“-”、“_”或“.”（例如 410102001）。",
                "第 6 行，“上级”列：没有区域“无此区域”：请填写其代码、完整路径或名称。",
                "第 7 行，“级别”列：“街坊”不是以下之一：省、市、区、街道、乡镇、社区、村、网格、楼院、楼栋。",
            ],
        )
        self.assertFalse(Region.objects.filter(code__startswith="N").exists())
        self.assertFalse(ImportBatch.objects.exists())

    def test_a_clerk_may_not_import_a_top_level_region(self):
        self.clerk_a.user_permissions.add(*self.permissions("import_reference"))
        result = run(HEADER + "TOP,新区,区,\n", user=type(self.clerk_a).objects.get(pk=self.clerk_a.pk))
        self.assertEqual(
            [str(e) for e in result.errors], ["第 2 行，“上级”列：只有可访问全部区域的用户才能导入顶级区域。"]
        )

    def test_a_file_may_create_a_region_then_move_an_existing_one_under_it(self):
        grid = make_region("一网格", self.community_a)
        text = HEADER + f"NEW,新社区,社区,中原区/桐柏路街道\n{self.community_a.code},西站东社区,社区,NEW\n"
        text += "G2,二网格,网格,新社区/西站东社区\n"
        result = run(text)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.updated), (2, 1))
        grid.refresh_from_db()
        new = Region.objects.get(code="NEW")
        self.assertEqual(grid.full_name, "中原区/桐柏路街道/新社区/西站东社区/一网格")
        self.assertTrue(grid.path.startswith(new.path))
        self.assertEqual(Region.objects.get(code="G2").full_name, "中原区/桐柏路街道/新社区/西站东社区/二网格")

    def permissions(self, *codenames):
        from django.contrib.auth.models import Permission

        return Permission.objects.filter(codename__in=codenames)
