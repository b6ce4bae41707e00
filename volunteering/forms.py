"""Forms of the volunteer ledger's staff pages: they parse and validate, the services write."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.participation import MAX_HOURS, clean_hours


def default_hours_for(activity):
    """The hours one person most likely served at ``activity``: its typed hours per volunteer, up to 24; else None."""
    if activity.volunteer_hours and activity.volunteers:
        per_person = (Decimal(activity.volunteer_hours) / activity.volunteers).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        if Decimal(0) < per_person <= MAX_HOURS:
            return per_person
    return None


class ParticipationBatchForm(forms.Form):
    """Who of a roster served at an activity, and for how long.

    One checkbox per roster person (``person``) and an optional hours box per
    person (``hours-<pk>``); a person ticked without hours of their own takes
    ``default_hours``. Errors are kept per person, to be shown beside their row.
    """

    default_hours = forms.CharField(label=gettext_lazy("Hours each (default)"), required=False, max_length=10)

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = {person.pk: person for person in roster}
        self.row_errors = {}

    def clean_default_hours(self):
        value = self.cleaned_data["default_hours"].strip()
        if not value:
            return None
        try:
            return clean_hours(value, field="default_hours")
        except ValidationError as error:
            raise ValidationError(error.message_dict["default_hours"]) from None

    def _post_clean(self):
        super()._post_clean()
        chosen = []
        for raw in self.data.getlist("person") if hasattr(self.data, "getlist") else []:
            try:
                pk = int(raw)
            except ValueError:
                continue
            if pk not in self.roster:
                self.add_error(None, _("A chosen person is not on this team's roster; reload the page and try again."))
                return
            chosen.append(self.roster[pk])
        if not chosen:
            self.add_error(None, _("Choose at least one person who served."))
            return
        default = self.cleaned_data.get("default_hours") if "default_hours" not in self.errors else None
        hours_by_person = {}
        for person in chosen:
            own = (self.data.get(f"hours-{person.pk}") or "").strip()
            if own:
                try:
                    hours_by_person[person] = clean_hours(own, field=f"person-{person.pk}")
                except ValidationError as error:
                    self.row_errors[person.pk] = error.message_dict[f"person-{person.pk}"]
            elif default is not None:
                hours_by_person[person] = default
            else:
                self.row_errors[person.pk] = [_("Give this person's hours, or hours for everyone above.")]
        if self.row_errors:
            self.add_error(None, _("Some rows need correcting; see the messages beside them."))
        self.cleaned_data["hours_by_person"] = hours_by_person

    def apply_service_errors(self, error):
        """Put a service's ``ValidationError`` (keys "person-<pk>", "__all__") beside the rows it names."""
        for key, messages in error.message_dict.items():
            if key.startswith("person-") and key[7:].isdigit():
                self.row_errors[int(key[7:])] = messages
            else:
                for message in messages:
                    self.add_error(None, message)
        if self.row_errors and not self.non_field_errors():
            self.add_error(None, _("Some rows need correcting; see the messages beside them."))


class PeriodForm(forms.Form):
    """A date range, this year by default."""

    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)

    def clean(self):
        cleaned = super().clean()
        today = datetime.date.today()
        cleaned["start"] = cleaned.get("start") or datetime.date(today.year, 1, 1)
        cleaned["end"] = cleaned.get("end") or datetime.date(today.year, 12, 31)
        if cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name, phone or ID number"), required=False, max_length=50)
