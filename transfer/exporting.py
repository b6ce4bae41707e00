"""Exports and templates: the importer's own columns, written as CSV (UTF-8 with BOM) or XLSX.

Every cell that a spreadsheet would run as a formula (beginning with =, +, -, @,
tab or carriage return) is written with a leading apostrophe; the importer
removes it again, so an export re-imports unchanged. Phones and ID numbers are
text cells, masked unless the user may see personal data.
"""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from core.privacy import can_see_personal_data

# The writers live in core, shared with the other pages that export a list (the workspace).
from core.spreadsheets import CONTENT_TYPES, FORMATS, neutralize, write, write_csv, write_xlsx

from .kinds import KINDS

__all__ = ["CONTENT_TYPES", "FORMATS", "export_count", "export_table", "neutralize", "write", "write_csv", "write_xlsx"]


def export_table(kind, *, user=None, region=None, date_from=None, date_to=None, template=False):
    """(columns, iterator of value lists) for ``kind`` as ``user`` may see it (None: everything)."""
    spec_class = KINDS[kind]
    if user is not None and not template and not spec_class.may_export(user):
        raise PermissionDenied(_("You do not have permission to export this list."))
    columns = spec_class.all_columns()
    spec = spec_class(SimpleNamespace(export_extra=columns[len(spec_class.columns) :]))
    if template:
        return columns, iter([[column.example for column in columns]])
    personal = user is None or can_see_personal_data(user)
    queryset = spec.export_queryset(scope_for(user), region=region, date_from=date_from, date_to=date_to)

    def rows():
        for obj in queryset.iterator(chunk_size=2000):
            yield [
                column.export(value)
                for column, value in zip(columns, spec.export_values(obj, personal=personal), strict=True)
            ]

    return columns, rows()


def export_count(kind, *, user=None):
    """How many rows ``export_table(kind, user=user)`` writes: the admin runs a large export as a job."""
    spec_class = KINDS[kind]
    columns = spec_class.all_columns()
    spec = spec_class(SimpleNamespace(export_extra=columns[len(spec_class.columns) :]))
    return spec.export_queryset(scope_for(user)).count()
