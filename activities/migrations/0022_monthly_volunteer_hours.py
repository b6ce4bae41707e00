import django.db.models.deletion
from django.db import migrations, models


def fill_monthly_totals(apps, schema_editor):
    """Add up the records already stored, the monthly volunteers' hours and community rows included.

    Live code: ``rollups.rebuild()`` writes every column of the monthly tables as the models have
    them, so this runs in the migration that adds the last of those columns. A later migration
    that adds one moves this call there (and leaves a no-op here), as 0012 and 0018 did.
    """
    from activities import rollups

    rollups.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0021_demo_figures_of_one_meaning"),
        ("communities", "0003_constraint_messages"),
        ("volunteers", "0009_constraint_messages"),
    ]

    operations = [
        # The unique key (region first) serves the region; the index of 0023 serves the person.
        migrations.AlterField(
            model_name="monthlyvolunteer",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="volunteers.person",
                verbose_name="person",
            ),
        ),
        migrations.AlterField(
            model_name="monthlyvolunteer",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="communities.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="monthlyvolunteer",
            name="hours",
            field=models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=24, verbose_name="hours"),
        ),
        migrations.RunPython(fill_monthly_totals, migrations.RunPython.noop),
    ]
