"""Member units a report counts without naming them (``UnitCount``): the services, scope, history, the figures."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from accounts.roles import SYSTEM_ADMINISTRATOR
from accounts.scope import scope_of
from activities.measures import QUALIFIERS
from communities.models import OrganizationKind
from history.models import Action, Change
from history.services import history_of
from regional import selectors, services
from regional.models import COUNT_QUALIFIERS, UnitCount
from tests.factories import make_organization
from tests.personas import PersonasMixin, make_user

from .helpers import D, RegionalMixin


def count(actor, region, **fields):
    values = {"label": "驻区单位和“两新”组织", "count": 100, "qualifier": "余", "as_of": D(2020, 12, 31)}
    return services.unit_count_create(actor=actor, region=region, **{**values, **fields})


class UnitCountServiceTests(RegionalMixin, PersonasMixin, TestCase):
    def test_a_count_is_stored_with_its_history(self):
        record = count(self.manager, self.subdistrict, committee=self.committee)
        stored = UnitCount.objects.get()
        self.assertEqual((stored.count, stored.qualifier, stored.committee), (100, "余", self.committee))
        self.assertEqual(str(stored), "驻区单位和“两新”组织100余家")
        created = history_of(record).get()
        self.assertEqual((created.action, created.actor), (Action.CREATE, self.manager))
        self.assertEqual(created.changes["count"], [None, 100])

    def test_a_change_and_a_delete_write_history(self):
        record = count(self.manager, self.district)
        services.unit_count_update(actor=self.manager, record=record, data={"count": 120, "qualifier": "多"})
        self.assertEqual(UnitCount.objects.get().count, 120)
        self.assertEqual(history_of(record).first().changes["count"], [100, 120])
        pk = record.pk
        # Regional records are deleted by a system administrator of the area only, as every other register.
        outside = make_user("admin_wd", SYSTEM_ADMINISTRATOR, self.other_district)
        for actor in (self.manager, outside):
            with self.subTest(actor=actor.username), self.assertRaises(ValidationError):
                services.unit_count_delete(actor=actor, record=record)
        self.assertTrue(UnitCount.objects.exists())
        admin = make_user("admin_zy", SYSTEM_ADMINISTRATOR, self.district)
        services.unit_count_delete(actor=admin, record=record, reason="重复录入")
        self.assertFalse(UnitCount.objects.exists())
        deleted = Change.objects.get(object_id=pk, content_type__model="unitcount", action=Action.DELETE)
        self.assertEqual((deleted.reason, deleted.changes["count"]), ("重复录入", [120, None]))

    def test_outside_the_actors_regions_nothing_is_written(self):
        with self.assertRaises(ValidationError) as error:
            count(self.clerk_b, self.community_a)
        self.assertIn("region", error.exception.message_dict)
        with self.assertRaises(ValidationError) as error:
            count(self.clerk_a, self.community_a, committee=self.committee)  # the subdistrict's committee
        self.assertIn("committee", error.exception.message_dict)
        self.assertFalse(UnitCount.objects.exists())
        record = count(self.clerk_a, self.community_a)
        with self.assertRaises(ValidationError):
            services.unit_count_update(actor=self.clerk_b, record=record, data={"count": 5})
        self.assertEqual(UnitCount.objects.get().count, 100)
        self.assertEqual(history_of(record).count(), 1)

    def test_a_clerk_cannot_move_a_count_out_of_their_regions(self):
        record = count(self.clerk_a, self.community_a)
        with self.assertRaises(ValidationError):
            services.unit_count_update(actor=self.clerk_a, record=record, data={"region": self.community_b})
        self.assertEqual(UnitCount.objects.get().region, self.community_a)

    def test_bad_input_is_refused_with_a_message_and_nothing_written(self):
        branch = make_organization(self.community_a, "西站东社区党支部", kind=OrganizationKind.BRANCH)
        for fields, field in [
            ({"count": 0}, "count"),
            ({"count": 2_000_000}, "count"),
            ({"qualifier": "大概"}, "qualifier"),
            ({"label": "  "}, "label"),
            ({"committee": branch}, "committee"),
        ]:
            with self.subTest(fields=fields), self.assertRaises(ValidationError) as error:
                count(self.manager, self.community_a, **fields)
            self.assertIn(field, error.exception.message_dict)
        self.assertFalse(UnitCount.objects.exists())

    def test_the_qualifiers_are_those_of_the_activities_figures(self):
        self.assertLessEqual(set(COUNT_QUALIFIERS), set(QUALIFIERS))


class CountedFiguresTests(RegionalMixin, PersonasMixin, TestCase):
    def test_the_counted_units_stand_beside_the_named_ones_with_their_qualifier(self):
        self.candidate(step="filed")
        count(self.manager, self.district)
        figures = selectors.committee_figures(scope_of(self.manager), self.district)
        self.assertEqual(figures["units"], 1)  # the named unit alone: nothing counted is added into it
        self.assertEqual(
            figures["counted"], [{"label": "驻区单位和“两新”组织", "count": 100, "qualifier": "余", "records": 1}]
        )

    def test_a_sum_is_approximate_when_any_part_is(self):
        count(self.manager, self.community_a, count=30, qualifier="")
        count(self.manager, self.community_b, count=70, qualifier="近")
        figures = selectors.committee_figures(scope_of(self.manager), self.district)
        self.assertEqual([(c["count"], c["qualifier"]) for c in figures["counted"]], [(100, "余")])
        exact = selectors.committee_figures(scope_of(self.manager), self.community_a)
        self.assertEqual([(c["count"], c["qualifier"]) for c in exact["counted"]], [(30, "")])

    def test_a_clerk_counts_only_their_regions(self):
        count(self.manager, self.community_a, count=30)
        count(self.manager, self.community_b, count=70)
        figures = selectors.committee_figures(scope_of(self.clerk_b), None)
        self.assertEqual([c["count"] for c in figures["counted"]], [70])
