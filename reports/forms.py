"""The dashboard's choices: region, period and filters, validated and turned into a ``TotalsQuery``.

The region comes from the URL (``?region=<code>``, see ``resolve_region``) and is looked up
through the scope: a region outside it is a 404, never a form error that reveals it exists.
Everything else is a field; a bad value is an error beside that field.
"""

import datetime
from functools import cache, partial
from urllib.parse import quote

from django import forms
from django.db.models import Q
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import EARLIEST_DATE, Category
from activities.selectors import latest_record_date
from communities.models import Organization, Region
from volunteers.models import Team

from .periods import CUSTOM, KINDS, MONTH, QUARTER, YEAR, Period
from .selectors import RECORDS, SORT_KEYS, TotalsQuery

LATEST_YEAR = 2100
MAX_CHOICES = 300
MAX_ID_DIGITS = 18  # a bigint; a longer run of digits can only be a code


def default_year(today=None, *, scope=None):
    """The year a page opens on: the latest with records in ``scope`` (a fresh install's demo is not this
    year's), else this year; a given ``today`` pins it."""
    if today is None and scope is not None:
        latest = latest_record_date(user=scope.user)
        if latest is not None:
            return latest.year
    return (today or datetime.date.today()).year


def resolve_region(scope, value):
    """The region named by ``value`` in ``scope``; None for the default; Http404 outside the scope.

    ``value`` is a region code: the pages link by code, and codes are what people type and share
    (``?region=410102``). An all-digit value is a code first; only when no region has that code is
    it taken as an id, so that links and bookmarks made before the pages linked by code still work.
    One query either way.
    """
    if value in (None, ""):
        if scope.is_global:
            return None
        return scope.regions[0] if scope.regions else None
    value = str(value).strip()
    lookup = Q(code=value)
    if value.isdigit() and len(value) <= MAX_ID_DIGITS:
        lookup |= Q(pk=int(value))
    found = sorted(Region.objects.filter(lookup), key=lambda region: region.code != value)
    if not found or not scope.allows(found[0]):
        raise Http404
    return found[0]


class TotalsForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=KINDS, initial=YEAR, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=EARLIEST_DATE.year, max_value=LATEST_YEAR, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, _("Q%(n)s") % {"n": q}) for q in range(1, 5)], coerce=int, required=False
    )
    month = forms.TypedChoiceField(label=_("Month"), choices=[(m, m) for m in range(1, 13)], coerce=int, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Volunteer team"), queryset=Team.objects.none(), required=False)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none(), required=False)
    include_submitted = forms.BooleanField(label=_("Include submitted records"), required=False)
    # How the page is laid out, not what it counts: an unknown value falls back to the default
    # rather than failing a form whose fields the user never saw.
    sort = forms.CharField(required=False)
    chart = forms.CharField(required=False)

    def __init__(self, data, *, scope, region, today=None):
        super().__init__(data)
        self.scope, self.region, self.today = scope, region, today
        self.fields["category"].queryset = Category.objects.order_by("sort_order", "pk")
        # Validation accepts any team or organization in the scope and the region's subtree;
        # the drop-downs list only those of the region itself and its children, so the page
        # stays small however big the subtree is (a deeper one can still be named in the URL).
        for name, model in (("team", Team), ("organization", Organization)):
            queryset = scope.filter(model.objects.all())
            if region is not None:
                queryset = queryset.filter(region__path__startswith=region.path)
            self.fields[name].queryset = queryset.order_by("name", "pk")
            # A callable, read once and only where the filters are drawn: not by the print page,
            # the exports, the teams page or the API.
            near = cache(partial(self._near_choices, model, queryset, str(self.data.get(name) or "")))
            self.fields[name].choices = near
            # The drop-down is what works without JavaScript; autocomplete.js turns it into a
            # search over the whole subtree through this endpoint.
            url = reverse("reports:api_choices", args=[name])
            if region is not None:
                url += f"?region={quote(region.code)}"
            self.fields[name].widget.attrs.update(
                {"data-autocomplete": url, "data-placeholder": _("Type a name or code")}
            )

    def _near_choices(self, model, queryset, selected):
        """The drop-down: the teams or organizations of the region itself and its children (two queries at most)."""
        # Through a subquery of region ids: an OR across the join to regions (with or without the
        # subtree's path) scans every organization of a province.
        near = self.scope.filter(model.objects.all())
        if self.region is not None:
            children = Region.objects.filter(Q(pk=self.region.pk) | Q(parent=self.region)).values("pk")
            near = near.filter(region__in=children)
        else:
            near = near.filter(region__parent__isnull=True)
        listed = [(o.pk, o.name) for o in near.order_by("name", "pk").only("pk", "name")[:MAX_CHOICES]]
        if selected.isdigit() and int(selected) not in {pk for pk, _label in listed}:
            # Chosen deeper in the tree (a link from the team table): keep it visible.
            listed += list(queryset.filter(pk=selected).values_list("pk", "name"))
        return [("", "---------"), *listed]

    def clean_sort(self):
        return self.cleaned_data["sort"] if self.cleaned_data["sort"] in SORT_KEYS else RECORDS

    def clean_chart(self):
        return self.cleaned_data["chart"] if self.cleaned_data["chart"] in SORT_KEYS else RECORDS

    def clean(self):
        data = super().clean()
        kind = data.get("period") or YEAR
        data["period"] = kind
        year = data.get("year") or default_year(self.today, scope=self.scope)
        if "year" not in self.errors:
            data["year"] = year
        if kind == QUARTER and not data.get("quarter") and "quarter" not in self.errors:
            self.add_error("quarter", _("Choose a quarter."))
        if kind == MONTH and not data.get("month") and "month" not in self.errors:
            self.add_error("month", _("Choose a month."))
        if kind == CUSTOM:
            start, end = data.get("date_from"), data.get("date_to")
            if not start and "date_from" not in self.errors:
                self.add_error("date_from", _("Enter the first day of the range."))
            if not end and "date_to" not in self.errors:
                self.add_error("date_to", _("Enter the last day of the range."))
            if start and end and end < start:
                self.add_error("date_to", _("The last day must not be before the first day."))
            for name in ("date_from", "date_to"):
                day = data.get(name)
                if day and not (EARLIEST_DATE <= day <= datetime.date(LATEST_YEAR, 12, 31)):
                    self.add_error(name, _("Choose a date between 1990 and 2100."))
        return data

    def period_value(self):
        data = self.cleaned_data
        kind = data["period"]
        if kind == QUARTER:
            return Period.quarter(data["year"], data["quarter"])
        if kind == MONTH:
            return Period.month(data["year"], data["month"])
        if kind == CUSTOM:
            return Period(data["date_from"], data["date_to"])
        return Period.year(data["year"])

    def query(self):
        """The ``TotalsQuery`` these choices ask for (the form must be valid)."""
        data = self.cleaned_data
        return TotalsQuery(
            scope=self.scope,
            region=self.region,
            period=self.period_value(),
            category=data.get("category"),
            team=data.get("team"),
            organization=data.get("organization"),
            include_submitted=bool(data.get("include_submitted")),
        )

    def query_string(self, **changes):
        """The current choices as a query string, with ``changes`` applied (None drops a parameter)."""
        params = QueryDict(mutable=True)
        for name in (
            "period",
            "year",
            "quarter",
            "month",
            "date_from",
            "date_to",
            "include_submitted",
            "sort",
            "chart",
        ):
            value = self.data.get(name)
            if value not in (None, ""):
                params[name] = value
        for name in ("category", "team", "organization"):
            value = self.data.get(name)
            if value not in (None, ""):
                params[name] = value
        if self.region is not None:
            params["region"] = self.region.code
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
        return params.urlencode()
