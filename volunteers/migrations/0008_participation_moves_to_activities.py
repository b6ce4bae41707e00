"""Participation now lives in ``activities`` (see activities 0013): only Django's state changes here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0007_participation_covering_indexes"),
        ("activities", "0013_participation_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Participation")]),
    ]
