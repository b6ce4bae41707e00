"""Regions named as people write them, read the same way on both import paths (batched, and set-based on PostgreSQL)."""

import io

from activities.models import Activity
from communities.models import Region, RegionLevel
from tests.factories import make_region
from tests.transfer.test_import_activities import HEADER, ImportTestCase
from transfer.importer import run_import


class SpelledRegionsTests(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        henan = make_region("河南省", level=RegionLevel.PROVINCE)
        kaifeng = make_region("开封市", henan, level=RegionLevel.CITY)
        cls.kaifeng_gulou = make_region("鼓楼区", kaifeng, level=RegionLevel.DISTRICT)
        luoyang = make_region("洛阳市", henan, level=RegionLevel.CITY)
        cls.luoyang_gulou = make_region("鼓楼区", luoyang, level=RegionLevel.DISTRICT)
        jiangsu = make_region("江苏省", level=RegionLevel.PROVINCE)
        nanjing = make_region("南京市", jiangsu, level=RegionLevel.CITY)
        cls.nanjing_gulou = make_region("鼓楼区", nanjing, level=RegionLevel.DISTRICT)
        cls.xiangshan = make_region("湘山街道", cls.nanjing_gulou, level=RegionLevel.SUBDISTRICT)

    def import_regions(self, *written, user=None):
        rows = "".join(f"R-{n},2021-05-12,走访{n},平安建设,{text},1\n" for n, text in enumerate(written))
        return self.run_csv(HEADER + rows, user=user)

    def regions_read(self):
        return [a.region for a in Activity.objects.order_by("external_id")]

    def test_a_path_written_without_separators_is_found_by_its_names(self):
        result = self.import_regions(
            "开封市鼓楼区",
            "南京鼓楼区",
            "河南省开封市鼓楼区",
            "江苏南京鼓楼区湘山街道",
            "南京市湘山街道",
            "中原区桐柏路街道西站东社区",
            "桐柏路西站东社区",
            "河南省郑州市中原区桐柏路街道西站东社区",
            "开封市 鼓楼区",
        )
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            self.regions_read(),
            [
                self.kaifeng_gulou,
                self.nanjing_gulou,
                self.kaifeng_gulou,
                self.xiangshan,
                self.xiangshan,
                self.community_a,
                self.community_a,
                self.community_a,
                self.kaifeng_gulou,
            ],
        )

    def test_a_path_that_fits_several_regions_is_refused_listing_them(self):
        result = self.import_regions("河南鼓楼区")
        self.assert_refused(
            result,
            "第 2 行，“所属区域”列：有多个区域名为“河南鼓楼区”：河南省/开封市/鼓楼区、河南省/洛阳市/鼓楼区。"
            "请填写代码或完整路径。",
        )

    def test_names_that_spell_no_path_of_the_tree_are_unknown(self):
        for written in ("北京市鼓楼区", "开封鼓楼", "郑州市鼓楼区", "鼓楼区开封市"):
            with self.subTest(written=written):
                self.assert_refused(self.import_regions(written), f"第 2 行，“所属区域”列：没有区域“{written}”")

    def test_a_spelled_path_is_looked_up_within_the_importers_regions(self):
        other = make_region("桐柏路街道", self.other_district)
        make_region("西站东社区", other)
        self.assertTrue(self.import_regions("桐柏路街道西站东社区", user=self.manager).ok)
        self.assertEqual(self.regions_read(), [self.community_a])
        result = self.import_regions("桐柏路街道西站东社区")
        self.assertEqual(
            [str(e) for e in result.errors],
            [
                "第 2 行，“所属区域”列：有多个区域名为“桐柏路街道西站东社区”："
                "中原区/桐柏路街道/西站东社区、卫东区/桐柏路街道/西站东社区。请填写代码或完整路径。"
            ],
        )

    def test_a_spelled_path_outside_the_clerks_regions_is_refused_as_outside(self):
        result = self.import_regions("桐柏路街道西站西社区", user=self.clerk_a)
        self.assert_refused(result, "第 2 行，“所属区域”列：区域“桐柏路街道西站西社区”不在您的管辖范围内。")


class RegionLevelWordsTests(ImportTestCase):
    def test_levels_as_the_official_division_lists_write_them(self):
        words = {
            "自治区": RegionLevel.PROVINCE,
            "直辖市": RegionLevel.PROVINCE,
            "特别行政区": RegionLevel.PROVINCE,
            "地级市": RegionLevel.CITY,
            "自治州": RegionLevel.CITY,
            "地区": RegionLevel.CITY,
            "盟": RegionLevel.CITY,
            "县": RegionLevel.DISTRICT,
            "县级市": RegionLevel.DISTRICT,
            "市辖区": RegionLevel.DISTRICT,
            "旗": RegionLevel.DISTRICT,
            "自治县": RegionLevel.DISTRICT,
            "自治旗": RegionLevel.DISTRICT,
            "镇": RegionLevel.TOWNSHIP,
            "乡": RegionLevel.TOWNSHIP,
            "民族乡": RegionLevel.TOWNSHIP,
            "苏木": RegionLevel.TOWNSHIP,
            "街道办事处": RegionLevel.SUBDISTRICT,
            "居委会": RegionLevel.COMMUNITY,
            "村委会": RegionLevel.VILLAGE,
            "嘎查": RegionLevel.VILLAGE,
        }
        text = "代码,名称,级别,上级\n" + "".join(f"L{n},地方{n},{word},中原区\n" for n, word in enumerate(words))
        result = run_import(kind="regions", file=io.BytesIO(text.encode()), file_name="t.csv")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            {word: Region.objects.get(code=f"L{n}").level for n, word in enumerate(words)},
            words,
        )
