from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import CountOnlyDeletionMixin, ScopedAdmin
from core.pagination import CappedCountPaginator
from core.privacy import can_see_personal_data, mask_id_number, mask_phone
from history.admin import HistoryAdminMixin
from history.display import EMPTY
from history.models import Source
from history.services import history_of
from volunteers import admin as volunteers_admin
from volunteers.models import Person

from . import selectors, services
from .models import Activity, Category, Indicator, IndicatorValue, Participation, Status
from .participation import (
    check_activity_open,
    clean_hours,
    participation_record,
    participation_update,
    participations_delete,
    person_merge,
)

LIST_MEASURES = ["volunteers", "volunteer_hours", "people_served"]
# The confirmation pages list every selected record; a bigger selection is refused, not truncated.
ACTION_LIMIT = 500
# Beyond this many refused records, the message names the count instead of each record.
SKIPPED_SHOWN = 10


@admin.register(Category)
class CategoryAdmin(CountOnlyDeletionMixin, HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "required_evidence":
            # A short list (签到表, 会议记录 …): ticked, not picked from a two-pane selector.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Indicator)
class IndicatorAdmin(CountOnlyDeletionMixin, HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "unit", "counts", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1
    fields = ["indicator", "value"]

    def get_queryset(self, request):
        # Each row shows its value's str(), which names the indicator.
        return super().get_queryset(request).select_related("indicator")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "indicator":
            # Evaluate the short indicator list once per request: the admin builds
            # this formset several times per page, and every inline row (and the
            # empty template row) would otherwise query it again.
            if not hasattr(request, "_indicator_choices"):
                request._indicator_choices = list(field.choices)
            field.choices = request._indicator_choices
        return field

    # The values are part of the activity: editable exactly when the activity is (``obj`` is the activity).
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and _editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)


class RefusedDeleteMixin:
    """A delete the service refuses (an approved record is locked) is a message on the record's page, not an error."""

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            # Raised inside the admin's transaction, which rolled back: nothing was deleted.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path().replace("/delete/", "/change/"))


def _editable(request, activity):
    return activity is None or services.can_edit(user=request.user, activity=activity)


def _indicator_values(formsets):
    """{Indicator: value, or None to remove it} as the indicator rows of the change form ask."""
    values = {}
    for formset in formsets:
        if formset.model is not IndicatorValue:
            continue
        for form in formset.forms:
            if not form.has_changed() or not form.cleaned_data:
                continue
            stored = form.instance.indicator if form.instance.pk else None
            if formset.can_delete and form.cleaned_data.get("DELETE"):
                if stored is not None:
                    values.setdefault(stored, None)
                continue
            if stored is not None and stored != form.cleaned_data["indicator"]:
                values.setdefault(stored, None)  # the row was switched to another indicator
            values[form.cleaned_data["indicator"]] = form.cleaned_data["value"]
    return values


def _shown(value):
    return EMPTY if value in (None, "") else str(value)


COUNTED_FROM_PARTICIPATION = _(
    "Once people's participation is recorded for this activity, this figure is counted from their records; "
    "the figure typed here is then kept as the reported figure (填报数) and not added to the totals."
)


class ActivityAdminForm(forms.ModelForm):
    # The version of the record the user opened: saving a record someone changed since is refused.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = sorted(services.CONTENT_FIELDS)  # the admin passes the fields of its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said beside the fields before anything is typed: participation records take over these two.
        for name in ("volunteers", "volunteer_hours"):
            if name in self.fields:
                self.fields[name].help_text = COUNTED_FROM_PARTICIPATION
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version
            self.fields["loaded_version"].required = True
            self.fields["loaded_version"].error_messages["required"] = _(
                "This page is out of date. Reload it and enter your changes again."
            )

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        # ``instance`` is the row as this request loaded it: the form copies the input onto it only after clean().
        if self.instance.pk is None or loaded is None or loaded == self.instance.version:
            return cleaned
        raise ValidationError(self.conflict_messages(), code="conflict")

    def conflict_messages(self):
        """What the user is told when the record changed after they opened it: who, and which values differ."""
        last = history_of(self.instance).first()
        if last is not None and last.actor is not None:
            head = gettext("%(who)s changed this activity at %(when)s, after you opened it. Nothing was saved.") % {
                "who": last.actor.get_full_name() or last.actor.get_username(),
                "when": f"{timezone.localtime(last.at):%Y-%m-%d %H:%M}",
            }
        else:
            head = gettext("Someone changed this activity after you opened it. Nothing was saved.")
        lines = [head]
        content = services.CONTENT_FIELDS
        for name in self.changed_data:
            if name in content:
                lines.append(
                    gettext("%(field)s: yours “%(yours)s”, now “%(current)s”")
                    % {
                        "field": self.fields[name].label,
                        "yours": _shown(self.cleaned_data.get(name)),
                        "current": _shown(getattr(self.instance, name)),
                    }
                )
        lines.append(gettext("Reload the page to see the current record, then make your changes again."))
        return lines


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        error_messages={"required": services.REASON_REQUIRED},
        help_text=_("The clerk sees this on the record."),
    )


