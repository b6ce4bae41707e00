"""History in the admin: every save, delete, bulk action and workflow step leaves a row,
and each record's history page shows them, newest first, scoped and masked."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities import services
from activities.models import Activity, Category, Indicator, IndicatorValue, Status
from history.models import Action, Change, Source
from history.services import history_of
from tests.factories import make_activity, make_person, make_region, make_team
from tests.personas import PersonasMixin, make_user
from volunteers.models import Team

ACTIVITIES = reverse("admin:activities_activity_changelist")


def rows(obj):
    return [(c.action, c.source, c.actor and c.actor.username, c.changes, c.reason) for c in history_of(obj)]


class AdminHistoryTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(code="suggestions", name="意见建议", unit="条")
        cls.owner_a = make_user("owner_a", SYSTEM_ADMINISTRATOR, cls.community_a)

    def activity_form(self, activity, **changes):
        data = {
            "title": activity.title,
            "category": activity.category_id,
            "date": activity.date.isoformat(),
            "region": activity.region_id,
            "loaded_version": activity.version,
            "indicator_values-TOTAL_FORMS": 0,
            "indicator_values-INITIAL_FORMS": 0,
        }
        return {**data, **changes}

    def test_an_admin_edit_writes_one_row_with_the_fields_and_indicator_values_it_changed(self):
        activity = make_activity(self.community_a, title="旧标题", status=Status.DRAFT, volunteers=3)
        self.client.force_login(self.clerk_a)
        form = self.activity_form(
            activity,
            title="新标题",
            volunteers=5,
            **{
                "indicator_values-TOTAL_FORMS": 1,
                "indicator_values-0-indicator": self.indicator.pk,
                "indicator_values-0-value": "12",
            },
        )
        response = self.client.post(reverse("admin:activities_activity_change", args=[activity.pk]), form)
        self.assertRedirects(response, ACTIVITIES)
        self.assertEqual(
            rows(activity),
            [
                (
                    Action.UPDATE,
                    Source.ADMIN,
                    "clerk_a",
                    {"title": ["旧标题", "新标题"], "volunteers": [3, 5], "indicator:suggestions": [None, "12"]},
                    "",
                )
            ],
        )
        self.assertEqual(IndicatorValue.objects.get(activity=activity).value, 12)
        self.assertEqual(Activity.objects.get(pk=activity.pk).version, 2)

    def test_an_activity_added_in_the_admin_has_a_created_row(self):
        self.client.force_login(self.clerk_a)
        activity = make_activity(self.community_a, status=Status.DRAFT)  # only for the form's defaults
        form = self.activity_form(activity, title="新增的活动")
        del form["loaded_version"]
        response = self.client.post(reverse("admin:activities_activity_add"), form)
        self.assertRedirects(response, ACTIVITIES)
        added = Activity.objects.get(title="新增的活动")
        [(action, source, actor, changes, _reason)] = rows(added)
        self.assertEqual((action, source, actor), (Action.CREATE, Source.ADMIN, "clerk_a"))
        self.assertEqual(changes["title"], [None, "新增的活动"])
        self.assertEqual(changes["region"], [None, self.community_a.pk])
        self.assertEqual((added.created_by, added.status), (self.clerk_a, Status.DRAFT))

    def test_a_bulk_approval_writes_one_bulk_row_per_record(self):
        first, second = (make_activity(self.community_a, status=Status.SUBMITTED) for _ in range(2))
        self.client.force_login(self.reviewer)
        self.client.post(
            ACTIVITIES,
            {
                "action": "approve",
                "post": "yes",
                ACTION_CHECKBOX_NAME: [first.pk, second.pk],
                "seen_version": [f"{a.pk}:{a.version}" for a in (first, second)],
            },
        )
        for activity in (first, second):
            self.assertEqual(
                rows(activity),
                [(Action.APPROVE, Source.BULK, "reviewer", {"status": ["submitted", "approved"]}, "")],
            )

    def test_a_workflow_step_writes_its_row_with_the_reason(self):
        activity = make_activity(self.community_a, status=Status.SUBMITTED)
        services.activity_return(actor=self.reviewer, activity=activity, expected_version=1, reason="人数有误")
        self.assertEqual(
            rows(activity),
            [
                (
                    Action.RETURN,
                    Source.FORM,  # a service called outside the admin: a person's form
                    "reviewer",
                    {"status": ["submitted", "returned"], "return_reason": ["", "人数有误"]},
                    "人数有误",
                )
            ],
        )

    def test_deleting_in_the_admin_keeps_the_deleted_values_in_history(self):
        team = make_team(self.community_a, "甲志愿服务队")
        self.client.force_login(self.owner_a)
        response = self.client.post(reverse("admin:volunteers_team_delete", args=[team.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Team.objects.filter(pk=team.pk).exists())
        change = Change.objects.get(object_id=team.pk, content_type__model="team")
        self.assertEqual((change.action, change.source, change.actor), (Action.DELETE, Source.ADMIN, self.owner_a))
        self.assertEqual(change.changes["name"], ["甲志愿服务队", None])

    def test_the_delete_selected_action_writes_a_bulk_row_per_record(self):
        teams = [make_team(self.community_a, f"队{n}") for n in range(3)]
        self.client.force_login(self.owner_a)
        self.client.post(
            reverse("admin:volunteers_team_changelist"),
            {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [t.pk for t in teams]},
        )
        deleted = Change.objects.filter(content_type__model="team", action=Action.DELETE, source=Source.BULK)
        self.assertEqual(sorted(deleted.values_list("object_id", flat=True)), [t.pk for t in teams])

    def test_an_edit_of_a_shared_list_is_recorded_too(self):
        category = Category.objects.create(code="cat_x", name="类别甲")
        admin = make_user("root", None, is_superuser=True)
        self.client.force_login(admin)
        self.client.post(
            reverse("admin:activities_category_change", args=[category.pk]),
            {"code": "cat_x", "name": "类别乙", "sort_order": 100, "is_active": "on"},
        )
        self.assertEqual(rows(category), [(Action.UPDATE, Source.ADMIN, "root", {"name": ["类别甲", "类别乙"]}, "")])

    def test_a_region_moved_in_the_admin_records_its_new_parent(self):
        grid = make_region("一网格", self.community_a)
        self.client.force_login(self.owner_a)
        Change.objects.all().delete()
        # The owner's scope is community A: a grid moves under another grid of it.
        target = make_region("二网格", self.community_a)
        self.client.post(
            reverse("admin:communities_region_change", args=[grid.pk]),
            {"code": grid.code, "name": "一网格", "level": grid.level, "parent": target.pk},
        )
        [(action, source, actor, changes, _reason)] = rows(grid)
        self.assertEqual((action, actor), (Action.UPDATE, "owner_a"))
        self.assertEqual(changes["parent"], [self.community_a.pk, target.pk])
        self.assertEqual(changes["full_name"][1], "中原区/桐柏路街道/西站东社区/二网格/一网格")


class HistoryPageTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = make_person(cls.community_a, "李四", phone="13812345678", id_number="")
        cls.admin = make_user("root", None, is_superuser=True)
        cls.other = make_region("西站东社区二网格", cls.community_a)

    def history_url(self, obj):
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])

    def edit_person(self, **changes):
        self.client.force_login(self.admin)
        data = {"name": "李四", "phone": "13812345678", "id_number": "", "gender": "", "political_status": "masses"}
        data.update({"region": self.community_a.pk, "work_unit": "", "reporting_community": "", "reported_on": ""})
        response = self.client.post(
            reverse("admin:volunteers_person_change", args=[self.person.pk]), {**data, **changes}
        )
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["adminform"].form.errors
        )

    def test_a_clerk_sees_phone_and_id_numbers_masked_in_history(self):
        self.edit_person(phone="13900001111", id_number="11010519491231002X", region=self.other.pk)
        self.client.force_login(self.clerk_a)
        page = self.client.get(self.history_url(self.person))
        text = page.content.decode()
        self.assertIn("138****5678", text)
        self.assertIn("139****1111", text)
        self.assertIn("110105********002X", text)
        self.assertNotIn("13900001111", text)
        self.assertNotIn("11010519491231002X", text)
        # A region is named, not numbered.
        self.assertIn("中原区/桐柏路街道/西站东社区/西站东社区二网格", text)

    def test_a_user_with_the_personal_data_permission_sees_the_numbers(self):
        self.edit_person(phone="13900001111")
        self.clerk_a.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
        self.client.force_login(self.clerk_a)
        page = self.client.get(self.history_url(self.person))
        self.assertContains(page, "13812345678")
        self.assertContains(page, "13900001111")

    def test_the_history_page_lists_newest_first_with_who_action_source_and_reason(self):
        activity = make_activity(self.community_a, title="国庆活动", status=Status.DRAFT)
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=1)
        services.activity_return(actor=self.reviewer, activity=activity, expected_version=2, reason="请补充人数")
        self.client.force_login(self.clerk_a)
        page = self.client.get(self.history_url(activity))
        entries = page.context["entries"]
        self.assertEqual(
            [(e.change.action, e.change.actor.username) for e in entries],
            [(Action.RETURN, "reviewer"), (Action.SUBMIT, "clerk_a")],
        )
        self.assertEqual(
            [(f.label, f.old, f.new) for f in entries[0].fields],
            [("状态", "已提交", "已退回"), ("退回原因", "—", "请补充人数")],
        )
        self.assertContains(page, "请补充人数")
        self.assertContains(page, "表单")

    def test_the_sibling_clerk_gets_a_404_for_a_records_history(self):
        self.client.force_login(self.clerk_b)
        self.assertEqual(self.client.get(self.history_url(self.person)).status_code, 404)

    def test_the_history_page_costs_the_same_queries_for_one_row_or_many(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        self.client.force_login(self.clerk_a)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.history_url(activity)).status_code, 200)
            return len(queries)

        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=1)
        one = count()
        services.activity_return(actor=self.reviewer, activity=activity, expected_version=2, reason="一")
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=3)
        self.assertEqual(count(), one)
        # session, user, scope regions, the activity, the user's and the groups' permissions,
        # the history COUNT, the page of rows with their actors, and the idle-timeout
        # session refresh (savepoint, UPDATE, release).
        self.assertEqual(one, 11)
