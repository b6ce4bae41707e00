"""A database filled before participation moved to ``activities`` keeps every row, history entry and permission.

The database is taken back to the schema before the move (activities 0012, volunteers 0007,
accounts 0003), filled through the historical models as the old code wrote it, and migrated
forward again. Runs on SQLite and on PostgreSQL like the rest of the suite.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.roles import CLERK
from activities.models import Activity, Participation
from history.models import Action, Change

BEFORE = [
    ("activities", "0012_monthly_totals"),
    ("volunteers", "0007_participation_covering_indexes"),
    ("accounts", "0003_roles_import_export_star_levels"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as the applied migrations of every app leave them.
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _fill(apps):
    """What the old code stored: people's service in ``volunteers.Participation``, with history and roles."""
    Region = apps.get_model("communities", "Region")
    Category = apps.get_model("activities", "Category")
    Activity = apps.get_model("activities", "Activity")
    Person = apps.get_model("volunteers", "Person")
    Participation = apps.get_model("volunteers", "Participation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Change = apps.get_model("history", "Change")
    Group = apps.get_model("auth", "Group")

    region = Region.objects.create(code="M410102", name="中原区", level="district", path="1/", full_name="中原区")
    category = Category.objects.get_or_create(code="migration_check", defaults={"name": "迁移检查"})[0]
    activity = Activity.objects.create(
        title="学雷锋志愿服务",
        date=datetime.date(2021, 3, 5),
        region=region,
        category=category,
        status="approved",
        volunteers=2,
        volunteer_hours=Decimal("5.5"),
        volunteers_from_participation=True,
    )
    wang = Person.objects.create(name="王芳", region=region, phone="13812341234")
    li = Person.objects.create(name="李强", region=region, phone="13812345678")
    rows = [
        Participation.objects.create(person=wang, activity=activity, hours=Decimal("3")),
        Participation.objects.create(person=li, activity=activity, hours=Decimal("2.5")),
    ]
    old_type = ContentType.objects.get(app_label="volunteers", model="participation")
    for row in rows:
        Change.objects.create(
            content_type=old_type,
            object_id=row.pk,
            object_repr=f"{row.person_id} · {row.activity_id}",
            action="create",
            at=datetime.datetime(2021, 3, 5, 10, tzinfo=datetime.UTC),
        )
    clerk_permissions = set(
        Group.objects.get(name=CLERK).permissions.filter(content_type=old_type).values_list("codename", flat=True)
    )
    return activity.pk, [row.pk for row in rows], clerk_permissions


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_participation_rows_history_and_permissions_survive_the_move_to_activities():
    old_apps = _migrate(BEFORE)
    activity_id, participation_ids, clerk_permissions = _fill(old_apps)
    # The old code's clerks could add, change and delete service records.
    assert {"add_participation", "change_participation", "delete_participation"} <= clerk_permissions

    _migrate(_leaves())
    ContentType.objects.clear_cache()

    # Every row, with its person, activity and hours.
    stored = list(Participation.objects.order_by("pk").values_list("pk", "person__name", "activity_id", "hours"))
    assert stored == [
        (participation_ids[0], "王芳", activity_id, Decimal("3.00")),
        (participation_ids[1], "李强", activity_id, Decimal("2.50")),
    ]
    activity = Activity.objects.get(pk=activity_id)
    assert (activity.volunteers, activity.volunteer_hours, activity.volunteers_from_participation) == (
        2,
        Decimal("5.5"),
        True,
    )
    # One content type, now under activities: the history rows still name these records.
    assert not ContentType.objects.filter(app_label="volunteers", model="participation").exists()
    new_type = ContentType.objects.get_for_model(Participation)
    assert new_type.app_label == "activities"
    history = Change.objects.filter(content_type=new_type, object_id__in=participation_ids, action=Action.CREATE)
    assert history.count() == 2
    # The roles hold the same permissions under their new names, and a clerk still has them.
    from django.contrib.auth.models import Group

    clerk = Group.objects.get(name=CLERK)
    assert {"add_participation", "change_participation", "delete_participation"} <= set(
        clerk.permissions.filter(content_type=new_type).values_list("codename", flat=True)
    )