SUBMITTED = ngettext_lazy(
    "%(count)d activity was submitted for review.", "%(count)d activities were submitted for review.", "count"
)


@dataclass(frozen=True)
class Review:
    """A reviewer's admin action: the service step, its bulk service and the words of its confirmation page."""

    action: str
    step: services.Step
    bulk: Callable
    needs_reason: bool
    title: str
    question: str
    button: str
    done: str  # ngettext_lazy with a "count" placeholder


REVIEWS = {
    review.action: review
    for review in [
        Review(
            action="approve",
            step=services.APPROVE,
            bulk=services.activities_approve,
            needs_reason=False,
            title=_("Approve activities"),
            question=_("Approve these activities? From then on the totals count them."),
            button=_("Approve"),
            done=ngettext_lazy("%(count)d activity was approved.", "%(count)d activities were approved.", "count"),
        ),
        Review(
            action="return_with_reason",
            step=services.RETURN,
            bulk=services.activities_return,
            needs_reason=True,
            title=_("Return activities"),
            question=_("Return these activities to their clerks? Say what they should correct."),
            button=_("Return"),
            done=ngettext_lazy(
                "%(count)d activity was returned to its clerk.",
                "%(count)d activities were returned to their clerks.",
                "count",
            ),
        ),
        Review(
            action="reopen_with_reason",
            step=services.REOPEN,
            bulk=services.activities_reopen,
            needs_reason=True,
            title=_("Reopen approved activities"),
            question=_(
                "Turn these approved activities back to returned, so their clerks can correct them? "
                "The totals stop counting them until they are approved again."
            ),
            button=_("Reopen"),
            done=ngettext_lazy(
                "%(count)d activity was reopened and returned to its clerk.",
                "%(count)d activities were reopened and returned to their clerks.",
                "count",
            ),
        ),
    ]
}


