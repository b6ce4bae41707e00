"""The ``users`` import kind: a district sets up its clerks from one file, never with a password in it."""

import io
import re
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.models import ScopeAssignment
from accounts.roles import CLERK, SYSTEM_ADMINISTRATOR
from history.models import Action, Change, Source
from tests.personas import PersonasMixin, make_user
from transfer.importer import run_import
from transfer.models import ImportBatch

User = get_user_model()
HEADER = "用户名,姓名,角色,区域,邮箱\n"
URL = "/admin/auth/user/import/"


def clerks_file(count):
    lines = [HEADER]
    for n in range(count):
        # Every fifth clerk works in both communities, written with 、 or ；.
        if n % 5 == 0:
            regions = "西站东社区、西站西社区" if n % 2 else "西站东社区；西站西社区"
        else:
            regions = "西站东社区" if n % 2 else "西站西社区"
        lines.append(f"clerk{n:03d},录入员{n},{CLERK},{regions},clerk{n:03d}@example.org\n")
    return "".join(lines)


def import_users(text, user, **options):
    return run_import(kind="users", file=io.BytesIO(text.encode("utf-8")), file_name="用户.csv", user=user, **options)


class UsersImportTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.district_admin = make_user("district_admin", SYSTEM_ADMINISTRATOR, cls.district)

    def imported_clerks(self):
        return User.objects.filter(username__startswith="clerk").exclude(username__in=["clerk_a", "clerk_b"])

    def test_a_district_sets_up_200_clerks_from_one_file_and_gets_each_ones_link(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "clerks.csv"
            path.write_text(clerks_file(200), encoding="utf-8")
            out = StringIO()
            call_command(
                "import", "users", str(path), user="district_admin", base_url="https://ledger.test", stdout=out
            )
        clerks = self.imported_clerks()
        self.assertEqual(clerks.count(), 200)
        self.assertEqual(Group.objects.get(name=CLERK).user_set.filter(pk__in=clerks).count(), 200)
        self.assertFalse(any(clerk.has_usable_password() for clerk in clerks))
        self.assertEqual(set(clerks.values_list("is_staff", "is_active")), {(True, True)})
        assignments = ScopeAssignment.objects.filter(user__in=clerks)
        self.assertEqual(assignments.count(), 240)  # 40 clerks work in both communities
        self.assertEqual(
            sorted(ScopeAssignment.objects.filter(user__username="clerk005").values_list("region__name", flat=True)),
            ["西站东社区", "西站西社区"],
        )
        self.assertEqual(User.objects.get(username="clerk007").email, "clerk007@example.org")
        history = Change.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id__in=clerks)
        self.assertEqual(history.count(), 200)
        self.assertEqual(
            set(history.values_list("action", "source", "actor__username")),
            {(Action.CREATE, Source.IMPORT, "district_admin")},
        )
        self.assertEqual(ImportBatch.objects.get().created, 200)
        links = re.findall(r"^(clerk\d{3})：.*(https://ledger\.test/password/set/\S+)$", out.getvalue(), re.M)
        self.assertEqual(len(links), 200)
        self.assertEqual(links[0][0], "clerk000")

        # The same file again changes nothing and hands out no link.
        result = import_users(clerks_file(200), self.district_admin)
        self.assertEqual((result.created, result.updated, result.new_users), (0, 200, []))
        self.assertEqual(self.imported_clerks().count(), 200)

    def test_a_region_outside_the_administrators_district_refuses_the_whole_file(self):
        text = clerks_file(5) + f"clerk_far,远方,{CLERK},卫东区,\n"
        result = import_users(text, self.district_admin)
        self.assertEqual(result.error_count, 1)
        error = result.errors[0]
        self.assertEqual((error.row, error.column), (7, "区域"))
        self.assertIn("卫东区", error.message)
        self.assertIn("不在您的管辖范围内", error.message)
        self.assertEqual(str(error), f"第 7 行，“区域”列：{error.message}")
        self.assertEqual(self.imported_clerks().count(), 0)
        self.assertFalse(User.objects.filter(username="clerk_far").exists())
        self.assertFalse(ImportBatch.objects.exists())

    def test_an_unknown_role_or_region_is_named_with_its_value(self):
        text = HEADER + "a1,甲,队长,西站东社区,\na2,乙,录入员,不存在社区,\n"
        result = import_users(text, None)
        messages = {(e.row, e.column): e.message for e in result.errors}
        self.assertIn("“队长”不是角色", messages[(2, "角色")])
        self.assertIn("不存在社区", messages[(3, "区域")])
        self.assertFalse(User.objects.filter(username__in=["a1", "a2"]).exists())

    def test_an_administrator_without_the_add_user_permission_is_refused(self):
        make_user("street_admin", SYSTEM_ADMINISTRATOR, self.subdistrict)
        street_admin = User.objects.get(username="street_admin")
        street_admin.groups.set([Group.objects.get(name=CLERK)])
        # A clerk may not add users at all.
        result = import_users(HEADER + "b1,丙,录入员,西站东社区,\n", street_admin)
        self.assertEqual(result.file_error, "您没有导入用户的权限。")
        self.assertFalse(User.objects.filter(username="b1").exists())

    def test_a_password_column_is_never_read_nor_stored(self):
        text = "用户名,姓名,角色,区域,密码\npw1,丁,录入员,西站东社区,Secret-Pass-42\n"
        result = import_users(text, None)
        self.assertEqual(result.created, 1)
        self.assertIn("密码", result.unknown_headers)
        user = User.objects.get(username="pw1")
        self.assertFalse(user.has_usable_password())
        self.assertFalse(user.check_password("Secret-Pass-42"))
        change = Change.objects.get(content_type=ContentType.objects.get_for_model(User), object_id=user.pk)
        self.assertNotIn("Secret-Pass-42", str(change.changes))
        self.assertNotIn("password", change.changes)

    def test_only_who_may_add_users_imports_them_and_sees_the_links_once(self):
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertEqual(import_users(clerks_file(1), self.manager).file_error, "您没有导入用户的权限。")

        self.client.force_login(self.district_admin)
        self.assertEqual(self.client.get("/admin/auth/user/export/csv/").status_code, 403)
        template = self.client.get("/admin/auth/user/template/csv/")
        self.assertEqual(template.content.decode("utf-8-sig").splitlines()[0], "用户名,姓名,角色,区域,邮箱")
        upload = SimpleUploadedFile("用户.csv", clerks_file(3).encode("utf-8"), content_type="text/csv")
        response = self.client.post(URL, {"file": upload})
        self.assertContains(response, "3 行：新增 3 行，更新 0 行，未变 0 行。")
        self.assertEqual(self.imported_clerks().count(), 0)
        response = self.client.post(URL, {"token": response.context["token"]})
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(
            [username for username, _link in response.context["links"]], ["clerk000", "clerk001", "clerk002"]
        )
        self.assertContains(response, "http://testserver/password/set/", count=6)
        self.assertEqual(self.imported_clerks().count(), 3)

    def test_the_command_refuses_the_file_with_every_error_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.csv"
            path.write_text(HEADER + f"c1,甲,{CLERK},卫东区,\n", encoding="utf-8")
            err = StringIO()
            with self.assertRaisesMessage(CommandError, "1 处错误，未写入任何内容。"):
                call_command("import", "users", str(path), user="district_admin", stdout=StringIO(), stderr=err)
        self.assertIn("第 2 行，“区域”列：", err.getvalue())
        self.assertFalse(User.objects.filter(username="c1").exists())
