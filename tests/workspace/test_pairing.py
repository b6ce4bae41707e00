"""Activities done under a pairing: chosen on the activity form within the scope, listed and totalled on its page."""

from django.test import TestCase
from django.urls import reverse

from activities.models import Activity, Status
from regional import services
from regional.models import PairingKind
from tests.factories import category, make_activity
from tests.personas import PersonasMixin
from tests.regional.helpers import D, RegionalMixin

CREATE = reverse("workspace:create")


class PairingActivitiesTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pairing = services.pairing_create(
            actor=cls.manager,
            kind=PairingKind.CONTACT_POINT,
            name="派出所联系西站东社区",
            region=cls.community_a,
            a=cls.unit,
            b=cls.community_a,
            start=D(2021, 1, 1),
            frequency="每月不少于两次",
        )
        cls.sibling_pairing = services.pairing_create(
            actor=cls.manager,
            kind=PairingKind.CO_BUILDING,
            name="西站小学共建西站西社区",
            region=cls.community_b,
            a=cls.unit_b,
            b=cls.community_b,
            start=D(2021, 1, 1),
        )
        for title, households, status in [("入户走访", 16, Status.APPROVED), ("安全宣传", 30, Status.APPROVED)]:
            activity = make_activity(cls.community_a, title=title, households=households, status=status)
            Activity.objects.filter(pk=activity.pk).update(pairing=cls.pairing)
        draft = make_activity(cls.community_a, title="草稿走访", households=5, status=Status.DRAFT)
        Activity.objects.filter(pk=draft.pk).update(pairing=cls.pairing)

    def test_the_pairing_page_lists_its_activities_and_totals_only_the_approved_ones(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("workspace:pairing", args=[self.pairing.pk]))
        activities = response.context["activities"]
        self.assertEqual(activities.count, 3)
        self.assertEqual((activities.totals["records"], activities.totals["households"]), (2, 46))
        self.assertContains(response, "每月不少于两次")
        self.assertContains(response, "西站派出所")
        self.assertContains(response, "入户走访")

    def test_a_sibling_clerk_gets_a_404_for_the_pairing(self):
        self.client.force_login(self.clerk_b)
        response = self.client.get(reverse("workspace:pairing", args=[self.pairing.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_form_offers_only_the_pairings_in_scope_and_stores_the_one_chosen(self):
        self.client.force_login(self.clerk_a)
        form = self.client.get(CREATE).context["form"]
        self.assertEqual([pk for pk, _label in form.fields["pairing"].choices if pk], [self.pairing.pk])
        data = {"title": "联系点走访", "date": "2021-06-01", "category": category().pk, "region": self.community_a.pk}
        refused = self.client.post(CREATE, {**data, "pairing": self.sibling_pairing.pk})
        self.assertIn("pairing", refused.context["form"].errors)
        self.client.post(CREATE, {**data, "pairing": self.pairing.pk})
        self.assertEqual(Activity.objects.get(title="联系点走访").pairing, self.pairing)

    def test_the_record_page_links_to_its_pairing(self):
        self.client.force_login(self.clerk_a)
        activity = Activity.objects.get(title="入户走访")
        response = self.client.get(reverse("workspace:detail", args=[activity.pk]))
        self.assertContains(response, reverse("workspace:pairing", args=[self.pairing.pk]))
