"""The four roles, as groups with their permissions.

A role says what a user may do; their scope regions say where. The data
migration ``accounts.0002_roles`` creates the groups from this table, and
``sync_roles`` can re-apply it after permissions change.
"""

SYSTEM_ADMINISTRATOR = "系统管理员"
MANAGER = "管理者"
REVIEWER = "审核员"
CLERK = "录入员"

_RECORDS = ["activities.activity", "activities.indicatorvalue", "volunteers.participation"]
_PEOPLE = ["volunteers.person", "volunteers.teammembership"]
_REFERENCE = [
    "communities.region",
    "communities.organization",
    "communities.servicesite",
    "communities.project",
    "volunteers.team",
    "activities.category",
    "activities.indicator",
]


def _crud(models, actions=("view", "add", "change", "delete")):
    return [f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in actions]


# role -> permission codenames as "app_label.codename"
ROLE_PERMISSIONS = {
    SYSTEM_ADMINISTRATOR: [
        *_crud(_RECORDS + _PEOPLE + _REFERENCE),
        *_crud(["auth.user", "accounts.scopeassignment"]),
        "auth.view_group",
        "activities.approve_activity",
        "activities.import_activity",
        "activities.export_activity",
        "volunteers.view_personal_data",
        # Login lockouts: see them, and unlock by deleting the attempt.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
    ],
    MANAGER: [
        *_crud(_RECORDS + _PEOPLE + _REFERENCE, actions=("view",)),
        "activities.change_activity",
        "activities.approve_activity",
        "activities.import_activity",
        "activities.export_activity",
        "volunteers.view_personal_data",
    ],
    REVIEWER: [
        *_crud(_RECORDS + _PEOPLE + _REFERENCE, actions=("view",)),
        "activities.change_activity",
        "activities.approve_activity",
        "activities.export_activity",
    ],
    CLERK: [
        *_crud(_RECORDS + _PEOPLE, actions=("view", "add", "change")),
        *_crud(_REFERENCE, actions=("view",)),
        "activities.delete_indicatorvalue",
        "activities.import_activity",
    ],
}


def sync_roles(apps):
    """Create the role groups and give them exactly the permissions above."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrate; roles need them now.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
