"""The upload form of an evidence file: what it shows and the file (its content is checked by ``evidence.content``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EvidenceKind

ACCEPT = ".jpg,.jpeg,.png,.heic,.heif,.pdf,.docx,.xlsx,image/*,application/pdf"


class EvidenceForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=EvidenceKind.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A photo (JPG, PNG, HEIC), a PDF, a Word document (DOCX) or an Excel workbook (XLSX)."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = EvidenceKind.objects.filter(is_active=True).order_by("sort_order", "pk")
