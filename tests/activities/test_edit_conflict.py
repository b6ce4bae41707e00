"""Two people editing the same activity: the second save is refused with what changed, and nothing is overwritten."""

from unittest import mock

from django.test import Client, TestCase
from django.urls import reverse

from accounts.roles import CLERK
from activities import services
from activities.models import Activity, Status
from history.models import Action
from history.services import history_of
from tests.factories import make_activity
from tests.personas import PersonasMixin, make_user


class EditConflictTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clerk_a2 = make_user("clerk_a2", CLERK, cls.community_a, first_name="王五")
        cls.activity = make_activity(cls.community_a, title="植树活动", status=Status.DRAFT, volunteers=10)

    def setUp(self):
        self.url = reverse("admin:activities_activity_change", args=[self.activity.pk])
        self.first, self.second = Client(), Client()
        self.first.force_login(self.clerk_a2)
        self.second.force_login(self.clerk_a)

    def loaded_form(self, client):
        """The change form's data as the page offers it to ``client``, ready to post back."""
        form = client.get(self.url).context["adminform"].form
        data = {name: form[name].value() for name in ["title", "category", "date", "region", "volunteers"]}
        data.update({"loaded_version": form["loaded_version"].value()})
        data.update({"indicator_values-TOTAL_FORMS": 0, "indicator_values-INITIAL_FORMS": 0})
        return {name: "" if value is None else value for name, value in data.items()}

    def test_the_second_of_two_editors_is_told_what_changed_and_overwrites_nothing(self):
        theirs, mine = self.loaded_form(self.first), self.loaded_form(self.second)
        self.assertEqual((theirs["loaded_version"], mine["loaded_version"]), (1, 1))
        response = self.first.post(self.url, {**theirs, "title": "植树护绿活动", "volunteers": 12})
        self.assertEqual(response.status_code, 302)

        response = self.second.post(self.url, {**mine, "volunteers": 15})
        self.assertEqual(response.status_code, 200)
        errors = list(response.context["adminform"].form.non_field_errors())
        self.assertRegex(
            errors[0], r"^在您打开此页面之后，王五 于 \d{4}-\d\d-\d\d \d\d:\d\d 修改了这条活动记录。您的修改未保存。$"
        )
        self.assertEqual(
            errors[1:],
            [
                "标题：您填写的是“植树活动”，当前为“植树护绿活动”",
                "志愿者人次：您填写的是“15”，当前为“12”",
                "请刷新页面查看当前记录，再重新修改。",
            ],
        )
        stored = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((stored.title, stored.volunteers, stored.version), ("植树护绿活动", 12, 2))
        self.assertEqual([c.action for c in history_of(stored)], [Action.UPDATE])

    def test_after_reloading_the_second_editor_saves_on_top_of_the_first(self):
        self.first.post(self.url, {**self.loaded_form(self.first), "title": "植树护绿活动"})
        response = self.second.post(self.url, {**self.loaded_form(self.second), "volunteers": 15})
        self.assertEqual(response.status_code, 302)
        stored = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((stored.title, stored.volunteers, stored.version), ("植树护绿活动", 15, 3))

    def test_a_save_without_the_loaded_version_is_refused(self):
        data = self.loaded_form(self.second)
        del data["loaded_version"]
        response = self.second.post(self.url, {**data, "title": "改过"})
        self.assertEqual(
            response.context["adminform"].form.errors["loaded_version"], ["此页面已过期，请刷新后重新填写您的修改。"]
        )
        self.assertEqual(Activity.objects.get(pk=self.activity.pk).title, "植树活动")

    def test_a_save_that_loses_the_race_after_its_check_is_rolled_back_whole(self):
        # Both saves passed the form's version check; the other one's UPDATE came first.
        data = {
            **self.loaded_form(self.second),
            "title": "改过",
            "indicator_values-TOTAL_FORMS": 0,
        }
        services.activity_update(
            actor=self.clerk_a2, activity=self.activity, data={"volunteers": 11}, expected_version=1
        )
        with mock.patch("activities.admin.ActivityAdminForm.clean", lambda form: form.cleaned_data):
            response = self.second.post(self.url, data)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        messages = [str(m) for m in self.second.get(self.url).context["messages"]]
        self.assertEqual(messages, ["这条活动在此期间已被他人修改。请重新加载后再试。"])
        stored = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((stored.title, stored.volunteers, stored.version), ("植树活动", 11, 2))
        self.assertEqual(len(history_of(stored)), 1)

    def test_the_service_lets_exactly_one_of_two_saves_on_the_same_version_through(self):
        services.activity_update(
            actor=self.clerk_a, activity=self.activity, data={"title": "甲的标题"}, expected_version=1
        )
        with self.assertRaises(services.ConflictError):
            services.activity_update(
                actor=self.clerk_a2, activity=self.activity, data={"title": "乙的标题"}, expected_version=1
            )
        stored = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((stored.title, stored.version), ("甲的标题", 2))

    def test_a_review_decided_on_the_page_before_an_edit_conflicts(self):
        activity = make_activity(self.community_a, status=Status.SUBMITTED)
        services.activity_update(actor=self.reviewer, activity=activity, data={"volunteers": 3}, expected_version=1)
        with self.assertRaises(services.ConflictError):
            services.activity_approve(actor=self.reviewer, activity=activity, expected_version=1)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)
