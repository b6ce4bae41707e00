"""The regional admin: scoped lists and change pages, masked contact phones, saves through the services."""

from django.test import TestCase
from django.urls import reverse

from history.services import history_of
from regional.models import CommitteeMembership, MemberUnit, Pairing, PartyKind
from tests.personas import PersonasMixin

from .helpers import RegionalMixin


class RegionalAdminTests(RegionalMixin, PersonasMixin, TestCase):
    def test_a_sibling_clerk_sees_nothing_of_a_unit_and_its_page_is_a_404(self):
        self.client.force_login(self.clerk_b)
        response = self.client.get(reverse("admin:regional_memberunit_changelist"))
        self.assertNotContains(response, "西站派出所")
        self.assertContains(response, "西站小学")
        response = self.client.get(reverse("admin:regional_memberunit_change", args=[self.unit.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_clerk_sees_the_contact_phone_masked_and_a_manager_in_full(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("admin:regional_memberunit_changelist"))
        self.assertContains(response, "138****1234")
        self.assertNotContains(response, "13812341234")
        self.client.force_login(self.manager)
        self.assertContains(self.client.get(reverse("admin:regional_memberunit_changelist")), "13812341234")

    def test_adding_a_unit_in_the_admin_writes_it_and_its_history(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(
            reverse("admin:regional_memberunit_add"),
            {"code": "U-HOS", "name": "西站医院", "kind": "hospital", "region": self.community_a.pk},
        )
        self.assertEqual(response.status_code, 302)
        unit = MemberUnit.objects.get(code="U-HOS")
        self.assertEqual(history_of(unit).get().actor, self.clerk_a)

    def test_a_clerk_cannot_place_a_unit_in_a_sibling_community(self):
        self.client.force_login(self.clerk_b)
        response = self.client.post(
            reverse("admin:regional_memberunit_add"),
            {"code": "U-X", "name": "某企业", "kind": "enterprise", "region": self.community_a.pk},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("region", response.context["adminform"].form.errors)
        self.assertFalse(MemberUnit.objects.filter(code="U-X").exists())

    def test_adding_a_committee_member_is_the_survey_step(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("admin:regional_committeemembership_add"),
            {
                "committee": self.committee.pk,
                "unit": self.unit.pk,
                "title": "所长",
                "role": "member",
                "surveyed_on": "2015-03-02",
            },
        )
        self.assertEqual(response.status_code, 302)
        member = CommitteeMembership.objects.get()
        self.assertEqual((member.step, str(history_of(member).get().reason)), ("surveyed", "摸底调查"))

    def test_an_aggregate_pairing_with_a_missing_label_is_refused_beside_the_form(self):
        self.client.force_login(self.manager)
        data = {
            "kind": "co_building",
            "name": "机关支部与无主管楼院结对共建",
            "region": self.district.pk,
            "start": "2020-01-01",
            "a_kind": PartyKind.GROUP,
            "a_count": "126",
            "b_kind": PartyKind.GROUP,
            "b_count": "408",
            "b_label": "无主管楼院",
        }
        response = self.client.post(reverse("admin:regional_pairing_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "结对的每一方须恰为所选类别的一个组织、单位、区域、项目或人员；汇总记录则须填写数量及其所指。",
            response.context["adminform"].form.non_field_errors(),
        )
        self.assertFalse(Pairing.objects.exists())
        response = self.client.post(reverse("admin:regional_pairing_add"), {**data, "a_label": "机关支部"})
        self.assertEqual(response.status_code, 302)
        pairing = Pairing.objects.get()
        self.assertEqual((pairing.side_a, pairing.side_b), ("126个机关支部", "408个无主管楼院"))
        self.assertEqual(history_of(pairing).get().actor, self.manager)
