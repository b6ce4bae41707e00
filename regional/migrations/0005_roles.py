"""The roles get the permissions of the regional Party-building records."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_roles_participation_in_activities"),
        ("regional", "0004_assessment"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
