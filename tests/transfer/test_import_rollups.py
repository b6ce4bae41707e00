"""An import keeps the monthly totals right: what changes is taken out first, everything written counted back once."""

import datetime

from activities import rollups
from activities.models import Activity, MonthlyTotal, Status
from tests.factories import make_activity
from tests.transfer.test_import_activities import HEADER, ImportTestCase

# A-1 changes an existing record (more participants, another month); A-2 and an untagged row are new.
FILE = (
    HEADER
    + "A-1,2020-07-02,宣传走访,平安建设,西站东社区,15\n"
    + "A-2,2020-06-13,义诊,平安建设,西站西社区,8\n"
    + ",2020-06-20,清扫楼道,平安建设,卫东区,3\n"
)


class ImportRollupsMixin:
    def setUp(self):
        super().setUp()
        existing = make_activity(
            self.community_a, title="宣传走访", date=datetime.date(2020, 6, 1), status=Status.SUBMITTED, participants=12
        )
        Activity.objects.filter(pk=existing.pk).update(external_id="A-1")

    def participants(self, region, month):
        return MonthlyTotal.objects.filter(region=region, month=month).values_list("participants", flat=True)

    def test_the_monthly_totals_match_the_records_after_an_import_and_a_repeat(self):
        self.assertEqual(rollups.verify(), [])
        result = self.run_csv(FILE)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.updated, result.skipped), (2, 1, 0))
        self.assertEqual(rollups.verify(), [])
        june, july = datetime.date(2020, 6, 1), datetime.date(2020, 7, 1)
        self.assertEqual(sum(self.participants(self.district, june)), 8)
        self.assertEqual(sum(self.participants(self.district, july)), 15)
        self.assertEqual(sum(self.participants(self.other_district, june)), 3)
        again = self.run_csv(FILE)
        self.assertEqual((again.created, again.updated, again.skipped), (0, 0, 3))
        self.assertEqual(rollups.verify(), [])

    def test_a_refused_file_leaves_the_monthly_totals_as_they_were(self):
        before = list(MonthlyTotal.objects.order_by("pk").values_list("pk", "participants"))
        result = self.run_csv(FILE + "A-3,2020-06-13,走访,平安建设,东风社区,3\n")
        self.assertFalse(result.ok)
        self.assertEqual(list(MonthlyTotal.objects.order_by("pk").values_list("pk", "participants")), before)
        self.assertEqual(rollups.verify(), [])


class ImportRollupsTests(ImportRollupsMixin, ImportTestCase):
    pass
