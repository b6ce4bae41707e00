"""The workspace's forms: the list's filters, the activity form with its indicators, a workflow step.

Forms validate and normalise; the views hand what they clean to ``workspace.selectors`` or to
``activities.services``, which write.
"""

import calendar
import datetime
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from activities import forms as activities_forms
from activities import services
from activities.measures import MEASURE_FIELDS, QUALIFIERS, format_qualifiers
from activities.models import EARLIEST_DATE, Activity, Category, Indicator, Status
from communities.models import Organization, Region
from regional.models import Pairing
from volunteers.models import Team

YEAR, QUARTER, MONTH, ALL = "year", "quarter", "month", "all"
PERIODS = ((YEAR, _("Year")), (QUARTER, _("Quarter")), (MONTH, _("Month")), (ALL, _("All dates")))
LATEST_YEAR = 2100
# The drop-downs stay short however large the scope: a province's teams are chosen by typing in the admin.
MAX_CHOICES = 300
TABS = (
    ("", _("All")),
    (Status.DRAFT, _("Drafts")),
    (Status.RETURNED, _("Returned")),
    (Status.SUBMITTED, _("Waiting for review")),
    (Status.APPROVED, _("Approved")),
)


@dataclass(frozen=True)
class Filters:
    """What the list shows: a date range (None: all dates), category, team and status ("" for every status)."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    category: Category | None = None
    team: Team | None = None
    status: str = ""

    def without_status(self):
        return Filters(self.start, self.end, self.category, self.team, "")


def period_range(kind, year, quarter=None, month=None):
    """[start, end] of a year, quarter or month; (None, None) for all dates."""
    if kind == QUARTER:
        first = 3 * (quarter - 1) + 1
        return datetime.date(year, first, 1), datetime.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    if kind == MONTH:
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    if kind == YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return None, None


class FilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=EARLIEST_DATE.year, max_value=LATEST_YEAR, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—"), *[(q, _("Q%(n)s") % {"n": q}) for q in range(1, 5)]],
        coerce=int,
        required=False,
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=[("", "—"), *[(m, m) for m in range(1, 13)]], coerce=int, required=False
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Volunteer team"), queryset=Team.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=TABS, required=False)

    def __init__(self, data, *, scope, latest=None):
        """``latest``: the date of the latest record in the scope; the list opens on its year."""
        # The defaults written into the data, so the page shows them and its links (tabs, pages, export) keep them.
        data = data.copy()
        if not data.get("period"):
            data["period"] = YEAR
        if not data.get("year"):
            data["year"] = str((latest or datetime.date.today()).year)
        super().__init__(data)
        self.latest = latest
        self.fields["category"].queryset = Category.objects.order_by("sort_order", "pk")
        teams = scope.filter(Team.objects.all()).order_by("name", "pk")
        self.fields["team"].queryset = teams
        self.fields["team"].choices = [("", "---------"), *teams.values_list("pk", "name")[:MAX_CHOICES]]

    def clean(self):
        data = super().clean()
        data["period"] = data.get("period") or YEAR
        if not data.get("year") and "year" not in self.errors:
            data["year"] = (self.latest or datetime.date.today()).year
        if data["period"] == QUARTER and not data.get("quarter") and "quarter" not in self.errors:
            self.add_error("quarter", _("Choose a quarter."))
        if data["period"] == MONTH and not data.get("month") and "month" not in self.errors:
            self.add_error("month", _("Choose a month."))
        return data

    def filters(self):
        """The ``Filters`` asked for (the form must be valid)."""
        data = self.cleaned_data
        start, end = period_range(data["period"], data["year"], data.get("quarter"), data.get("month"))
        return Filters(start, end, data.get("category"), data.get("team"), data.get("status") or "")

    def describe_period(self):
        data = self.cleaned_data
        kind, year = data["period"], data["year"]
        if kind == QUARTER:
            return _("%(year)s, Q%(quarter)s") % {"year": year, "quarter": data["quarter"]}
        if kind == MONTH:
            return _("%(year)s-%(month)02d") % {"year": year, "month": data["month"]}
        if kind == YEAR:
            return str(year)
        return str(_("All dates"))

    def query_string(self, **changes):
        """The current choices as a query string, with ``changes`` applied (None drops a parameter)."""
        params = QueryDict(mutable=True)
        for name in ("period", "year", "quarter", "month", "category", "team", "status"):
            value = self.data.get(name)
            if value not in (None, ""):
                params[name] = value
        for name, value in changes.items():
            params.pop(name, None)
            if value not in (None, ""):
                params[name] = value
        return params.urlencode()


def _short_choices(queryset, label, current):
    """The first ``MAX_CHOICES`` rows of ``queryset`` as choices, and the ``current`` one if they left it out."""
    rows = list(queryset.values_list("pk", label)[:MAX_CHOICES])
    if current is not None and current not in {pk for pk, _label in rows}:
        rows += list(queryset.filter(pk=current).values_list("pk", label))
    return [("", "---------"), *rows]


# The fields a clerk fills in, in the order of the form.
ACTIVITY_FIELDS = [
    "title",
    "date",
    "start_date",
    "category",
    "region",
    "organization",
    "team",
    "sessions",
    "participants",
    "volunteers",
    "volunteer_hours",
    "people_served",
    "households",
    "funds",
    "pairing",
    "location",
    "notes",
    "external_id",
]
INDICATOR_PREFIX = "indicator_"
QUALIFIER_PREFIX = "qualifier_"  # qualifier_<measure> and qualifier_indicator_<code>: the 余, 多, 约 … beside a figure
NEEDS_FIGURE = _("A qualifier needs a figure beside it: enter the figure or choose “exact”.")


def _qualifier_field(label, initial=""):
    """A small select of the qualifiers (余, 多, 约, 近, 上 …) beside a figure; blank for an exact figure."""
    name = _("Qualifier of %(figure)s") % {"figure": label}
    return forms.ChoiceField(
        label=name,
        choices=[("", _("exact")), *((q, q) for q in QUALIFIERS)],
        required=False,
        initial=initial,
        widget=forms.Select(attrs={"class": "qualifier", "aria-label": name, "title": name}),
    )


class ActivityForm(forms.ModelForm):
    """An activity and its indicator values (one field per active indicator), each figure with a select of its
    qualifier (8000余, 约500, 近万: ``activities.measures``); never saves."""

    # The version of the record the user opened: a record changed since then is not overwritten unseen.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        regions = scope.filter(Region.objects.all()).order_by("path")
        self.fields["region"].queryset = regions
        self.fields["region"].choices = _short_choices(regions, "full_name", self.instance.region_id)
        for name, model in (("organization", Organization), ("team", Team), ("pairing", Pairing)):
            queryset = scope.filter(model.objects.all()).order_by("name", "pk")
            self.fields[name].queryset = queryset
            self.fields[name].choices = _short_choices(queryset, "name", getattr(self.instance, f"{name}_id"))
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("sort_order", "pk")
        if not self.instance.pk and len(scope.regions) == 1 and "region" not in self.initial:
            self.initial["region"] = scope.regions[0].pk
        if self.instance.volunteers_from_participation:
            # Counted from the participation records (activities.participation): typing over them would add both.
            for name in ("volunteers", "volunteer_hours"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Counted from the participation records.")
        stored_qualifiers = self.instance.qualifier_map
        for name in MEASURE_FIELDS:
            field = self.fields[name]
            self.fields[QUALIFIER_PREFIX + name] = _qualifier_field(field.label, stored_qualifiers.get(name, ""))
            self.fields[QUALIFIER_PREFIX + name].disabled = field.disabled
        self.indicators = list(Indicator.objects.filter(is_active=True).order_by("sort_order", "pk"))
        stored = {}
        if self.instance.pk:
            rows = self.instance.indicator_values.values_list("indicator_id", "value", "qualifier")
            stored = {indicator_id: (value, qualifier) for indicator_id, value, qualifier in rows}
        for indicator in self.indicators:
            value, qualifier = stored.get(indicator.pk, (None, ""))
            self.fields[INDICATOR_PREFIX + indicator.code] = forms.DecimalField(
                label=str(indicator),
                required=False,
                min_value=0,
                max_value=10**12,
                max_digits=16,
                decimal_places=2,
                initial=value,
            )
            self.fields[QUALIFIER_PREFIX + INDICATOR_PREFIX + indicator.code] = _qualifier_field(
                str(indicator), qualifier
            )
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
            self.fields["loaded_version"].required = True

    def _with_qualifiers(self, names):
        """[(bound field, its qualifier's bound field)] of ``names``."""
        return [(self[name], self[QUALIFIER_PREFIX + name]) for name in names]

    def measure_fields(self):
        return self._with_qualifiers(ACTIVITY_FIELDS[7:14])

    def detail_fields(self):
        return [(self[name], None) for name in ACTIVITY_FIELDS[:7]]

    def other_fields(self):
        return [(self[name], None) for name in ACTIVITY_FIELDS[14:]]

    def indicator_fields(self):
        return self._with_qualifiers([INDICATOR_PREFIX + indicator.code for indicator in self.indicators])

    def _figure_names(self):
        return [*MEASURE_FIELDS, *(INDICATOR_PREFIX + indicator.code for indicator in self.indicators)]

    def clean(self):
        data = super().clean()
        for name in self._figure_names():
            if data.get(QUALIFIER_PREFIX + name) and not data.get(name) and name not in self.errors:
                self.add_error(QUALIFIER_PREFIX + name, NEEDS_FIGURE)
        if not self.errors:
            # The measures' qualifiers as the record stores them ("participants=余;people_served=约").
            self.instance.qualifiers = self.qualifiers()
        return data

    def qualifiers(self):
        """The core measures' qualifiers as ``Activity.qualifiers`` stores them."""
        return format_qualifiers({name: self.cleaned_data.get(QUALIFIER_PREFIX + name) for name in MEASURE_FIELDS})

    def indicator_values(self):
        """{Indicator: value, or None to remove it}, as ``activities.services`` takes them."""
        return {i: self.cleaned_data.get(INDICATOR_PREFIX + i.code) for i in self.indicators}

    def indicator_qualifiers(self):
        """{Indicator: qualifier ("" when exact)} of the indicators with a value."""
        return {
            i: self.cleaned_data.get(QUALIFIER_PREFIX + INDICATOR_PREFIX + i.code) or ""
            for i in self.indicators
            if self.cleaned_data.get(INDICATOR_PREFIX + i.code) is not None
        }

    def changed_content(self):
        """{field: value} of the content fields this form changed, for ``activity_update``; the qualifiers whenever a
        figure or a qualifier changed: the user saw them beside the figures and chose to keep or change them."""
        data = {name: self.cleaned_data[name] for name in self.changed_data if name in services.CONTENT_FIELDS}
        figures = {*MEASURE_FIELDS, *(QUALIFIER_PREFIX + name for name in MEASURE_FIELDS)}
        if figures & set(self.changed_data):
            data["qualifiers"] = self.qualifiers()
        return data


class StepForm(forms.Form):
    # The version the page showed: a record changed since then conflicts instead of being decided unseen.
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(activities_forms.ReasonForm, StepForm):
    """A return or a reopen: the version seen, and a common reason, words of one's own, or both."""
