"""The scope helper, branch by branch."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import TestCase

from accounts.models import ScopeAssignment
from accounts.scope import scope_of
from activities.models import Activity, Category, IndicatorValue
from communities.models import Region
from tests.factories import make_activity, make_region
from tests.personas import PersonasMixin, make_user


class ScopeTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.in_a = make_activity(cls.community_a, title="A社区活动")
        cls.in_b = make_activity(cls.community_b, title="B社区活动")
        cls.in_subdistrict = make_activity(cls.subdistrict, title="街道活动")
        cls.elsewhere = make_activity(cls.other_district, title="卫东区活动")

    def titles(self, user):
        return set(scope_of(user).filter(Activity.objects.all()).values_list("title", flat=True))

    def test_a_clerk_sees_only_their_communitys_records(self):
        self.assertEqual(self.titles(self.clerk_a), {"A社区活动"})
        self.assertEqual(self.titles(self.clerk_b), {"B社区活动"})

    def test_a_reviewer_sees_the_whole_subdistrict(self):
        self.assertEqual(self.titles(self.reviewer), {"A社区活动", "B社区活动", "街道活动"})

    def test_a_superuser_sees_everything(self):
        admin = get_user_model().objects.create_superuser("root", password="x")
        self.assertEqual(len(self.titles(admin)), 4)
        self.assertTrue(scope_of(admin).allows(self.other_district))

    def test_a_user_without_scope_regions_sees_nothing(self):
        self.assertEqual(self.titles(make_user("nobody", None)), set())
        self.assertEqual(self.titles(AnonymousUser()), set())

    def test_an_inactive_superuser_sees_nothing(self):
        admin = get_user_model().objects.create_superuser("gone", password="x", is_active=False)
        self.assertEqual(self.titles(admin), set())

    def test_several_regions_add_up_and_nested_ones_collapse(self):
        user = make_user("two_places", None, self.community_a, self.other_district)
        ScopeAssignment.objects.create(user=user, region=make_region("东安路街道", self.other_district))
        scope = scope_of(user)
        self.assertEqual({r.name for r in scope.regions}, {"西站东社区", "卫东区"})
        self.assertEqual(self.titles(user), {"A社区活动", "卫东区活动"})

    def test_allows_answers_for_a_region(self):
        scope = scope_of(self.reviewer)
        self.assertTrue(scope.allows(self.community_b))
        self.assertTrue(scope.allows(self.subdistrict))
        self.assertFalse(scope.allows(self.district))
        self.assertFalse(scope.allows(self.other_district))

    def test_models_reach_their_region_through_their_own_path(self):
        IndicatorValue.objects.create(activity=self.in_b, indicator=self._indicator(), value=1)
        self.assertEqual(scope_of(self.clerk_a).filter(IndicatorValue.objects.all()).count(), 0)
        self.assertEqual(scope_of(self.clerk_b).filter(IndicatorValue.objects.all()).count(), 1)
        self.assertEqual(
            set(scope_of(self.clerk_a).filter(Region.objects.all()).values_list("name", flat=True)), {"西站东社区"}
        )

    def test_reference_lists_are_shared(self):
        self.assertEqual(scope_of(self.clerk_a).filter(Category.objects.all()).count(), Category.objects.count())

    def test_get_or_404_refuses_a_record_outside_the_scope(self):
        self.assertEqual(scope_of(self.clerk_a).get_or_404(Activity.objects.all(), pk=self.in_a.pk), self.in_a)
        for bad in (self.in_b.pk, 10**9, "abc"):
            with self.subTest(pk=bad), self.assertRaises(Http404):
                scope_of(self.clerk_a).get_or_404(Activity.objects.all(), pk=bad)

    def test_the_scope_is_read_once_per_user_object(self):
        with self.assertNumQueries(1):
            scope_of(self.clerk_a).filter(Activity.objects.all())
            scope_of(self.clerk_a).allows(self.community_a)

    def _indicator(self):
        from activities.models import Indicator

        return Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
