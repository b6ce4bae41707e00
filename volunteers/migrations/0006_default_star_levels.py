"""The star levels commonly used for volunteers: 100 / 300 / 600 / 1000 / 1500 hours for one to five stars."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = {1: 100, 2: 300, 3: 600, 4: 1000, 5: 1500}


def add_defaults(apps, schema_editor):
    StarLevel = apps.get_model("volunteers", "StarLevel")
    for stars, hours in DEFAULTS.items():
        StarLevel.objects.get_or_create(stars=stars, defaults={"min_hours": Decimal(hours)})


def remove_defaults(apps, schema_editor):
    StarLevel = apps.get_model("volunteers", "StarLevel")
    for stars, hours in DEFAULTS.items():
        StarLevel.objects.filter(stars=stars, min_hours=Decimal(hours)).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0005_star_levels")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
