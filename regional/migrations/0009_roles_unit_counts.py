"""The roles get the permissions of member units counted."""

from django.db import migrations

from accounts.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_roles_evidence_kinds"),
        ("regional", "0008_unit_counts"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
