"""A record's page and its buttons: each workflow step taken, or refused in the wrong state with the reason."""

import datetime

from django.test import TestCase
from django.urls import reverse

from activities import services
from activities.models import Activity, Indicator, IndicatorValue, Status
from history.models import Action
from history.services import history_of
from tests.factories import make_activity, make_participation, make_person
from tests.personas import PersonasMixin


def detail(activity):
    return reverse("workspace:detail", args=[activity.pk])


def step(activity, name):
    return reverse("workspace:step", args=[activity.pk, name])


class RecordPageTests(PersonasMixin, TestCase):
    def messages(self, response):
        return [str(m) for m in response.wsgi_request._messages]

    def status(self, activity):
        return Activity.objects.get(pk=activity.pk).status

    def submitted_by_a(self, **fields):
        activity = make_activity(self.community_a, title="重阳节敬老", status=Status.DRAFT, **fields)
        return services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)

    def test_a_sibling_clerk_gets_a_404_for_the_page_the_form_and_every_button(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(detail(activity)).status_code, 404)
        self.assertEqual(self.client.get(reverse("workspace:edit", args=[activity.pk])).status_code, 404)
        response = self.client.post(step(activity, "submit"), {"version": activity.version})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.status(activity), Status.DRAFT)

    def test_the_page_shows_figures_indicators_participation_and_history_in_local_time(self):
        indicator = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
        activity = make_activity(self.community_a, title="议事会", status=Status.DRAFT, sessions=2, volunteers=7)
        IndicatorValue.objects.create(activity=activity, indicator=indicator, value=12)
        make_participation(make_person(self.community_a, "王芳"), activity, 3)
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        change = history_of(activity).get()
        change.at = datetime.datetime(2025, 5, 1, 1, 30, tzinfo=datetime.UTC)
        change.save()
        self.client.force_login(self.clerk_a)
        response = self.client.get(detail(activity))
        self.assertContains(response, '<tr data-field="sessions"><th>场次</th><td class="num">2</td>')
        self.assertContains(response, '<tr data-indicator="suggestions"><th>意见建议</th><td class="num">12</td>')
        self.assertContains(response, "王芳 · 3 小时")
        self.assertContains(response, reverse("volunteering:activity_participation", args=[activity.pk]))
        # 01:30 UTC is 09:30 in Beijing.
        self.assertContains(response, "<strong>2025-05-01 09:30</strong> 提交审核")
        self.assertContains(response, "西站东社区")

    def test_a_clerk_sees_edit_and_submit_on_a_draft_and_submits_it(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        self.client.force_login(self.clerk_a)
        response = self.client.get(detail(activity))
        self.assertEqual(response.context["steps"], ["submit"])
        self.assertTrue(response.context["may_edit"])
        response = self.client.post(step(activity, "submit"), {"version": activity.version})
        self.assertRedirects(response, detail(activity))
        self.assertEqual(self.status(activity), Status.SUBMITTED)
        self.assertEqual(history_of(activity).first().action, Action.SUBMIT)

    def test_the_clerk_who_submitted_withdraws_before_review_and_it_is_a_draft_again(self):
        activity = self.submitted_by_a()
        self.client.force_login(self.clerk_a)
        response = self.client.get(detail(activity))
        self.assertEqual(response.context["steps"], ["withdraw"])
        self.assertFalse(response.context["may_edit"])
        self.client.post(step(activity, "withdraw"), {"version": activity.version})
        self.assertEqual(self.status(activity), Status.DRAFT)
        self.assertEqual(history_of(activity).first().action, Action.WITHDRAW)

    def test_withdrawing_a_reviewed_record_is_refused_with_the_reason(self):
        activity = self.submitted_by_a()
        services.activity_approve(actor=self.reviewer, activity=activity, expected_version=activity.version)
        self.client.force_login(self.clerk_a)
        response = self.client.post(step(activity, "withdraw"), {"version": activity.version}, follow=True)
        self.assertEqual(self.messages(response), ["只有已提交且尚未审核的活动可以撤回。"])
        self.assertEqual(self.status(activity), Status.APPROVED)

    def test_a_clerk_cannot_approve_and_is_told_so(self):
        activity = self.submitted_by_a()
        self.client.force_login(self.clerk_a)
        response = self.client.post(step(activity, "approve"), {"version": activity.version}, follow=True)
        self.assertEqual(self.messages(response), ["您没有审核活动的权限。"])
        self.assertEqual(self.status(activity), Status.SUBMITTED)

    def test_submitting_an_approved_record_is_refused_with_the_reason(self):
        activity = make_activity(self.community_a, status=Status.APPROVED)
        self.client.force_login(self.clerk_a)
        response = self.client.post(step(activity, "submit"), {"version": activity.version}, follow=True)
        self.assertEqual(self.messages(response), ["只有草稿和已退回的活动可以提交审核。"])

    def test_the_reviewer_approves_returns_with_a_reason_and_reopens(self):
        activity = self.submitted_by_a()
        self.client.force_login(self.reviewer)
        response = self.client.get(detail(activity))
        self.assertEqual(response.context["steps"], ["approve", "return"])
        response = self.client.post(
            step(activity, "return"), {"version": activity.version, "reason": "  "}, follow=True
        )
        self.assertEqual(self.messages(response), ["请填写退回原因，让录入员知道要更正什么。"])
        self.assertEqual(self.status(activity), Status.SUBMITTED)
        self.client.post(step(activity, "return"), {"version": activity.version, "reason": "缺签到表"})
        activity.refresh_from_db()
        self.assertEqual((activity.status, activity.return_reason), (Status.RETURNED, "缺签到表"))
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        self.client.post(step(activity, "approve"), {"version": activity.version})
        activity.refresh_from_db()
        self.assertEqual(activity.status, Status.APPROVED)
        response = self.client.get(detail(activity))
        self.assertEqual(response.context["steps"], ["reopen"])
        data = {"version": activity.version, "common_reason": "2", "reason": "人数有误"}
        self.client.post(step(activity, "reopen"), data)
        activity.refresh_from_db()
        self.assertEqual(
            (activity.status, activity.return_reason), (Status.RETURNED, "志愿服务时长有误，请核对。 人数有误")
        )
        self.assertEqual(history_of(activity).first().reason, "志愿服务时长有误，请核对。 人数有误")

    def test_a_step_on_a_page_loaded_before_someone_else_acted_conflicts(self):
        activity = self.submitted_by_a()
        stale = activity.version
        services.activity_withdraw(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        self.client.force_login(self.reviewer)
        response = self.client.post(step(activity, "approve"), {"version": stale}, follow=True)
        self.assertEqual(self.messages(response), ["这条活动在此期间已被他人修改。请重新加载后再试。"])
        self.assertEqual(self.status(activity), Status.SUBMITTED)

    def test_an_unknown_step_is_a_404(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        self.client.force_login(self.clerk_a)
        self.assertEqual(self.client.post(step(activity, "delete"), {"version": 1}).status_code, 404)
