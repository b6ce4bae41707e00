from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities import rollups
from communities.admin import OrganizationOutsideScopeMixin, PlacedInRegionAdmin
from core.admin import ScopedAdmin
from core.pagination import CappedCountPaginator
from history.models import Source
from transfer.admin import TransferAdminMixin

from .models import Participation, Person, StarLevel, Team, TeamMembership
from .privacy import can_see_personal_data, mask_id_number, mask_phone
from .services import activities_recount_participation, clean_hours, person_merge


@admin.register(Team)
class TeamAdmin(OrganizationOutsideScopeMixin, TransferAdminMixin, PlacedInRegionAdmin):
    transfer_kind = "teams"
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
        return format_html('<a href="{}">{}</a>', reverse("volunteers:team_detail", args=[obj.pk]), _("Team page"))


@admin.register(Person)
class PersonAdmin(TransferAdminMixin, ScopedAdmin):
    transfer_kind = "people"
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
    actions = ["merge_people"]

    @admin.display(description=_("service ledger"))
    def ledger_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("volunteers:person_ledger", args=[obj.pk]),
            _("Service ledger"),
            reverse("volunteers:service_record", args=[obj.pk]),
            _("Printable service record"),
        )

    @admin.action(description=_("Merge two records of the same person"), permissions=["delete"])
    def merge_people(self, request, queryset):
        """Pick which of two selected records to keep; the other's service and teams move to it."""
        people = list(queryset.select_related("region").order_by("pk")[:3])
        if len(people) != 2:
            self.message_user(request, gettext("Select exactly two people to merge."), messages.ERROR)
            return None
        error = None
        if request.POST.get("post") == "yes":
            keep_pk = request.POST.get("keep")
            keep = next((p for p in people if str(p.pk) == keep_pk), None)
            if keep is None:
                error = gettext("Choose the record to keep.")
            else:
                duplicate = people[1] if keep is people[0] else people[0]
                try:
                    person_merge(actor=request.user, keep=keep, duplicate=duplicate)
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    gettext("Merged %(duplicate)s (#%(dup_id)s) into %(keep)s (#%(keep_id)s).")
                    % {"duplicate": duplicate.name, "dup_id": duplicate.pk, "keep": keep.name, "keep_id": keep.pk},
                    messages.SUCCESS,
                )
                return None
        show = can_see_personal_data(request.user)
        rows = [
            {
                "person": p,
                "phone": p.phone if show else mask_phone(p.phone),
                "id_number": p.id_number if show else mask_id_number(p.id_number),
                "services": p.participations.count(),
                "teams": p.memberships.count(),
            }
            for p in people
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Merge two records of the same person"),
            "rows": rows,
            "error": error,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/volunteers/person/merge_confirmation.html", context)

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


class ParticipationAdminForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["person", "activity", "hours"]

    def clean_hours(self):
        # The same rule as the services: more than 0, at most 24, two decimals.
        try:
            return clean_hours(self.cleaned_data["hours"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["hours"]) from None


@admin.register(Participation)
class ParticipationAdmin(TransferAdminMixin, ScopedAdmin):
    """Participation typed in the admin: saved with history (``HistoryAdminMixin``), then the
    activities concerned are recounted, as the services do, so their figures stay the records' sums."""

    transfer_kind = "participation"
    form = ParticipationAdminForm
    list_display = ["person", "activity", "hours", "created_at"]
    search_fields = ["person__name", "=activity__external_id"]
    autocomplete_fields = ["person", "activity"]
    list_select_related = ["person", "activity"]
    ordering = ["-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        previous = list(Participation.objects.filter(pk=obj.pk).values_list("activity_id", flat=True)) if change else []
        if change:
            with rollups.participations_refreshed(Participation.objects.filter(pk=obj.pk)):
                super().save_model(request, obj, form, change)
        else:
            super().save_model(request, obj, form, change)
            rollups.add_participations(Participation.objects.filter(pk=obj.pk))
        activities_recount_participation(activity_ids={obj.activity_id, *previous}, actor=request.user)

    def delete_model(self, request, obj):
        activity_id = obj.activity_id
        with rollups.participations_refreshed(Participation.objects.filter(pk=obj.pk)):
            super().delete_model(request, obj)
        activities_recount_participation(activity_ids=[activity_id], actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        activity_ids = set(queryset.values_list("activity_id", flat=True))
        with rollups.participations_refreshed(queryset):
            super().delete_queryset(request, queryset)
        activities_recount_participation(activity_ids=activity_ids, actor=request.user, source=Source.BULK)


@admin.register(StarLevel)
class StarLevelAdmin(admin.ModelAdmin):
    """The star level table: administrators change the hours each level needs."""

    list_display = ["stars", "min_hours"]
    ordering = ["stars"]
