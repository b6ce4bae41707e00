"""Roles name participation's permissions under ``activities``, where the model now lives."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles_import_export_star_levels"),
        ("activities", "0013_participation_moves_here"),
        ("volunteers", "0008_participation_moves_to_activities"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
