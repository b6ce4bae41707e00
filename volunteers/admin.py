from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from communities.admin import PlacedInRegionAdmin
from core.admin import ScopedAdmin
from core.pagination import CappedCountPaginator
from transfer.admin import TransferAdminMixin

from .models import Participation, Person, Team, TeamMembership
from .privacy import can_see_personal_data, mask_id_number, mask_phone


@admin.register(Team)
class TeamAdmin(TransferAdminMixin, PlacedInRegionAdmin):
    transfer_kind = "teams"
    list_display = ["name", "code", "kind", "region_name", "organization", "leader", "member_count", "is_active"]
    list_filter = ["kind", "is_active"]
    autocomplete_fields = ["region", "organization"]
    list_select_related = ["region", "organization"]


@admin.register(Person)
class PersonAdmin(TransferAdminMixin, ScopedAdmin):
    transfer_kind = "people"
    list_display = ["name", "masked_phone", "masked_id_number", "gender", "political_status", "region_name"]
    list_filter = ["political_status", "gender", "is_in_service_member"]
    # Phone and ID number are matched exactly: both are indexed, and a partial
    # match on them would let a search probe other people's numbers.
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

    def get_list_display(self, request):
        if can_see_personal_data(request.user):
            return [{v: k for k, v in self._MASKED.items()}.get(column, column) for column in self.list_display]
        return self.list_display

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or can_see_personal_data(request.user):
            return fields  # a new person's numbers are typed in full by the clerk entering them
        return [self._MASKED.get(field, field) for field in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
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


@admin.register(Participation)
class ParticipationAdmin(TransferAdminMixin, ScopedAdmin):
    transfer_kind = "participation"
    list_display = ["person", "activity", "hours", "created_at"]
    search_fields = ["person__name", "=activity__external_id"]
    autocomplete_fields = ["person", "activity"]
    list_select_related = ["person", "activity"]
    ordering = ["-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False
