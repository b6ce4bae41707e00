"""Users: a district sets up its clerks from one file, through ``accounts.services.user_provision``.

Columns 用户名, 姓名, 角色, 区域 (several, separated by 、 or ；) and 邮箱 — never a password: each new user
gets a one-time set-password link after a confirmed import (``ImportResult.new_users``). The service checks
the importing administrator's scope and roles (None: the operator); a region outside the scope is already
refused, quoting it, when the row is resolved.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.services import role_named, user_provision
from communities.models import Region
from history.models import Action, Source

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import CellError, parse_list
from .base import Kind, quoting

# Where a refusal of ``user_provision`` belongs: its error code, or the field of its message dict.
ERROR_COLUMNS = {
    "role": "role",
    "scope": "regions",
    "permission": "",
    "username": "username",
    "first_name": "name",
    "email": "email",
}


class Users(Kind):
    name = KindName.USERS
    model = get_user_model()
    import_permissions = ("auth.add_user",)
    # A list of accounts is not a ledger: users are provisioned from a file, never exported to one.
    export_permissions = ()
    chunk_size = 500
    columns = (
        c.text("username", "用户名", "username", 150, required=True, aliases=("账号", "登录名"), example="tbl_wang"),
        c.text("name", "姓名", "name", 150, required=True, example="王芳"),
        c.text("role", "角色", "role", 50, required=True, example="录入员"),
        c.text(
            "regions",
            "区域",
            "regions",
            2000,
            required=True,
            aliases=("所属区域", "管辖区域"),
            example="中原区/桐柏路街道/西站东社区",
        ),
        c.text("email", "邮箱", "email", 254, aliases=("电子邮箱", "邮件"), example=""),
    )

    @classmethod
    def may_export(cls, user):
        return False

    def key(self, row):
        return row.values["username"].strip()

    def resolve(self, rows):
        roles = {}  # role name -> (group, None) or (None, why not)
        for row in rows:
            name = row.values["role"].strip()
            if name not in roles:
                try:
                    roles[name] = (role_named(name), None)
                except ValidationError as error:
                    roles[name] = (None, " ".join(error.messages))
            row.role, refusal = roles[name]
            if refusal:
                row.fail("role", refusal)
            row.region_ids = []
            for value in parse_list(row.values["regions"]):
                try:
                    row.region_ids.append(self.ctx.regions.resolve(value).id)
                except CellError as error:
                    row.fail("regions", error.message)

    def match(self, rows):
        User = self.model
        existing = User.objects.in_bulk([row.values["username"].strip() for row in rows], field_name="username")
        for row in rows:
            row.obj = existing.get(row.values["username"].strip())

    def write(self, rows):
        ctx = self.ctx
        regions = Region.objects.in_bulk({pk for row in rows for pk in row.region_ids})
        for row in rows:
            v = row.values
            try:
                user, created = user_provision(
                    actor=ctx.user,
                    username=v["username"].strip(),
                    name=v["name"].strip(),
                    role=row.role,
                    regions=[regions[pk] for pk in dict.fromkeys(row.region_ids)],
                    email=(v.get("email") or "").strip(),
                    source=Source.IMPORT,
                )
            except ValidationError as error:
                self.refused(row, error)
                continue
            row.obj = user
            ctx.count(Action.CREATE if created else Action.UPDATE)
            if created:
                ctx.result.new_users.append(user)

    def refused(self, row, error):
        """Fail ``row`` with each message of ``user_provision``'s refusal, in the column it is about."""
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                column = ERROR_COLUMNS.get(field, "")
                row.fail(column, quoting(row.values.get(column), " ".join(errors)) if column else " ".join(errors))
            return
        row.fail(ERROR_COLUMNS.get(error.code, ""), " ".join(error.messages))
