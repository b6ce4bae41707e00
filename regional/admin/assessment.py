"""Admin of assessments: schemes, items, scores and star ratings, written through regional.assessment."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import assessment
from ..models import (
    AssessmentItem,
    AssessmentRating,
    AssessmentScheme,
    AssessmentScore,
    SupervisionCheck,
)
from .base import ServiceAdmin, form_data


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
        return self.write(request, form_data(form, self.fields_in_order))

    def update(self, request, form, obj):
        data = {field: getattr(obj, field) for field in self.fixed_fields}
        return self.write(request, {**data, **form_data(form, self.fields_in_order)})


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


def subject_data(data):
    """``data`` with its organization and unit fields made the one ``subject`` the services take."""
    data = dict(data)
    organization, unit = data.pop("organization", None), data.pop("unit", None)
    return {**data, "subject": organization or unit}


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
        return assessment.assessment_score_record(actor=request.user, **subject_data(data))


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
        return assessment.assessment_rate(actor=request.user, **subject_data(data))


@admin.register(SupervisionCheck)
class SupervisionCheckAdmin(AssessmentAdmin):
    fields_in_order = assessment.SUPERVISION_FIELDS
    list_display = ["subject", "region", "start", "end", "groups", "areas", "places"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "organization"]
    search_fields = ["subject"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else list(self.fields_in_order)

    def update(self, request, form, obj):
        return obj  # a check is recorded once, as the report gives it

    def write(self, request, data):
        return assessment.supervision_check_create(actor=request.user, **data)
