"""The regional services: the appointment procedure in order, pairings, scope and history."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from communities.models import OrganizationKind
from history.models import Action, Change
from history.services import history_of
from regional import services
from regional.models import CommitteeMembership, MemberUnit, Pairing, PairingKind, PartyKind, Step
from tests.factories import make_organization, make_person
from tests.personas import PersonasMixin

from .helpers import D, RegionalMixin


def messages_of(error):
    return {field: list(errors) for field, errors in error.exception.message_dict.items()}


class ProcedureTests(RegionalMixin, PersonasMixin, TestCase):
    def test_a_candidate_goes_through_the_six_steps_with_their_dates_and_history(self):
        member = self.candidate(step="filed")
        member.refresh_from_db()
        self.assertEqual(member.step, Step.FILED)
        self.assertEqual(
            [member.surveyed_on, member.nominated_on, member.consulted_on, member.publicity_start, member.appointed_on],
            [D(2015, 3, 2), D(2015, 3, 10), D(2015, 3, 20), D(2015, 4, 1), D(2015, 4, 10)],
        )
        self.assertEqual(
            (member.publicity_days, member.term_start, member.filed_with), (7, D(2015, 4, 10), "中共卫东区委组织部")
        )
        reasons = [row.reason for row in history_of(member).order_by("at", "id")]
        self.assertEqual(
            reasons,
            ["摸底调查", "协商确定初步人选", "征求意见", "公示初步人选", "聘任并颁发聘书", "报上级党组织备案"],
        )
        self.assertEqual(history_of(member).filter(action=Action.CREATE).count(), 1)

    def test_a_step_cannot_be_skipped(self):
        member = self.candidate(step="surveyed")
        with self.assertRaises(ValidationError) as error:
            services.committee_member_publicize(
                actor=self.manager, member=member, publicity_start=D(2015, 4, 1), publicity_end=D(2015, 4, 7)
            )
        self.assertEqual(
            messages_of(error),
            {"publicity_start": ["西站派出所 所长 处于“摸底调查”步骤；“公示初步人选”应在“征求意见”之后。"]},
        )
        member.refresh_from_db()
        self.assertEqual((member.step, member.publicity_start), (Step.SURVEYED, None))

    def test_the_appointment_must_wait_for_the_end_of_the_publicity_period(self):
        member = self.candidate(step="publicized")
        with self.assertRaises(ValidationError) as error:
            services.committee_member_appoint(
                actor=self.manager, member=member, appointed_on=D(2015, 4, 7), certificate_number="X-1"
            )
        self.assertEqual(messages_of(error), {"appointed_on": ["聘任须在公示期结束之后；公示期至2015-04-07。"]})
        self.assertEqual(CommitteeMembership.objects.get(pk=member.pk).step, Step.PUBLICIZED)

    def test_a_step_dated_before_the_previous_one_is_refused(self):
        member = self.candidate(step="nominated")
        with self.assertRaises(ValidationError) as error:
            services.committee_member_consult(actor=self.manager, member=member, consulted_on=D(2015, 3, 1))
        self.assertEqual(
            messages_of(error), {"consulted_on": ["此步骤的日期不能早于上一步骤（“协商确定初步人选”，2015-03-10）。"]}
        )

    def test_only_a_committee_takes_part_time_members(self):
        branch = make_organization(self.subdistrict, "某党支部", kind=OrganizationKind.BRANCH)
        with self.assertRaises(ValidationError) as error:
            services.committee_member_survey(
                actor=self.manager, committee=branch, unit=self.unit, title="所长", surveyed_on=D(2015, 3, 2)
            )
        self.assertIn("committee", messages_of(error))
        self.assertFalse(CommitteeMembership.objects.exists())

    def test_a_unit_cannot_have_two_open_candidacies_for_one_post(self):
        self.candidate(step="nominated")
        with self.assertRaises(ValidationError) as error:
            self.candidate(step="surveyed")
        self.assertEqual(error.exception.messages, ["该单位在本委员会的这一职务已有候选人或委员。"])
        self.assertEqual(CommitteeMembership.objects.count(), 1)

    def test_a_withdrawn_candidate_keeps_the_reason_and_the_post_can_be_tried_again(self):
        member = self.candidate(step="consulted")
        services.committee_member_withdraw(
            actor=self.manager, member=member, withdrawn_on=D(2015, 3, 25), reason="工作调动"
        )
        member.refresh_from_db()
        self.assertEqual(
            (member.step, member.withdrawal_reason, member.consulted_on), (Step.WITHDRAWN, "工作调动", D(2015, 3, 20))
        )
        self.candidate(step="surveyed")
        self.assertEqual(CommitteeMembership.objects.count(), 2)

    def test_an_appointed_member_cannot_be_withdrawn(self):
        member = self.candidate(step="appointed")
        with self.assertRaises(ValidationError):
            services.committee_member_withdraw(
                actor=self.manager, member=member, withdrawn_on=D(2016, 1, 1), reason="x"
            )

    def test_a_sibling_clerk_cannot_take_a_step_for_a_committee_above_them(self):
        member = self.candidate(step="surveyed")
        with self.assertRaises(ValidationError) as error:
            services.committee_member_nominate(actor=self.clerk_b, member=member, nominated_on=D(2015, 3, 10))
        self.assertEqual(messages_of(error), {"committee": ["该委员会不在您的管辖范围内。"]})
        self.assertEqual(CommitteeMembership.objects.get(pk=member.pk).step, Step.SURVEYED)

    def test_a_reviewer_without_the_change_permission_is_refused(self):
        member = self.candidate(step="surveyed")
        with self.assertRaises(ValidationError):
            services.committee_member_nominate(actor=self.reviewer, member=member, nominated_on=D(2015, 3, 10))


class ServingMemberTests(RegionalMixin, PersonasMixin, TestCase):
    def test_a_member_already_serving_is_recorded_without_the_procedure_and_can_still_be_filed(self):
        member = services.committee_member_record_serving(
            actor=self.manager, committee=self.committee, unit=self.unit, title="所领导"
        )
        self.assertEqual((member.step, member.procedure_on_record, member.surveyed_on), (Step.APPOINTED, False, None))
        services.committee_member_file(
            actor=self.manager, member=member, filed_on=D(2016, 1, 5), filed_with="区委组织部"
        )
        member.refresh_from_db()
        self.assertEqual((member.step, member.filed_on), (Step.FILED, D(2016, 1, 5)))

    def test_only_a_serving_member_may_lack_the_procedure(self):
        member = self.candidate(step="nominated")
        member.procedure_on_record = False
        with self.assertRaises(ValidationError) as error:
            member.full_clean()
        self.assertIn("只有已聘任的委员可以不登记选聘程序。", error.exception.messages)


class ConstraintTests(RegionalMixin, PersonasMixin, TestCase):
    def test_the_database_refuses_a_step_without_its_date(self):
        from django.db import IntegrityError, transaction

        member = self.candidate(step="nominated")
        with self.assertRaises(IntegrityError), transaction.atomic():
            CommitteeMembership.objects.filter(pk=member.pk).update(step=Step.APPOINTED)

    def test_a_model_check_reads_as_a_chinese_sentence(self):
        member = self.candidate(step="nominated")
        member.step = Step.CONSULTED
        with self.assertRaises(ValidationError) as error:
            member.full_clean()
        self.assertIn("已到达的每个步骤都须填写日期。", error.exception.messages)


class MemberUnitTests(RegionalMixin, PersonasMixin, TestCase):
    def test_a_unit_is_created_with_history_and_its_phone_masked_in_history(self):
        row = Change.objects.get(object_id=self.unit.pk, content_type__model="memberunit", action=Action.CREATE)
        self.assertEqual(row.changes["contact_phone"], [None, "13812341234"])
        self.assertEqual(MemberUnit.history_masked["contact_phone"]("13812341234"), "138****1234")

    def test_a_clerk_cannot_register_a_unit_in_a_sibling_community(self):
        with self.assertRaises(ValidationError) as error:
            services.member_unit_create(
                actor=self.clerk_b, code="U-X", name="某企业", kind="enterprise", region=self.community_a
            )
        self.assertEqual(messages_of(error), {"region": ["该区域不在您的管辖范围内。"]})
        self.assertFalse(MemberUnit.objects.filter(code="U-X").exists())

    def test_a_second_unit_of_the_same_name_in_a_region_is_refused_in_chinese(self):
        with self.assertRaises(ValidationError) as error:
            services.member_unit_create(
                actor=self.manager, code="U-2", name="西站派出所", kind="police_station", region=self.community_a
            )
        self.assertEqual(error.exception.messages, ["该区域已登记同名的驻区单位。"])

    def test_an_update_writes_what_changed(self):
        services.member_unit_update(actor=self.clerk_a, unit=self.unit, data={"contact_name": "王所长"})
        row = history_of(self.unit).first()
        self.assertEqual(row.changes, {"contact_name": ["李警官", "王所长"]})


class PairingTests(RegionalMixin, PersonasMixin, TestCase):
    def test_an_aggregate_pairing_holds_the_counts_and_no_invented_names(self):
        pairing = services.pairing_create(
            actor=self.manager,
            kind=PairingKind.CO_BUILDING,
            name="机关支部与无主管楼院结对共建",
            region=self.district,
            a=services.Group(126, "机关支部"),
            b=services.Group(408, "无主管楼院"),
            start=D(2020, 1, 1),
        )
        self.assertEqual((pairing.a_kind, pairing.a_count, pairing.b_count), (PartyKind.GROUP, 126, 408))
        self.assertEqual((pairing.side_a, pairing.side_b), ("126个机关支部", "408个无主管楼院"))
        self.assertTrue(history_of(pairing).filter(action=Action.CREATE).exists())

    def test_a_pairing_of_a_unit_with_a_community(self):
        pairing = services.pairing_create(
            actor=self.clerk_a,
            kind=PairingKind.CONTACT_POINT,
            name="派出所联系西站东社区",
            region=self.community_a,
            a=self.unit,
            b=self.community_a,
            start=D(2015, 1, 1),
            frequency="每月不少于两次",
        )
        self.assertEqual(
            (pairing.a_unit, pairing.b_region, pairing.b_kind), (self.unit, self.community_a, PartyKind.REGION)
        )

    def test_a_group_side_needs_a_count_and_what_it_counts(self):
        with self.assertRaises(ValidationError) as error:
            services.pairing_create(
                actor=self.manager,
                kind=PairingKind.CO_BUILDING,
                name="x",
                region=self.district,
                a=services.Group(126, ""),
                b=self.community_a,
                start=D(2020, 1, 1),
            )
        self.assertEqual(
            error.exception.messages,
            ["结对的每一方须恰为所选类别的一个组织、单位、区域、项目或人员；汇总记录则须填写数量及其所指。"],
        )
        self.assertFalse(Pairing.objects.exists())

    def test_a_pairing_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError) as error:
            services.pairing_create(
                actor=self.manager,
                kind=PairingKind.CO_BUILDING,
                name="x",
                region=self.district,
                a=self.unit,
                b=self.community_a,
                start=D(2020, 1, 1),
                end=D(2019, 1, 1),
            )
        self.assertEqual(error.exception.messages, ["结对的结束日期不能早于开始日期。"])

    def test_a_clerk_cannot_pair_with_a_person_of_a_sibling_community(self):
        person = make_person(self.community_b, "赵六")
        with self.assertRaises(ValidationError) as error:
            services.pairing_create(
                actor=self.clerk_a,
                kind=PairingKind.FIRST_SECRETARY,
                name="x",
                region=self.community_a,
                a=person,
                b=self.community_a,
                start=D(2020, 1, 1),
            )
        self.assertEqual(messages_of(error), {"a_kind": ["赵六不在您的管辖范围内。"]})

    def test_active_in_a_period_takes_pairings_overlapping_it(self):
        def make(name, start, end=None):
            return services.pairing_create(
                actor=self.manager,
                kind=PairingKind.CO_BUILDING,
                name=name,
                region=self.district,
                a=self.unit,
                b=self.community_a,
                start=start,
                end=end,
            )

        make("ended before", D(2019, 1, 1), D(2019, 12, 31))
        make("running", D(2019, 6, 1))
        make("ends inside", D(2018, 1, 1), D(2020, 3, 1))
        make("starts after", D(2021, 1, 1))
        active = Pairing.objects.active_in(D(2020, 1, 1), D(2020, 12, 31))
        self.assertEqual(set(active.values_list("name", flat=True)), {"running", "ends inside"})

    def test_ending_a_pairing_keeps_it_with_its_dates_in_history(self):
        pairing = services.pairing_create(
            actor=self.manager,
            kind=PairingKind.INSTRUCTOR,
            name="党建指导员",
            region=self.district,
            a=self.unit,
            b=self.community_a,
            start=D(2020, 1, 1),
        )
        services.pairing_end(actor=self.manager, pairing=pairing, end=D(2020, 12, 31))
        pairing.refresh_from_db()
        self.assertEqual(pairing.end, D(2020, 12, 31))
        self.assertEqual(history_of(pairing).first().changes, {"end": [None, "2020-12-31"]})
