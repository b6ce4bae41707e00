from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .admin_base import ScopedChoicesMixin
from .models import ScopeAssignment
from .scope import scope_of

User = get_user_model()


class ScopeAssignmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = ScopeAssignment
    extra = 1
    autocomplete_fields = ["region"]
    verbose_name = _("scope region")
    verbose_name_plural = _("scope regions (the user sees and changes records in these subtrees)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users, each with their scope regions.

    Someone who is not a superuser manages only users working inside their own
    scope, gives them regions only inside it, and cannot hand out superuser
    status or single permissions (roles are given as groups).
    """

    inlines = [ScopeAssignmentInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        users = super().get_queryset(request)
        if scope.is_global:
            return users
        in_scope = ScopeAssignment.objects.filter(scope.q("region__path")).values("user_id")
        return users.filter(pk__in=in_scope)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly
