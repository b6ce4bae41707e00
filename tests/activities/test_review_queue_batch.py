"""The review queue without clicking around: figures, changes since the last return, approving several, reasons."""

from django.test import TestCase
from django.urls import reverse

from activities import services
from activities.models import Activity, Indicator, IndicatorValue, Status
from tests.factories import make_activity
from tests.personas import PersonasMixin

QUEUE = reverse("activities:queue")
APPROVE_MANY = reverse("activities:approve_many")


class QueueReviewTests(PersonasMixin, TestCase):
    def submitted(self, region=None, **fields):
        activity = make_activity(region or self.community_a, status=Status.DRAFT, **fields)
        return services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)

    def messages(self, response):
        return [str(m) for m in response.wsgi_request._messages]

    def row(self, response, activity):
        return next(a for a in response.context["page"] if a.pk == activity.pk)

    def test_each_row_shows_its_figures_and_indicator_values(self):
        indicator = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
        activity = self.submitted(title="议事会", sessions=2, volunteer_hours="10.5")
        IndicatorValue.objects.create(activity=activity, indicator=indicator, value=4)
        self.client.force_login(self.reviewer)
        response = self.client.get(QUEUE)
        figures = [(str(label), str(value)) for label, value in self.row(response, activity).figures]
        self.assertEqual(figures, [("场次", "2"), ("志愿服务时长", "10.5"), ("意见建议", "4.00")])
        self.assertContains(response, "意见建议 <strong>4</strong>")

    def test_a_resubmitted_record_shows_what_changed_since_it_was_returned(self):
        activity = self.submitted(title="敬老活动", volunteers=12)
        # A reviewer may correct a submitted record before deciding; that is before the return, so not shown.
        services.activity_update(
            actor=self.reviewer, activity=activity, data={"location": "活动室"}, expected_version=2
        )
        services.activity_return(actor=self.reviewer, activity=activity, expected_version=3, reason="人数不对")
        services.activity_update(actor=self.clerk_a, activity=activity, data={"volunteers": 14}, expected_version=4)
        services.activity_update(actor=self.clerk_a, activity=activity, data={"volunteers": 15}, expected_version=5)
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=6)
        never_returned = self.submitted(title="新记录")
        self.client.force_login(self.reviewer)
        response = self.client.get(QUEUE)
        changes = [(c.label, c.old, c.new) for c in self.row(response, activity).changes_since_return]
        # The location was changed before the return: not shown. Volunteers: the value at the return, and now.
        self.assertEqual(changes, [("志愿者人次", "12", "15")])
        self.assertEqual(self.row(response, never_returned).changes_since_return, [])
        self.assertContains(response, "志愿者人次：12 → 15")

    def test_a_reviewer_approves_several_at_once_and_a_stale_one_is_skipped_with_the_reason(self):
        first, second, stale = (self.submitted(title=t) for t in ("甲", "乙", "丙"))
        self.client.force_login(self.reviewer)
        data = {
            "activity": [first.pk, second.pk, stale.pk],
            f"version_{first.pk}": first.version,
            f"version_{second.pk}": second.version,
            f"version_{stale.pk}": stale.version - 1,
        }
        response = self.client.post(APPROVE_MANY, data)
        self.assertRedirects(response, QUEUE)
        statuses = dict(Activity.objects.values_list("title", "status"))
        self.assertEqual(statuses, {"甲": Status.APPROVED, "乙": Status.APPROVED, "丙": Status.SUBMITTED})
        self.assertEqual(
            self.messages(response),
            ["2 条记录已审核通过。", f"“{stale}”未通过审核：这条活动在此期间已被他人修改。请重新加载后再试。"],
        )

    def test_approving_several_with_one_outside_the_scope_approves_none(self):
        mine = self.submitted(title="本区")
        elsewhere = make_activity(self.other_district, title="别区", status=Status.SUBMITTED)
        self.client.force_login(self.reviewer)
        response = self.client.post(APPROVE_MANY, {"activity": [mine.pk, elsewhere.pk]})
        self.assertEqual(self.messages(response), ["所勾选的记录中有不在您管辖区域内的。"])
        self.assertEqual(set(Activity.objects.values_list("status", flat=True)), {Status.SUBMITTED})

    def test_approving_with_nothing_ticked_says_so(self):
        self.client.force_login(self.reviewer)
        response = self.client.post(APPROVE_MANY, {})
        self.assertEqual(self.messages(response), ["请至少勾选一条记录。"])

    def test_a_clerk_may_not_approve_several(self):
        activity = self.submitted()
        self.client.force_login(self.clerk_a)
        self.assertEqual(self.client.post(APPROVE_MANY, {"activity": [activity.pk]}).status_code, 403)

    def test_a_return_takes_a_common_reason_with_or_without_words_of_ones_own(self):
        picked, both = self.submitted(title="一"), self.submitted(title="二")
        self.client.force_login(self.reviewer)
        url = reverse("activities:return", args=[picked.pk])
        self.client.post(url, {"version": picked.version, "common_reason": "0"})
        url = reverse("activities:return", args=[both.pk])
        self.client.post(url, {"version": both.version, "common_reason": "1", "reason": "少了3人"})
        picked.refresh_from_db()
        both.refresh_from_db()
        self.assertEqual(picked.return_reason, "缺少佐证材料（照片、签到表或会议记录），请补充。")
        self.assertEqual(both.return_reason, "志愿者人数与签到表不符，请核对。 少了3人")
        self.assertEqual((picked.status, both.status), (Status.RETURNED, Status.RETURNED))

    def test_a_return_with_neither_a_common_reason_nor_words_is_refused(self):
        activity = self.submitted()
        self.client.force_login(self.reviewer)
        response = self.client.post(reverse("activities:return", args=[activity.pk]), {"version": activity.version})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["reason"], ["请填写退回原因，让录入员知道要更正什么。"])
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)