@admin.register(Activity)
class ActivityAdmin(RefusedDeleteMixin, ScopedAdmin):
    form = ActivityAdminForm
    # What fits 1366 px beside the admin's two sidebars: who, when, what and the three figures a reviewer
    # scans; the other measures, the indicators and the workflow stamps are on the record's own page.
    list_display = ["day", "title", "region_name", "category", "status", *LIST_MEASURES]
    list_display_links = ["day", "title"]
    list_filter = ["status", "category", ("date", admin.DateFieldListFilter)]
    search_fields = ["title", "=external_id"]
    autocomplete_fields = ["region", "organization", "team"]
    list_select_related = ["region", "category"]
    # Served by the (date, id) index; a stable order for paging through a million rows.
    ordering = ["-date", "-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    inlines = [IndicatorValueInline]

    class Media:
        css = {"all": ["activities/admin.css"]}

    actions = ["submit_for_review", "approve", "return_with_reason", "reopen_with_reason"]
    readonly_fields = [
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "return_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "category", ("start_date", "date"), "region", "organization", "team"]}),
        (
            _("Measures"),
            {
                "fields": [
                    ("sessions", "participants", "volunteers", "volunteer_hours"),
                    ("people_served", "households", "funds"),
                ]
            },
        ),
        (None, {"fields": ["location", "notes", "external_id"]}),
    ]
    record_fields = [
        "status",
        ("submitted_by", "submitted_at"),
        ("reviewed_by", "reviewed_at"),
        ("created_by", "created_at"),
        "updated_at",
    ]

    def get_search_results(self, request, queryset, search_term):
        # What search_fields above would do, plus the bigram index for two-character words.
        return queryset.search(search_term), False

    @admin.display(description=_("date"), ordering="date")
    def day(self, obj):
        # 2025-11-12, not 2025年11月12日: the narrower column leaves the title its room.
        return f"{obj.date:%Y-%m-%d}"

    @admin.display(description=_("region"), ordering="region__full_name")
    def region_name(self, obj):
        # The region's own name; its whole path on hover (a full path wraps into four lines).
        return format_html('<span title="{}">{}</span>', obj.region.full_name, obj.region.name)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        if self.has_change_permission(request, obj):
            title, options = fieldsets[0]
            fieldsets[0] = (title, {**options, "fields": [*options["fields"], "loaded_version"]})
        if obj.volunteers_from_participation:
            title, options = fieldsets[1]  # the measures
            fieldsets[1] = (title, {**options, "fields": [*options["fields"], "reported_figures"]})
        record = list(self.record_fields)
        if obj.status == Status.RETURNED:
            # First on the page: what the clerk is asked to correct.
            returned = {
                "fields": ["return_reason"],
                "description": _("A reviewer returned this record. Correct it, then submit it for review again."),
            }
            fieldsets.insert(0, (_("Returned for correction"), returned))
        elif obj.return_reason:
            # Resubmitted: the reviewer sees what was asked last time.
            record.append("return_reason")
        fieldsets.append((_("Record"), {"fields": record}))
        return fieldsets

    @admin.display(description=_("As reported before the participation records"))
    def reported_figures(self, obj):
        return gettext("%(volunteers)s person-times · %(hours)s hours") % {
            "volunteers": EMPTY if obj.reported_volunteers is None else obj.reported_volunteers,
            "hours": EMPTY if obj.reported_volunteer_hours is None else obj.reported_volunteer_hours,
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.volunteers_from_participation:
            readonly.append("reported_figures")
            # Counted from the participation records (activities.participation): typing over them would add both.
            readonly += ["volunteers", "volunteer_hours"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # A record the user may not edit in its status opens read-only, and a POST to it is refused.
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_approve_permission(self, request):
        return request.user.has_perm(services.APPROVE_PERMISSION)

    def save_model(self, request, obj, form, change):
        """Nothing here: the activity and its indicator rows are one write, made by a service in ``save_related``."""

    def save_related(self, request, form, formsets, change):
        values = _indicator_values(formsets)
        if not change:
            services.activity_create(actor=request.user, activity=form.instance, indicator_values=values)
            return
        # Only the fields the form changed: the workflow columns are written by the services alone.
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in services.CONTENT_FIELDS}
        services.activity_update(
            actor=request.user,
            activity=form.instance,
            data=data,
            expected_version=form.cleaned_data["loaded_version"],
            indicator_values=values,
        )

    def delete_model(self, request, obj):
        services.activities_delete(actor=request.user, activities=[obj])

    def delete_queryset(self, request, queryset):
        try:
            services.activities_delete(actor=request.user, activities=list(queryset), source=Source.BULK)
        except ValidationError as error:
            # All or nothing: one locked record in the selection keeps every one of them.
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def construct_change_message(self, request, form, formsets, add=False):
        # The indicator formsets were not saved by the admin (the service wrote them); our history has the details.
        return construct_change_message(form, [], add)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ConflictError as error:
            # Someone saved between this form's check and its UPDATE; the whole save was rolled back.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_labels(self, keys):
        return selectors.indicator_key_labels(keys)

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        activities = self._selection(request, queryset)
        if activities:
            done, skipped = services.activities_submit(actor=request.user, activities=activities)
            self._report(request, done, skipped, SUBMITTED)

    @admin.action(description=_("Approve"), permissions=["approve"])
    def approve(self, request, queryset):
        return self._review(request, queryset, REVIEWS["approve"])

    @admin.action(description=_("Return with a reason"), permissions=["approve"])
    def return_with_reason(self, request, queryset):
        return self._review(request, queryset, REVIEWS["return_with_reason"])

    @admin.action(description=_("Reopen with a reason"), permissions=["approve"])
    def reopen_with_reason(self, request, queryset):
        return self._review(request, queryset, REVIEWS["reopen_with_reason"])

    def _review(self, request, queryset, review):
        """A reviewer's bulk step: a confirmation page listing the records (and asking the reason), then the step."""
        activities = self._selection(request, queryset)
        if not activities:
            return None
        confirmed = request.POST.get("post") == "yes"
        form = ReasonForm(request.POST if confirmed else None) if review.needs_reason else None
        if confirmed and (form is None or form.is_valid()):
            reason = {"reason": form.cleaned_data["reason"]} if form else {}
            try:
                done, skipped = review.bulk(
                    actor=request.user,
                    activities=activities,
                    expected_versions=self._seen_versions(request),
                    **reason,
                )
            except ValidationError as error:  # the services' own check of the reason
                form.add_error(None, error)
            else:
                self._report(request, done, skipped, review.done)
                return None
        return self._confirmation(request, activities, review, form)

    def _selection(self, request, queryset):
        """The selected activities, at most ``ACTION_LIMIT`` of them; None (with a message) if more."""
        activities = list(queryset.order_by("pk")[: ACTION_LIMIT + 1])
        if len(activities) > ACTION_LIMIT:
            self.message_user(
                request,
                gettext("Select at most %(limit)d activities at a time. No activity was changed.")
                % {"limit": ACTION_LIMIT},
                messages.ERROR,
            )
            return None
        return activities

    @staticmethod
    def _seen_versions(request):
        """{pk: version} of the records as the confirmation page showed them."""
        seen = {}
        for value in request.POST.getlist("seen_version"):
            pk, _sep, version = value.partition(":")
            if pk.isdigit() and version.isdigit():
                seen[int(pk)] = int(version)
        return seen

    def _confirmation(self, request, activities, review, form):
        # Say beforehand which records the step will leave unchanged, and why.
        rows = []
        for activity in activities:
            try:
                services.check_step(actor=request.user, activity=activity, step=review.step)
            except ValidationError as error:
                rows.append((activity, " ".join(error.messages)))
            else:
                rows.append((activity, ""))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": review.title,
            "question": review.question,
            "button": review.button,
            "opts": opts,
            "headers": [opts.get_field(name).verbose_name for name in ("date", "title", "region", "status")],
            "rows": rows,
            "actionable": sum(1 for _activity, problem in rows if not problem),
            "form": form,
            "action": review.action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + (form.media if form else forms.Media()),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/activities/activity/review_confirmation.html", context)

    def _report(self, request, done, skipped, done_message):
        if done:
            # One INSERT for the admin history of the whole batch.
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=done,
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["status"]}}],
            )
        if done:
            self.message_user(request, done_message % {"count": len(done)}, messages.SUCCESS)
        for activity, reason in skipped[:SKIPPED_SHOWN]:
            self.message_user(
                request,
                gettext("“%(activity)s” was left unchanged: %(reason)s") % {"activity": activity, "reason": reason},
                messages.WARNING,
            )
        if len(skipped) > SKIPPED_SHOWN:
            more = len(skipped) - SKIPPED_SHOWN
            self.message_user(
                request,
                ngettext(
                    "%(count)d more activity was left unchanged.",
                    "%(count)d more activities were left unchanged.",
                    more,
                )
                % {"count": more},
                messages.WARNING,
            )


