"""Participation moves from ``volunteers`` to ``activities``, which owns every figure of an activity.

The table stays where it is (``volunteers_participation``, with its rows, indexes and
constraints): only Django's state moves. The content type row is renamed in place, so its
permissions (and the roles holding them) and every history row keep pointing at it.
Activities also gain the reported figures (填报数) kept beside the counted ones.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def _repoint(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Change = apps.get_model("history", "Change")
    old = ContentType.objects.filter(app_label=old_label, model="participation").first()
    if old is None:
        return  # a fresh database: the content type is created under its new label after migrate
    new = ContentType.objects.filter(app_label=new_label, model="participation").first()
    if new is None:
        old.app_label = new_label
        old.save(update_fields=["app_label"])
        return
    # Both exist (created by a post-migrate run in between): fold the old one into the new.
    Change.objects.filter(content_type=old).update(content_type=new)
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is None:
            permission.content_type = new
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
        permission.delete()
    old.delete()


def repoint_to_activities(apps, schema_editor):
    _repoint(apps, "volunteers", "activities")


def repoint_to_volunteers(apps, schema_editor):
    _repoint(apps, "activities", "volunteers")


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0012_monthly_totals'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('history', '0001_initial'),
        ('transfer', '0001_import_batch'),
        ('volunteers', '0007_participation_covering_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='activity',
            name='reported_volunteer_hours',
            field=models.DecimalField(blank=True, decimal_places=1, editable=False, max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100000000)], verbose_name='volunteer hours as reported'),
        ),
        migrations.AddField(
            model_name='activity',
            name='reported_volunteers',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100000000)], verbose_name='volunteers as reported'),
        ),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hours', models.DecimalField(decimal_places=2, max_digits=4, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(24)], verbose_name='hours')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('activity', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='activities.activity', verbose_name='activity')),
                ('import_batch', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='transfer.importbatch', verbose_name='import batch')),
                ('person', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='volunteers.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'participation',
                'verbose_name_plural': 'participations',
                'db_table': 'volunteers_participation',
                'indexes': [models.Index(fields=['activity'], include=('person', 'hours'), name='participation_activity_cover'), models.Index(fields=['person'], include=('activity', 'hours'), name='participation_person_cover')],
                'constraints': [models.UniqueConstraint(fields=('person', 'activity'), name='participation_unique_person_activity'), models.CheckConstraint(condition=models.Q(('hours__gte', 0), ('hours__lte', 24)), name='participation_hours_range')],
            },
        )]),
        migrations.RunPython(repoint_to_activities, repoint_to_volunteers),
    ]
