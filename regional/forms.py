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
