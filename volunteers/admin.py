from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import ScopedAdmin
from communities.admin import OrganizationOutsideScopeMixin, PlacedInRegionAdmin
from core.pagination import CappedCountPaginator
from core.privacy import can_see_personal_data, mask_id_number, mask_phone

from .models import Person, StarLevel, Team, TeamMembership


@admin.register(Team)
class TeamAdmin(OrganizationOutsideScopeMixin, PlacedInRegionAdmin):
    scoped_relation = "organization"
    list_display = [
        "name",
        "code",
        "kind",
        "region_name",
        "related_organization",
        "leader",
        "member_count",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    autocomplete_fields = ["region", "organization"]
    list_select_related = ["region", "organization"]
    readonly_fields = ["team_page_link"]

    @admin.display(description=_("supervising organization"))
    def related_organization(self, obj):
        return self.related_organization_name(obj)

    @admin.display(description=_("staff site"))
    def team_page_link(self, obj):
        if obj.pk is None:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("volunteering:team_detail", args=[obj.pk]), _("Team page"))


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    """People; ``activities.admin`` adds the merge action (a merge moves their participation)."""

    list_display = ["name", "masked_phone", "masked_id_number", "gender", "political_status", "region_name"]
    list_filter = ["political_status", "gender", "is_in_service_member"]
    # Phone and ID number are matched exactly: both are indexed, and a partial
    # match on them would let a search probe other people's numbers. Someone who
    # sees them masked does not search them at all (get_search_fields).
    search_fields = ["name", "=phone", "=id_number"]
    autocomplete_fields = ["region", "reporting_community"]
    list_select_related = ["region"]
    ordering = ["-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    fields = [
        "name",
        "phone",
        "id_number",
        "gender",
        "political_status",
        "region",
        "work_unit",
        "is_in_service_member",
        "reporting_community",
        "reported_on",
    ]
    # Shown instead of the numbers to users without the personal-data permission.
    _MASKED = {"phone": "masked_phone", "id_number": "masked_id_number"}

    @admin.display(description=_("service ledger"))
    def ledger_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("volunteering:person_ledger", args=[obj.pk]),
            _("Service ledger"),
            reverse("volunteering:service_record", args=[obj.pk]),
            _("Printable service record"),
        )

    def get_search_fields(self, request):
        # An exact match would still recover a masked number: 138****1234 hides four digits,
        # ten thousand guesses. The autocompletes search through here too.
        if can_see_personal_data(request.user):
            return self.search_fields
        return ["name"]

    def get_list_display(self, request):
        if can_see_personal_data(request.user):
            return [{v: k for k, v in self._MASKED.items()}.get(column, column) for column in self.list_display]
        return self.list_display

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            return fields  # a new person's numbers are typed in full by the clerk entering them
        fields = [*fields, "ledger_link"]
        if can_see_personal_data(request.user):
            return fields
        return [self._MASKED.get(field, field) for field in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("ledger_link")
        if obj is not None and not can_see_personal_data(request.user):
            readonly += list(self._MASKED.values())
        return readonly

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description=_("home region"), ordering="region__full_name")
    def region_name(self, obj):
        return obj.region.full_name


@admin.register(TeamMembership)
class TeamMembershipAdmin(ScopedAdmin):
    list_display = ["person", "team", "role", "joined_on", "left_on"]
    list_filter = ["role"]
    search_fields = ["person__name", "team__name", "team__code"]
    autocomplete_fields = ["person", "team"]
    list_select_related = ["person", "team"]
    ordering = ["-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False


@admin.register(StarLevel)
class StarLevelAdmin(admin.ModelAdmin):
    """The star level table: administrators change the hours each level needs."""

    list_display = ["stars", "min_hours"]
    ordering = ["stars"]
