from django import forms
from django.contrib import admin
from django.db.models import BooleanField, Case, ExpressionWrapper, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import ScopedAdmin
from accounts.scope import scope_of

from .models import Organization, Project, Region, ServiceSite
from .services import REGION_FIELDS, region_create, region_update


class RegionAdminForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = list(REGION_FIELDS)

    scope = None  # set per request by RegionAdmin.get_form

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        region = self.instance
        may_add_top_level = self.scope is not None and self.scope.is_global
        already_top_level = region.pk is not None and region.parent_id is None
        if parent is None and not may_add_top_level and not already_top_level:
            raise forms.ValidationError(_("Choose a parent region inside your scope."))
        if parent is not None and region.pk is not None and parent.is_within(region):
            raise forms.ValidationError(
                _("A region cannot be placed under itself or under one of its own sub-regions.")
            )
        return parent


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    form = RegionAdminForm
    list_display = ["full_name", "code", "level", "valid_from", "valid_to"]
    list_filter = ["level", "depth"]
    search_fields = ["code", "name", "full_name"]
    ordering = ["full_name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["full_name", "path", "depth"]
    show_full_result_count = False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"scope": scope_of(request.user)})

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in REGION_FIELDS if field in form.cleaned_data}
        if change:
            region_update(region=obj, data=data, actor=request.user)
            return
        created = region_create(**data, actor=request.user)
        # The admin goes on with ``obj`` (history entry, redirect): make it the saved row.
        obj.pk, obj.path, obj.depth, obj.full_name = created.pk, created.path, created.depth, created.full_name
        obj._state.adding, obj._state.db = False, created._state.db


class PlacedInRegionAdmin(ScopedAdmin):
    """Shared set-up for records placed in a region: the region shown by its full name without a query per row."""

    autocomplete_fields = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]
    ordering = ["code"]
    show_full_result_count = False

    @admin.display(description=_("region"), ordering="region__full_name")
    def region_name(self, obj):
        return obj.region.full_name


class EvidenceLinkMixin:
    """A link from the change page to the record's evidence files (kept by the ``evidence`` app, by URL only)."""

    readonly_fields = ["evidence_files"]

    @admin.display(description=_("Evidence files"))
    def evidence_files(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the record first, then add its evidence files.")
        label = f"{obj._meta.app_label}.{obj._meta.model_name}"
        url = reverse("evidence:record", kwargs={"label": label, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open, add or remove its evidence files"))


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "parent",
            "leader",
            "member_count",
            "term_start",
            "term_years",
            "is_demonstration",
            "is_weak",
            "notes",
        ]

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if self.instance.pk is None:
            return parent
        ancestor = parent
        # Organizations nest a few levels deep; the walk is short and stops at a repeat.
        seen = set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("An organization cannot be placed under itself or under one of its own sub-organizations.")
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return parent


class OrganizationOutsideScopeMixin:
    """For an admin whose records point to an organization (``scoped_relation``: a branch's
    parent, a team's supervising organization) that may lie outside the user's scope — a
    district committee above a community branch. Its name is not theirs to read: the list
    column ``related_organization`` and the record page show it only when it is inside the
    scope. On the record page the relation is a read-only name for those who cannot change
    the record, and where it lies outside the scope (the scoped choice would be offered
    empty, and saving would clear it). The admin defines the ``related_organization`` column,
    with its heading, as ``related_organization_name``.
    """

    scoped_relation = None

    def get_queryset(self, request):
        scope = scope_of(request.user)
        inside = (
            Value(True) if scope.is_global else Case(When(scope.q(f"{self.scoped_relation}__region__path"), then=True))
        )
        return (
            super()
            .get_queryset(request)
            .annotate(related_in_scope=ExpressionWrapper(inside, output_field=BooleanField()))
        )

    def related_organization_name(self, obj):
        """The related organization's name if it lies in the scope (the admin's ``related_organization``
        column shows this, under the relation's own heading)."""
        if getattr(obj, f"{self.scoped_relation}_id") is None:
            return self.get_empty_value_display()
        if obj.related_in_scope:
            return str(getattr(obj, self.scoped_relation))
        return _("(an organization outside your regions)")

    def _related_shown_by_name(self, request, obj):
        return obj is not None and (
            not self.has_change_permission(request, obj)
            or (getattr(obj, f"{self.scoped_relation}_id") is not None and not obj.related_in_scope)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._related_shown_by_name(request, obj):
            return fieldsets
        relation = self.scoped_relation
        return [
            (name, {**options, "fields": ["related_organization" if f == relation else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._related_shown_by_name(request, obj):
            readonly.append("related_organization")
        return readonly


@admin.register(Organization)
class OrganizationAdmin(EvidenceLinkMixin, OrganizationOutsideScopeMixin, PlacedInRegionAdmin):
    scoped_relation = "parent"
    form = OrganizationAdminForm
    list_display = [
        "name",
        "code",
        "kind",
        "region_name",
        "related_organization",
        "leader",
        "member_count",
        "term_start",
        "term_due",
        "is_demonstration",
        "is_weak",
    ]
    list_filter = ["kind", "is_demonstration", "is_weak"]
    autocomplete_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "region", "parent"]}),
        (
            _("Leadership and term"),
            {"fields": ["leader", "member_count", "term_start", "term_years", "is_demonstration", "is_weak"]},
        ),
        (None, {"fields": ["notes", "evidence_files"]}),
    ]

    @admin.display(description=_("parent organization"))
    def related_organization(self, obj):
        return self.related_organization_name(obj)

    @admin.display(description=_("election due"))
    def term_due(self, obj):
        return obj.term_due


@admin.register(ServiceSite)
class ServiceSiteAdmin(PlacedInRegionAdmin):
    list_display = ["name", "code", "kind", "status", "region_name", "area_m2", "service_count", "is_demonstration"]
    list_filter = ["kind", "status", "is_demonstration"]
    autocomplete_fields = ["region", "organization"]


@admin.register(Project)
class ProjectAdmin(EvidenceLinkMixin, PlacedInRegionAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "year",
        "region_name",
        "planned",
        "started",
        "completed",
        "completed_percent",
    ]
    list_filter = ["kind", "year"]
    autocomplete_fields = ["region", "organization"]

    @admin.display(description=_("completed (%)"))
    def completed_percent(self, obj):
        return obj.completed_percent
