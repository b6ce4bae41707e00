"""系统管理员 no longer see or delete login lockouts: those pages list every district's
users and addresses, so only a superuser reads them and unlocks."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_roles_participation_in_activities"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
