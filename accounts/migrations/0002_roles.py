"""The four role groups (系统管理员, 管理者, 审核员, 录入员) with their permissions."""

from django.db import migrations

from accounts.roles import ROLE_PERMISSIONS, sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("activities", "0005_permissions"),
        ("volunteers", "0003_permissions"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