class ParticipationAdminForm(forms.ModelForm):
    """One person's hours at one activity; refused beside the field while the activity is locked."""

    actor = None  # the user saving the form, set by ``ParticipationAdmin.get_form``

    class Meta:
        model = Participation
        fields = ["person", "activity", "hours"]

    def clean_hours(self):
        # The same rule as the services: more than 0, at most 24, two decimals.
        try:
            return clean_hours(self.cleaned_data["hours"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["hours"]) from None

    def clean(self):
        cleaned = super().clean()
        # Before construct_instance: ``self.instance`` still holds the stored activity it would leave.
        activities = {cleaned.get("activity"), self.instance.activity if self.instance.pk else None} - {None}
        for activity in sorted(activities, key=lambda a: a.pk):
            try:
                check_activity_open(self.actor, activity)
            except ValidationError as error:
                self.add_error("activity", error.message_dict["activity"])
        return cleaned


@admin.register(Participation)
class ParticipationAdmin(RefusedDeleteMixin, ScopedAdmin):
    """Participation typed in the admin: written by the services, which keep history, the lock and the recount."""

    form = ParticipationAdminForm
    list_display = ["person", "activity", "hours", "created_at"]
    search_fields = ["person__name", "=activity__external_id"]
    autocomplete_fields = ["person", "activity"]
    list_select_related = ["person", "activity"]
    ordering = ["-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        if change:
            participation_update(
                actor=request.user, participation=obj, hours=obj.hours, person=obj.person, activity=obj.activity
            )
        else:
            obj.pk = participation_record(
                actor=request.user, person=obj.person, activity=obj.activity, hours=obj.hours
            ).pk

    def delete_model(self, request, obj):
        participations_delete(actor=request.user, participations=[obj], source=Source.FORM)

    def delete_queryset(self, request, queryset):
        try:
            participations_delete(actor=request.user, participations=list(queryset))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)


admin.site.unregister(Person)


@admin.register(Person)
class PersonAdmin(volunteers_admin.PersonAdmin):
    """People, with the merge action: a merge moves their participation, which activities owns."""

    actions = ["merge_people"]

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
                    gettext("Merged %(duplicate)s (%(duplicate_region)s) into %(keep)s (%(keep_region)s).")
                    % {
                        "duplicate": duplicate.name,
                        "duplicate_region": duplicate.region.full_name,
                        "keep": keep.name,
                        "keep_region": keep.region.full_name,
                    },
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
