"""Forms of the regional pages: the period of a committee's page and one form per procedure step."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Step


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100, required=False)

    def year_or(self, default):
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return default


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class NominateForm(forms.Form):
    nominated_on = _date(_("nominated on"))


class ConsultForm(forms.Form):
    consulted_on = _date(_("opinions sought on"))
    opinions = forms.CharField(label=_("opinions received"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublicizeForm(forms.Form):
    publicity_start = _date(_("publicity from"))
    publicity_end = _date(_("publicity until"))


class AppointForm(forms.Form):
    appointed_on = _date(_("appointed on"))
    certificate_number = forms.CharField(label=_("appointment letter number"), max_length=50)
    term_end = forms.DateField(label=_("term end"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FileForm(forms.Form):
    filed_on = _date(_("filed on"))
    filed_with = forms.CharField(label=_("filed with"), max_length=200)


class WithdrawForm(forms.Form):
    withdrawn_on = _date(_("withdrawn on"))
    reason = forms.CharField(label=_("reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))


# The step a member is at -> (the next step, its form, the service's keyword for each field)
NEXT_STEP = {
    Step.SURVEYED: (Step.NOMINATED, NominateForm),
    Step.NOMINATED: (Step.CONSULTED, ConsultForm),
    Step.CONSULTED: (Step.PUBLICIZED, PublicizeForm),
    Step.PUBLICIZED: (Step.APPOINTED, AppointForm),
    Step.APPOINTED: (Step.FILED, FileForm),
}


def today():
    return datetime.date.today()


class MatchForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("resource"), queryset=None)
    matched_on = _date(_("matched on"))

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources


class ResolveForm(forms.Form):
    resolved_on = _date(_("resolved on"))
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    closed_on = _date(_("closed on"))
    outcome = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ClaimForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("member unit"), queryset=None)
    claimed_on = _date(_("claimed on"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CompleteForm(forms.Form):
    completed_on = _date(_("completed on"))
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 2}))
