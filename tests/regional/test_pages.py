"""The regional staff pages: a committee's page, a member's procedure, the appointment letter."""

from django.test import TestCase
from django.urls import reverse

from regional import services
from regional.models import CommitteeMembership, PairingKind, Step
from tests.personas import PersonasMixin

from .helpers import D, RegionalMixin


class CommitteePageTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.appointed = cls.candidate(cls, step="filed")
        cls.surveyed = cls.candidate(cls, step="surveyed", unit=cls.unit_b, title="校长")
        for name, start, end in [("2015年结对", D(2015, 1, 1), None), ("2013年结对", D(2013, 1, 1), D(2013, 12, 31))]:
            services.pairing_create(
                actor=cls.manager,
                kind=PairingKind.CO_BUILDING,
                name=name,
                region=cls.subdistrict,
                a=cls.unit,
                b=cls.community_a,
                start=start,
                end=end,
            )

    def test_the_committee_page_lists_units_members_with_their_step_and_the_years_pairings(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("regional:committee", args=[self.committee.pk]), {"year": 2015})
        self.assertEqual([row["unit"].name for row in response.context["units"]], ["西站小学", "西站派出所"])
        self.assertEqual([m.step for m in response.context["members"]], [Step.FILED, Step.SURVEYED])
        self.assertContains(response, "报上级党组织备案")
        self.assertEqual([p.name for p in response.context["pairings"]], ["2015年结对"])
        self.assertContains(response, "兼职委员：已聘任1名")
        self.assertContains(response, "138****1234")
        # Each section once, and the window title is the committee's name alone.
        self.assertContains(response, 'id="reporting-heading"', count=1)
        self.assertContains(response, f"<title>{self.committee.name} · ")

    def test_a_sibling_clerk_gets_a_404_for_the_committee_above_them_and_for_its_members(self):
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(reverse("regional:committee", args=[self.committee.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("regional:member", args=[self.appointed.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("regional:letter", args=[self.appointed.pk])).status_code, 404)
        self.assertNotContains(self.client.get(reverse("regional:committees")), "桐柏路街道大工委")

    def test_the_committee_list_counts_appointed_members_and_candidates(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("regional:committees"))
        row = next(c for c in response.context["committees"] if c.pk == self.committee.pk)
        self.assertEqual((row.units, row.members, row.candidates), (2, 1, 1))

    def test_the_committee_list_runs_a_fixed_number_of_queries(self):
        self.client.force_login(self.manager)
        self.client.get(reverse("regional:committees"))
        # session, user, the user's and group permissions (2), scope regions, the committees with their counts,
        # the header's unread notifications, and the session refresh (savepoint, update, release: 3)
        with self.assertNumQueries(10):
            self.client.get(reverse("regional:committees"))

    def test_the_appointment_letter_names_the_member_the_committee_and_the_term(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("regional:letter", args=[self.appointed.pk]))
        self.assertContains(response, "DGW-2015-01")
        self.assertContains(response, "兹聘任您为桐柏路街道大工委兼职委员。")
        self.assertContains(response, "任期自2015年4月10日起")
        self.assertContains(response, "至2018年4月9日止")

    def test_a_candidate_not_appointed_has_no_letter(self):
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(reverse("regional:letter", args=[self.surveyed.pk])).status_code, 404)


class MemberPageTests(RegionalMixin, PersonasMixin, TestCase):
    def test_the_next_step_is_taken_on_the_members_page(self):
        member = self.candidate(step="surveyed")
        self.client.force_login(self.manager)
        url = reverse("regional:member", args=[member.pk])
        response = self.client.post(url, {"step-nominated_on": "2015-03-10"})
        self.assertRedirects(response, url)
        member.refresh_from_db()
        self.assertEqual((member.step, member.nominated_on), (Step.NOMINATED, D(2015, 3, 10)))

    def test_a_step_dated_too_early_shows_the_reason_and_changes_nothing(self):
        member = self.candidate(step="publicized")
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("regional:member", args=[member.pk]),
            {"step-appointed_on": "2015-04-05", "step-certificate_number": "X-1"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["appointed_on"], ["聘任须在公示期结束之后；公示期至2015-04-07。"]
        )
        self.assertEqual(CommitteeMembership.objects.get(pk=member.pk).step, Step.PUBLICIZED)

    def test_a_reviewer_may_read_but_not_take_a_step(self):
        member = self.candidate(step="surveyed")
        self.client.force_login(self.reviewer)
        url = reverse("regional:member", args=[member.pk])
        self.assertNotContains(self.client.get(url), 'id="next-step"')
        self.assertEqual(self.client.post(url, {"step-nominated_on": "2015-03-10"}).status_code, 404)
        self.assertEqual(CommitteeMembership.objects.get(pk=member.pk).step, Step.SURVEYED)

    def test_a_candidate_is_withdrawn_with_a_reason(self):
        member = self.candidate(step="nominated")
        self.client.force_login(self.manager)
        self.client.post(
            reverse("regional:member", args=[member.pk]),
            {"withdraw": "1", "withdraw-withdrawn_on": "2015-03-15", "withdraw-reason": "工作调动"},
        )
        member.refresh_from_db()
        self.assertEqual((member.step, member.withdrawal_reason), (Step.WITHDRAWN, "工作调动"))


class CommitteeAreaPageTests(RegionalMixin, PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from regional import registers

        registers.survey_record(
            actor=cls.manager,
            region=cls.community_a,
            title="安全感指数调查",
            conducted_on=D(2015, 12, 8),
            respondents_label="沿街商户",
            respondents=1100,
            respondents_approximate=True,
            suggestions_reported=50,
            suggestions_approximate=True,
            topics="治安、卫生、教育",
        )
        registers.talent_pool_create(
            actor=cls.manager, region=cls.subdistrict, name="乡土人才库", kind="rural_talent", reported_count=460
        )

    def test_a_survey_keeps_its_approximate_counts_and_a_pool_its_reported_count(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("regional:committee", args=[self.committee.pk]), {"year": 2015})
        self.assertContains(response, "1100多 沿街商户")
        self.assertContains(response, "50多（治安、卫生、教育）")
        self.assertContains(response, "报告460人")

    def test_the_committee_page_runs_a_fixed_number_of_queries(self):
        self.candidate(step="filed")
        self.client.force_login(self.manager)
        url = reverse("regional:committee", args=[self.committee.pk])
        self.client.get(url)  # warm the session and content types
        # session, user, the user's and group permissions (2), scope regions, committee, members, units,
        # pairings, list figures (needs, projects: 2), unit reporting aggregate and rows (2), elections, surveys,
        # pools, needs, projects, the header's unread notifications, and the session refresh (savepoint, update,
        # release: 3)
        with self.assertNumQueries(22):
            self.client.get(url, {"year": 2015})
