"""The ledger's write services: participation, the recount of activity figures, memberships, merging."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import TestCase

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities.models import Activity, Participation, Status
from activities.participation import (
    activities_recount_participation,
    participation_delete,
    participation_record,
    participation_update,
    participations_record,
    person_merge,
)
from history.models import Action, Change
from tests.factories import make_activity, make_person, make_team
from tests.personas import PersonasMixin, make_user
from volunteers.models import Person, TeamMembership
from volunteers.services import membership_join, membership_leave


def changes_of(obj):
    return Change.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def history(obj):
    return list(changes_of(obj).order_by("id").values_list("action", flat=True))


class ParticipationServiceTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)
        cls.wang = make_person(cls.community_a, "王芳")
        cls.li = make_person(cls.community_a, "李强")
        cls.outsider = make_person(cls.community_b, "赵六")
        # A draft: participation is recorded while the record is open, then it goes for review.
        cls.activity = make_activity(
            cls.community_a, title="学雷锋志愿服务", status=Status.DRAFT, volunteers=40, volunteer_hours=100
        )

    def record(self, hours, person=None, activity=None, actor=None):
        return participation_record(
            actor=actor or self.clerk_a, person=person or self.wang, activity=activity or self.activity, hours=hours
        )

    def figures(self, activity=None):
        activity = Activity.objects.get(pk=(activity or self.activity).pk)
        return activity.volunteers, activity.volunteer_hours, activity.volunteers_from_participation

    def test_recording_counts_the_records_and_keeps_the_typed_figures_as_reported(self):
        self.record("2.5")
        self.record(3, person=self.li)
        # 2 person-times and 5.5 hours from the records, not 40 + 2 or 100 + 5.5 ...
        self.assertEqual(self.figures(), (2, Decimal("5.5"), True))
        # ... and the 40 / 100 typed before the first record are kept as the reported figures (填报数).
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((activity.reported_volunteers, activity.reported_volunteer_hours), (40, Decimal("100.0")))

    def test_recording_writes_history_for_the_record_and_the_activity(self):
        participation = self.record(2)
        self.assertEqual(history(participation), [Action.CREATE])
        change = changes_of(self.activity).get(action=Action.UPDATE)
        self.assertEqual(change.changes["volunteers"], [40, 1])
        self.assertEqual(change.changes["volunteer_hours"], ["100", "2"])
        self.assertEqual(change.actor, self.clerk_a)

    def test_an_activity_without_records_keeps_its_typed_figures(self):
        other = make_activity(self.community_a, volunteers=2112, volunteer_hours=3168)
        self.record(2)
        self.assertEqual(activities_recount_participation(activity_ids=[other.pk, self.activity.pk]), 0)
        self.assertEqual(self.figures(other), (2112, Decimal("3168.0"), False))

    def test_deleting_the_last_record_gives_back_the_typed_figures(self):
        participation = self.record(2)
        record = Participation(pk=participation.pk)
        participation_delete(actor=self.admin_a, participation=participation)
        self.assertEqual(self.figures(), (40, Decimal("100.0"), False))
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((activity.reported_volunteers, activity.reported_volunteer_hours), (None, None))
        self.assertFalse(Participation.objects.exists())
        self.assertEqual(history(record), [Action.CREATE, Action.DELETE])

    def test_updating_hours_recounts_and_keeps_history(self):
        participation = self.record(2)
        participation_update(actor=self.clerk_a, participation=participation, hours="4.25")
        self.assertEqual(self.figures(), (1, Decimal("4.3"), True))
        change = changes_of(participation).get(action=Action.UPDATE)
        self.assertEqual(change.changes, {"hours": ["2", "4.25"]})

    def test_a_recount_with_nothing_to_change_bumps_no_version_and_writes_no_history(self):
        self.record(2)
        version = Activity.objects.get(pk=self.activity.pk).version
        changes = Change.objects.count()
        self.assertEqual(activities_recount_participation(activity_ids=[self.activity.pk]), 0)
        self.assertEqual(Activity.objects.get(pk=self.activity.pk).version, version)
        self.assertEqual(Change.objects.count(), changes)

    def test_the_recount_takes_many_activities_in_one_call(self):
        activities = [make_activity(self.community_a, status=Status.DRAFT, volunteers=9) for _ in range(3)]
        Participation.objects.bulk_create(
            [Participation(person=p, activity=a, hours=2) for a in activities[:2] for p in (self.wang, self.li)]
        )
        changed = activities_recount_participation(activity_ids=[a.pk for a in activities])
        self.assertEqual(changed, 2)
        self.assertEqual([self.figures(a)[:2] for a in activities], [(2, 4), (2, 4), (9, None)])

    def assertRefused(self, call, field, message):
        before = (Participation.objects.count(), Change.objects.count(), self.figures())
        with self.assertRaises(ValidationError) as caught:
            call()
        self.assertEqual(caught.exception.message_dict, {field: [message]})
        self.assertEqual((Participation.objects.count(), Change.objects.count(), self.figures()), before)

    def test_negative_hours_are_refused_with_a_clear_message_and_nothing_changes(self):
        self.assertRefused(lambda: self.record("-1"), "hours", "时长不能为负数。")

    def test_more_than_24_hours_at_one_activity_is_refused(self):
        self.assertRefused(lambda: self.record("24.5"), "hours", "一人在一次活动中的服务时长不能超过 24 小时。")

    def test_zero_hours_and_words_are_refused(self):
        self.assertRefused(lambda: self.record("0"), "hours", "时长须大于 0；未参加服务的人员请不要勾选。")
        self.assertRefused(lambda: self.record("两小时"), "hours", "请以数字填写时长，例如 2 或 1.5。")

    def test_a_person_outside_the_scope_is_refused(self):
        self.assertRefused(lambda: self.record(2, person=self.outsider), "person", "此人员不在您的管辖范围内。")

    def test_the_same_person_twice_at_one_activity_is_refused(self):
        self.record(2)
        self.assertRefused(lambda: self.record(3), "person", "王芳在此活动的服务已有记录，请修改时长。")

    def test_an_unapproved_activity_takes_records_that_do_not_count_yet(self):
        draft = make_activity(self.community_a, status=Status.DRAFT)
        participation = self.record(2, activity=draft)
        self.assertEqual(Participation.objects.counted().filter(pk=participation.pk).count(), 0)
        self.assertEqual(Participation.objects.pending().filter(pk=participation.pk).count(), 1)

    def test_recording_several_people_is_all_or_nothing_with_an_error_per_row(self):
        with self.assertRaises(ValidationError) as caught:
            participations_record(
                actor=self.clerk_a, activity=self.activity, hours_by_person={self.wang: 2, self.li: 30}
            )
        self.assertEqual(
            caught.exception.message_dict, {f"person-{self.li.pk}": ["一人在一次活动中的服务时长不能超过 24 小时。"]}
        )
        self.assertFalse(Participation.objects.exists())
        rows = participations_record(
            actor=self.clerk_a, activity=self.activity, hours_by_person={self.wang: 2, self.li: "1.5"}
        )
        self.assertEqual(len(rows), 2)
        self.assertEqual(self.figures(), (2, Decimal("3.5"), True))
        self.assertEqual([history(row) for row in rows], [[Action.CREATE], [Action.CREATE]])


class ParticipationScopeTests(PersonasMixin, TestCase):
    def test_a_clerk_cannot_record_at_a_sibling_communitys_activity(self):
        person = make_person(self.community_a, "王芳")
        theirs = make_activity(self.community_b)
        with self.assertRaises(ValidationError) as caught:
            participation_record(actor=self.clerk_a, person=person, activity=theirs, hours=2)
        self.assertEqual(caught.exception.message_dict, {"activity": ["此活动不在您的管辖范围内。"]})
        self.assertFalse(Participation.objects.exists())

    def test_a_reviewer_without_the_add_permission_is_refused(self):
        person = make_person(self.community_a, "王芳")
        activity = make_activity(self.community_a)
        with self.assertRaises(ValidationError) as caught:
            participation_record(actor=self.reviewer, person=person, activity=activity, hours=2)
        self.assertEqual(caught.exception.messages, ["您没有修改志愿服务记录的权限。"])


class MembershipServiceTests(PersonasMixin, TestCase):
    def test_joining_and_leaving_keep_the_dates_and_history(self):
        team = make_team(self.community_a, "青年志愿服务队")
        person = make_person(self.community_a, "王芳")
        membership = membership_join(actor=self.clerk_a, team=team, person=person, joined_on=datetime.date(2020, 3, 1))
        membership_leave(actor=self.clerk_a, membership=membership, left_on=datetime.date(2021, 6, 30))
        membership.refresh_from_db()
        self.assertEqual(
            (membership.joined_on, membership.left_on), (datetime.date(2020, 3, 1), datetime.date(2021, 6, 30))
        )
        self.assertEqual(history(membership), [Action.CREATE, Action.UPDATE])
        # Having left, they may join again.
        again = membership_join(actor=self.clerk_a, team=team, person=person, joined_on=datetime.date(2022, 1, 1))
        self.assertEqual(TeamMembership.objects.filter(person=person).count(), 2)
        with self.assertRaises(ValidationError) as caught:
            membership_join(actor=self.clerk_a, team=team, person=person, joined_on=datetime.date(2022, 5, 1))
        self.assertEqual(caught.exception.message_dict, {"person": ["王芳已是青年志愿服务队的队员。"]})
        with self.assertRaises(ValidationError) as caught:
            membership_leave(actor=self.clerk_a, membership=again, left_on=datetime.date(2021, 1, 1))
        self.assertEqual(caught.exception.message_dict, {"left_on": ["离队日期不能早于入队日期。"]})

    def test_a_clerk_cannot_add_to_a_sibling_communitys_team(self):
        team = make_team(self.community_b)
        person = make_person(self.community_a)
        with self.assertRaises(ValidationError) as caught:
            membership_join(actor=self.clerk_a, team=team, person=person)
        self.assertEqual(caught.exception.message_dict, {"team": ["此志愿服务队不在您的管辖范围内。"]})
        self.assertFalse(TeamMembership.objects.exists())


class PersonMergeTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)
        cls.team = make_team(cls.community_a)

    def test_merging_moves_participation_and_memberships_and_keeps_history(self):
        keep = make_person(self.community_a, "王芳", phone="13812341234")
        duplicate = make_person(self.community_a, "王芳", id_number="11010519491231002X")
        both, only_dup = make_activity(self.community_a, status=Status.DRAFT), make_activity(self.community_a)
        Participation.objects.create(person=keep, activity=both, hours=2)
        dropped = Participation.objects.create(person=duplicate, activity=both, hours=3)
        moved = Participation.objects.create(person=duplicate, activity=only_dup, hours=4)
        membership = TeamMembership.objects.create(
            team=self.team, person=duplicate, joined_on=datetime.date(2020, 1, 1)
        )
        activities_recount_participation(activity_ids=[both.pk, only_dup.pk])
        self.assertEqual(Activity.objects.get(pk=both.pk).volunteers, 2)

        person_merge(actor=self.admin_a, keep=keep, duplicate=duplicate)

        self.assertFalse(Person.objects.filter(pk=duplicate.pk).exists())
        self.assertEqual(
            sorted(Participation.objects.filter(person=keep).values_list("activity_id", "hours")),
            sorted([(both.pk, Decimal("2.00")), (only_dup.pk, Decimal("4.00"))]),
        )
        self.assertEqual(TeamMembership.objects.get(pk=membership.pk).person, keep)
        keep.refresh_from_db()
        self.assertEqual((keep.phone, keep.id_number), ("13812341234", "11010519491231002X"))
        self.assertEqual(Activity.objects.get(pk=both.pk).volunteers, 1)  # recounted: the dropped record is gone
        self.assertEqual(history(moved), [Action.MERGE])
        self.assertEqual(history(dropped), [Action.DELETE])
        self.assertEqual(history(duplicate), [Action.DELETE])
        self.assertEqual(history(keep), [Action.MERGE])
        self.assertIn(f"#{duplicate.pk}", changes_of(keep).get(action=Action.MERGE).reason)

    def test_a_merge_that_would_drop_a_record_of_an_approved_activity_is_refused(self):
        keep, duplicate = make_person(self.community_a, "王芳"), make_person(self.community_a, "王芳")
        approved = make_activity(self.community_a, title="敬老院慰问")
        Participation.objects.create(person=keep, activity=approved, hours=2)
        Participation.objects.create(person=duplicate, activity=approved, hours=3)
        with self.assertRaises(ValidationError) as caught:
            person_merge(actor=self.admin_a, keep=keep, duplicate=duplicate)
        self.assertIn("敬老院慰问", caught.exception.message_dict["duplicate"][0])
        self.assertIn("已锁定", caught.exception.message_dict["duplicate"][0])
        self.assertTrue(Person.objects.filter(pk=duplicate.pk).exists())
        self.assertEqual(Participation.objects.filter(activity=approved).count(), 2)

    def test_merging_a_person_into_themselves_is_refused_and_changes_nothing(self):
        person = make_person(self.community_a, "王芳")
        changes = Change.objects.count()
        with self.assertRaises(ValidationError) as caught:
            person_merge(actor=self.admin_a, keep=person, duplicate=person)
        self.assertEqual(
            caught.exception.message_dict, {"duplicate": ["不能把人员合并到其本人；请选择两条不同的记录。"]}
        )
        self.assertTrue(Person.objects.filter(pk=person.pk).exists())
        self.assertEqual(Change.objects.count(), changes)

    def test_merging_across_the_scope_is_refused(self):
        keep = make_person(self.community_a, "王芳")
        duplicate = make_person(self.community_b, "王芳")
        with self.assertRaises(ValidationError) as caught:
            person_merge(actor=self.admin_a, keep=keep, duplicate=duplicate)
        self.assertEqual(caught.exception.message_dict, {"duplicate": ["此人员不在您的管辖范围内。"]})
        self.assertTrue(Person.objects.filter(pk=duplicate.pk).exists())

    def test_a_clerk_may_not_merge(self):
        keep, duplicate = make_person(self.community_a), make_person(self.community_a)
        with self.assertRaises(ValidationError):
            person_merge(actor=self.clerk_a, keep=keep, duplicate=duplicate)
        self.assertEqual(Person.objects.filter(pk__in=[keep.pk, duplicate.pk]).count(), 2)


class ApprovedActivityLockTests(PersonasMixin, TestCase):
    """An approved activity's participation changes only after a reviewer reopens it, on every service."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)
        cls.wang = make_person(cls.community_a, "王芳")
        cls.li = make_person(cls.community_a, "李强")

    def setUp(self):
        self.activity = make_activity(self.community_a, title="学雷锋志愿服务", volunteers=120, volunteer_hours=240)
        self.served = Participation.objects.create(person=self.li, activity=self.activity, hours=2)
        Activity.objects.filter(pk=self.activity.pk).update(volunteers=120, volunteer_hours=240)

    def assertLocked(self, call, field="activity"):
        before = (list(Participation.objects.values_list("pk", "person", "hours")), Change.objects.count())
        with self.assertRaises(ValidationError) as caught:
            call()
        message = caught.exception.message_dict[field][0]
        # Names the record and says who can reopen it.
        self.assertIn("学雷锋志愿服务", message)
        self.assertIn("2021-06-01", message)
        self.assertIn("审核员或管理者", message)
        self.assertEqual(
            (list(Participation.objects.values_list("pk", "person", "hours")), Change.objects.count()), before
        )
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((activity.status, activity.volunteers, activity.volunteer_hours), (Status.APPROVED, 120, 240))

    def test_recording_one_person_is_refused(self):
        self.assertLocked(
            lambda: participation_record(actor=self.clerk_a, person=self.wang, activity=self.activity, hours=2)
        )

    def test_recording_a_batch_is_refused(self):
        self.assertLocked(
            lambda: participations_record(actor=self.clerk_a, activity=self.activity, hours_by_person={self.wang: 2})
        )

    def test_correcting_hours_is_refused(self):
        self.assertLocked(lambda: participation_update(actor=self.admin_a, participation=self.served, hours=5))

    def test_moving_a_record_onto_an_approved_activity_is_refused(self):
        draft = make_activity(self.community_a, status=Status.DRAFT)
        elsewhere = Participation.objects.create(person=self.wang, activity=draft, hours=1)
        self.assertLocked(
            lambda: participation_update(actor=self.admin_a, participation=elsewhere, hours=1, activity=self.activity)
        )

    def test_deleting_is_refused(self):
        self.assertLocked(lambda: participation_delete(actor=self.admin_a, participation=self.served))

    def test_after_a_reopen_the_record_can_be_corrected(self):
        from activities.services import activity_reopen

        activity_reopen(
            actor=self.reviewer, activity=self.activity, expected_version=self.activity.version, reason="补录参与人员"
        )
        participation_record(actor=self.clerk_a, person=self.wang, activity=self.activity, hours=2)
        self.assertEqual(Activity.objects.get(pk=self.activity.pk).volunteers, 2)
        self.assertEqual(Change.objects.filter(action=Action.REOPEN, reason="补录参与人员").count(), 1)
