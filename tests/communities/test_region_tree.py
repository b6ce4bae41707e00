from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import TestCase

from communities.models import Region, RegionLevel
from communities.services import region_create, region_move, region_update
from tests.factories import make_activity, make_region


def walk(region):
    """Every region under ``region`` found by following parent links, the slow honest way."""
    found, stack = {region.pk}, [region.pk]
    while stack:
        children = list(Region.objects.filter(parent_id=stack.pop()).values_list("pk", flat=True))
        found.update(children)
        stack.extend(children)
    return found


class RegionTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zhongyuan = make_region("中原区")
        cls.tongbai = make_region("桐柏路街道", cls.zhongyuan)
        cls.xizhan = make_region("西站东社区", cls.tongbai)
        cls.compound = make_region("西站路82号院", cls.xizhan, level=RegionLevel.COMPOUND)
        cls.xushui = make_region("须水街道", cls.zhongyuan)
        cls.fuzhuang = make_region("付庄村", cls.xushui, level=RegionLevel.VILLAGE)
        cls.weidong = make_region("卫东区")
        cls.dongan = make_region("东安路街道", cls.weidong)

    def test_a_region_knows_its_full_path_and_depth(self):
        self.assertEqual(self.compound.full_name, "中原区/桐柏路街道/西站东社区/西站路82号院")
        self.assertEqual(self.compound.depth, 3)
        self.assertEqual(self.compound.ancestor_ids, [self.zhongyuan.pk, self.tongbai.pk, self.xizhan.pk])

    def test_subtree_returns_exactly_the_region_and_everything_under_it(self):
        for region in Region.objects.all():
            with self.subTest(region=region.full_name):
                self.assertEqual(set(Region.objects.subtree(region).values_list("pk", flat=True)), walk(region))

    def test_subtree_is_one_query(self):
        with self.assertNumQueries(1):
            names = sorted(Region.objects.subtree(self.tongbai).values_list("name", flat=True))
        self.assertEqual(names, ["桐柏路街道", "西站东社区", "西站路82号院"])

    def test_descendants_leave_out_the_region_itself(self):
        self.assertEqual(set(Region.objects.descendants(self.xushui).values_list("name", flat=True)), {"付庄村"})

    def test_a_prefix_of_another_regions_id_is_not_its_ancestor(self):
        # Paths are "/"-terminated, so region 1 does not claim region 12's subtree.
        others = [make_region(f"区{i}") for i in range(12)]
        first = min(others + [self.zhongyuan], key=lambda r: r.pk)
        self.assertEqual(set(Region.objects.subtree(first).values_list("pk", flat=True)), walk(first))

    def test_moving_a_region_moves_its_whole_subtree(self):
        region_move(region=self.xizhan, new_parent=self.xushui)
        self.compound.refresh_from_db()
        self.assertEqual(self.compound.full_name, "中原区/须水街道/西站东社区/西站路82号院")
        self.assertEqual(self.compound.path, f"{self.xushui.path}{self.xizhan.pk}/{self.compound.pk}/")
        self.assertEqual(walk(self.xushui), set(Region.objects.subtree(self.xushui).values_list("pk", flat=True)))
        self.assertNotIn(self.compound.pk, Region.objects.subtree(self.tongbai).values_list("pk", flat=True))

    def test_moving_across_districts_changes_depth_only_by_the_difference(self):
        region_move(region=self.tongbai, new_parent=self.dongan)
        self.compound.refresh_from_db()
        self.assertEqual(self.compound.depth, 4)
        self.assertEqual(self.compound.full_name, "卫东区/东安路街道/桐柏路街道/西站东社区/西站路82号院")

    def test_renaming_a_region_renames_its_subtree_paths(self):
        region_update(region=self.tongbai, data={"name": "桐柏路办事处"})
        self.compound.refresh_from_db()
        self.assertEqual(self.compound.full_name, "中原区/桐柏路办事处/西站东社区/西站路82号院")

    def test_a_region_cannot_be_its_own_ancestor(self):
        for new_parent in (self.tongbai, self.xizhan, self.compound):
            with self.subTest(new_parent=new_parent.name), self.assertRaises(ValidationError) as caught:
                region_move(region=self.tongbai, new_parent=new_parent)
            self.assertIn("parent", caught.exception.message_dict)
        self.tongbai.refresh_from_db()
        self.assertEqual(self.tongbai.parent, self.zhongyuan)

    def test_two_siblings_cannot_share_a_name(self):
        with self.assertRaises(ValidationError):
            region_create(code="DUP1", name="须水街道", level=RegionLevel.SUBDISTRICT, parent=self.zhongyuan)

    def test_codes_are_unique(self):
        with self.assertRaises(ValidationError) as caught:
            region_create(code=self.tongbai.code, name="新街道", level=RegionLevel.SUBDISTRICT, parent=self.zhongyuan)
        self.assertIn("code", caught.exception.message_dict)

    def test_a_region_with_records_cannot_be_deleted(self):
        make_activity(self.fuzhuang, title="付庄村观摩")
        with self.assertRaises(ProtectedError):
            self.fuzhuang.delete()
        with self.assertRaises(ProtectedError):
            self.xushui.delete()  # it still has 付庄村 under it
        self.assertTrue(Region.objects.filter(pk=self.fuzhuang.pk).exists())
