"""The activity form of the workspace: create a draft with indicators, edit it, refused when its state forbids."""

from django.test import TestCase
from django.urls import reverse

from activities import services
from activities.models import Activity, Indicator, IndicatorValue, Status
from history.models import Action
from history.services import history_of
from tests.factories import category, make_activity, make_region
from tests.personas import PersonasMixin

CREATE = reverse("workspace:create")


def edit(activity):
    return reverse("workspace:edit", args=[activity.pk])


class FormTestCase(PersonasMixin, TestCase):
    """An indicator to fill in, and the form's data: ``fields`` with ``changes`` (None leaves a field out)."""

    fields = {}

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")

    def data(self, **changes):
        data = {"date": "2025-06-01", "category": category().pk, "region": self.community_a.pk, **self.fields}
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}


class ActivityFormTests(FormTestCase):
    fields = {"title": "垃圾分类宣传", "volunteers": "8", "indicator_suggestions": "5"}

    def test_a_clerk_creates_a_draft_with_its_indicator_value_and_lands_on_its_page(self):
        self.client.force_login(self.clerk_a)
        form = self.client.get(CREATE).context["form"]
        self.assertEqual(form.initial["region"], self.community_a.pk)
        self.assertEqual([pk for pk, _ in form.fields["region"].choices if pk], [self.community_a.pk])
        response = self.client.post(CREATE, self.data())
        activity = Activity.objects.get(title="垃圾分类宣传")
        self.assertRedirects(response, reverse("workspace:detail", args=[activity.pk]))
        self.assertEqual((activity.status, activity.volunteers, activity.created_by), (Status.DRAFT, 8, self.clerk_a))
        self.assertEqual(IndicatorValue.objects.get(activity=activity).value, 5)
        self.assertEqual(history_of(activity).get().action, Action.CREATE)

    def test_a_region_outside_the_scope_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(CREATE, self.data(region=self.community_b.pk))
        self.assertEqual(response.status_code, 200)
        self.assertIn("region", response.context["form"].errors)
        self.assertFalse(Activity.objects.exists())

    def test_bad_figures_are_shown_beside_their_fields(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(CREATE, self.data(volunteers="-1", indicator_suggestions="abc", title=""))
        errors = response.context["form"].errors
        self.assertEqual(errors["title"], ["这个字段是必填项。"])
        self.assertEqual(errors["volunteers"], ["确保该值大于或等于0。"])
        self.assertEqual(errors["indicator_suggestions"], ["输入一个数字。"])
        self.assertFalse(Activity.objects.exists())

    def test_editing_a_returned_record_changes_its_figures_and_indicator_and_keeps_history(self):
        activity = make_activity(self.community_a, title="旧标题", status=Status.RETURNED, volunteers=3)
        IndicatorValue.objects.create(activity=activity, indicator=self.indicator, value=1)
        self.client.force_login(self.clerk_a)
        form = self.client.get(edit(activity)).context["form"]
        self.assertEqual(form["indicator_suggestions"].value(), 1)
        data = self.data(title="新标题", date="2021-06-01", volunteers="12", indicator_suggestions="")
        data["loaded_version"] = activity.version
        self.client.post(edit(activity), data)
        activity.refresh_from_db()
        self.assertEqual((activity.title, activity.volunteers, activity.status), ("新标题", 12, Status.RETURNED))
        self.assertFalse(IndicatorValue.objects.filter(activity=activity).exists())
        change = history_of(activity).first()
        self.assertEqual(change.action, Action.UPDATE)
        self.assertEqual(change.changes["volunteers"], [3, 12])

    def test_an_approved_record_opens_locked_and_a_post_changes_nothing(self):
        activity = make_activity(self.community_a, title="已通过", status=Status.APPROVED, volunteers=3)
        self.client.force_login(self.clerk_a)
        response = self.client.post(edit(activity), {**self.data(), "loaded_version": activity.version})
        self.assertContains(response, "已审核，其数据、指标和参与记录已锁定")
        activity.refresh_from_db()
        self.assertEqual((activity.title, activity.volunteers), ("已通过", 3))

    def test_saving_over_a_change_made_since_the_page_was_loaded_is_refused(self):
        activity = make_activity(self.community_a, title="原标题", status=Status.DRAFT)
        loaded = activity.version
        services.activity_update(
            actor=self.clerk_a, activity=activity, data={"title": "别人改的"}, expected_version=loaded
        )
        self.client.force_login(self.clerk_a)
        response = self.client.post(edit(activity), {**self.data(), "loaded_version": loaded})
        self.assertContains(response, "这条活动在此期间已被他人修改")
        self.assertEqual(Activity.objects.get(pk=activity.pk).title, "别人改的")

    def test_a_reviewer_without_the_add_permission_cannot_open_the_new_form(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(CREATE).status_code, 403)

    def test_a_region_deeper_in_the_scope_may_be_chosen(self):
        grid = make_region("一网格", self.community_a)
        self.client.force_login(self.clerk_a)
        self.client.post(CREATE, self.data(region=grid.pk))
        self.assertEqual(Activity.objects.get().region, grid)


class QualifierFormTests(FormTestCase):
    """The 余, 多, 约, 近 … beside each figure: chosen in the form, kept on the record, written on its page."""

    fields = {
        "title": "平安建设宣传走访",
        "participants": "8000",
        "qualifier_participants": "余",
        "people_served": "397636",
        "qualifier_people_served": "约",
        "households": "16",
        "indicator_suggestions": "50",
        "qualifier_indicator_suggestions": "多",
    }

    def record_page(self, activity):
        return self.client.get(reverse("workspace:detail", args=[activity.pk])).content.decode()

    def test_the_qualifiers_chosen_beside_the_figures_are_saved_and_shown_on_the_record(self):
        self.client.force_login(self.clerk_a)
        page = self.client.get(CREATE).content.decode()
        self.assertIn('name="qualifier_participants"', page)
        self.assertIn('name="qualifier_indicator_suggestions"', page)
        self.assertIn('<option value="余">余</option>', page)
        self.client.post(CREATE, self.data())
        activity = Activity.objects.get()
        self.assertEqual(activity.qualifier_map, {"participants": "余", "people_served": "约"})
        value = IndicatorValue.objects.get(activity=activity)
        self.assertEqual((value.value, value.qualifier), (50, "多"))
        page = self.record_page(activity)
        self.assertIn('<tr data-field="participants"><th>参与人次</th><td class="num">8000余</td>', page)
        self.assertIn('<td class="num">约397636</td>', page)
        self.assertIn('<tr data-field="households"><th>走访服务户数</th><td class="num">16</td>', page)
        self.assertIn('<tr data-indicator="suggestions"><th>意见建议</th><td class="num">50多</td>', page)

    def test_the_edit_form_shows_the_stored_qualifiers_and_saves_a_changed_one(self):
        self.client.force_login(self.clerk_a)
        self.client.post(CREATE, self.data())
        activity = Activity.objects.get()
        form = self.client.get(edit(activity)).context["form"]
        self.assertEqual(form["qualifier_participants"].value(), "余")
        self.assertEqual(form["qualifier_indicator_suggestions"].value(), "多")
        # 8000余 becomes 近8000, 约397636 becomes exact, the suggestions keep their 多 with a new figure.
        data = self.data(
            qualifier_participants="近",
            qualifier_people_served="",
            indicator_suggestions="60",
        )
        self.client.post(edit(activity), {**data, "loaded_version": activity.version})
        activity.refresh_from_db()
        self.assertEqual(activity.qualifier_map, {"participants": "近"})
        value = IndicatorValue.objects.get(activity=activity)
        self.assertEqual((value.value, value.qualifier), (60, "多"))
        page = self.record_page(activity)
        self.assertIn('<td class="num">近8000</td>', page)
        self.assertIn('<td class="num">397636</td>', page)
        self.assertIn('<td class="num">60多</td>', page)
        # The history tells of the change.
        change = history_of(activity).first()
        self.assertEqual(change.changes["qualifiers"], ["participants=余;people_served=约", "participants=近"])

    def test_a_qualifier_without_a_figure_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(CREATE, self.data(volunteers="", qualifier_volunteers="余"))
        self.assertEqual(
            response.context["form"].errors["qualifier_volunteers"],
            ["约数需要填写在数字旁：请填写数字，或选择“准确”。"],
        )
        self.assertFalse(Activity.objects.exists())

    def test_an_unknown_qualifier_is_refused(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(CREATE, self.data(qualifier_participants="好几"))
        self.assertIn("qualifier_participants", response.context["form"].errors)
        self.assertFalse(Activity.objects.exists())
