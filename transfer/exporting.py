"""Exports and templates: the importer's own columns, written as CSV (UTF-8 with BOM) or XLSX.

Every cell that a spreadsheet would run as a formula (beginning with =, +, -, @,
tab or carriage return) is written with a leading apostrophe; the importer
removes it again, so an export re-imports unchanged. Phones and ID numbers are
text cells, masked unless the user may see personal data.
"""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from core.privacy import can_see_personal_data

from .columns import FORMULA_STARTS
from .kinds import KINDS

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralize(value):
    """A cell value that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_table(kind, *, user=None, region=None, date_from=None, date_to=None, template=False):
    """(columns, iterator of value lists) for ``kind`` as ``user`` may see it (None: everything)."""
    spec_class = KINDS[kind]
    if user is not None and not template and not spec_class.may_export(user):
        raise PermissionDenied(_("You do not have permission to export this list."))
    columns = spec_class.all_columns()
    spec = spec_class(SimpleNamespace(export_extra=columns[len(spec_class.columns) :]))
    if template:
        return columns, iter([[column.example for column in columns]])
    scope = scope_of(user) if user is not None else SimpleNamespace(filter=lambda qs: qs)
    personal = user is None or can_see_personal_data(user)
    queryset = spec.export_queryset(scope, region=region, date_from=date_from, date_to=date_to)

    def rows():
        for obj in queryset.iterator(chunk_size=2000):
            yield [
                column.export(value)
                for column, value in zip(columns, spec.export_values(obj, personal=personal), strict=True)
            ]

    return columns, rows()


def write_csv(columns, rows, out):
    """Write to the binary stream ``out`` as UTF-8 with BOM, which Excel opens without asking."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([column.header for column in columns])
    for values in rows:
        writer.writerow(["" if value is None else neutralize(str(value)) for value in values])
    text.flush()
    text.detach()


def write_xlsx(columns, rows, out):
    """Write to the binary stream ``out`` as an XLSX workbook (streamed: constant memory)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        cells = []
        for column, value in zip(columns, values, strict=True):
            cell = WriteOnlyCell(sheet, value=_xlsx_value(column, value))
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                # Text, never a number: an ID number must not turn into 4.10102E+17.
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(out)


def _xlsx_value(column, value):
    if value in (None, ""):
        return None
    if column.kind == "number" and not isinstance(value, str | int | Decimal):
        value = str(value)
    if column.kind == "number" and str(value).replace(".", "", 1).isdigit():
        number = Decimal(str(value))
        return int(number) if number == number.to_integral() else number
    if column.kind == "date":
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            return neutralize(str(value))
    return neutralize(str(value))


def write(fmt, columns, rows, out):
    (write_xlsx if fmt == "xlsx" else write_csv)(columns, rows, out)
