"""The admin base class for records that live in the region tree."""

from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from history.admin import HistoryAdminMixin


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

    The query string filters only on the list filters and the date hierarchy (an allow-list,
    ``lookup_allowed``): Django's default accepts any lookup on the model's own fields, and
    ``?phone__startswith=1391234`` would let a user read a masked number digit by digit.
    """

    # Fields, besides the list filters and the date hierarchy, the query string may filter on.
    extra_lookup_fields = ()

    def lookup_allowed(self, lookup, value, request=None):
        allowed = {self.date_hierarchy, *self.extra_lookup_fields}
        for item in self.get_list_filter(request) if request is not None else self.list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                allowed.add(item.parameter_name)
            else:
                allowed.add((item[0] if isinstance(item, (list, tuple)) else item).split(LOOKUP_SEP)[0])
        field = lookup.split(LOOKUP_SEP)[0]
        return (lookup in allowed or field in allowed) and super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        return scope_of(request.user).filter(super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record."))
        return obj
