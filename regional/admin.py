"""Admin of regional Party-building: every list, form and choice scoped, every save through the services."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import ScopedAdmin
from core.privacy import can_see_personal_data, mask_phone

from . import assessment, lists, registers, services
from .models import (
    SIDE_LINKS,
    AssessmentItem,
    AssessmentRating,
    AssessmentScheme,
    AssessmentScore,
    CommitteeMembership,
    Election,
    ListProject,
    MemberUnit,
    Need,
    OfficeHolder,
    Pairing,
    PartyKind,
    Resource,
    Suggestion,
    Survey,
    TalentPool,
    TalentPoolMember,
    UnitReporting,
)


class ServiceAdmin(ScopedAdmin):
    """Saves through ``create``/``update`` (the services, which write the history).

    The form has already checked every field and constraint (the model's ``full_clean``) with scoped
    choices, so the service's own checks pass for anything the form accepted.
    """

    def create(self, request, form):
        raise NotImplementedError

    def update(self, request, form, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        saved = self.update(request, form, obj) if change else self.create(request, form)
        # The admin goes on with ``obj`` (message, redirect): make it the saved row.
        obj.pk = saved.pk
        obj._state.adding, obj._state.db = False, saved._state.db

    def save_related(self, request, form, formsets, change):
        """Nothing: these records have no related rows written by the admin."""


def _data(form, fields):
    return {field: form.cleaned_data[field] for field in fields if field in form.cleaned_data}


class MemberUnitForm(forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = list(services.UNIT_FIELDS)


@admin.register(MemberUnit)
class MemberUnitAdmin(ServiceAdmin):
    form = MemberUnitForm
    list_display = ["name", "code", "kind", "region_name", "party_organization", "contact_name", "masked_phone"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region", "party_organization"]
    list_select_related = ["region", "party_organization"]
    ordering = ["code"]
    show_full_result_count = False

    def create(self, request, form):
        return services.member_unit_create(actor=request.user, **_data(form, services.UNIT_FIELDS))

    def update(self, request, form, obj):
        data = _data(form, [f for f in services.UNIT_FIELDS if f in form.changed_data])
        return services.member_unit_update(actor=request.user, unit=obj, data=data)

    def get_list_display(self, request):
        if can_see_personal_data(request.user):
            return [("contact_phone" if c == "masked_phone" else c) for c in self.list_display]
        return self.list_display

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and not can_see_personal_data(request.user):
            return [("masked_phone" if f == "contact_phone" else f) for f in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not can_see_personal_data(request.user):
            readonly.append("masked_phone")
        return readonly

    @admin.display(description=_("contact phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.contact_phone)

    @admin.display(description=_("region"), ordering="region__full_name")
    def region_name(self, obj):
        return obj.region.full_name


class CommitteeMembershipForm(forms.ModelForm):
    class Meta:
        model = CommitteeMembership
        fields = ["committee", "unit", "surveyed_on", *services.MEMBER_FIELDS]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ServiceAdmin):
    """Adding a member is the survey step; the later steps are taken on the committee's page (staff site)."""

    form = CommitteeMembershipForm
    list_display = ["__str__", "committee", "role", "step", "appointed_on", "term_end", "filed_on"]
    list_filter = ["step", "role"]
    search_fields = ["unit__name", "person__name", "committee__name", "title"]
    autocomplete_fields = ["committee", "unit", "person"]
    list_select_related = ["committee", "unit", "person"]
    ordering = ["-id"]
    show_full_result_count = False
    procedure = [
        "step",
        "nominated_on",
        "consulted_on",
        "opinions",
        "publicity_start",
        "publicity_end",
        "appointed_on",
        "certificate_number",
        "filed_on",
        "filed_with",
        "withdrawn_on",
        "withdrawal_reason",
        "staff_page",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["committee", "unit", "person", "title", "role", "duties", "surveyed_on"]
        return ["committee", "unit", "surveyed_on", *services.MEMBER_FIELDS, *self.procedure]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["committee", "unit", "surveyed_on", *self.procedure]

    def create(self, request, form):
        fields = ["committee", "unit", "person", "title", "role", "duties", "surveyed_on"]
        return services.committee_member_survey(actor=request.user, **_data(form, fields))

    def update(self, request, form, obj):
        data = _data(form, [f for f in services.MEMBER_FIELDS if f in form.changed_data])
        return services.committee_member_update(actor=request.user, member=obj, data=data)

    @admin.display(description=_("staff site"))
    def staff_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("regional:member", args=[obj.pk]), _("Procedure and appointment letter")
        )


class PairingForm(forms.ModelForm):
    """The side fields of the kind chosen; the model's constraint says when a side is not exactly one party."""

    class Meta:
        model = Pairing
        fields = [
            *services.PAIRING_FIELDS,
            *(f"{side}_{name}" for side in "ab" for name in ["kind", *SIDE_LINKS.values(), "count", "label"]),
        ]

    def party(self, side):
        """The record or ``Group`` the form names for ``side``."""
        kind = self.cleaned_data.get(f"{side}_kind")
        if kind == PartyKind.GROUP:
            return services.Group(self.cleaned_data.get(f"{side}_count") or 0, self.cleaned_data.get(f"{side}_label"))
        # The model's side constraint (checked by the form) made sure the record of that kind is there.
        return self.cleaned_data.get(f"{side}_{SIDE_LINKS[kind]}")


@admin.register(Pairing)
class PairingAdmin(ServiceAdmin):
    form = PairingForm
    list_display = ["name", "kind", "region_name", "start", "end", "frequency"]
    list_filter = ["kind", "a_kind", "b_kind"]
    search_fields = ["name"]
    autocomplete_fields = [f"{side}_{name}" for side in "ab" for name in SIDE_LINKS.values()] + ["region"]
    list_select_related = ["region"]
    ordering = ["-start", "-id"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["kind", "name", "region", "start", "end", "content", "frequency", "notes"]}),
        (
            _("side A"),
            {"fields": ["a_kind", *(f"a_{name}" for name in SIDE_LINKS.values()), "a_count", "a_label"]},
        ),
        (
            _("side B"),
            {"fields": ["b_kind", *(f"b_{name}" for name in SIDE_LINKS.values()), "b_count", "b_label"]},
        ),
    ]

    def create(self, request, form):
        data = _data(form, services.PAIRING_FIELDS)
        return services.pairing_create(actor=request.user, a=form.party("a"), b=form.party("b"), **data)

    def update(self, request, form, obj):
        data = _data(form, [f for f in services.PAIRING_FIELDS if f in form.changed_data])
        sides = {side: form.party(side) for side in "ab" if any(f.startswith(f"{side}_") for f in form.changed_data)}
        return services.pairing_update(actor=request.user, pairing=obj, data=data, **sides)

    @admin.display(description=_("region"), ordering="region__full_name")
    def region_name(self, obj):
        return obj.region.full_name


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
        return type(self).create_service(actor=request.user, **_data(form, self.create_fields))

    def update(self, request, form, obj):
        data = _data(form, [f for f in lists.ENTRY_FIELDS[self.model] if f in form.changed_data])
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
        return type(self).create_service(actor=request.user, **_data(form, self.create_fields))

    def update(self, request, form, obj):
        data = _data(form, [f for f in registers.UPDATE_FIELDS[self.model] if f in form.changed_data])
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


class AssessmentAdmin(ServiceAdmin):
    """Assessment rows: written through ``regional.assessment`` (added, or recorded again to correct)."""

    ordering = ["-id"]
    show_full_result_count = False
    fields_in_order = ()

    def get_fields(self, request, obj=None):
        return list(self.fields_in_order)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else list(self.fixed_fields)

    fixed_fields = ()

    def create(self, request, form):
        return self.write(request, _data(form, self.fields_in_order))

    def update(self, request, form, obj):
        data = {field: getattr(obj, field) for field in self.fixed_fields}
        return self.write(request, {**data, **_data(form, self.fields_in_order)})


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(AssessmentAdmin):
    fields_in_order = ("region", "name", "year", "organization", "full_marks", "notes")
    list_display = ["name", "year", "region", "organization", "full_marks", "staff_page"]
    list_filter = ["year"]
    list_select_related = ["region", "organization"]
    autocomplete_fields = ["region", "organization"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else list(self.fields_in_order)

    def update(self, request, form, obj):
        return obj  # fixed once created (every field read-only): its items and scores hang on it

    def write(self, request, data):
        return assessment.assessment_scheme_create(actor=request.user, **data)

    @admin.display(description=_("staff site"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("regional:assessment", args=[obj.pk]), _("Ranking"))


@admin.register(AssessmentItem)
class AssessmentItemAdmin(AssessmentAdmin):
    fields_in_order = ("scheme", "name", "weight", "sort_order")
    fixed_fields = fields_in_order
    list_display = ["name", "scheme", "weight", "sort_order"]
    list_select_related = ["scheme"]
    autocomplete_fields = ["scheme"]
    search_fields = ["name", "scheme__name"]

    def update(self, request, form, obj):
        return obj  # fixed once created (every field read-only): scores are given against its points

    def write(self, request, data):
        return assessment.assessment_item_add(actor=request.user, **data)


class SubjectForm(forms.ModelForm):
    """Names the subject (a branch or organization, or a member unit); the model's constraint wants exactly one."""

    def subject(self):
        return self.cleaned_data.get("organization") or self.cleaned_data.get("unit")


class AssessmentScoreForm(SubjectForm):
    class Meta:
        model = AssessmentScore
        fields = ["item", "organization", "unit", "score"]

    def _post_clean(self):
        # The scheme follows from the item; set it before the model's own checks run.
        if self.cleaned_data.get("item") is not None:
            self.instance.scheme = self.cleaned_data["item"].scheme
        super()._post_clean()


@admin.register(AssessmentScore)
class AssessmentScoreAdmin(AssessmentAdmin):
    form = AssessmentScoreForm
    fields_in_order = ("item", "organization", "unit", "score")
    fixed_fields = ("item", "organization", "unit")
    list_display = ["__str__", "scheme", "score"]
    list_select_related = ["scheme", "item", "organization", "unit"]
    autocomplete_fields = ["item", "organization", "unit"]
    search_fields = ["item__name", "organization__name", "unit__name"]

    def write(self, request, data):
        subject = data.pop("organization") or data.pop("unit", None)
        data.pop("unit", None)
        return assessment.assessment_score_record(actor=request.user, subject=subject, **data)


class AssessmentRatingForm(SubjectForm):
    class Meta:
        model = AssessmentRating
        fields = ["scheme", "organization", "unit", "stars", "remarks"]


@admin.register(AssessmentRating)
class AssessmentRatingAdmin(AssessmentAdmin):
    form = AssessmentRatingForm
    fields_in_order = ("scheme", "organization", "unit", "stars", "remarks")
    fixed_fields = ("scheme", "organization", "unit")
    list_display = ["__str__", "scheme", "stars"]
    list_select_related = ["scheme", "organization", "unit"]
    autocomplete_fields = ["scheme", "organization", "unit"]
    search_fields = ["scheme__name", "organization__name", "unit__name"]

    def write(self, request, data):
        subject = data.pop("organization") or data.pop("unit", None)
        data.pop("unit", None)
        return assessment.assessment_rate(actor=request.user, subject=subject, **data)
