"""The three lists: a need raised, matched or claimed as a project by a unit, resolved; scope and history."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from history.services import history_of
from regional import lists
from regional.models import ListProject, ListProjectStatus, Need, NeedStatus
from tests.personas import PersonasMixin

from .helpers import D, RegionalMixin


class ListsMixin(RegionalMixin):
    def raise_need(self, title="楼道照明损坏", region=None, actor=None, raised_on=None):
        return lists.need_raise(
            actor=actor or self.manager,
            committee=self.committee,
            region=region or self.community_a,
            title=title,
            topic="安全",
            raised_by="居民",
            raised_on=raised_on or D(2020, 3, 1),
        )


class ListServiceTests(ListsMixin, PersonasMixin, TestCase):
    def test_a_need_claimed_by_a_unit_as_a_project_is_resolved_when_the_project_is_completed(self):
        need = self.raise_need()
        project = lists.list_project_create(
            actor=self.manager,
            committee=self.committee,
            region=self.community_a,
            name="楼道照明改造",
            listed_on=D(2020, 3, 5),
            need=need,
        )
        lists.list_project_claim(actor=self.clerk_a, project=project, unit=self.unit, claimed_on=D(2020, 3, 10))
        need.refresh_from_db()
        self.assertEqual(need.status, NeedStatus.CLAIMED)
        lists.list_project_complete(
            actor=self.clerk_a, project=project, completed_on=D(2020, 4, 1), outcome="更换灯具12处"
        )
        project.refresh_from_db()
        need.refresh_from_db()
        self.assertEqual(
            (project.status, project.unit, project.completed_on),
            (ListProjectStatus.COMPLETED, self.unit, D(2020, 4, 1)),
        )
        self.assertEqual(
            (need.status, need.resolved_on, need.outcome), (NeedStatus.RESOLVED, D(2020, 4, 1), "更换灯具12处")
        )
        self.assertEqual(
            [row.reason for row in history_of(need).order_by("at", "id")], ["", "已由单位认领为项目", "已解决"]
        )

    def test_a_need_matched_to_a_resource_then_resolved(self):
        resource = lists.resource_list(
            actor=self.manager,
            committee=self.committee,
            region=self.community_a,
            unit=self.unit,
            title="民警法治宣讲",
            listed_on=D(2020, 1, 1),
        )
        need = self.raise_need(title="防诈骗宣传")
        lists.need_match(actor=self.manager, need=need, resource=resource, matched_on=D(2020, 3, 2))
        lists.need_resolve(actor=self.manager, need=need, resolved_on=D(2020, 3, 20), outcome="开展宣讲2场")
        need.refresh_from_db()
        self.assertEqual((need.status, need.resource, need.matched_on), (NeedStatus.RESOLVED, resource, D(2020, 3, 2)))

    def test_a_project_cannot_be_claimed_twice(self):
        project = lists.list_project_create(
            actor=self.manager, committee=self.committee, region=self.community_a, name="x", listed_on=D(2020, 3, 5)
        )
        lists.list_project_claim(actor=self.manager, project=project, unit=self.unit, claimed_on=D(2020, 3, 10))
        with self.assertRaises(ValidationError) as error:
            lists.list_project_claim(actor=self.manager, project=project, unit=self.unit_b, claimed_on=D(2020, 3, 11))
        self.assertEqual(error.exception.message_dict, {"unit": ["该项目已由西站派出所认领。"]})
        self.assertEqual(ListProject.objects.get(pk=project.pk).unit, self.unit)

    def test_a_match_dated_before_the_need_was_raised_is_refused(self):
        need = self.raise_need()
        resource = lists.resource_list(
            actor=self.manager, committee=self.committee, region=self.community_a, title="场地", listed_on=D(2020, 1, 1)
        )
        with self.assertRaises(ValidationError) as error:
            lists.need_match(actor=self.manager, need=need, resource=resource, matched_on=D(2020, 2, 1))
        self.assertEqual(error.exception.message_dict, {"matched_on": ["需求须在提出（2020-03-01）之后对接。"]})
        self.assertEqual(Need.objects.get(pk=need.pk).status, NeedStatus.RAISED)

    def test_a_need_outside_the_committees_area_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.raise_need(region=self.other_district)
        self.assertIn("region", error.exception.message_dict)
        self.assertFalse(Need.objects.exists())

    def test_a_sibling_clerk_cannot_raise_a_need_in_community_a(self):
        with self.assertRaises(ValidationError) as error:
            self.raise_need(actor=self.clerk_b)
        self.assertEqual(error.exception.message_dict, {"region": ["该区域不在您的管辖范围内。"]})

    def test_the_database_refuses_a_matched_need_without_a_resource_in_chinese(self):
        need = self.raise_need()
        need.status = NeedStatus.MATCHED
        with self.assertRaises(ValidationError) as error:
            need.full_clean()
        self.assertIn("已对接的需求须写明所对接的资源和对接日期。", error.exception.messages)


class ListPageTests(ListsMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.need = cls.raise_need(cls)
        cls.old = cls.raise_need(cls, title="2019年的需求", raised_on=D(2019, 5, 1))
        cls.project = lists.list_project_create(
            actor=cls.manager,
            committee=cls.committee,
            region=cls.community_a,
            name="健身器材更新",
            listed_on=D(2020, 2, 1),
        )

    def test_the_committee_page_counts_the_years_needs_and_projects(self):
        lists.list_project_claim(actor=self.manager, project=self.project, unit=self.unit, claimed_on=D(2020, 2, 3))
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("regional:committee", args=[self.committee.pk]), {"year": 2020})
        figures = response.context["figures"]
        self.assertEqual(figures["needs"], {"raised": 1, "matched": 0, "resolved": 0})
        self.assertEqual(figures["projects"], {"listed": 1, "claimed": 1, "completed": 0})
        self.assertEqual([n.title for n in response.context["needs"]], ["楼道照明损坏"])

    def test_a_unit_claims_the_project_on_its_page(self):
        self.client.force_login(self.clerk_a)
        url = reverse("regional:list_project", args=[self.project.pk])
        response = self.client.post(
            url, {"action": "claim", "claim-unit": self.unit.pk, "claim-claimed_on": "2020-02-03"}
        )
        self.assertRedirects(response, url)
        self.project.refresh_from_db()
        self.assertEqual((self.project.status, self.project.unit), (ListProjectStatus.CLAIMED, self.unit))

    def test_a_sibling_clerk_cannot_open_or_claim_for_a_unit_outside_their_regions(self):
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(reverse("regional:need", args=[self.need.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("regional:list_project", args=[self.project.pk])).status_code, 404)

    def test_closing_a_need_without_a_reason_shows_the_error_and_changes_nothing(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("regional:need", args=[self.need.pk]), {"action": "close", "close-closed_on": "2020-04-01"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("outcome", response.context["forms"]["close"].errors)
        self.assertEqual(Need.objects.get(pk=self.need.pk).status, NeedStatus.RAISED)
