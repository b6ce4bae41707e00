"""Fewer indexes on activities, as every index costs every write (an import of 100,000 rows most).

* The single-column indexes of category, region, organization and team go: each column is the first
  of a composite index (activity_category_date, activity_totals, activity_org_date,
  activity_team_date), which serves every lookup by it.
* Those of created_by, submitted_by and reviewed_by go: nothing reads records by the user.
* On PostgreSQL the trigram index of 0004 goes: the bigram index of 0009 serves every search word of
  two characters or more (``ActivityQuerySet.search``), and neither serves a one-character word.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


DROP_TRIGRAM = ["DROP INDEX IF EXISTS activity_title_trgm"]
CREATE_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS activity_title_trgm ON activities_activity USING gin (UPPER(title) gin_trgm_ops)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0015_participation_constraint_message"),
        ("communities", "0003_constraint_messages"),
        ("volunteers", "0009_constraint_messages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(run(DROP_TRIGRAM), run(CREATE_TRIGRAM), elidable=False),
        migrations.AlterField(
            model_name="activity",
            name="category",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="activities.category",
                verbose_name="category",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="entered by",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="communities.organization",
                verbose_name="organizing unit",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="communities.region",
                verbose_name="region",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewed by",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="submitted by",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="team",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="volunteers.team",
                verbose_name="volunteer team",
            ),
        ),
    ]
