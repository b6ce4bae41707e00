"""Admin of member units (named, or counted), committee members and pairings."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.privacy import can_see_personal_data, mask_phone
from history.models import Source

from .. import services
from ..models import (
    SIDE_LINKS,
    CommitteeMembership,
    MemberUnit,
    Pairing,
    PartyKind,
    UnitCount,
)
from .base import ServiceAdmin, form_data


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
        return services.member_unit_create(actor=request.user, **form_data(form, services.UNIT_FIELDS))

    def update(self, request, form, obj):
        data = form_data(form, [f for f in services.UNIT_FIELDS if f in form.changed_data])
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


class UnitCountForm(forms.ModelForm):
    class Meta:
        model = UnitCount
        fields = list(services.UNIT_COUNT_FIELDS)


@admin.register(UnitCount)
class UnitCountAdmin(ServiceAdmin):
    """Units a report counts without naming them; written, changed and deleted by the services (with history)."""

    form = UnitCountForm
    list_display = ["label", "count", "qualifier", "region_name", "committee", "as_of"]
    list_filter = ["qualifier"]
    search_fields = ["label", "region__name", "committee__name"]
    autocomplete_fields = ["region", "committee"]
    list_select_related = ["region", "committee"]
    ordering = ["region__path", "-as_of", "pk"]
    show_full_result_count = False

    def create(self, request, form):
        return services.unit_count_create(actor=request.user, **form_data(form, services.UNIT_COUNT_FIELDS))

    def update(self, request, form, obj):
        data = form_data(form, [f for f in services.UNIT_COUNT_FIELDS if f in form.changed_data])
        return services.unit_count_update(actor=request.user, record=obj, data=data)

    def delete_model(self, request, obj):
        services.unit_count_delete(actor=request.user, record=obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            services.unit_count_delete(actor=request.user, record=record, source=Source.BULK)

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
        return services.committee_member_survey(actor=request.user, **form_data(form, fields))

    def update(self, request, form, obj):
        data = form_data(form, [f for f in services.MEMBER_FIELDS if f in form.changed_data])
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
        data = form_data(form, services.PAIRING_FIELDS)
        return services.pairing_create(actor=request.user, a=form.party("a"), b=form.party("b"), **data)

    def update(self, request, form, obj):
        data = form_data(form, [f for f in services.PAIRING_FIELDS if f in form.changed_data])
        sides = {side: form.party(side) for side in "ab" if any(f.startswith(f"{side}_") for f in form.changed_data)}
        return services.pairing_update(actor=request.user, pairing=obj, data=data, **sides)

    @admin.display(description=_("region"), ordering="region__full_name")
    def region_name(self, obj):
        return obj.region.full_name
