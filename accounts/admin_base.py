"""The admin base classes for records that live in the region tree: every list, form and choice scoped."""

from collections import Counter

from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from django.utils.text import capfirst
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


class CountOnlyDeletionMixin:
    """The delete page of a record shared by every region (a category, an indicator) names
    what depends on it only by counts, for anyone but a superuser.

    Django lists every dependent record by name (an activity's title, a value's activity),
    in every region; a district administrator may delete an unused category, not read the
    other districts' records.
    """

    def get_deleted_objects(self, objs, request):
        if request.user.is_superuser:
            return super().get_deleted_objects(objs, request)
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        perms_needed = {
            model._meta.verbose_name
            for model in collector.model_objs
            if self.admin_site.is_registered(model)
            and not self.admin_site.get_model_admin(model).has_delete_permission(request)
        }
        model_count = {model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()}
        protected = [
            _("%(records)s: %(count)d (not listed one by one: they belong to every region)")
            % {"records": capfirst(opts.verbose_name_plural), "count": count}
            for opts, count in Counter(row._meta for row in collector.protected).items()
        ]
        to_delete = [f"{capfirst(self.opts.verbose_name)}: {obj}" for obj in objs]
        return to_delete, model_count, perms_needed, protected
