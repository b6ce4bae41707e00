"""The four roles, as groups with their permissions.

A role says what a user may do; their scope regions say where. The data
migration ``accounts.0002_roles`` creates the groups from this table, and
``sync_roles`` can re-apply it after permissions change.
"""

SYSTEM_ADMINISTRATOR = "系统管理员"
MANAGER = "管理者"
REVIEWER = "审核员"
CLERK = "录入员"

_RECORDS = ["activities.activity", "activities.indicatorvalue", "activities.participation"]
_PEOPLE = ["volunteers.person", "volunteers.teammembership"]
_REFERENCE = [
    "communities.region",
    "communities.organization",
    "communities.servicesite",
    "communities.project",
    "volunteers.team",
    "activities.category",
    "activities.indicator",
    "evidence.evidencekind",
]
# Regional Party-building (regional/): clerks and managers register units, members and pairings.
_REGIONAL = [
    "regional.memberunit",
    "regional.unitcount",
    "regional.committeemembership",
    "regional.pairing",
    "regional.resource",
    "regional.need",
    "regional.listproject",
    "regional.unitreporting",
    "regional.election",
    "regional.officeholder",
    "regional.talentpool",
    "regional.talentpoolmember",
    "regional.survey",
    "regional.suggestion",
    "regional.assessmentscheme",
    "regional.assessmentitem",
    "regional.assessmentscore",
    "regional.assessmentrating",
    "regional.supervisioncheck",
]


_TRANSFER = [
    "transfer.import_reference",
    "transfer.export_reference",
    "transfer.import_people",
    "transfer.export_people",
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
        *_crud(["volunteers.starlevel"]),
        *_crud(_REGIONAL),
        *_TRANSFER,
        "transfer.view_importbatch",
        # No login lockout pages (axes): they list every district's users and addresses;
        # a superuser unlocks (accounts.0004).
    ],
    MANAGER: [
        *_crud(_RECORDS + _PEOPLE + _REFERENCE, actions=("view",)),
        *_crud(_REGIONAL, actions=("view", "add", "change")),
        "activities.change_activity",
        "activities.approve_activity",
        "activities.import_activity",
        "activities.export_activity",
        "volunteers.view_personal_data",
        "volunteers.view_starlevel",
        "transfer.import_people",
        "transfer.export_people",
        "transfer.export_reference",
    ],
    REVIEWER: [
        *_crud(_RECORDS + _PEOPLE + _REFERENCE + _REGIONAL, actions=("view",)),
        "activities.change_activity",
        "activities.approve_activity",
        "activities.export_activity",
        "volunteers.view_starlevel",
        "transfer.export_people",
    ],
    CLERK: [
        *_crud(_RECORDS + _PEOPLE, actions=("view", "add", "change")),
        *_crud(_REFERENCE, actions=("view",)),
        *_crud(_REGIONAL, actions=("view", "add", "change")),
        "activities.delete_indicatorvalue",
        # A service recorded for the wrong person is removed, not zeroed.
        "activities.delete_participation",
        "volunteers.view_starlevel",
        "activities.import_activity",
        "transfer.import_people",
    ],
}


def sync_roles(apps):
    """Create the role groups and give them exactly the permissions above.

    Each roles migration runs this with the permissions that exist at its point in
    the migration graph; a permission of an app migrated later is skipped here and
    granted by the later roles migration that depends on that app.
    """
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
            try:
                wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            except Permission.DoesNotExist:
                continue
        group.permissions.set(wanted)


# The roles from the widest to the narrowest: someone may grant their own role and those below it.
RANKED_ROLES = [SYSTEM_ADMINISTRATOR, MANAGER, REVIEWER, CLERK]


def grantable_roles(user):
    """The role groups ``user`` may give others: every group for a superuser, else their own
    highest role and the roles below it (another group, not a role, never)."""
    from django.contrib.auth.models import Group

    if user.is_superuser:
        return Group.objects.all()
    held = set(user.groups.values_list("name", flat=True))
    ranks = [i for i, role in enumerate(RANKED_ROLES) if role in held]
    names = RANKED_ROLES[min(ranks) :] if ranks else []
    return Group.objects.filter(name__in=names)
