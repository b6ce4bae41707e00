"""Model fields several apps declare the same way."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def import_batch_link():
    """The import batch that last wrote a row (see ``transfer.models.ImportBatch``); empty for hand-entered rows."""
    return models.ForeignKey(
        "transfer.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
