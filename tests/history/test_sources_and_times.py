"""History says where a change came from on every path, shows times on the local clock, names records without ids."""

import datetime
import io

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities.models import Activity, Participation, Status
from activities.services import activity_submit
from history.display import describe
from history.models import Change, Source
from history.services import history_of
from tests.factories import category, make_activity, make_person
from tests.personas import PersonasMixin, make_user


def sources(obj):
    return [(c.action, c.source) for c in history_of(obj).order_by("at", "id")]


class HistorySourceTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.owner = make_user("owner_a", SYSTEM_ADMINISTRATOR, cls.community_a)

    def test_a_participation_added_in_the_admin_form_says_admin_site_and_its_message_names_no_ids(self):
        activity = make_activity(self.community_a, title="入户走访", status=Status.DRAFT)
        person = make_person(self.community_a, "刘洋")
        self.client.force_login(self.owner)
        response = self.client.post(
            reverse("admin:activities_participation_add"), {"person": person.pk, "activity": activity.pk, "hours": "2"}
        )
        self.assertEqual(response.status_code, 302)
        participation = Participation.objects.get()
        self.assertEqual(sources(participation), [("create", Source.ADMIN)])
        # The activity's recount (its volunteer figures now come from the records) is the same admin save.
        self.assertEqual(sources(activity), [("update", Source.ADMIN)])
        page = self.client.get(reverse("admin:activities_participation_history", args=[participation.pk]))
        self.assertContains(page, "管理后台")
        self.assertNotContains(page, "命令行")
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("刘洋 · 2021-06-01 入户走访 · 2小时", message)
        self.assertNotIn(f"· {activity.pk} ·", message)
        self.assertEqual(history_of(participation).get().object_repr, "刘洋 · 2021-06-01 入户走访 · 2小时")

    def test_an_admin_bulk_action_says_bulk_action(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        self.client.force_login(self.clerk_a)
        self.client.post(
            reverse("admin:activities_activity_changelist"),
            {"action": "submit_for_review", ACTION_CHECKBOX_NAME: [activity.pk]},
        )
        self.assertEqual(sources(activity), [("submit", Source.BULK)])

    def test_the_staff_sites_form_says_form(self):
        self.client.force_login(self.clerk_a)
        data = {"title": "垃圾分类宣传", "date": "2025-06-01", "category": category().pk, "region": self.community_a.pk}
        self.client.post(reverse("workspace:create"), data)
        self.assertEqual(sources(Activity.objects.get(title="垃圾分类宣传")), [("create", Source.FORM)])

    def test_a_command_says_command(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        Participation.objects.create(activity=activity, person=make_person(self.community_a), hours=3)
        call_command("recount_participation", stdout=io.StringIO())
        self.assertEqual(sources(activity), [("update", Source.COMMAND)])


class HistoryTimeTests(PersonasMixin, TestCase):
    def test_a_changed_time_is_shown_on_the_local_clock_not_as_a_utc_stamp(self):
        activity = make_activity(self.community_a, status=Status.DRAFT)
        activity_submit(actor=self.clerk_a, activity=activity, expected_version=1)
        change = history_of(activity).first()
        change.changes = {"submitted_at": [None, "2026-11-28T20:38:11.018578+00:00"]}
        [entry] = describe([change], Activity, show_personal_data=False)
        self.assertEqual(entry.fields[0].new, "2026-11-29 04:38:11")  # Asia/Shanghai is UTC+8

    def test_the_admin_history_page_shows_no_iso_stamp(self):
        root = make_user("root", None, is_superuser=True)
        activity = make_activity(self.community_a, status=Status.DRAFT)
        Change.objects.create(
            content_type=ContentType.objects.get_for_model(Activity),
            object_id=activity.pk,
            object_repr=str(activity),
            action="update",
            at=datetime.datetime(2026, 11, 28, 20, 38, 11, tzinfo=datetime.UTC),
            changes={"reviewed_at": ["2026-11-28T20:38:11.018578+00:00", None]},
        )
        self.client.force_login(root)
        page = self.client.get(reverse("admin:activities_activity_history", args=[activity.pk])).content.decode()
        self.assertIn("2026-11-29 04:38:11", page)
        self.assertNotIn("+00:00", page)
