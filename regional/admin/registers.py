"""Admin of the registers: unit reporting, elections, office holders, talent pools, surveys, suggestions."""

from django.contrib import admin

from .. import registers
from ..models import (
    Election,
    OfficeHolder,
    Suggestion,
    Survey,
    TalentPool,
    TalentPoolMember,
    UnitReporting,
)
from .base import ServiceAdmin, form_data


class RegisterAdmin(ServiceAdmin):
    """A register: added through its service (``create_service`` with ``create_fields``), corrected through
    ``registers.register_update`` (the fields of ``registers.UPDATE_FIELDS``)."""

    create_fields = ()
    create_service = None
    ordering = ["-id"]
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(self.create_fields)
        update = registers.UPDATE_FIELDS[self.model]
        return [*self.create_fields, *(f for f in update if f not in self.create_fields), *self.shown_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        update = registers.UPDATE_FIELDS[self.model]
        return [f for f in self.create_fields if f not in update] + list(self.shown_fields)

    shown_fields = ()

    def create(self, request, form):
        return type(self).create_service(actor=request.user, **form_data(form, self.create_fields))

    def update(self, request, form, obj):
        data = form_data(form, [f for f in registers.UPDATE_FIELDS[self.model] if f in form.changed_data])
        return registers.register_update(actor=request.user, record=obj, data=data)


@admin.register(UnitReporting)
class UnitReportingAdmin(RegisterAdmin):
    create_fields = ("unit", "community", "reported_on", "commitment")
    create_service = registers.unit_reporting_register
    list_display = ["unit", "community", "reported_on", "services_done"]
    list_select_related = ["unit", "community"]
    autocomplete_fields = ["unit", "community"]
    search_fields = ["unit__name"]


@admin.register(Election)
class ElectionAdmin(RegisterAdmin):
    create_fields = ("organization", "kind", "held_on", "on_or_before", "notes")
    create_service = registers.election_record
    list_display = ["organization", "kind", "held_on", "on_or_before"]
    list_filter = ["kind"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    search_fields = ["organization__name"]
    date_hierarchy = None


@admin.register(OfficeHolder)
class OfficeHolderAdmin(RegisterAdmin):
    create_fields = ("organization", "name", "person", "position", "term_start", "term_end", "election")
    create_service = registers.office_holder_add
    list_display = ["name", "position", "organization", "term_start", "term_end"]
    list_filter = ["position"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "person", "election"]
    search_fields = ["name", "organization__name"]


class TalentPoolMemberInline(admin.TabularInline):
    model = TalentPoolMember
    fields = ["person", "joined_on", "speciality"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # members are added on their own admin page, through the service


@admin.register(TalentPool)
class TalentPoolAdmin(RegisterAdmin):
    create_fields = ("region", "name", "kind", "established_on", "reported_count", "count_approximate")
    create_service = registers.talent_pool_create
    list_display = ["name", "kind", "region", "established_on", "reported_count"]
    list_filter = ["kind"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    search_fields = ["name"]
    inlines = [TalentPoolMemberInline]


@admin.register(TalentPoolMember)
class TalentPoolMemberAdmin(RegisterAdmin):
    create_fields = ("pool", "person", "joined_on", "speciality")
    create_service = registers.talent_pool_add
    list_display = ["person", "pool", "joined_on", "speciality"]
    list_select_related = ["person", "pool"]
    autocomplete_fields = ["pool", "person"]
    search_fields = ["person__name", "pool__name"]


@admin.register(Survey)
class SurveyAdmin(RegisterAdmin):
    create_fields = ("region", *registers.UPDATE_FIELDS[Survey])
    create_service = registers.survey_record
    list_display = ["title", "region", "conducted_on", "respondents_label", "respondents", "suggestions_reported"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "organization", "unit"]
    search_fields = ["title"]


@admin.register(Suggestion)
class SuggestionAdmin(RegisterAdmin):
    create_fields = ("region", "survey", "topic", "content", "raised_on")
    create_service = registers.suggestion_record
    shown_fields = ("status", "handled_on", "response")
    list_display = ["topic", "region", "raised_on", "status", "handled_on"]
    list_filter = ["status"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "survey"]
    search_fields = ["topic", "content"]
