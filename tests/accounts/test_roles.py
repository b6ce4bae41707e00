"""The role groups a fresh database has after migrate."""

from django.contrib.auth.models import Group
from django.test import TestCase

from accounts.roles import CLERK, MANAGER, ROLE_PERMISSIONS, SYSTEM_ADMINISTRATOR


def granted(role):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=role).permissions.select_related("content_type")
    }


class RoleTests(TestCase):
    def test_every_role_has_exactly_the_permissions_of_its_table_after_migrate(self):
        for role, names in ROLE_PERMISSIONS.items():
            with self.subTest(role=role):
                self.assertEqual(granted(role), set(names))

    def test_clerks_import_people_but_only_administrators_import_the_region_tree(self):
        self.assertIn("transfer.import_people", granted(CLERK))
        self.assertNotIn("transfer.import_reference", granted(CLERK))
        self.assertNotIn("transfer.import_reference", granted(MANAGER))
        self.assertIn("transfer.import_reference", granted(SYSTEM_ADMINISTRATOR))
        self.assertIn("volunteers.change_starlevel", granted(SYSTEM_ADMINISTRATOR))
