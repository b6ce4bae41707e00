"""The user admin in the hands of a district administrator: only users wholly inside their
regions, only roles up to their own, and no one else's password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from accounts.models import ScopeAssignment
from accounts.roles import CLERK, MANAGER, REVIEWER, SYSTEM_ADMINISTRATOR, grantable_roles
from tests.personas import PASSWORD, PersonasMixin, make_user

User = get_user_model()
CHANGELIST = reverse("admin:auth_user_changelist")


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


class UserAdminScopeTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The administrator of the subdistrict 桐柏路街道 (communities A and B).
        cls.admin = make_user("sub_admin", SYSTEM_ADMINISTRATOR, cls.subdistrict)
        # Works in community A and in another district: not wholly inside the subdistrict.
        cls.straddler = make_user("straddler", CLERK, cls.community_a, cls.other_district)
        cls.unassigned = make_user("unassigned", CLERK)
        cls.root = make_user("root_in_a", None, cls.community_a, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def listed(self):
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        return {user.username for user in response.context["cl"].result_list}

    def test_the_list_holds_only_users_whose_every_region_is_inside_the_administrators(self):
        self.assertEqual(self.listed(), {"sub_admin", "reviewer", "clerk_a", "clerk_b"})

    def test_a_user_with_one_region_outside_cannot_be_opened(self):
        for user in [self.straddler, self.manager, self.unassigned, self.root]:
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(change_url(user)).status_code, 404)

    def test_a_user_with_one_region_outside_cannot_be_changed(self):
        response = self.client.post(change_url(self.straddler), {"username": "taken_over", "is_active": ""})
        self.assertEqual(response.status_code, 404)
        self.straddler.refresh_from_db()
        self.assertEqual((self.straddler.username, self.straddler.is_active), ("straddler", True))

    def test_no_one_elses_password_can_be_set_not_even_an_in_scope_clerks(self):
        # Outside the scope a 404 like any other record; inside it a refusal.
        for user, status in [(self.straddler, 404), (self.manager, 404), (self.clerk_a, 403)]:
            with self.subTest(user=user.username):
                response = self.client.post(
                    password_url(user), {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"}
                )
                self.assertEqual(response.status_code, status)
                user.refresh_from_db()
                self.assertTrue(user.check_password(PASSWORD))
                self.assertFalse(user.check_password("Taken-over-2026!"))

    def test_the_administrator_changes_their_own_password_on_the_password_change_page(self):
        response = self.client.post(
            reverse("admin:password_change"),
            {"old_password": PASSWORD, "new_password1": "Own-Ledger-2026!", "new_password2": "Own-Ledger-2026!"},
        )
        self.assertEqual(response.status_code, 302)
        self.admin.refresh_from_db()
        self.assertTrue(self.admin.check_password("Own-Ledger-2026!"))

    def test_the_change_page_does_not_link_to_the_set_password_page(self):
        response = self.client.get(change_url(self.clerk_a))
        self.assertNotContains(response, password_url(self.clerk_a))
        self.assertContains(response, "只有用户本人可以在修改密码页面修改自己的密码。")

    def test_a_superuser_still_sets_a_password(self):
        self.client.force_login(self.root)
        response = self.client.post(
            password_url(self.clerk_a), {"password1": "New-Ledger-2026!", "password2": "New-Ledger-2026!"}
        )
        self.assertEqual(response.status_code, 302)
        self.clerk_a.refresh_from_db()
        self.assertTrue(self.clerk_a.check_password("New-Ledger-2026!"))


class UserAdminGrantTests(PersonasMixin, TestCase):
    """What the change form of an in-scope clerk accepts from a scoped administrator."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = make_user("sub_admin", SYSTEM_ADMINISTRATOR, cls.subdistrict)
        # A manager who was also given the user permissions one by one: still a manager's reach.
        cls.user_manager = make_user("user_manager", MANAGER, cls.subdistrict)
        cls.user_manager.user_permissions.set(
            Permission.objects.filter(content_type__app_label="auth", codename__in=["view_user", "change_user"])
        )

    def post(self, actor, target, *, groups, regions, **fields):
        self.client.force_login(actor)
        data = {
            "username": target.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=name).pk for name in groups],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            **fields,
        }
        # The assignments the user has are initial forms (deleted unless in ``regions``), then the new ones.
        existing = list(ScopeAssignment.objects.filter(user=target).order_by("pk"))
        new = [r for r in regions if r.pk not in {a.region_id for a in existing}]
        for i, assignment in enumerate(existing):
            data[f"scope_assignments-{i}-id"] = assignment.pk
            data[f"scope_assignments-{i}-user"] = target.pk
            data[f"scope_assignments-{i}-region"] = assignment.region_id
            if assignment.region not in regions:
                data[f"scope_assignments-{i}-DELETE"] = "on"
        for i, region in enumerate(new, start=len(existing)):
            data[f"scope_assignments-{i}-region"] = region.pk
        data.update(
            {
                "scope_assignments-TOTAL_FORMS": str(len(existing) + len(new)),
                "scope_assignments-INITIAL_FORMS": str(len(existing)),
                "scope_assignments-MIN_NUM_FORMS": "0",
                "scope_assignments-MAX_NUM_FORMS": "1000",
            }
        )
        return self.client.post(change_url(target), data)

    def roles_of(self, user):
        return set(user.groups.values_list("name", flat=True))

    def test_an_administrator_gives_a_role_up_to_their_own(self):
        response = self.post(self.admin, self.clerk_a, groups=[REVIEWER], regions=[self.community_a])
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.roles_of(self.clerk_a), {REVIEWER})

    def test_a_role_above_the_granters_own_is_refused(self):
        response = self.post(self.user_manager, self.clerk_a, groups=[SYSTEM_ADMINISTRATOR], regions=[self.community_a])
        self.assertEqual(response.status_code, 200)
        self.assertIn("groups", response.context["adminform"].form.errors)
        self.assertEqual(self.roles_of(self.clerk_a), {CLERK})

    def test_superuser_status_and_single_permissions_are_never_granted(self):
        permission = Permission.objects.get(codename="change_user")
        self.post(
            self.admin,
            self.clerk_a,
            groups=[CLERK],
            regions=[self.community_a],
            is_superuser="on",
            user_permissions=[permission.pk],
        )
        self.clerk_a.refresh_from_db()
        self.assertFalse(self.clerk_a.is_superuser)
        self.assertFalse(self.clerk_a.user_permissions.exists())

    def test_a_region_outside_the_administrators_scope_is_refused(self):
        response = self.post(self.admin, self.clerk_a, groups=[CLERK], regions=[self.other_district])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ScopeAssignment.objects.filter(user=self.clerk_a, region=self.other_district).exists())

    def test_a_user_keeps_at_least_one_region(self):
        response = self.post(self.admin, self.clerk_a, groups=[CLERK], regions=[])
        self.assertContains(response, "请至少为该用户指定一个您管辖范围内的区域。")

    def test_the_groups_offered_are_the_roles_up_to_the_granters_own(self):
        self.assertEqual({g.name for g in grantable_roles(self.user_manager)}, {MANAGER, REVIEWER, CLERK})
        self.assertEqual(
            {g.name for g in grantable_roles(self.admin)}, {SYSTEM_ADMINISTRATOR, MANAGER, REVIEWER, CLERK}
        )
        self.assertEqual(set(grantable_roles(self.clerk_a).values_list("name", flat=True)), {CLERK})

    def test_a_user_holding_a_role_above_the_granters_is_not_theirs_to_manage(self):
        self.client.force_login(self.user_manager)
        admin_in_a = make_user("admin_in_a", SYSTEM_ADMINISTRATOR, self.community_a)
        self.assertEqual(self.client.get(change_url(admin_in_a)).status_code, 404)
        self.assertEqual(self.client.get(change_url(self.clerk_a)).status_code, 200)
