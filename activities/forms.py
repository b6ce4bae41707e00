"""The reason for a return or a reopen: picked from the common reasons, typed, or both."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services

# What reviewers write most often; picking one saves typing it on every return.
COMMON_REASONS = (
    _("Evidence is missing (photos, sign-in sheet or minutes); please add it."),
    _("The number of volunteers does not match the sign-in sheet; please check it."),
    _("The volunteer hours look wrong; please check them."),
    _("The date or the category is wrong; please correct it."),
    _("The description of the activity is incomplete; please complete it."),
)


class ReasonForm(forms.Form):
    """A reason from ``COMMON_REASONS``, free text, or both (the common one first); blank is refused."""

    common_reason = forms.TypedChoiceField(
        label=_("Common reason"),
        choices=[("", "---------"), *enumerate(COMMON_REASONS)],
        coerce=int,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text=_("The clerk sees this on the record."),
    )

    def clean(self):
        data = super().clean()
        picked = data.get("common_reason")
        parts = [str(COMMON_REASONS[picked]) if picked not in (None, "") else "", (data.get("reason") or "").strip()]
        try:
            data["reason"] = services.clean_reason(" ".join(part for part in parts if part))
        except ValidationError as error:
            if "common_reason" not in self.errors:
                self.add_error("reason", error.message_dict["reason"])
        return data
