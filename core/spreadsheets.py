"""Writing tables as CSV (UTF-8 with BOM) or XLSX, safe from formula injection.

Every text cell that a spreadsheet would run as a formula (beginning with =, +, -, @,
tab or carriage return) is written with a leading apostrophe. ``columns`` are objects
with a ``header`` and a ``kind`` ("number", "date" or anything else for text): the
import columns of ``transfer`` and the workspace's list columns both are.
"""

import csv
import datetime
import io
from decimal import Decimal

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """A cell value that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(columns, rows, out):
    """Write to the binary stream ``out`` as UTF-8 with BOM, which Excel opens without asking."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([neutralize(str(column.header)) for column in columns])
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
        cell = WriteOnlyCell(sheet, value=neutralize(str(column.header)))
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
