"""The roles get the permissions of supervision checks."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_roles_lockouts_superuser_only"),
        ("regional", "0006_supervision_checks"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
