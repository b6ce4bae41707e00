"""The admin base classes for records that live in the region tree: every list, form and choice scoped."""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext as _

from history.admin import HistoryAdminMixin

from .scope import scope_of


class ScopedChoicesMixin:
    """Foreign-key choices limited to the user's scope (for model admins and inlines).

    The autocompletes ask the related model's (scoped) admin, and the form field's
    queryset is the scoped one, so a forged POST naming a region outside the
    scope fails validation like any unknown choice.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if "queryset" not in kwargs and getattr(related, "scope_path", None) is not None:
            kwargs["queryset"] = scope_of(request.user).filter(related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(HistoryAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """Every list, change page, choice and autocomplete goes through the user's scope.

    Every save and delete writes history, and the history page lists it (``HistoryAdminMixin``).

    A record outside the scope is a 404, exactly like one that does not exist.
    """

    def get_queryset(self, request):
        return scope_of(request.user).filter(super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record."))
        return obj
