import axes.admin  # noqa: F401  (registers the lockout pages, which are made superuser-only below)
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_base import ScopedChoicesMixin
from .models import ScopeAssignment
from .permissions import label_permissions
from .roles import grantable_roles
from .scope import scope_of

User = get_user_model()


class AtLeastOneRegionFormSet(BaseInlineFormSet):
    """A user managed by a scoped administrator keeps at least one region: a user with
    none lies outside every district, and only a superuser manages them."""

    def clean(self):
        super().clean()
        if self.request_user.is_superuser or any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("region") and not form.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            raise ValidationError(gettext("Give the user at least one region inside your own scope."))


class ScopeAssignmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = ScopeAssignment
    formset = AtLeastOneRegionFormSet
    extra = 1
    autocomplete_fields = ["region"]
    verbose_name = _("scope region")
    verbose_name_plural = _("scope regions (the user sees and changes records in these subtrees)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request_user = request.user
        return formset


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Roles (groups), their permissions listed in the interface's language."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return label_permissions(field) if db_field.name == "permissions" else field


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users, each with their scope regions.

    Someone who is not a superuser manages only users whose every region lies
    inside their own scope (a user with no region at all is the superuser's),
    who are not superusers and hold no role above their own. They give regions
    only inside their scope and roles only up to their own, never superuser
    status or single permissions, and never set another user's password: the
    account's owner changes it on the password-change page, which asks for the
    old one. (Without e-mail set up there is no reset link to send; a forgotten
    password is reset by a superuser.)
    """

    inlines = [ScopeAssignmentInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        scope = scope_of(request.user)
        if scope.is_global:
            return users
        inside = ScopeAssignment.objects.filter(scope.q("region__path")).values("user_id")
        outside = ScopeAssignment.objects.exclude(scope.q("region__path")).values("user_id")
        above = Group.objects.exclude(pk__in=grantable_roles(request.user)).values("pk")
        return users.filter(pk__in=inside, is_superuser=False).exclude(pk__in=outside).exclude(groups__in=above)

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

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and request is not None and not request.user.is_superuser:
            kwargs["queryset"] = grantable_roles(request.user)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return label_permissions(field) if db_field.name == "user_permissions" else field

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        password = form.base_fields.get("password")
        if password is not None and not request.user.is_superuser:
            # Django's help text links to the set-password page, which only a superuser may use.
            password.help_text = gettext("Only the user can change their password, on the password-change page.")
        return form

    def user_change_password(self, request, id, form_url=""):
        """Only a superuser sets someone's password here; anyone else changes their own on the
        password-change page, which asks for the old one (a hijacked session cannot)."""
        if not request.user.is_superuser:
            self.get_object(request, unquote(id))  # a user outside the scope is a 404, as everywhere
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class SuperusersOnly:
    """The login lockout's pages list every district's users and addresses: superusers only, whatever a
    group grants (the roles grant none of them)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


for _model, _model_admin in list(admin.site._registry.items()):
    if _model._meta.app_label == "axes":
        admin.site.unregister(_model)
        admin.site.register(_model, type(type(_model_admin).__name__, (SuperusersOnly, type(_model_admin)), {}))
