"""``manage.py generate_province`` builds a consistent synthetic province, small here, a million rows in bench."""

import datetime
from decimal import Decimal
from io import StringIO
from unittest import mock, skipUnless

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Max, Sum
from django.test import TestCase
from django.utils import translation

from activities import rollups
from activities.measures import MEASURES
from activities.models import EARLIEST_DATE, Activity, IndicatorValue, MonthlyTotal, Participation
from communities.models import Organization, Region, RegionLevel
from communities.services import region_create
from demo.management.commands import generate_province
from tests.factories import make_activity, make_region
from volunteers.models import Person, Team
from volunteers.validators import validate_id_number

SMALL = {"regions": 60, "activities": 400, "people": 30, "participations": 100}


def generate(**options):
    out = StringIO()
    with translation.override("en"):
        call_command("generate_province", stdout=out, stderr=StringIO(), **{**SMALL, **options})
    return out.getvalue()


def synthetic_regions():
    return Region.objects.subtree(Region.objects.get(code="SYN"))


class GenerateProvinceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Someone else's region and activity, which the generator must leave alone.
        cls.other = make_region("中原区")
        cls.other_activity = make_activity(cls.other)
        cls.output = generate()
        cls.root = Region.objects.get(code="SYN")

    def test_exactly_the_requested_number_of_regions_is_built_under_syn(self):
        self.assertEqual(synthetic_regions().count(), 60)
        self.assertEqual(Region.objects.count(), 61)

    def test_the_tree_runs_from_province_to_grid(self):
        levels = dict(synthetic_regions().values_list("level").annotate(n=Count("pk")))
        self.assertEqual(levels[RegionLevel.PROVINCE], 1)
        for level in (RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.SUBDISTRICT, RegionLevel.COMMUNITY):
            self.assertGreater(levels.get(level, 0), 0, level)
        self.assertGreater(levels.get(RegionLevel.GRID, 0), 0)
        self.assertEqual(self.root.name, "模拟省")
        self.assertIsNone(self.root.parent_id)

    def test_every_regions_path_depth_and_full_name_follow_from_its_parent_chain(self):
        regions = {region.pk: region for region in synthetic_regions()}
        for region in regions.values():
            chain, node = [], region
            while node is not None:
                chain.insert(0, node)
                node = regions.get(node.parent_id)
            with self.subTest(region=region.code):
                self.assertEqual(chain[0], self.root)
                self.assertEqual(region.path, "".join(f"{node.pk}/" for node in chain))
                self.assertEqual(region.depth, len(chain) - 1)
                self.assertEqual(region.full_name, "/".join(node.name for node in chain))

    def test_subtree_returns_exactly_the_regions_reached_by_walking_children(self):
        children = {}
        for pk, parent_id in synthetic_regions().values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        for region in synthetic_regions():
            reached, stack = {region.pk}, [region.pk]
            while stack:
                below = children.get(stack.pop(), [])
                reached.update(below)
                stack.extend(below)
            with self.subTest(region=region.code):
                self.assertEqual(set(Region.objects.subtree(region).values_list("pk", flat=True)), reached)

    def test_all_activities_lie_in_the_province_and_within_the_years(self):
        activities = Activity.objects.filter(external_id__startswith="SYN-")
        self.assertEqual(activities.count(), 400)
        self.assertEqual(Activity.objects.in_subtree(self.root).count(), 400)
        dates = activities.order_by("date").values_list("date", flat=True)
        self.assertGreaterEqual(dates.first(), datetime.date(2019, 1, 1))
        self.assertLessEqual(dates.last(), datetime.date(2021, 12, 31))
        for start_date, date in activities.filter(start_date__isnull=False).values_list("start_date", "date"):
            self.assertTrue(EARLIEST_DATE <= start_date <= date)

    def test_measures_stay_within_their_bounds_and_some_are_left_empty(self):
        activities = Activity.objects.filter(external_id__startswith="SYN-")
        for measure in MEASURES:
            with self.subTest(measure=measure.field):
                self.assertFalse(activities.filter(**{f"{measure.field}__lt": 0}).exists())
                self.assertFalse(activities.filter(**{f"{measure.field}__gt": measure.maximum}).exists())
        self.assertTrue(activities.filter(participants__isnull=True).exists())
        self.assertTrue(activities.filter(volunteers__gt=0).exists())

    def test_most_activities_are_approved_and_some_are_still_in_the_workflow(self):
        statuses = dict(Activity.objects.in_subtree(self.root).values_list("status").annotate(n=Count("pk")))
        self.assertGreater(statuses["approved"], 400 * 0.7)
        self.assertLess(statuses["approved"], 400)

    def test_organizations_teams_and_indicator_values_belong_to_the_province(self):
        self.assertTrue(Organization.objects.filter(region__path__startswith=self.root.path).exists())
        self.assertTrue(Team.objects.filter(region__path__startswith=self.root.path).exists())
        values = IndicatorValue.objects.filter(activity__region__path__startswith=self.root.path)
        self.assertTrue(values.exists())
        self.assertEqual(values.count(), IndicatorValue.objects.count())

    def test_people_have_valid_id_numbers_and_unique_participations_of_half_an_hour_to_eight(self):
        people = Person.objects.filter(region__path__startswith=self.root.path)
        self.assertEqual(people.count(), 30)
        numbers = [n for n in people.values_list("id_number", flat=True) if n]
        self.assertTrue(numbers)
        for number in numbers:
            validate_id_number(number)
        self.assertEqual(len(numbers), len(set(numbers)))
        participations = Participation.objects.filter(person__in=people)
        self.assertEqual(participations.count(), 100)
        self.assertEqual(participations.values("person", "activity").distinct().count(), 100)
        self.assertFalse(participations.exclude(hours__gte=Decimal("0.5"), hours__lte=8).exists())
        self.assertFalse(participations.exclude(activity__region__path__startswith=self.root.path).exists())

    def test_the_monthly_totals_are_added_up_for_the_generated_records(self):
        self.assertEqual(rollups.verify(), [])
        province = MonthlyTotal.objects.filter(region=self.root, status="approved").aggregate(n=Sum("records"))
        self.assertEqual(province["n"], Activity.objects.in_subtree(self.root).filter(status="approved").count())

    def test_a_region_created_afterwards_through_the_service_gets_a_fresh_key(self):
        community = synthetic_regions().filter(level=RegionLevel.COMMUNITY).order_by("pk")[0]
        last = Region.objects.aggregate(last=Max("pk"))["last"]
        region = region_create(code="AFTER-1", name="新建网格", level=RegionLevel.GRID, parent=community)
        self.assertGreater(region.pk, last)
        self.assertEqual(region.path, f"{community.path}{region.pk}/")
        activity = make_activity(region)
        self.assertGreater(activity.pk, Activity.objects.exclude(pk=activity.pk).aggregate(last=Max("pk"))["last"])

    def test_the_report_names_every_table_with_its_rate(self):
        self.assertIn("Regions: 60 rows", self.output)
        self.assertIn("Activities: 400 rows", self.output)
        self.assertIn("Participations: 100 rows", self.output)
        self.assertIn("rows/s", self.output)

    def test_running_again_without_replace_fails_and_changes_nothing(self):
        with self.assertRaisesMessage(
            CommandError,
            "A synthetic province (region code SYN) already exists; run again with --replace to rebuild it.",
        ):
            generate()
        self.assertEqual(Region.objects.count(), 61)
        self.assertEqual(Activity.objects.count(), 401)

    def test_replace_rebuilds_the_province_and_leaves_other_rows_alone(self):
        output = generate(replace=True, seed=2, regions=25, activities=50)
        self.assertIn("Removed the previous synthetic province", output)
        self.assertEqual(synthetic_regions().count(), 25)
        self.assertEqual(Region.objects.count(), 26)
        self.assertEqual(Activity.objects.in_subtree(Region.objects.get(code="SYN")).count(), 50)
        self.assertEqual(Person.objects.count(), 30)
        self.assertEqual(Participation.objects.count(), 100)
        self.assertTrue(Activity.objects.filter(pk=self.other_activity.pk).exists())
        self.assertTrue(Region.objects.filter(pk=self.other.pk).exists())

    def test_a_dry_run_builds_everything_and_then_writes_nothing(self):
        before = set(Region.objects.values_list("pk", flat=True))
        output = generate(replace=True, dry_run=True, seed=3)
        self.assertIn("Activities: 400 rows", output)
        self.assertIn("Dry run: everything was rolled back, nothing was written.", output)
        self.assertEqual(set(Region.objects.values_list("pk", flat=True)), before)
        self.assertEqual(Activity.objects.count(), 401)


