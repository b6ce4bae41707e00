"""The registers: unit reporting, elections and office holders, talent pools, surveys and suggestions."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from history.models import Action
from history.services import history_of
from regional import registers
from regional.models import Election, ElectionKind, PoolKind, Suggestion, SuggestionStatus, TalentPool
from tests.factories import make_organization, make_person
from tests.personas import PersonasMixin

from .helpers import D, RegionalMixin


class RegisterServiceTests(RegionalMixin, PersonasMixin, TestCase):
    def test_a_unit_reports_to_a_community_and_records_its_service(self):
        reporting = registers.unit_reporting_register(
            actor=self.clerk_a,
            unit=self.unit,
            community=self.community_a,
            reported_on=D(2020, 3, 1),
            commitment="法治宣传",
        )
        registers.unit_reporting_record_service(
            actor=self.clerk_a, reporting=reporting, services_done=3, service_notes="宣讲3场"
        )
        reporting.refresh_from_db()
        self.assertEqual((reporting.services_done, reporting.service_notes), (3, "宣讲3场"))
        self.assertEqual(
            history_of(reporting).first().changes, {"services_done": [None, 3], "service_notes": ["", "宣讲3场"]}
        )

    def test_a_sibling_clerk_cannot_register_a_unit_of_community_a(self):
        with self.assertRaises(ValidationError) as error:
            registers.unit_reporting_register(
                actor=self.clerk_b, unit=self.unit, community=self.community_b, reported_on=D(2020, 3, 1)
            )
        self.assertEqual(error.exception.message_dict, {"unit": ["西站派出所不在您的管辖范围内。"]})

    def test_an_election_by_a_date_and_the_office_holders_it_elected(self):
        branch = make_organization(self.community_a, "西站东社区党支部")
        election = registers.election_record(
            actor=self.manager, organization=branch, held_on=D(2020, 6, 30), on_or_before=True
        )
        holder = registers.office_holder_add(
            actor=self.manager,
            organization=branch,
            name="刘凯平",
            position="secretary",
            term_start=D(2020, 6, 30),
            election=election,
        )
        self.assertEqual((election.kind, holder.election), (ElectionKind.GENERAL, election))
        self.assertEqual(list(Election.objects.held_in(D(2020, 1, 1), D(2020, 12, 31))), [election])
        self.assertTrue(history_of(holder).filter(action=Action.CREATE).exists())

    def test_an_office_holders_term_cannot_end_before_it_starts(self):
        branch = make_organization(self.community_a)
        with self.assertRaises(ValidationError) as error:
            registers.office_holder_add(
                actor=self.manager,
                organization=branch,
                name="王五",
                position="committee_member",
                term_start=D(2020, 6, 30),
                term_end=D(2019, 1, 1),
            )
        self.assertEqual(error.exception.messages, ["任期结束日期不能早于任期开始日期。"])

    def test_a_pool_with_only_a_reported_count_and_a_pool_with_people(self):
        counted = registers.talent_pool_create(
            actor=self.manager, region=self.district, name="乡土人才库", kind=PoolKind.RURAL_TALENT, reported_count=460
        )
        listed = registers.talent_pool_create(
            actor=self.manager, region=self.community_a, name="西站东社区后备干部库", kind=PoolKind.RESERVE_CADRES
        )
        registers.talent_pool_add(actor=self.clerk_a, pool=listed, person=make_person(self.community_a, "赵敏"))
        self.assertEqual((counted.reported_count, counted.members.count()), (460, 0))
        self.assertEqual(list(listed.people.values_list("name", flat=True)), ["赵敏"])
        with self.assertRaises(ValidationError) as error:
            registers.talent_pool_add(actor=self.clerk_a, pool=listed, person=listed.people.get())
        self.assertEqual(error.exception.messages, ["此人已在该人才库中。"])

    def test_a_survey_keeps_its_approximate_counts_and_a_suggestion_is_handled(self):
        survey = registers.survey_record(
            actor=self.manager,
            region=self.subdistrict,
            title="安全感指数调查",
            conducted_on=D(2015, 12, 8),
            respondents_label="沿街商户",
            respondents=1100,
            respondents_approximate=True,
            unit=self.unit,
            suggestions_reported=50,
            suggestions_approximate=True,
        )
        self.assertEqual((survey.respondents, survey.respondents_approximate), (1100, True))
        # The survey is the subdistrict's: its manager records the suggestion, the community's clerk handles it.
        suggestion = registers.suggestion_record(
            actor=self.manager,
            region=self.community_a,
            survey=survey,
            topic="治安",
            content="夜间巡逻",
            raised_on=D(2015, 12, 8),
        )
        registers.suggestion_handle(
            actor=self.clerk_a,
            suggestion=suggestion,
            status=SuggestionStatus.ANSWERED,
            handled_on=D(2015, 12, 8),
            response="当场解答",
        )
        suggestion.refresh_from_db()
        self.assertEqual((suggestion.status, suggestion.response), (SuggestionStatus.ANSWERED, "当场解答"))
        self.assertEqual(history_of(suggestion).first().reason, "当场解答")

    def test_a_suggestion_handled_without_a_date_is_refused_in_chinese(self):
        suggestion = registers.suggestion_record(
            actor=self.clerk_a, region=self.community_a, topic="卫生", content="x", raised_on=D(2015, 12, 8)
        )
        with self.assertRaises(ValidationError) as error:
            registers.suggestion_handle(
                actor=self.clerk_a,
                suggestion=suggestion,
                status=SuggestionStatus.HANDLED,
                handled_on=None,
                response="已处理",
            )
        self.assertEqual(error.exception.messages, ["已解答、转办或办结的意见建议须填写日期；新收到的不能填写。"])
        self.assertEqual(Suggestion.objects.get(pk=suggestion.pk).status, SuggestionStatus.RECEIVED)

    def test_a_correction_outside_the_scope_is_refused(self):
        pool = registers.talent_pool_create(
            actor=self.manager, region=self.community_a, name="人才库", kind=PoolKind.OTHER
        )
        with self.assertRaises(ValidationError):
            registers.register_update(actor=self.clerk_b, record=pool, data={"reported_count": 5})
        self.assertIsNone(TalentPool.objects.get(pk=pool.pk).reported_count)


class CommitteeAreaTests(RegionalMixin, PersonasMixin, TestCase):
    def test_the_committee_page_shows_the_years_unit_reporting_and_elections_of_its_area(self):
        registers.unit_reporting_register(
            actor=self.manager, unit=self.unit, community=self.community_a, reported_on=D(2020, 3, 1)
        )
        registers.election_record(
            actor=self.manager,
            organization=make_organization(self.community_b, "西站西社区党支部"),
            held_on=D(2020, 6, 30),
            on_or_before=True,
        )
        # Another district's election, written directly: the manager of 中原区 could not record it.
        Election.objects.create(
            organization=make_organization(self.other_district, "别区党支部"), held_on=D(2020, 6, 1)
        )
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("regional:committee", args=[self.committee.pk]), {"year": 2020})
        self.assertEqual(response.context["area"]["reported"]["units"], 1)
        self.assertEqual([e.organization.name for e in response.context["area"]["elections"]], ["西站西社区党支部"])
        self.assertContains(response, "2020年6月30日前")
