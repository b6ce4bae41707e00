"""Admin of the three lists: added through their services, their steps taken on their staff pages."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import lists
from ..models import (
    ListProject,
    Need,
    Resource,
)
from .base import ServiceAdmin, form_data


class ListEntryAdmin(ServiceAdmin):
    """An entry of the three lists: added through its service; its steps are taken on its staff page."""

    create_fields = ()
    create_service = None
    list_select_related = ["committee", "region"]
    autocomplete_fields = ["committee", "region"]
    ordering = ["-id"]
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(self.create_fields)
        return [*self.create_fields, *self.step_fields, "staff_page"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = lists.ENTRY_FIELDS[self.model]
        return [f for f in self.create_fields if f not in editable] + [*self.step_fields, "staff_page"]

    def create(self, request, form):
        return type(self).create_service(actor=request.user, **form_data(form, self.create_fields))

    def update(self, request, form, obj):
        data = form_data(form, [f for f in lists.ENTRY_FIELDS[self.model] if f in form.changed_data])
        return lists.list_entry_update(actor=request.user, entry=obj, data=data)

    @admin.display(description=_("staff site"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', self.staff_url(obj), _("Steps and outcome"))


@admin.register(Resource)
class ResourceAdmin(ListEntryAdmin):
    create_fields = ("committee", "region", "unit", "title", "description", "listed_on")
    create_service = lists.resource_list
    step_fields = ("withdrawn_on",)
    list_display = ["title", "committee", "unit", "listed_on", "withdrawn_on"]
    search_fields = ["title"]
    autocomplete_fields = ["committee", "region", "unit"]

    def get_fields(self, request, obj=None):
        return [*self.create_fields, *([] if obj is None else ["withdrawn_on"])]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["committee", "region", "listed_on"]


@admin.register(Need)
class NeedAdmin(ListEntryAdmin):
    create_fields = ("committee", "region", "title", "topic", "raised_by", "raised_on")
    create_service = lists.need_raise
    step_fields = ("status", "resource", "matched_on", "resolved_on", "outcome")
    list_display = ["title", "committee", "topic", "raised_on", "status", "resolved_on"]
    list_filter = ["status"]
    search_fields = ["title", "topic"]

    def staff_url(self, obj):
        return reverse("regional:need", args=[obj.pk])


@admin.register(ListProject)
class ListProjectAdmin(ListEntryAdmin):
    create_fields = ("committee", "region", "name", "listed_on", "need")
    create_service = lists.list_project_create
    step_fields = ("status", "unit", "claimed_on", "completed_on", "outcome")
    list_display = ["name", "committee", "listed_on", "status", "unit", "claimed_on", "completed_on"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["committee", "region", "unit"]
    autocomplete_fields = ["committee", "region", "need"]

    def staff_url(self, obj):
        return reverse("regional:list_project", args=[obj.pk])
