"""The admin speaks Chinese throughout: Django's newer strings, django-axes, permission names, the JS picker;
the login lockout pages are for superusers only."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from accounts.roles import SYSTEM_ADMINISTRATOR
from tests.personas import PersonasMixin, make_user


class AdminLanguageTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = get_user_model().objects.create_superuser("root", password="x")

    def setUp(self):
        self.client.force_login(self.root)

    def test_the_index_names_the_lockout_pages_and_its_headers_in_chinese(self):
        page = self.client.get("/admin/").content.decode()
        for english in ("Axes", "Access attempts", "Access logs", "Model name", "Add link", "Change or view list link"):
            self.assertNotIn(english, page)
        self.assertIn("登录锁定", page)
        self.assertIn("登录尝试", page)
        self.assertIn("模型名称", page)

    def test_the_lockout_list_has_chinese_columns(self):
        page = self.client.get("/admin/axes/accessattempt/").content.decode()
        self.assertIn("尝试时间", page)
        self.assertIn("已锁定", page)
        self.assertNotIn("Attempt Time", page)

    def test_the_group_form_lists_permissions_in_chinese(self):
        page = self.client.get("/admin/auth/group/add/").content.decode()
        self.assertIn("活动 | 活动 | 可以添加 活动", page)
        self.assertIn("活动 | 活动 | 可以审核通过、退回和重新打开活动", page)  # a model's own permission
        self.assertIn("志愿者与志愿服务队 | 人员 | 可以查看 人员", page)
        self.assertIn("用户与管辖范围 | 管辖区域 | 可以添加 管辖区域", page)
        self.assertNotIn("Can add", page)
        self.assertNotIn("Can approve", page)

    def test_the_user_form_lists_single_permissions_in_chinese(self):
        page = self.client.get(f"/admin/auth/user/{self.clerk_a.pk}/change/").content.decode()
        self.assertIn("可以修改 活动", page)
        self.assertNotIn("Can change", page)

    def test_the_two_box_picker_of_the_group_form_speaks_chinese(self):
        catalog = self.client.get("/admin/jsi18n/").content.decode()
        # The catalogue is JSON inside JavaScript: non-ASCII characters are \u escapes.
        self.assertIn(json.dumps("选中要添加的%s，再点击“选择”箭头。"), catalog)
        self.assertIn(json.dumps("全选%s"), catalog)

    def test_a_system_administrator_never_sees_the_lockout_pages_even_if_a_group_grants_them(self):
        owner = make_user("owner", SYSTEM_ADMINISTRATOR, self.district)
        Group.objects.get(name=SYSTEM_ADMINISTRATOR).permissions.add(
            *Permission.objects.filter(content_type__app_label="axes")
        )
        self.client.force_login(owner)
        self.assertNotIn("登录锁定", self.client.get("/admin/").content.decode())
        self.assertEqual(self.client.get("/admin/axes/accessattempt/").status_code, 403)
