"""Roles gain the import/export permissions of lists other than activities and the star-level table."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("transfer", "0001_import_batch"),
        ("volunteers", "0006_default_star_levels"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
