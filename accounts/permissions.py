"""Permissions as a person reads them, in the interface's language.

Django stores each permission's name once, in English, when ``migrate`` creates it ("Can add
activity", from the model's untranslated verbose name), so the group and user forms would list
them in English. Here the four built-in actions are worded from the model's translated verbose
name, and a model's own permissions (``Meta.permissions``) are looked up in the catalogue.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

BUILT_IN = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """ "活动 | 活动 | 可以添加 活动" for activities.add_activity (its content type selected with it)."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in BUILT_IN and model_name == model._meta.model_name:
        name = BUILT_IN[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{content_type} | {name}"


def label_permissions(field):
    """``field`` (the permissions' form field) with its choices labelled by ``permission_label``; returns it."""
    if field is not None:
        field.label_from_instance = permission_label
    return field
