"""``manage.py users``: a district provisions its clerks with a role, regions and a one-time set-password link."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.models import ScopeAssignment
from accounts.roles import CLERK, REVIEWER, SYSTEM_ADMINISTRATOR
from history.models import Action, Change
from tests.personas import PersonasMixin, log_in, make_user

User = get_user_model()


def users(*args, **options):
    out = StringIO()
    call_command("users", *args, stdout=out, **options)
    return out.getvalue()


class UsersCommandTests(PersonasMixin, TestCase):
    def regions_of(self, username):
        return sorted(ScopeAssignment.objects.filter(user__username=username).values_list("region__name", flat=True))

    def test_the_operator_adds_a_clerk_who_sets_their_own_password_with_the_link(self):
        output = users(
            "add", "wang_clerk", name="王芳", role=CLERK, region=[self.community_a.code], base_url="https://ledger.test"
        )
        clerk = User.objects.get(username="wang_clerk")
        self.assertEqual((clerk.first_name, clerk.is_staff, clerk.is_active), ("王芳", True, True))
        self.assertFalse(clerk.has_usable_password())
        self.assertEqual(list(clerk.groups.values_list("name", flat=True)), [CLERK])
        self.assertEqual(self.regions_of("wang_clerk"), ["西站东社区"])
        link = re.search(r"https://ledger\.test(/password/set/\S+)", output).group(1)

        # The link asks for a new password once, then works no more.
        response = self.client.get(link, follow=True)
        form_url = response.redirect_chain[-1][0]
        response = self.client.post(
            form_url, {"new_password1": "a long new secret 42", "new_password2": "a long new secret 42"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(log_in(self.client, "wang_clerk", "a long new secret 42"))
        self.client.logout()
        self.assertContains(self.client.get(link, follow=True), "链接无效")

    def test_history_keeps_who_and_what_but_never_the_password(self):
        users("add", "li_reviewer", name="李强", role=REVIEWER, region=[self.subdistrict.full_name])
        user = User.objects.get(username="li_reviewer")
        change = Change.objects.get(content_type=ContentType.objects.get_for_model(User), object_id=user.pk)
        self.assertEqual(change.action, Action.CREATE)
        self.assertEqual(change.changes["groups"], [None, [REVIEWER]])
        self.assertEqual(change.changes["regions"], [None, ["中原区/桐柏路街道"]])
        self.assertNotIn("password", change.changes)

    def test_adding_again_replaces_role_and_regions_and_keeps_the_password(self):
        users("add", "zhao", name="赵敏", role=CLERK, region=[self.community_a.code])
        user = User.objects.get(username="zhao")
        user.set_password("kept secret 1234")
        user.save()
        output = users("add", "zhao", name="赵敏", role=REVIEWER, region=[self.community_b.code])
        self.assertIn("密码未变", output)
        user.refresh_from_db()
        self.assertTrue(user.check_password("kept secret 1234"))
        self.assertEqual(list(user.groups.values_list("name", flat=True)), [REVIEWER])
        self.assertEqual(self.regions_of("zhao"), ["西站西社区"])

    def test_a_district_administrator_provisions_only_inside_their_district(self):
        make_user("district_admin", SYSTEM_ADMINISTRATOR, self.district)
        users("add", "inside", name="甲", role=CLERK, region=[self.community_a.code], user="district_admin")
        self.assertTrue(User.objects.filter(username="inside").exists())
        with self.assertRaisesMessage(CommandError, "这些区域不在您的管辖范围内：卫东区"):
            users("add", "outside", name="乙", role=CLERK, region=[self.other_district.code], user="district_admin")
        self.assertFalse(User.objects.filter(username="outside").exists())

    def test_a_manager_cannot_provision_users(self):
        with self.assertRaisesMessage(CommandError, "您没有管理用户的权限。"):
            users("add", "someone", name="丙", role=CLERK, region=[self.community_a.code], user="manager")
        self.assertFalse(User.objects.filter(username="someone").exists())

    def test_an_unknown_role_or_region_is_refused_with_the_value_quoted(self):
        with self.assertRaisesMessage(CommandError, "“队长”不是角色"):
            users("add", "x", name="丁", role="队长", region=[self.community_a.code])
        with self.assertRaisesMessage(CommandError, "“999999”"):
            users("add", "x", name="丁", role=CLERK, region=["999999"])
        self.assertFalse(User.objects.filter(username="x").exists())

    def test_disabling_stops_sign_in_and_keeps_the_user(self):
        users("disable", "clerk_b")
        clerk = User.objects.get(username="clerk_b")
        self.assertFalse(clerk.is_active)
        self.assertIn("clerk_b", users("list", region=[self.subdistrict.code]))
        self.assertIn("（已停用）", users("list", region=[self.subdistrict.code]))