class GenerateProvinceOptionTests(TestCase):
    def test_more_participations_than_people_times_activities_is_refused(self):
        with self.assertRaisesMessage(CommandError, "--participations cannot exceed --people × --activities"):
            generate(people=2, activities=3, participations=7)
        self.assertFalse(Region.objects.exists())

    def test_a_tiny_province_still_gets_exactly_its_regions_and_activities(self):
        generate(regions=3, activities=10, people=2, participations=5)
        self.assertEqual(synthetic_regions().count(), 3)
        self.assertEqual(Activity.objects.count(), 10)
        self.assertEqual(Participation.objects.count(), 5)

    def test_the_same_seed_gives_the_same_province(self):
        def snapshot():
            regions = list(synthetic_regions().order_by("pk").values_list("code", "name", "depth"))
            activities = list(Activity.objects.order_by("pk").values_list("title", "date", "participants", "status"))
            return regions, activities

        generate(regions=40, activities=80, people=0, participations=0)
        first = snapshot()
        generate(regions=40, activities=80, people=0, participations=0, replace=True)
        self.assertEqual(snapshot(), first)


@skipUnless(connection.vendor == "postgresql", "indexes are dropped and rebuilt around COPY only on PostgreSQL")
class GenerateProvinceIndexTests(TestCase):
    TABLES = [model._meta.db_table for model in generate_province._WRITTEN_MODELS]

    def schema(self):
        """Every index and constraint definition on the tables the generator writes."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [self.TABLES]
            )
            indexes = set(cursor.fetchall())
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), condeferrable, condeferred "
                "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
                [self.TABLES],
            )
            return indexes, set(cursor.fetchall())

    def test_indexes_and_foreign_keys_dropped_for_a_big_load_are_all_back_afterwards(self):
        before = self.schema()
        # A big load is one of 50,000 rows or more; lowered so a small run takes that path.
        with mock.patch.object(generate_province, "SUSPEND_INDEXES_FROM", 1):
            generate()
        self.assertEqual(self.schema(), before)
        self.assertEqual(Activity.objects.count(), 400)
