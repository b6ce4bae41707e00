"""系统管理员 keep the list of evidence kinds (佐证材料类型); the other roles see it."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_roles_lockouts_superuser_only"),
        ("evidence", "0001_evidence_files"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
